// The Cortex dialect: the differences from Mimir, each on the synthesized objects, and the options Cortex cannot
// honour refused at synth time with the field and the fix.
import { Chart, Testing } from 'cdk8s';
import { CortexCluster, CortexVersion, MimirErrors } from '../../src';
import { CORTEX } from '../../src/core/dialect/cortex';
import { resolveCluster } from '../../src/core/resolve';
import { argsOf, BASE, EGRESS_EXTERNAL_CACHES, errorOf, findObject } from '../_helpers';

const CORTEX_BASE = { ...BASE, name: 'cortex', namespace: 'cortex' };
const resolve = (props: any = {}) => resolveCluster({ ...CORTEX_BASE, ...props }, CORTEX);
const messageOf = (props: any) => errorOf(() => resolve(props)).message;
const flagsOf = (m: ReturnType<typeof resolve>, id: string) => new Map(m.components.find((c) => c.id === id)!.flags.map((f) => [f.name, f.value]));

function synthCortex(props: any = {}) {
  const chart = new Chart(Testing.app(), 'c');
  const cluster = new CortexCluster(chart, 'Cortex', { ...CORTEX_BASE, ...props });
  return { cluster, manifests: Testing.synth(chart) };
}

test('the image, the labels, the container and the HTTP port (Cortex defaults to 80) are Cortex\'s', () => {
  const { cluster, manifests } = synthCortex();
  const w = findObject(manifests, 'Deployment', 'cortex-distributor');
  const c = w.spec.template.spec.containers[0];
  expect(c.name).toBe('cortex');
  expect(c.image).toBe('quay.io/cortexproject/cortex:v1.21.1');
  expect(c.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true });
  expect(w.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('cortex');
  expect(argsOf(w).get('server.http-listen-port')).toBe('8080');
  expect(cluster.cortexVersion).toBe('1.21.1');
  expect(synthCortex({ version: CortexVersion.V1_19_0 }).manifests.find((m: any) => m.metadata.name === 'cortex-querier' && m.kind === 'Deployment')
    .spec.template.spec.containers[0].image).toBe('quay.io/cortexproject/cortex:v1.19.0');
});

test('rings: memberlist stores and sharding written (Cortex defaults to Consul and no sharding), no abort on a first failed join', () => {
  const m = resolve();
  expect(Object.fromEntries([...flagsOf(m, 'querier')].filter(([k]) => /store$|sharding-enabled|replication-factor|abort-if-join/.test(k)))).toEqual({
    'ring.store': 'memberlist', 'store-gateway.sharding-enabled': 'true', 'store-gateway.sharding-ring.store': 'memberlist',
    'distributor.replication-factor': '3', 'store-gateway.sharding-ring.replication-factor': '3', 'memberlist.abort-if-join-fails': 'false',
  });
  expect(flagsOf(m, 'compactor').get('compactor.sharding-enabled')).toBe('true');
  expect(flagsOf(m, 'ruler').get('ruler.enable-sharding')).toBe('true');
  const am = flagsOf(m, 'alertmanager');
  expect(am.get('alertmanager.sharding-enabled')).toBe('true');
  expect(am.get('alertmanager.web.external-url')).toBe('https://cortex-alertmanager.cortex.svc.cluster.local:8080/alertmanager');
  expect(flagsOf(m, 'query-scheduler').has('ring.store')).toBe(false);
});

test('clients: the Cortex prefixes, no minimum version or suites, one querier.frontend-client name both servers carry', () => {
  const m = resolve();
  const querier = flagsOf(m, 'querier');
  expect([...querier.keys()].filter((k) => /tls-(min-version|cipher-suites)$/.test(k) && !k.startsWith('server.'))).toEqual([]);
  expect(querier.get('querier.frontend-client.tls-server-name')).toBe('cortex-query-scheduler-headless.cortex.svc.cluster.local');
  expect(m.components.find((c) => c.id === 'query-frontend')!.certificate.dnsNames).toContain('cortex-query-scheduler-headless.cortex.svc.cluster.local');
  expect(flagsOf(m, 'query-frontend').get('frontend.scheduler-address')).toBe('cortex-query-scheduler-headless.cortex.svc.cluster.local:9095');
  const ruler = flagsOf(m, 'ruler');
  expect(ruler.has('ruler.alertmanager-client.tls-enabled')).toBe(false);
  expect(ruler.get('ruler.alertmanager-url')).toBe('https://cortex-alertmanager.cortex.svc.cluster.local:8080/alertmanager');
  expect(ruler.get('ruler.alertmanager-client.tls-server-name')).toBe('cortex-alertmanager.cortex.svc.cluster.local');
  const remote = flagsOf(resolve({ ruleEvaluation: 'remote' }), 'ruler');
  expect(remote.get('ruler.frontend-address')).toBe('cortex-query-frontend.cortex.svc.cluster.local:9095');
  expect(remote.get('ruler.frontendClient.tls-enabled')).toBe('true');
});

