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

describe('HTTP cluster validation (opt-in)', () => {
  const { resolveCluster } = require('../../src/core/resolve');
  const { BASE: base, errorOf: err } = require('../_helpers');
  const flags = (m: any, id: string) => new Map(m.components.find((c: any) => c.id === id).flags.map((f: any) => [f.name, f.value]));

  test('off by default; on, every server validates HTTP and the alertmanager exempts the ruler\'s notifications (no leading slash)', () => {
    expect(flags(resolveCluster({ ...base }), 'querier').has('server.cluster-validation.http.enabled')).toBe(false);
    const m = resolveCluster({ ...base, clusterValidation: { http: true } });
    for (const c of m.components) expect([c.id, flags(m, c.id).get('server.cluster-validation.http.enabled')]).toEqual([c.id, 'true']);
    expect(flags(m, 'alertmanager').get('server.cluster-validation.http.excluded-paths')).toBe('alertmanager/api/v2/alerts');
    expect(flags(m, 'querier').has('server.cluster-validation.http.excluded-paths')).toBe(false);
    // Without a ruler nobody posts unlabelled alerts: nothing is exempted.
    const noRuler = resolveCluster({ ...base, clusterValidation: { http: true }, components: { ruler: { enabled: false } } });
    expect(flags(noRuler, 'alertmanager').has('server.cluster-validation.http.excluded-paths')).toBe(false);
    expect(m.gateway.config).toContain('proxy_set_header X-Cluster "mimir.mimir";');
    expect(resolveCluster({ ...base }).gateway.config).not.toContain('X-Cluster');
  });

  test('the exemptions as dskit matches them: probes, scrapes and the ruler\'s path pass unlabelled; so does any path containing one (not a boundary)', () => {
    // dskit's middleware: `.*/(metrics|debug/pprof.*|ready|<QuoteMeta(path)>...)`, matched anywhere in the path.
    const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const exempt = (paths: string[]) => new RegExp(`.*/(metrics|debug/pprof.*|ready${paths.map((p) => `|${escape(p)}`).join('')})`);
    const re = exempt(['alertmanager/api/v2/alerts']);
    for (const p of ['/ready', '/metrics', '/alertmanager/api/v2/alerts']) expect([p, re.test(p)]).toEqual([p, true]);
    for (const p of ['/api/v1/push', '/prometheus/api/v1/query', '/alertmanager/api/v2/silences']) expect([p, re.test(p)]).toEqual([p, false]);
    // With a leading slash the path would need two slashes and never match.
    expect(exempt(['/alertmanager/api/v2/alerts']).test('/alertmanager/api/v2/alerts')).toBe(false);
    // A tenant-chosen path segment named like an exemption is not validated: a second line of defence only.
    expect(re.test('/prometheus/config/v1/rules/metrics')).toBe(true);
  });

  test('refused without validation, on versions without the flag, and in extraFlags', () => {
    const { MimirVersion: V } = require('../../src');
    expect(err(() => resolveCluster({ ...base, clusterValidation: { enabled: false, http: true } })).message).toMatch(/clusterValidation\.http: is true, but clusterValidation\.enabled is false/);
    expect(err(() => resolveCluster({ ...base, version: V.V2_11_0, clusterValidation: { http: true } })).message).toMatch(/clusterValidation\.http: is true, but Mimir 2\.11\.0 has no server\.cluster-validation\.http\.enabled flag/);
    expect(err(() => resolveCluster({ ...base, components: { querier: { extraFlags: { 'server.cluster-validation.http.enabled': 'true' } } } })).message).toMatch(/server\.cluster-validation\.http\.enabled/);
  });
});
