// Property-based tests: random valid definitions always give a consistent graph; random invalid ones always
// give the library's own error naming the field, never a TypeError or a manifest.
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { ClusterSize, MimirCluster, MimirErrors, MimirVersion, PrivateKeyAlgorithm, RuleEvaluation } from '../src';
import { COMPONENTS } from '../src/core/catalog/components';
import { resolveCluster, ResolvedCluster } from '../src/core/resolve';
import { BASE } from './_helpers';

const RING_OWNERS = ['ingester', 'storeGateway', 'alertmanager'];
const OPTIONAL = COMPONENTS.filter((c) => c.optional).map((c) => c.optionsKey);
const dnsLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);

const keyArb = fc.oneof(
  fc.record({ privateKeyAlgorithm: fc.constant(PrivateKeyAlgorithm.ECDSA), privateKeySize: fc.constantFrom(256, 384) }),
  fc.record({ privateKeyAlgorithm: fc.constant(PrivateKeyAlgorithm.RSA), privateKeySize: fc.constantFrom(2048, 3072, 4096) }),
);
const durationsArb = fc.integer({ min: 2, max: 20000 }).chain((hours) =>
  fc.integer({ min: 5, max: hours * 60 - 1 }).map((minutes) => ({ duration: `${hours}h`, renewBefore: `${minutes}m` })));

/** A random valid definition. */
const definitionArb = fc.record({
  name: dnsLabel,
  namespace: dnsLabel,
  version: fc.constantFrom(MimirVersion.V3_0_2, MimirVersion.V2_11_0, MimirVersion.of('3.0.1')),
  clusterDomain: fc.constantFrom('cluster.local', 'k8s.example.internal', 'c1'),
  replicationFactor: fc.integer({ min: 1, max: 3 }),
  size: fc.constantFrom(ClusterSize.DEV, ClusterSize.SMALL, ClusterSize.LARGE),
  zoneCount: fc.constantFrom(0, 3, 4),
  caches: fc.record({ chunks: fc.boolean(), index: fc.boolean(), metadata: fc.boolean(), results: fc.boolean(), tls: fc.boolean() }),
  rollout: fc.boolean(),
  ruleEvaluation: fc.constantFrom(RuleEvaluation.LOCAL, RuleEvaluation.REMOTE),
  disabled: fc.subarray(OPTIONAL),
  replicas: fc.dictionary(fc.constantFrom(...COMPONENTS.map((c) => c.optionsKey)), fc.integer({ min: 1, max: 6 })),
  key: keyArb,
  durations: durationsArb,
}).map((r) => {
  const components: any = {};
  for (const c of COMPONENTS) {
    const opts: any = {};
    if (r.disabled.includes(c.optionsKey)) opts.enabled = false;
    const replicas = r.replicas[c.optionsKey];
    // Ring owners need replicationFactor replicas, and the zone-aware ones one per zone.
    const floor = RING_OWNERS.includes(c.optionsKey) ? Math.max(r.replicationFactor, r.zoneCount) : 1;
    opts.replicas = Math.max(replicas ?? floor, floor);
    components[c.optionsKey] = opts;
  }
  const zones = Array.from({ length: r.zoneCount }, (_, i) => ({ name: `zone-${'abcd'[i]}` }));
  const caches = Object.fromEntries(['chunks', 'index', 'metadata', 'results'].map((k) => [k, { enabled: (r.caches as any)[k], tls: r.caches.tls }]));
  return {
    ...BASE, name: r.name, namespace: r.namespace, version: r.version, clusterDomain: r.clusterDomain,
    replicationFactor: r.replicationFactor, ruleEvaluation: r.ruleEvaluation, components, size: r.size, zones, caches,
    rolloutOperator: { enabled: r.rollout && r.zoneCount > 0 },
    // A plaintext cache is weaker than the default and must be acknowledged.
    tls: r.caches.tls ? undefined : { acknowledgeWeakerSecurity: true },
    certificates: { ...r.key, ...r.durations },
  };
});