test('storage per prefix (Cortex has no common storage block), encryption on each', () => {
  const m = resolve({ storage: { ...BASE.storage, encryption: { type: 'SSE-KMS', kmsKeyId: 'k' } } });
  const ingester = flagsOf(m, 'ingester');
  for (const p of ['blocks-storage', 'ruler-storage', 'alertmanager-storage']) {
    expect([p, ingester.get(`${p}.backend`), ingester.get(`${p}.s3.endpoint`), ingester.get(`${p}.s3.sse.type`), ingester.get(`${p}.s3.sse.kms-key-id`)]).toEqual([p, 's3', 's3.example.com', 'SSE-KMS', 'k']);
  }
  expect([...ingester.keys()].some((k) => k.startsWith('common.'))).toBe(false);
});

test('tenancy: -auth.enabled, federation\'s limit, and the API switches by version (Cortex defaults them to off)', () => {
  const m = resolve({ tenancy: { multitenancy: false, federation: false } });
  expect(flagsOf(m, 'distributor').get('auth.enabled')).toBe('false');
  const on = resolve({ tenancy: { federation: true, maxFederatedTenants: 5 } });
  expect(flagsOf(on, 'querier').get('tenant-federation.max-tenant')).toBe('5');
  // The definition's default (APIs on) differs from Cortex's (off), so it is written; off is Cortex's own default.
  expect(flagsOf(resolve(), 'ruler').get('ruler.enable-api')).toBe('true');
  expect(flagsOf(resolve(), 'alertmanager').get('alertmanager.enable-api')).toBe('true');
  expect(flagsOf(resolve({ tenancy: { rulerApi: false } }), 'ruler').has('ruler.enable-api')).toBe(false);
  const old = resolve({ version: CortexVersion.V1_19_0 });
  expect(flagsOf(old, 'ruler').get('experimental.ruler.enable-api')).toBe('true');
  expect(flagsOf(old, 'alertmanager').get('experimental.alertmanager.enable-api')).toBe('true');
  expect(flagsOf(old, 'alertmanager').get('alertmanager.receivers-firewall-block-private-addresses')).toBe('true');
});

