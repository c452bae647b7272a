// The production settings Grafana's Helm chart (mimir-distributed 6.0.5) and jsonnet (mimir-3.0.2) agree on,
// as data. Item numbers refer to ../shared/design/production-defaults.md. Flag values are overridable with
// `extraFlags`; workload settings through ComponentOptions.
import { PATHS } from '../names';
import { ComponentId } from './components';

/** Tuning flags per component (role 'tuning'): the library's defaults, each one overridable. */
export const PRODUCTION_FLAGS: { readonly [id in ComponentId]: { readonly [flag: string]: string } } = {
  'distributor': {
    // 1. keepalive + drain; 11. distributor ring
    'server.grpc.keepalive.max-connection-age': '60s',
    'server.grpc.keepalive.max-connection-age-grace': '5m',
    'server.grpc.keepalive.max-connection-idle': '1m',
    'shutdown-delay': '90s',
    'distributor.ring.heartbeat-period': '1m',
    'distributor.ring.heartbeat-timeout': '4m',
  },
  'ingester': {
    // 4. ring (unregister-on-shutdown: Helm false ‖ jsonnet true; we keep tokens and membership across
    // restarts, as Helm does, because a zone rollout restarts every ingester of a zone at once); 5. TSDB
    'ingester.ring.heartbeat-period': '2m',
    'ingester.ring.num-tokens': '512',
    'ingester.ring.tokens-file-path': `${PATHS.dataDir}/tokens`,
    'ingester.ring.unregister-on-shutdown': 'false',
    'memberlist.abort-if-fast-join-fails': 'true',
    'blocks-storage.tsdb.head-compaction-interval': '15m',
    'blocks-storage.tsdb.wal-replay-concurrency': '3',
  },
  'querier': {
    // 8. message size; 12. max-concurrent: Helm 16 ‖ jsonnet 8 (16 with query sharding, which we enable)
    'querier.store-gateway-client.grpc-max-recv-msg-size': '209715200',
    'querier.max-concurrent': '16',
  },
  'query-frontend': {
    // 2. keepalive + drain; 12. results caching and query sharding (Helm's default, jsonnet's sharding values)
    'server.grpc.keepalive.max-connection-age': '30s',
    'shutdown-delay': '90s',
    'query-frontend.max-cache-freshness': '10m',
    'query-frontend.max-total-query-length': '12000h',
    'query-frontend.parallelize-shardable-queries': 'true',
    'query-frontend.query-sharding-target-series-per-shard': '2500',
    'querier.max-query-parallelism': '240',
  },
  'query-scheduler': {
    'query-scheduler.max-outstanding-requests-per-tenant': '800',
  },
  'store-gateway': {
    // 7.
    'store-gateway.sharding-ring.heartbeat-period': '1m',
    'store-gateway.sharding-ring.wait-stability-min-duration': '1m',
    'store-gateway.sharding-ring.tokens-file-path': `${PATHS.dataDir}/tokens`,
    'store-gateway.sharding-ring.unregister-on-shutdown': 'false',
    'server.grpc-max-send-msg-size-bytes': '209715200',
  },
  'compactor': {
    // 10.
    'compactor.compaction-interval': '30m',
    'compactor.deletion-delay': '2h',
    'compactor.first-level-compaction-wait-period': '25m',
    'compactor.max-opening-blocks-concurrency': '4',
    'compactor.max-closing-blocks-concurrency': '2',
    'compactor.symbols-flushers-concurrency': '4',
    'compactor.ring.heartbeat-period': '1m',
    'compactor.ring.heartbeat-timeout': '4m',
    'compactor.ring.wait-stability-min-duration': '1m',
  },
  'ruler': {
    // 13.
    'distributor.remote-timeout': '10s',
  },
  'alertmanager': {
    // 14.
    'server.http-idle-timeout': '6m',
  },
  'overrides-exporter': {},
};

/** 3. gRPC keepalive enforcement, written explicitly on every server as jsonnet does (Mimir's defaults). */
export const KEEPALIVE_ENFORCEMENT: { readonly [flag: string]: string } = {
  'server.grpc.keepalive.min-time-between-pings': '10s',
  'server.grpc.keepalive.ping-without-stream-allowed': 'true',
};

/** 4./7. Heartbeat timeouts that every member and reader of the ring must agree on. */
export const RING_HEARTBEAT_TIMEOUT: { readonly [ring: string]: string } = {
  'ingester.ring': '10m',
  'store-gateway.sharding-ring': '10m',
};

