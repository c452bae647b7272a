// Cortex (1.19, 1.21) as a dialect: Mimir's components and architecture with Cortex's flag names, generated
// catalogs from Cortex's `-help` texts, and what Cortex needs written that Mimir defaults to (ring stores default to
// Consul, sharding is off). Every difference from MIMIR is here; the facts are in the README's Cortex section.
import { CacheSpec, REDIS } from '../catalog/caches';
import { COMPONENTS, ComponentId, ComponentSpec, RingId } from '../catalog/components';
import { KEEPALIVE_ENFORCEMENT, WORKLOAD_DEFAULTS } from '../catalog/production';
import { RuleEvaluation } from '../definition';
import { EdgeConditionContext, EdgeRow, GOSSIP_MEMBERS } from '../edges/edges';
import { CORTEX_FLAG_CATALOGS } from '../flags/cortex-catalog.generated';
import { PATHS } from '../names';
import { Dialect, UnsupportedOption } from './dialect';

const DATA = PATHS.dataDir;

/** A path flag of Cortex: where the library points it and which targets write there, or why nothing writes it. */
export type CortexPathFlag = { readonly path: string; readonly writers: readonly ComponentId[]; readonly why: string } | { readonly notWritten: string };

/**
 * Every flag of Cortex 1.19/1.21 naming a directory or file a target may write (TLS and credential files, which are
 * only read, aside). Cortex's defaults are relative paths, which would land on the read-only root. The writers are
 * read from Cortex's module graph (pkg/cortex/modules.go): the querier and the ruler both start StoreQueryable,
 * whose blocks finder creates per-tenant meta-fetcher directories under the sync dir (1.19 scans the bucket), and
 * the PromQL engine of both keeps an active-query log. A test checks every version's catalog against this table.
 */
export const CORTEX_PATH_FLAGS: { readonly [flag: string]: CortexPathFlag } = {
  'blocks-storage.tsdb.dir': { path: `${DATA}/tsdb`, writers: ['ingester'], why: 'the TSDB heads and WAL' },
  'blocks-storage.bucket-store.sync-dir': { path: `${DATA}/tsdb-sync`, writers: ['store-gateway', 'querier', 'ruler'], why: 'index headers, and the meta fetchers of StoreQueryable' },
  'querier.active-query-tracker-dir': { path: `${DATA}/active-query-tracker`, writers: ['querier', 'ruler'], why: 'the PromQL engine\'s active-query log' },
  'compactor.data-dir': { path: `${DATA}/compactor`, writers: ['compactor'], why: 'blocks being compacted' },
  'ruler.rule-path': { path: `${DATA}/ruler`, writers: ['ruler'], why: 'the rule files it evaluates' },
  'alertmanager.storage.path': { path: `${DATA}/alertmanager`, writers: ['alertmanager'], why: 'notification log and silences' },
  'parquet-converter.data-dir': { notWritten: 'the parquet-converter target is not deployed' },
  'configs.database.migrations-dir': { notWritten: 'the configs service is not deployed' },
  'alertmanager-storage.filesystem.dir': { notWritten: 'a filesystem storage backend; the library uses S3' },
  'alertmanager-storage.local.path': { notWritten: 'the local storage backend; the library uses S3' },
  'blocks-storage.filesystem.dir': { notWritten: 'a filesystem storage backend; the library uses S3' },
  'ruler-storage.filesystem.dir': { notWritten: 'a filesystem storage backend; the library uses S3' },
  'ruler-storage.local.directory': { notWritten: 'the local storage backend; the library uses S3' },
  'runtime-config.filesystem.dir': { notWritten: 'a filesystem backend of the runtime config; the library mounts a file' },
  'ingester.tokens-file-path': { notWritten: 'empty by default: ring tokens are not persisted' },
  'compactor.ring.tokens-file-path': { notWritten: 'empty by default: ring tokens are not persisted' },
  'ruler.ring.tokens-file-path': { notWritten: 'empty by default: ring tokens are not persisted' },
  'store-gateway.sharding-ring.tokens-file-path': { notWritten: 'empty by default: ring tokens are not persisted' },
  'alertmanager.sharding-ring.tokens-file-path': { notWritten: 'empty by default: ring tokens are not persisted' },
  'parquet-converter.ring.tokens-file-path': { notWritten: 'empty by default: ring tokens are not persisted' },
};