test.each([
  ['the results cache', { caches: { results: { enabled: true } } }, /caches\.results: is set, but Cortex's results-cache clients cannot use mutual TLS.*-frontend\.redis.*no CA, client-certificate or server-name flags.*Remove caches\.results/],
  ['the results cache, by its options', { caches: { results: { memoryMebibytes: 512 } } }, /caches\.results: is set, but Cortex's results-cache clients cannot use mutual TLS/],
  ['a Redis cache of several servers', { caches: { index: { replicas: 3 } } }, /caches\.index\.replicas: is 3, but the redis cache's clients reach 1 server.*Leave replicas out \(1\) and give the cache more memoryMebibytes/],
  ['a dns+ address for an external Redis', { caches: { chunks: { external: { addresses: ['dns+redis.example:6379'], tlsSecretName: 'redis-ca' } } } }, /caches\.chunks\.external\.addresses: is \["dns\+redis\.example:6379"\].*the client resolves no dns\+ forms/],
  ['gateway', { gateway: { enabled: true } }, /gateway: is set, but the gateway's routes and tenant rules are Mimir's/],
  ['rolloutOperator', { rolloutOperator: { enabled: true } }, /rolloutOperator: is enabled, but the rollout-operator's webhooks call Mimir-only endpoints/],
  ['kvStore', { kvStore: { etcdOptions: { endpoints: ['etcd:2379'] } } }, /kvStore: is not memberlist/],
  ['runtimeConfig.overrides', { runtimeConfig: { overrides: { t: { ingestionRate: 1 } } } }, /runtimeConfig\.overrides: is set, but Cortex publishes no config descriptor/],
  ['storage.tls', { storage: { ...BASE.storage, tls: { caSecretName: 'ca' } } }, /storage\.tls: is set, but Cortex's S3 client has no CA/],
  ['tenancy.noAuthTenant', { tenancy: { multitenancy: false, noAuthTenant: 'x' } }, /tenancy\.noAuthTenant: is set, but Cortex has no such flag.*"fake"/],
  ['tenancy.rulerFederation', { tenancy: { federation: true, rulerFederation: true }, tls: { acknowledgeWeakerSecurity: true } }, /tenancy\.rulerFederation: is true, but Cortex has no ruler federation switch/],
  ['an edge minVersion', { tls: { edges: [{ prefix: 'ingester.client', from: 'querier', minVersion: 'VersionTLS13' }] } }, /tls\.edges\[\]\.minVersion: is set on an edge, but Cortex's clients have no tls-min-version flag/],
  ['an edge cipherSuites', { tls: { edges: [{ prefix: 'ingester.client', from: 'querier', cipherSuites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'] }] } }, /tls\.edges\[\]\.cipherSuites: .*tls-cipher-suites/],
  ['a component minVersion', { components: { querier: { tls: { minVersion: 'VersionTLS13' } } } }, /components\.<component>\.tls\.minVersion: is set on a component.*Set tls\.minVersion cluster-wide/],
])('refused for Cortex: %s', (_name, props, message) => {
  const e = errorOf(() => resolve(props));
  expect(MimirErrors.isMimirConfigError(e)).toBe(true);
  expect(e.message).toMatch(message);
});

test('cluster-wide TLS policy: the servers follow it', () => {
  const m = resolve({ tls: { minVersion: 'VersionTLS13' } });
  expect(flagsOf(m, 'ingester').get('server.tls-min-version')).toBe('VersionTLS13');
});

test('defaults: no gateway, the three blocks-storage caches as Redis (no results cache), no rollout-operator even when zone-aware; every flag in the version\'s catalog', () => {
  const m = resolve();
  expect(m.gateway).toBeUndefined();
  expect(m.caches.map((c) => [c.id, c.spec.engine.id, c.replicas, c.tls])).toEqual([['chunks-cache', 'redis', 1, true], ['index-cache', 'redis', 1, true], ['metadata-cache', 'redis', 1, true]]);
  expect(resolve({ caches: { results: { enabled: false } } }).caches).toHaveLength(3);
  expect(m.rolloutOperator).toBeUndefined();
  expect(m.components.find((c) => c.id === 'ingester')!.zones).toHaveLength(3);
  for (const c of m.components) for (const f of c.flags) if (f.name !== 'target') expect([c.id, f.name, m.version.flags.has(f.name)]).toEqual([c.id, f.name, true]);
  expect(messageOf({ version: CortexVersion.of('1.17.0') })).toMatch(/version: "1\.17\.0" has no flag catalog. Use one of 1\.19\.0, 1\.21\.1 \(CortexVersion/);
});

test.each([CortexVersion.V1_21_1, CortexVersion.V1_19_0])('Cortex %s: every Redis client block is complete and in the version\'s catalog; an external Redis keeps its addresses', (version) => {
  const m = resolve({ version });
  const block = (prefix: string, cache: string) => ({
    [`${prefix}.backend`]: 'redis', [`${prefix}.redis.addresses`]: `cortex-${cache}.cortex.svc.cluster.local:6379`,
    [`${prefix}.redis.tls-enabled`]: 'true', [`${prefix}.redis.tls-ca-path`]: '/etc/mimir/tls/ca.crt',
    [`${prefix}.redis.tls-cert-path`]: '/etc/mimir/tls/tls.crt', [`${prefix}.redis.tls-key-path`]: '/etc/mimir/tls/tls.key',
    [`${prefix}.redis.tls-server-name`]: `cortex-${cache}.cortex.svc.cluster.local`,
  });
  const bs = 'blocks-storage.bucket-store';
  const want: { [id: string]: string[] } = { 'store-gateway': ['chunks', 'index', 'metadata'], 'querier': ['chunks', 'metadata'], 'ruler': ['chunks', 'metadata'] };
  for (const [id, caches] of Object.entries(want)) {
    const flags = flagsOf(m, id);
    for (const cache of caches) {
      for (const [k, v] of Object.entries(block(`${bs}.${cache}-cache`, `${cache}-cache`))) expect([id, k, flags.get(k)]).toEqual([id, k, v]);
    }
    // No insecure-skip-verify, no Mimir-only policy flags.
    expect([...flags.keys()].filter((k) => /redis\.(tls-insecure-skip-verify|tls-min-version|tls-cipher-suites)$/.test(k))).toEqual([]);
  }
  for (const id of ['distributor', 'ingester', 'query-frontend', 'compactor', 'alertmanager']) expect([id, [...flagsOf(m, id).keys()].filter((k) => k.includes('.redis.'))]).toEqual([id, []]);
  const ext = resolve({ version, caches: { chunks: { external: { addresses: ['redis-0.example:6380'], tlsSecretName: 'redis-ca', serverName: 'redis.example' } } }, egress: EGRESS_EXTERNAL_CACHES });
  expect(flagsOf(ext, 'querier').get(`${bs}.chunks-cache.redis.addresses`)).toBe('redis-0.example:6380');
  expect(flagsOf(ext, 'querier').get(`${bs}.chunks-cache.redis.tls-server-name`)).toBe('redis.example');
  expect(flagsOf(ext, 'querier').has(`${bs}.chunks-cache.redis.tls-cert-path`)).toBe(false);
});
