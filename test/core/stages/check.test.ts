// Stage 1: checking and defaulting the definition.
import { ClusterSize, MimirVersion } from '../../../src';
import { MIMIR } from '../../../src/core/dialect/mimir';
import { checkDefinition } from '../../../src/core/check/check';
import { Problems } from '../../../src/core/errors';
import { WeakerChoices } from '../../../src/core/tls/policy';
import { BASE } from '../../_helpers';
import { problemsOf, stages } from './_stages';

test('the base definition is defaulted from the SMALL preset and the default version', () => {
  const { checked, problems } = stages();
  expect(problemsOf(problems)).toEqual([]);
  expect(checked.size).toBe(ClusterSize.SMALL);
  expect(checked.version?.version).toBe('3.0.7');
  expect(checked.image).toBe('grafana/mimir:3.0.7');
  expect(checked.replicationFactor).toBe(3);
  expect(checked.zones.map((z) => z.name)).toEqual(['zone-a', 'zone-b', 'zone-c']);
  expect(checked.components.map((c) => c.spec.id)).toEqual(MIMIR.components.map((c) => c.id));
  expect(checked.components.every((c) => c.serverTls.grpc.clientAuth === 'RequireAndVerifyClientCert')).toBe(true);
});

test('problems are collected in the order the definition reads, none thrown', () => {
  const problems = new Problems();
  const checked = checkDefinition(problems, new WeakerChoices(), { ...BASE, name: 'Bad', namespace: 'Also Bad', version: MimirVersion.of('1.0.0') } as any, MIMIR);
  expect(problemsOf(problems).map((p) => p.split(':')[0])).toEqual(['name', 'namespace', 'version']);
  // Names still come from defaults, so later stages can check the rest.
  expect(checked.names.cluster).toBe('mimir');
  expect(checked.version).toBeUndefined();
});

test('a disabled optional component is not deployed; a required one cannot be disabled', () => {
  const { checked, problems } = stages({ components: { ruler: { enabled: false }, querier: { enabled: false } } });
  expect(checked.components.map((c) => c.spec.id)).not.toContain('ruler');
  expect(checked.components.map((c) => c.spec.id)).toContain('querier');
  expect(problemsOf(problems)).toEqual([expect.stringMatching(/^components\.querier\.enabled: is false, but querier is required/)]);
});

test('component TLS inherits the cluster policy and overrides it per component', () => {
  const { checked } = stages({ tls: { minVersion: 'VersionTLS13' }, components: { querier: { tls: { minVersion: 'VersionTLS12' } } } });
  const policy = (id: string) => checked.components.find((c) => c.spec.id === id)!.serverTls.minVersion;
  expect(policy('ingester')).toBe('VersionTLS13');
  expect(policy('querier')).toBe('VersionTLS12');
});

test('weaker choices are collected for the acknowledgement check, not reported by the stage', () => {
  const { weaker, problems } = stages({ tls: { memberlist: false } });
  expect(problemsOf(problems)).toEqual([]);
  weaker.report(problems, false);
  expect(problemsOf(problems)).toEqual(['tls.memberlist: sends gossip in plaintext, which is weaker than the default']);
});
