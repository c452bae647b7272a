#!/usr/bin/env node
// Regenerates src/imports/ with `cdk8s import` from the CRD files vendored in test/fixtures/crds (offline).
// `cdk8s import` writes one <group>.ts per API group and overwrites it, so every CRD of a group is
// concatenated into one YAML first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const crds = resolve(process.argv[2] ?? join(root, 'test', 'fixtures', 'crds'));
// `cdk8s import` records each file it imports in cdk8s.yaml; they are temporary, so cdk8s.yaml is kept as it is.
const config = readFileSync(join(root, 'cdk8s.yaml'), 'utf8');
const groups = {
  'cert-manager.io': ['cert-manager/cert-manager.io_certificates.yaml', 'cert-manager/cert-manager.io_issuers.yaml', 'cert-manager/cert-manager.io_clusterissuers.yaml'],
  'trust.cert-manager.io': ['trust-manager/trust.cert-manager.io_bundles.yaml'],
  'monitoring.coreos.com': ['prometheus-operator/monitoring.coreos.com_servicemonitors.yaml', 'prometheus-operator/monitoring.coreos.com_prometheusrules.yaml'],
};
const tmp = mkdtempSync(join(tmpdir(), 'crds-'));
for (const [group, files] of Object.entries(groups)) {
  const merged = join(tmp, `${group}.yaml`);
  writeFileSync(merged, files.map((f) => readFileSync(join(crds, f), 'utf8').trim()).join('\n---\n') + '\n');
  execFileSync('npx', ['--no-install', 'cdk8s', 'import', merged, '--language', 'typescript', '--output', join(root, 'src', 'imports')], { stdio: 'inherit', cwd: root });
}
writeFileSync(join(root, 'cdk8s.yaml'), config);
console.log(readdirSync(join(root, 'src', 'imports')).join('\n'));