/** Ring key prefix of a zone-aware store-gateway ring (7.), on members and readers alike. */
export const ZONE_AWARE_STORE_GATEWAY_PREFIX = 'multi-zone/';

export interface WorkloadDefaults {
  /** 1, 2, 6, 7, 10, 13, 14, 15. */
  readonly terminationGracePeriodSeconds: number;
  /** 16 (15%/0), 13 (ruler 50%/0), 15 (query-scheduler 1/0); stateful components roll differently. */
  readonly rollingUpdate?: { readonly maxSurge: string; readonly maxUnavailable: string };
  /** 18. topologySpreadConstraints on the hostname. */
  readonly spreadOnHostname: boolean;
  /** 20. readiness initial delay: Helm 45 s (60 s for ingester, store-gateway, compactor) ‖ jsonnet 15 s.
   * We take Helm's: a TLS-enabled pod that is marked ready late costs little, one marked early drops queries. */
  readonly readinessDelaySeconds: number;
  /** 19. GOMAXPROCS from the CPU request in cores. */
  readonly goMaxProcs?: (cpuCores: number) => number;
  /** 7. GOMEMLIMIT = the memory request. */
  readonly goMemLimit: boolean;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const STATELESS_ROLLOUT = { maxSurge: '15%', maxUnavailable: '0' };

export const WORKLOAD_DEFAULTS: { readonly [id in ComponentId]: WorkloadDefaults } = {
  // Distributor GOMAXPROCS: Helm max(ceil(2·cpu), 8) ‖ jsonnet ceil(max(8, cpu+2)); equal up to 4 CPU. We take
  // jsonnet's: with no CPU limit, a GOMAXPROCS far above the request only invites throttling by neighbours.
  'distributor': { terminationGracePeriodSeconds: 100, rollingUpdate: STATELESS_ROLLOUT, spreadOnHostname: true, readinessDelaySeconds: 45, goMaxProcs: (c) => Math.ceil(Math.max(8, c + 2)), goMemLimit: false },
  'ingester': { terminationGracePeriodSeconds: 1200, spreadOnHostname: false, readinessDelaySeconds: 60, goMaxProcs: (c) => Math.ceil(c + clamp(c, 3, 6)) + 1, goMemLimit: false },
  'querier': { terminationGracePeriodSeconds: 180, rollingUpdate: STATELESS_ROLLOUT, spreadOnHostname: true, readinessDelaySeconds: 45, goMaxProcs: (c) => Math.ceil(Math.max(2 * c, c + 4)), goMemLimit: false },
  'query-frontend': { terminationGracePeriodSeconds: 390, rollingUpdate: STATELESS_ROLLOUT, spreadOnHostname: true, readinessDelaySeconds: 45, goMemLimit: false },
  'query-scheduler': { terminationGracePeriodSeconds: 180, rollingUpdate: { maxSurge: '1', maxUnavailable: '0' }, spreadOnHostname: true, readinessDelaySeconds: 45, goMemLimit: false },
  'store-gateway': { terminationGracePeriodSeconds: 120, spreadOnHostname: false, readinessDelaySeconds: 60, goMaxProcs: (c) => Math.ceil(Math.max(2 * c, c + 4)), goMemLimit: true },
  'compactor': { terminationGracePeriodSeconds: 900, spreadOnHostname: false, readinessDelaySeconds: 60, goMemLimit: false },
  'ruler': { terminationGracePeriodSeconds: 600, rollingUpdate: { maxSurge: '50%', maxUnavailable: '0' }, spreadOnHostname: true, readinessDelaySeconds: 45, goMemLimit: false },
  'alertmanager': { terminationGracePeriodSeconds: 900, spreadOnHostname: false, readinessDelaySeconds: 45, goMemLimit: false },
  'overrides-exporter': { terminationGracePeriodSeconds: 30, rollingUpdate: STATELESS_ROLLOUT, spreadOnHostname: false, readinessDelaySeconds: 45, goMemLimit: false },
};

/** 6./7. Rollout-operator annotation: how much of a zone may be down during its rollout. */
export const ROLLOUT_MAX_UNAVAILABLE: { readonly [id: string]: string } = {
  'ingester': '50',
  'store-gateway': '50',
  'alertmanager': '1',
};
