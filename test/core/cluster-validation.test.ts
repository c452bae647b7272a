// Cluster validation: one label on every gRPC server and client of a Mimir 3.0 cluster; none where the version has
// no such flags (Mimir 2.11, Cortex); typed, checked and refused in extraFlags.
import { CortexVersion, MimirVersion } from '../../src';
import { CORTEX } from '../../src/core/dialect/cortex';
import { resolveCluster } from '../../src/core/resolve';
import { BASE, errorOf } from '../_helpers';

const resolve = (props: any = {}) => resolveCluster({ ...BASE, ...props });
const flagsOf = (m: ReturnType<typeof resolve>) => m.components.map((c) => [c.id, new Map(c.flags.map((f) => [f.name, f.value]))] as const);
const validation = (m: ReturnType<typeof resolve>) => flagsOf(m).map(([id, f]) => [id, f.get('server.cluster-validation.label'), f.get('server.cluster-validation.grpc.enabled'), f.get('common.client-cluster-validation.label')]);

test('on by default in Mimir 3.0: every server validates and every client sends the same label, <name>.<namespace>', () => {
  const m = resolve();
  expect(m.components.length).toBeGreaterThan(5);
  for (const [id, server, grpc, client] of validation(m)) expect([id, server, grpc, client]).toEqual([id, 'mimir.mimir', 'true', 'mimir.mimir']);
  // No HTTP validation: probes, scrapes and the gateway carry no label.
  expect(flagsOf(m).some(([, f]) => f.has('server.cluster-validation.http.enabled'))).toBe(false);
  const custom = resolve({ clusterValidation: { label: 'prod-eu-1' } });
  expect(new Set(validation(custom).flatMap(([, s, , c]) => [s, c]))).toEqual(new Set(['prod-eu-1']));
});

test('off when asked, and absent where the version has no flags; asking for it there is refused', () => {
  expect(validation(resolve({ clusterValidation: { enabled: false } })).every(([, s, g, c]) => !s && !g && !c)).toBe(true);
  expect(validation(resolve({ version: MimirVersion.V2_11_0 })).every(([, s, g, c]) => !s && !g && !c)).toBe(true);
  const cortex = resolveCluster({ ...BASE, name: 'cortex', namespace: 'cortex', version: CortexVersion.V1_21_1 as any }, CORTEX);
  expect(cortex.components.every((c) => !c.flags.some((f) => f.name.includes('cluster-validation')))).toBe(true);
  expect(errorOf(() => resolve({ version: MimirVersion.V2_11_0, clusterValidation: { enabled: true } })).message)
    .toMatch(/clusterValidation\.enabled: is true, but Mimir 2\.11\.0 has no cluster validation flags\. Use Mimir 3\.0 or later/);
});

test('the label is checked, and extraFlags may not set any cluster-validation flag', () => {
  expect(errorOf(() => resolve({ clusterValidation: { label: 'a b' } })).message).toMatch(/clusterValidation\.label: is "a b"/);
  expect(errorOf(() => resolve({ clusterValidation: { label: '' } })).message).toMatch(/clusterValidation\.label: is ""/);
  expect(errorOf(() => resolve({ components: { querier: { extraFlags: { 'querier.store-gateway-client.cluster-validation.label': 'x' } } } })).message)
    .toMatch(/extraFlags\.querier\.store-gateway-client\.cluster-validation\.label: sets cluster validation.*Use the clusterValidation option/);
  expect(errorOf(() => resolve({ components: { querier: { extraFlags: { 'server.cluster-validation.http.enabled': 'true' } } } })).message).toMatch(/sets cluster validation/);
});