/** The path flags each target writes, from the table. */
function dataPaths(id: ComponentId): { [flag: string]: string } {
  return Object.fromEntries(Object.entries(CORTEX_PATH_FLAGS).flatMap(([flag, p]) => ('writers' in p && p.writers.includes(id) ? [[flag, p.path]] : [])));
}

export const CORTEX_COMPONENTS: readonly ComponentSpec[] = COMPONENTS.map((c) => ({ ...c, dataPaths: dataPaths(c.id) }));

const remoteEval = (ctx: EdgeConditionContext) => ctx.ruleEvaluation === RuleEvaluation.REMOTE;

export const CORTEX_EDGES: readonly EdgeRow[] = [
  { prefix: 'ingester.client', from: ['distributor', 'querier', 'ruler'], to: 'ingester', protocol: 'grpc', discovery: 'ring', purpose: 'push series (distributor, ruler) and query recent data (querier, ruler)' },
  { prefix: 'querier.store-gateway-client', from: ['querier'], to: 'store-gateway', protocol: 'grpc', discovery: 'ring', purpose: 'query blocks in object storage' },
  // Whatever the evaluation mode: Cortex's ruler module always starts StoreQueryable, through which Prometheus'
  // rule manager restores alerts' `for` state (Mimir's ruler, in remote mode, restores through the query-frontend).
  { prefix: 'querier.store-gateway-client', from: ['ruler'], to: 'store-gateway', protocol: 'grpc', discovery: 'ring', purpose: 'query blocks (rule evaluation, and restoring alert state)' },
  {
    prefix: 'querier.frontend-client', from: ['querier'], to: 'query-scheduler', protocol: 'grpc', discovery: 'dns',
    address: { flag: 'querier.scheduler-address', via: 'headless', format: (h, p) => `${h}:${p}` }, purpose: 'fetch queries to run',
  },
  {
    // The same client returns results to the frontends (by pod IP): one tls-server-name for both, the scheduler's.
    prefix: 'querier.frontend-client', from: ['querier'], to: 'query-frontend', protocol: 'grpc', discovery: 'advertised',
    serverName: { component: 'query-scheduler', via: 'headless' }, purpose: 'return results to the frontend that enqueued the query',
  },
  {
    prefix: 'frontend.grpc-client-config', from: ['query-frontend'], to: 'query-scheduler', protocol: 'grpc', discovery: 'dns',
    address: { flag: 'frontend.scheduler-address', via: 'headless', format: (h, p) => `${h}:${p}` }, purpose: 'enqueue queries',
  },
  { prefix: 'query-scheduler.grpc-client-config', from: ['query-scheduler'], to: 'query-frontend', protocol: 'grpc', discovery: 'advertised', purpose: 'report errors back to the enqueuing frontend' },
  { prefix: 'ruler.client', from: ['ruler'], to: 'ruler', protocol: 'grpc', discovery: 'ring', purpose: 'list rule groups of the other rulers' },
  {
    prefix: 'ruler.frontendClient', from: ['ruler'], to: 'query-frontend', protocol: 'grpc', discovery: 'dns', when: remoteEval,
    address: { flag: 'ruler.frontend-address', via: 'service', format: (h, p) => `${h}:${p}` }, purpose: 'evaluate rule queries remotely',
  },
  { prefix: 'alertmanager.alertmanager-client', from: ['alertmanager'], to: 'alertmanager', protocol: 'grpc', discovery: 'ring', purpose: 'replicate alert state and silences' },
  {
    prefix: 'ruler.alertmanager-client', from: ['ruler'], to: 'alertmanager', protocol: 'http', discovery: 'dns', tlsEnabledFlag: false,
    address: { flag: 'ruler.alertmanager-url', via: 'service', format: (h, p, tls) => `${tls ? 'https' : 'http'}://${h}:${p}/alertmanager` }, purpose: 'send alerts',
  },
  {
    prefix: 'memberlist', from: [GOSSIP_MEMBERS], to: GOSSIP_MEMBERS, protocol: 'memberlist', discovery: 'gossip',
    address: { flag: 'memberlist.join', via: 'gossip', format: (h, p) => `dns+${h}:${p}` }, purpose: 'gossip the hash rings',
  },
];

