// Every synthesized object against its schema (Kubernetes OpenAPI for built-ins, the CRDs' openAPIV3Schema
// for cert-manager and trust-manager objects); unknown fields are failures. The validator runs as an ES
// module in its own process (kubernetes-models ships ESM only).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { CertificateIssuer, MimirVersion, PrivateKeyAlgorithm, TrustSource } from '../../src';
import { ProductionMimirChart } from '../../examples/main';
import { SmallMimirChart } from '../../examples/small';
import { ZonedMimirChart } from '../../examples/zones';
import { PolicyMimirChart } from '../../examples/policy';
import { CortexChart } from '../../examples/cortex';
import { synth } from '../_helpers';

function validate(manifests: any[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'schema-')), 'manifests.json');
  writeFileSync(file, JSON.stringify(manifests));
  return JSON.parse(execFileSync('node', [join(__dirname, 'validate.mjs'), file], { encoding: 'utf8' }));
}

const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
afterAll(() => warn.mockRestore());

const CLUSTERS: [string, () => any[]][] = [
  ['examples/main', () => Testing.synth(new ProductionMimirChart(Testing.app(), 'mimir'))],
  ['examples/small', () => Testing.synth(new SmallMimirChart(Testing.app(), 'mimir-dev'))],
  ['examples/zones', () => Testing.synth(new ZonedMimirChart(Testing.app(), 'metrics'))],
  ['examples/policy on 2.11.0', () => Testing.synth(new PolicyMimirChart(Testing.app(), 'policy', MimirVersion.V2_11_0))],
  ['examples/cortex', () => Testing.synth(new CortexChart(Testing.app(), 'cortex'))],
  ['Mimir 2.11.0', () => synth({ version: MimirVersion.V2_11_0 }).manifests],
  ['RSA keys, trust-manager Bundle', () => synth({ certificates: { privateKeyAlgorithm: PrivateKeyAlgorithm.RSA, trust: TrustSource.trustManagerBundle({ sourceSecretName: 'ca' }) } }).manifests],
  ['static issuance', () => synth({ certificates: { issuer: CertificateIssuer.staticSecrets() } }).manifests],
];

test.each(CLUSTERS)('every object of %s matches its schema', (_name, make) => {
  const manifests = make();
  expect(manifests.length).toBeGreaterThan(40);
  expect(validate(manifests)).toEqual([]);
});

test('the validator fails on unknown fields and wrong types, built-in and custom', () => {
  const manifests = synth().manifests;
  const deployment = manifests.find((m) => m.kind === 'Deployment');
  deployment.spec.template.spec.containers[0].livenessprobe = {};
  const certificate = manifests.find((m) => m.kind === 'Certificate' && !m.spec.isCA);
  certificate.spec.dnsName = ['x'];
  certificate.spec.duration = 90;
  const findings = validate(manifests);
  expect(findings).toEqual(expect.arrayContaining([
    expect.stringMatching(/containers\[0\]\.livenessprobe: unknown field/),
    expect.stringMatching(/additional properties \(dnsName\)/),
    expect.stringMatching(/duration must be string/),
  ]));
});
