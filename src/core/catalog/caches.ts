// The caches: the four memcached caches of Mimir (production-defaults item 9, 21: who uses each, and the client
// tuning Grafana's tools agree on), the Redis caches of Cortex, and the two servers (engines) that serve them.
import { ComponentId } from './components';

export type CacheId = 'chunks-cache' | 'index-cache' | 'metadata-cache' | 'results-cache';

/** A cache server as the library deploys it, and how its clients address it. */
export interface CacheEngine {
  readonly id: 'memcached' | 'redis';
  /** The port clients dial (TLS only when the cache serves TLS). */
  readonly port: number;
  /** The exporter sidecar's metrics port. */
  readonly exporterPort: number;
  readonly image: string;
  readonly exporterImage: string;
  /** The user the image runs as. */
  readonly uid: number;
  /** The container's command, where the image's entry point is not the server. */
  readonly command?: readonly string[];
  /** The server's working directory: an empty, memory-backed, size-limited volume (the root is read-only). */
  readonly scratch?: { readonly path: string; readonly sizeMebibytes: number };
  /** The client block under a cache client's prefix: `<prefix>.<clientBlock>.addresses`, `.tls-*`. */
  readonly clientBlock: string;
  /** The address a client writes for a deployed cache reached at `host`. */
  readonly address: (host: string, port: number) => string;
  /**
   * Servers one cache may have. Undefined: any (memcached's clients spread keys over every address). Cortex's
   * Redis client reaches a single server, or a Redis Cluster through several addresses; a Redis Cluster needs
   * bootstrapping the library does not do, so a deployed Redis cache is one server.
   */
  readonly maxReplicas?: number;
  /** The container's memory request and limit, as a multiple of the item memory. */
  readonly memoryHeadroom: number;
  /** Where the cache's own certificate and the cluster's trust bundle are mounted. */
  readonly paths: { readonly tlsDir: string; readonly trustDir: string };
  /** Address prefixes (`dns+`, …) the client resolves itself, allowed in external addresses. */
  readonly addressPrefixes: readonly string[];
}

/** memcached's port, and the exporter's. */
export const MEMCACHED_PORT = 11211;
export const MEMCACHED_EXPORTER_PORT = 9150;
/** 21. */
export const MEMCACHED_CONNECTION_LIMIT = 16384;
/** The official memcached image runs as this user. */
export const MEMCACHED_UID = 11211;

export const MEMCACHED: CacheEngine = {
  id: 'memcached', port: MEMCACHED_PORT, exporterPort: MEMCACHED_EXPORTER_PORT,
  image: 'memcached:1.6.38-alpine', exporterImage: 'prom/memcached-exporter:v0.15.3', uid: MEMCACHED_UID,
  clientBlock: 'memcached',
  // dns+ resolves the headless Service to every memcached pod.
  address: (host, port) => `dns+${host}:${port}`,
  memoryHeadroom: 1.2,
  paths: { tlsDir: '/etc/memcached/tls', trustDir: '/etc/memcached/ca' },
  addressPrefixes: ['dns+', 'dnssrv+', 'dnssrvnoa+'],
};

/**
 * Redis as a cache server: the official image is built with TLS. Cortex's client (Thanos' cacheutil over rueidis)
 * dials the addresses as given (no `dns+` resolution) and falls back from cluster mode to a single server only
 * when given one address.
 */
export const REDIS: CacheEngine = {
  id: 'redis', port: 6379, exporterPort: 9121,
  image: 'redis:7.2.11-alpine', exporterImage: 'oliver006/redis_exporter:v1.67.0', uid: 999,
  command: ['redis-server'],
  // Nothing is persisted (no save, no append-only file); the image's working directory stays writable anyway.
  scratch: { path: '/data', sizeMebibytes: 16 },
  clientBlock: 'redis',
  address: (host, port) => `${host}:${port}`,
  maxReplicas: 1,
  // maxmemory bounds the dataset; allocator fragmentation and client buffers come on top.
  memoryHeadroom: 1.3,
  paths: { tlsDir: '/etc/redis/tls', trustDir: '/etc/redis/ca' },
  addressPrefixes: [],
};

export interface CacheClient {
  /** Flag prefix of the client, before `.backend` / `.memcached.*`. */
  readonly prefix: string;
  readonly components: readonly ComponentId[];
  /** Client tuning flags under `<prefix>.memcached.`. */
  readonly tuning: { readonly [flag: string]: string };
}

export interface CacheSpec {
  readonly id: CacheId;
  readonly optionsKey: 'chunks' | 'index' | 'metadata' | 'results';
  readonly engine: CacheEngine;
  /** memcached `-I`, and the matching client `max-item-size` in bytes (memcached only). */
  readonly maxItemSize?: { readonly memcached: string; readonly bytes: number };
  readonly clients: readonly CacheClient[];
  /** Set: the product cannot reach this cache securely; enabling it explicitly is refused with this reason. */
  readonly refused?: { readonly problem: string; readonly fix: string };
}

const MIB = 1024 * 1024;

export const CACHES: readonly CacheSpec[] = [
  {
    id: 'chunks-cache', optionsKey: 'chunks', engine: MEMCACHED, maxItemSize: { memcached: '1m', bytes: MIB },
    clients: [{ prefix: 'blocks-storage.bucket-store.chunks-cache', components: ['store-gateway'], tuning: { 'max-idle-connections': '150', 'timeout': '750ms' } }],
  },
  {
    id: 'index-cache', optionsKey: 'index', engine: MEMCACHED, maxItemSize: { memcached: '5m', bytes: 5 * MIB },
    clients: [{ prefix: 'blocks-storage.bucket-store.index-cache', components: ['store-gateway'], tuning: { 'max-idle-connections': '150', 'timeout': '750ms' } }],
  },
  {
    id: 'metadata-cache', optionsKey: 'metadata', engine: MEMCACHED, maxItemSize: { memcached: '1m', bytes: MIB },
    clients: [
      { prefix: 'blocks-storage.bucket-store.metadata-cache', components: ['store-gateway', 'querier', 'ruler'], tuning: { 'max-idle-connections': '150' } },
      // Both tools cache the ruler's rule storage in the metadata memcached.
      { prefix: 'ruler-storage.cache', components: ['ruler'], tuning: {} },
    ],
  },
  {
    id: 'results-cache', optionsKey: 'results', engine: MEMCACHED, maxItemSize: { memcached: '5m', bytes: 5 * MIB },
    clients: [{ prefix: 'query-frontend.results-cache', components: ['query-frontend'], tuning: { timeout: '500ms' } }],
  },
];

