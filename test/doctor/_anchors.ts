// The rendered manifests of Grafana's Helm chart and jsonnet (the doctor's test data), read from the shared folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { K8sObject, parseManifests } from '../../src/doctor/manifests';

export const ANCHORS_DIR = join(__dirname, '..', '..', '..', 'shared', 'data', 'anchors');
export const ANCHORS = ['helm-6.0.5-small-values.yaml', 'helm-6.0.5-test-vault-agent-values.yaml', 'jsonnet-3.0.2-test-multi-zone.yaml'];
/** CI has the shared folder: a test that needs it does not skip there. */
export const withAnchors = existsSync(ANCHORS_DIR) || process.env.CI ? test : test.skip;

export function anchor(file: string): K8sObject[] {
  return parseManifests(readFileSync(join(ANCHORS_DIR, file), 'utf8'), file);
}