function checkConsistent(model: ResolvedCluster): void {
  const byId = new Map(model.components.map((c) => [c.id, c]));
  for (const e of model.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to as any) ?? (model.caches.find((c) => c.id === e.to) as any);
    const flag = (name: string) => from.flags.find((f) => f.name === name)?.value;
    if (e.tls === 'disabled') {
      if (e.protocol !== 'memcached' && flag(`${e.prefix}.tls-enabled`) !== 'false') throw new Error(`${e.from}: ${e.prefix} disabled but tls-enabled is not false`);
      continue;
    }
    if (flag(`${e.prefix}.tls-enabled`) !== 'true') throw new Error(`${e.from}: ${e.prefix}.tls-enabled missing`);
    for (const f of ['cert-path', 'key-path', 'ca-path']) if (!flag(`${e.prefix}.tls-${f}`)) throw new Error(`${e.from}: ${e.prefix}.tls-${f} missing`);
    if (flag(`${e.prefix}.tls-server-name`) !== e.serverName) throw new Error(`${e.from}: server name`);
    if (!to.certificate.dnsNames.includes(e.serverName)) throw new Error(`${e.serverName} not in ${e.to} SANs`);
    if (e.protocol !== 'memberlist' && e.protocol !== 'memcached' && !to.flags.some((f: any) => f.name === `server.${e.protocol}-tls-cert-path`)) throw new Error(`${e.to} serves no TLS on ${e.protocol}`);
  }
  for (const c of model.components) {
    for (const f of c.flags) if (f.name !== 'target' && !model.version.flags.has(f.name)) throw new Error(`-${f.name} not in ${model.version.version}`);
    if (c.flags.some((f) => f.name.endsWith('insecure-skip-verify'))) throw new Error('insecure flag');
    if (!c.certificate.usages.includes('server auth') || !c.certificate.usages.includes('client auth')) throw new Error('usages');
  }
}

describe('random valid definitions', () => {
  test('resolve to a consistent graph: every edge wired on both ends, every server name a SAN, every flag in the catalog', () => {
    fc.assert(fc.property(definitionArb, (def) => {
      checkConsistent(resolveCluster(def as any));
    }), { numRuns: 300 });
  });

  test('synthesize with one Certificate and one workload per component', () => {
    fc.assert(fc.property(definitionArb, (def) => {
      const chart = Testing.chart();
      const cluster = new MimirCluster(chart, 'Mimir', def as any);
      const manifests = Testing.synth(chart);
      const mimir = manifests.filter((m) => (m.kind === 'Deployment' || m.kind === 'StatefulSet') && m.spec.template.spec.containers.some((c: any) => c.name === 'mimir'));
      expect(mimir).toHaveLength(cluster.components.flatMap((c) => c.workloads).length);
      const zoned = cluster._model.components.filter((c) => c.zones).length;
      const zoneAware = cluster._model.components.filter((c) => c.spec.zoneAwareRing).length;
      expect(zoned).toBe(def.zones.length > 0 ? zoneAware : 0);
      const tlsCaches = cluster._model.caches.filter((c) => c.tls).length;
      expect(manifests.filter((m) => m.kind === 'Certificate' && !m.spec.isCA)).toHaveLength(cluster.components.length + tlsCaches);
    }), { numRuns: 25 });
  });
});

// ---- invalid definitions: one field corrupted at a time
const notDnsLabel = fc.oneof(
  fc.string().filter((s) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) || s.length > 63),
  fc.constantFrom('UPPER', 'has space', 'x'.repeat(64), '-lead', 'trail-', 'dot.ted'),
);
// null is not among them: like undefined, it asks for the default (jsii maps None/null to undefined).
const notPositiveInt = fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true }), fc.string(), fc.boolean());
const notGoDuration = fc.oneof(fc.string().filter((s) => !/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(s)), fc.integer());
const junk = fc.anything().filter((v) => v !== undefined && v !== null);

