// Grafana Mimir (2.11 and 3.x) as a dialect: the catalogs in ../catalog, the flag catalogs generated from the
// `-help-all` texts, and the flag-name rules Mimir's prefixes follow.
import { CACHES } from '../catalog/caches';
import { COMPONENTS } from '../catalog/components';
import {
  KEEPALIVE_ENFORCEMENT, PRODUCTION_FLAGS, RING_HEARTBEAT_TIMEOUT, ROLLOUT_MAX_UNAVAILABLE, WORKLOAD_DEFAULTS,
  ZONE_AWARE_STORE_GATEWAY_PREFIX,
} from '../catalog/production';
import * as D from '../defaults';
import { EDGES } from '../edges/edges';
import { FLAG_CATALOGS } from '../flags/catalog.generated';
import { FLAG_FIELDS } from '../flags/fields.generated';
import { MIMIR_STARTUP_RULES } from '../startup/mimir';
import { MIMIR_REFUSED_EXTRA_FLAGS } from '../startup/mimir/refused';
import { Dialect } from './dialect';

const ETCD_ENDPOINTS = '.etcd.endpoints';
/** The HA tracker's kv store holds no ring: it stays as configured (off by default). */
const NOT_A_RING = 'distributor.ha-tracker.';

export const MIMIR: Dialect = {
  product: 'Mimir',
  appName: D.DEFAULT_NAME,
  defaultVersion: D.DEFAULT_VERSION,
  imageRepository: D.DEFAULT_IMAGE_REPOSITORY,
  imageTag: (version) => version,
  versionHint: 'MimirVersion.V3_0_7 or MimirVersion.of(\'x.y.z\') with a supported minor',
  clientTlsPolicyFlags: true,
  deploysByDefault: { gateway: true, rolloutOperator: true },
  unsupported: [],
  wiring: () => ({}),
  flagCatalogs: FLAG_CATALOGS,
  flagFields: FLAG_FIELDS,
  startupRules: MIMIR_STARTUP_RULES,
  refusedExtraFlags: MIMIR_REFUSED_EXTRA_FLAGS,
  components: COMPONENTS,
  edges: EDGES,
  caches: CACHES,
  flags: {
    target: 'target',
    httpListenPort: 'server.http-listen-port',
    grpcListenPort: 'server.grpc-listen-port',
    memberlistBindPort: 'memberlist.bind-port',
    ringReplicationFactor: (ring) => `${ring}.replication-factor`,
    ringHeartbeatTimeout: (ring) => `${ring}.heartbeat-timeout`,
    ringZoneAwareness: (ring) => `${ring}.zone-awareness-enabled`,
    ringPrefix: (ring) => `${ring}.prefix`,
    ringInstanceZone: (ring) => `${ring}.instance-availability-zone`,
    ringStore: (ring) => `${ring}.store`,
    ringEtcdEndpoints: (ring) => `${ring}${ETCD_ENDPOINTS}`,
    ringEtcdClient: (ring) => `${ring}.etcd`,
    etcdRings: (flags) => [...flags].filter((f) => f.endsWith(ETCD_ENDPOINTS) && !f.startsWith(NOT_A_RING))
      .map((f) => f.slice(0, -ETCD_ENDPOINTS.length)).sort(),
    cacheBackend: (prefix) => `${prefix}.backend`,
    cacheClient: (prefix, engine) => `${prefix}.${engine.clientBlock}`,
  },
  tenancyFlags: {
    multitenancy: 'auth.multitenancy-enabled',
    noAuthTenant: 'auth.no-auth-tenant',
    federation: 'tenant-federation.enabled',
    maxFederatedTenants: 'tenant-federation.max-tenants',
    rulerFederation: 'ruler.tenant-federation.enabled',
    rulerApi: () => 'ruler.enable-api',
    alertmanagerApi: () => 'alertmanager.enable-api',
    apiDefault: true,
    firewallBlockPrivate: 'alertmanager.receivers-firewall-block-private-addresses',
    firewallBlockCidrs: 'alertmanager.receivers-firewall-block-cidr-networks',
    runtimeConfigFile: 'runtime-config.file',
    sse: (prefix, field) => `${prefix}.s3.sse.${field}`,
  },
  tuning: {
    components: PRODUCTION_FLAGS,
    everyServer: KEEPALIVE_ENFORCEMENT,
    ringHeartbeatTimeout: RING_HEARTBEAT_TIMEOUT,
    zoneAwareRingPrefix: { 'store-gateway.sharding-ring': ZONE_AWARE_STORE_GATEWAY_PREFIX },
    resultsCaching: { component: 'query-frontend', flag: 'query-frontend.cache-results', value: 'true' },
    // Cardinality-based sharding builds a results cache at start (QF-01): without one Mimir refuses to start.
    requiresCache: { 'query-frontend.query-sharding-target-series-per-shard': 'results-cache' },
    workloads: WORKLOAD_DEFAULTS,
    rolloutMaxUnavailable: ROLLOUT_MAX_UNAVAILABLE,
  },
  storage: {
    prefixes: ['common.storage'],
    bucketFlags: {
      blocksBucket: 'blocks-storage.s3.bucket-name',
      rulerBucket: 'ruler-storage.s3.bucket-name',
      alertmanagerBucket: 'alertmanager-storage.s3.bucket-name',
    },
  },
};