/**
 * Cortex's caches are Redis: its memcached clients have no TLS, its Redis clients have the full block (CA, client
 * certificate, server name). The clients are read from where Cortex builds them: the store-gateway's bucket stores
 * (index, chunks, metadata) and the querier's blocks finder, which StoreQueryable starts in the querier and the
 * ruler, and which builds the caching bucket with the chunks and the metadata cache (connecting to both at start).
 * The compactor's caching bucket is off by default and not turned on. The query-frontend's results cache
 * (`-frontend.redis.*`) has `tls-enabled` and `tls-insecure-skip-verify` only: it verifies the server against the
 * image's system roots, so a private CA would need to be added there, and it presents no client certificate, so a
 * Redis requiring one refuses it. It is refused.
 */
const STORE_READERS: ComponentId[] = ['store-gateway', 'querier', 'ruler'];
export const CORTEX_CACHES: readonly CacheSpec[] = [
  { id: 'chunks-cache', optionsKey: 'chunks', engine: REDIS, clients: [{ prefix: 'blocks-storage.bucket-store.chunks-cache', components: STORE_READERS, tuning: {} }] },
  { id: 'index-cache', optionsKey: 'index', engine: REDIS, clients: [{ prefix: 'blocks-storage.bucket-store.index-cache', components: ['store-gateway'], tuning: {} }] },
  { id: 'metadata-cache', optionsKey: 'metadata', engine: REDIS, clients: [{ prefix: 'blocks-storage.bucket-store.metadata-cache', components: STORE_READERS, tuning: {} }] },
  {
    id: 'results-cache', optionsKey: 'results', engine: REDIS, clients: [],
    refused: {
      problem: 'is set, but Cortex\'s results-cache clients cannot use mutual TLS: its memcached client has no TLS, and its Redis client (-frontend.redis.*) has no CA, client-certificate or server-name flags',
      fix: 'Remove caches.results: the query-frontend runs without a results cache (index, chunks and metadata caches are Redis over mutual TLS)',
    },
  },
];

/** The ingester ring's flags have no prefix in Cortex (`-ring.*`, `-distributor.replication-factor`, …). */
const INGESTER_RING = 'ingester.ring';
const ringFlag = (ring: string, mimirSuffix: string, ingester: string) => (ring === INGESTER_RING ? ingester : `${ring}.${mimirSuffix}`);

/**
 * Ring stores default to Consul and sharding to off in Cortex: both are written for the memberlist rings. Cortex
 * also aborts a member whose first join fails (its default, unlike Mimir's): members of a new cluster start together
 * and find each other later, so they keep running.
 */
function wiring(id: ComponentId, ctx: { service: (id: ComponentId) => string; httpsPort: number }): { [flag: string]: string } {
  const spec = COMPONENTS.find((c) => c.id === id)!;
  const readsIngesters = spec.rings.includes(INGESTER_RING);
  const readsStoreGateways = spec.rings.includes('store-gateway.sharding-ring');
  const gossips = spec.gossipMember;
  return {
    ...(gossips ? { 'memberlist.abort-if-join-fails': 'false' } : {}),
    ...(readsIngesters ? { 'ring.store': 'memberlist' } : {}),
    ...(id === 'distributor' ? { 'distributor.ring.store': 'memberlist' } : {}),
    ...(readsStoreGateways ? { 'store-gateway.sharding-enabled': 'true', 'store-gateway.sharding-ring.store': 'memberlist' } : {}),
    ...(id === 'ruler' ? { 'ruler.enable-sharding': 'true', 'ruler.ring.store': 'memberlist' } : {}),
    ...(id === 'compactor' ? { 'compactor.sharding-enabled': 'true', 'compactor.ring.store': 'memberlist' } : {}),
    ...(id === 'alertmanager' ? {
      // Sharding replaces the legacy gossip cluster (not started when sharding is on).
      'alertmanager.sharding-enabled': 'true', 'alertmanager.sharding-ring.store': 'memberlist',
      // Cortex refuses to start the alertmanager without it.
      'alertmanager.web.external-url': `https://${ctx.service('alertmanager')}:${ctx.httpsPort}/alertmanager`,
    } : {}),
  };
}

const set = (x: unknown) => x !== undefined && x !== null;
const defined = (def: any, ...path: string[]) => set(path.reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), def));