type Corruption = [field: string, apply: (def: any, value: any) => any, arb: fc.Arbitrary<any>];
const component = (key: string, patch: (v: any) => any) => (def: any, v: any) => ({ ...def, components: { ...def.components, [key]: { ...(def.components?.[key] ?? {}), ...patch(v) } } });
const CORRUPTIONS: Corruption[] = [
  ['namespace', (d, v) => ({ ...d, namespace: v }), notDnsLabel],
  ['replicationFactor', (d, v) => ({ ...d, replicationFactor: v }), notPositiveInt],
  ['components.querier.replicas', component('querier', (v) => ({ replicas: v })), notPositiveInt],
  ['components.ingester.replicas', component('ingester', (v) => ({ replicas: v })), fc.oneof(notPositiveInt, fc.constantFrom(1, 2))],
  ['certificates.duration', (d, v) => ({ ...d, certificates: { duration: v } }), notGoDuration],
  ['certificates.renewBefore', (d, v) => ({ ...d, certificates: { renewBefore: v } }), notGoDuration],
  ['storage.endpoint', (d, v) => ({ ...d, storage: { ...d.storage, endpoint: v } }), fc.oneof(fc.constantFrom('', 'https://s3', 'http://x:9000'), fc.integer(), fc.constant(null))],
  ['storage.blocksBucket', (d, v) => ({ ...d, storage: { ...d.storage, blocksBucket: v } }), fc.oneof(fc.constant(''), fc.integer(), fc.constant(null))],
  // A bucket shared with the ruler is reported on the ruler's field.
  ['storage.rulerBucket', (d, v) => ({ ...d, storage: { ...d.storage, blocksBucket: v } }), fc.constant('ruler')],
  ['tls.cipherSuites', (d, v) => ({ ...d, tls: { cipherSuites: v } }), fc.oneof(fc.array(fc.string({ minLength: 1 }), { minLength: 1 }), fc.constant([]))],
  ['tls.minVersion', (d, v) => ({ ...d, tls: { minVersion: v } }), junk.filter((v) => v !== 'VersionTLS12' && v !== 'VersionTLS13')],
  ['components.compactor.extraFlags', component('compactor', (v) => ({ extraFlags: { [v]: '1' } })), fc.string({ minLength: 1 }).filter((s) => !s.startsWith('compactor.') && !s.startsWith('blocks'))],
  ['components.querier.resources', component('querier', (v) => ({ resources: v })), fc.oneof(fc.string(), fc.record({ cpu: fc.string().filter((s) => !/^[0-9]+(\.[0-9]+)?m?$/.test(s)) }), fc.record({ memory: fc.integer() }))],
  ['certificates.privateKeySize', (d, v) => ({ ...d, certificates: { privateKeySize: v } }), fc.integer().filter((n) => n !== 256 && n !== 384)],
  ['(unknown key)', (d, v) => ({ ...d, [v]: 1 }), fc.string({ minLength: 1 }).filter((s) => !Object.keys(d0()).includes(s) && !['version', 'image', 'clusterDomain', 'ruleEvaluation', 'tls', 'certificates', 'components', 'replicationFactor', '__proto__', 'constructor'].includes(s))],
];
function d0() { return BASE; }

describe('random invalid definitions', () => {
  test.each(CORRUPTIONS.map((c) => [c[0], c]))('%s: always the library\'s own error naming the field', (_f, corruption) => {
    const [field, apply, arb] = corruption as Corruption;
    fc.assert(fc.property(arb, (value) => {
      let error: any;
      try {
        resolveCluster(apply(BASE, value));
      } catch (e) {
        error = e;
      }
      expect(error).toBeDefined();
      expect(MimirErrors.isMimirConfigError(error)).toBe(true);
      if (field !== '(unknown key)') expect(error.message).toContain(field.split('.').slice(0, 2).join('.'));
    }), { numRuns: 150 });
  });

  test('any value at any field: either valid or the library\'s own error, never a TypeError', () => {
    const fields = ['name', 'namespace', 'version', 'image', 'clusterDomain', 'storage', 'replicationFactor', 'ruleEvaluation',
      'size', 'zones', 'rolloutOperator', 'caches', 'components', 'tls', 'certificates'];
    const hostile = fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true });
    fc.assert(fc.property(fc.constantFrom(...fields), hostile, (field, value) => {
      try {
        resolveCluster({ ...BASE, [field]: value } as any);
      } catch (e) {
        expect(MimirErrors.isMimirConfigError(e)).toBe(true);
      }
    }), { numRuns: 2000 });
  });
});
