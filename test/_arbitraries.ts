// Random definitions for the property tests and the golden sample: valid ones, and corruptions of one field.
import fc from 'fast-check';
import { CertificateRotation, ClusterSize, MimirVersion, PrivateKeyAlgorithm, RuleEvaluation } from '../src';
import { COMPONENTS } from '../src/core/catalog/components';
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
export const definitionArb = fc.record({
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
  rotation: fc.constantFrom('annotations', 'deployed'),
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
    certificates: { ...r.key, ...r.durations, rotation: r.rotation === 'deployed' ? CertificateRotation.deployReloader() : CertificateRotation.reloaderAnnotations() },
  };
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

export type Corruption = [field: string, apply: (def: any, value: any) => any, arb: fc.Arbitrary<any>];
const component = (key: string, patch: (v: any) => any) => (def: any, v: any) => ({ ...def, components: { ...def.components, [key]: { ...(def.components?.[key] ?? {}), ...patch(v) } } });
export const CORRUPTIONS: Corruption[] = [
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