const UNSUPPORTED: readonly UnsupportedOption[] = [
  {
    field: 'gateway', isSet: (d) => set(d?.gateway) && d.gateway.enabled !== false,
    problem: 'is set, but the gateway\'s routes and tenant rules are Mimir\'s (Cortex\'s API paths differ)',
    fix: 'Remove it, and run your own authenticating proxy in front of the Cortex Services (admit it through networkPolicies: false or a NetworkPolicy of your own)',
  },
  { field: 'rolloutOperator', isSet: (d) => d?.rolloutOperator?.enabled === true, problem: 'is enabled, but the rollout-operator\'s webhooks call Mimir-only endpoints', fix: 'Remove it: zone StatefulSets roll with RollingUpdate' },
  { field: 'kvStore', isSet: (d) => set(d?.kvStore?.etcdOptions), problem: 'is not memberlist; etcd rings are not wired for Cortex', fix: 'Leave kvStore out (memberlist with TLS)' },
  { field: 'runtimeConfig.overrides', isSet: (d) => d?.runtimeConfig?.overrides && Object.keys(d.runtimeConfig.overrides).length > 0, problem: 'is set, but Cortex publishes no config descriptor to check the override keys against', fix: 'Remove the overrides; Cortex mounts an empty runtime configuration' },
  { field: 'storage.tls', isSet: (d) => defined(d, 'storage', 'tls'), problem: 'is set, but Cortex\'s S3 client has no CA or client-certificate flags', fix: 'Trust the endpoint through the image\'s public roots' },
  { field: 'tenancy.noAuthTenant', isSet: (d) => defined(d, 'tenancy', 'noAuthTenant'), problem: 'is set, but Cortex has no such flag: with multi-tenancy off the tenant is always "fake"', fix: 'Remove it' },
  { field: 'tenancy.rulerFederation', isSet: (d) => d?.tenancy?.rulerFederation === true, problem: 'is true, but Cortex has no ruler federation switch', fix: 'Remove it' },
  ...(['minVersion', 'cipherSuites'] as const).map((k): UnsupportedOption => ({
    field: `tls.edges[].${k}`, isSet: (d) => Array.isArray(d?.tls?.edges) && d.tls.edges.some((e: any) => set(e?.[k])),
    problem: `is set on an edge, but Cortex's clients have no tls-${k === 'minVersion' ? 'min-version' : 'cipher-suites'} flag (Go's client defaults apply: TLS 1.2 and above)`,
    fix: `Remove ${k} from the edge; set tls.${k} for the servers instead`,
  })),
  ...(['minVersion', 'cipherSuites'] as const).map((k): UnsupportedOption => ({
    field: `components.<component>.tls.${k}`, isSet: (d) => d?.components && typeof d.components === 'object' && Object.values(d.components).some((c: any) => set(c?.tls?.[k])),
    problem: `is set on a component, which sets its clients' ${k} too, but Cortex's clients have no such flag`,
    fix: `Set tls.${k} cluster-wide: Cortex's servers follow it, its clients keep Go's defaults (TLS 1.2 and above)`,
  })),
];

/**
 * Production settings from Cortex's own blocks-storage configurations (docs/configuration and cortex-jsonnet): series
 * sharded by all labels (per-tenant and global limits need it), 100 MB pushes to the ingesters. Overridable.
 */
const SHARDING_CLIENT = { 'distributor.shard-by-all-labels': 'true', 'ingester.client.grpc-max-send-msg-size': '104857600' };
const CORTEX_TUNING = Object.fromEntries(COMPONENTS.map((c) => [c.id, ['distributor', 'querier', 'ruler'].includes(c.id) ? SHARDING_CLIENT : {}])) as Dialect['tuning']['components'];

export const CORTEX: Dialect = {
  product: 'Cortex',
  appName: 'cortex',
  defaultVersion: '1.21.1',
  imageRepository: 'quay.io/cortexproject/cortex',
  imageTag: (version) => `v${version}`,
  versionHint: 'CortexVersion.V1_21_1 or CortexVersion.of(\'x.y.z\') with a supported minor',
  clientTlsPolicyFlags: false,
  deploysByDefault: { gateway: false, rolloutOperator: false },
  unsupported: UNSUPPORTED,
  wiring,
  flagCatalogs: CORTEX_FLAG_CATALOGS,
  flagFields: {},
  startupRules: [],
  refusedExtraFlags: [
    {
      pattern: /^((ring|distributor\.ring|store-gateway\.sharding-ring|compactor\.ring|ruler\.ring|alertmanager\.sharding-ring)\.(store|prefix)|(consul|etcd)\..+|.+\.(consul|etcd)\..+|(store-gateway|compactor|alertmanager)\.sharding-enabled|ruler\.enable-sharding|alertmanager\.cluster\..+)$/,
      rules: [], problem: 'changes how the rings are stored or sharded, which the library wires for every component together', fix: 'Remove it',
    },
    {
      pattern: /^((blocks-storage|ruler-storage|alertmanager-storage|runtime-config)\.(backend|s3\.sse\..+)|runtime-config\.file|auth\.enabled|tenant-federation\..+|(experimental\.)?(ruler|alertmanager)\.enable-api|alertmanager\.receivers-firewall-.+)$/,
      rules: [], problem: 'sets a storage, tenancy, API, firewall or encryption switch the library writes from the definition', fix: 'Use the typed options instead: storage, tenancy, alertmanagerFirewall, storage.encryption',
    },
  ],
  components: CORTEX_COMPONENTS,
  edges: CORTEX_EDGES,
  caches: CORTEX_CACHES,
  flags: {
    target: 'target',
    httpListenPort: 'server.http-listen-port',
    grpcListenPort: 'server.grpc-listen-port',
    memberlistBindPort: 'memberlist.bind-port',
    ringReplicationFactor: (ring: RingId) => ringFlag(ring, 'replication-factor', 'distributor.replication-factor'),
    ringHeartbeatTimeout: (ring) => ringFlag(ring, 'heartbeat-timeout', 'ring.heartbeat-timeout'),
    ringZoneAwareness: (ring) => ringFlag(ring, 'zone-awareness-enabled', 'distributor.zone-awareness-enabled'),
    ringPrefix: (ring) => ringFlag(ring, 'prefix', 'ring.prefix'),
    ringInstanceZone: (ring) => ringFlag(ring, 'instance-availability-zone', 'ingester.availability-zone'),
    ringStore: (ring) => (ring === '' ? 'ring.store' : `${ring}.store`),
    ringEtcdEndpoints: (ring) => (ring === '' ? 'etcd.endpoints' : `${ring}.etcd.endpoints`),
    ringEtcdClient: (ring) => (ring === '' ? 'etcd' : `${ring}.etcd`),
    etcdRings: () => [],
    cacheBackend: (prefix) => `${prefix}.backend`,
    cacheClient: (prefix, engine) => `${prefix}.${engine.clientBlock}`,
  },
  tenancyFlags: {
    multitenancy: 'auth.enabled',
    federation: 'tenant-federation.enabled',
    maxFederatedTenants: 'tenant-federation.max-tenant',
    rulerFederation: 'ruler.tenant-federation.enabled',
    // 1.21 renamed the API switches (the experimental names are deprecated aliases there); 1.19 has only those.
    rulerApi: (flags) => (flags.has('ruler.enable-api') ? 'ruler.enable-api' : 'experimental.ruler.enable-api'),
    alertmanagerApi: (flags) => (flags.has('alertmanager.enable-api') ? 'alertmanager.enable-api' : 'experimental.alertmanager.enable-api'),
    apiDefault: false,
    firewallBlockPrivate: 'alertmanager.receivers-firewall-block-private-addresses',
    firewallBlockCidrs: 'alertmanager.receivers-firewall-block-cidr-networks',
    runtimeConfigFile: 'runtime-config.file',
    sse: (prefix, field) => `${prefix}.s3.sse.${field}`,
  },
  tuning: {
    components: CORTEX_TUNING,
    everyServer: {
      ...KEEPALIVE_ENFORCEMENT,
      // Cortex's own blocks-storage configurations: 100 MB gRPC messages, 1000 concurrent streams.
      'server.grpc-max-recv-msg-size-bytes': '104857600',
      'server.grpc-max-send-msg-size-bytes': '104857600',
      'server.grpc-max-concurrent-streams': '1000',
    },
    ringHeartbeatTimeout: {},
    zoneAwareRingPrefix: {},
    requiresCache: {},
    workloads: WORKLOAD_DEFAULTS,
    rolloutMaxUnavailable: {},
  },
  storage: {
    prefixes: ['blocks-storage', 'ruler-storage', 'alertmanager-storage'],
    bucketFlags: { blocksBucket: 'blocks-storage.s3.bucket-name', rulerBucket: 'ruler-storage.s3.bucket-name', alertmanagerBucket: 'alertmanager-storage.s3.bucket-name' },
  },
};
