// The four memcached caches (production-defaults item 9, 21): who uses each, and the client tuning that
// Grafana's tools agree on.
import { ComponentId } from './components';

export type CacheId = 'chunks-cache' | 'index-cache' | 'metadata-cache' | 'results-cache';

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
  /** memcached `-I`, and the matching client `max-item-size` in bytes. */
  readonly maxItemSize: { readonly memcached: string; readonly bytes: number };
  readonly clients: readonly CacheClient[];
}

const MIB = 1024 * 1024;

export const CACHES: readonly CacheSpec[] = [
  {
    id: 'chunks-cache', optionsKey: 'chunks', maxItemSize: { memcached: '1m', bytes: MIB },
    clients: [{ prefix: 'blocks-storage.bucket-store.chunks-cache', components: ['store-gateway'], tuning: { 'max-idle-connections': '150', 'timeout': '750ms' } }],
  },
  {
    id: 'index-cache', optionsKey: 'index', maxItemSize: { memcached: '5m', bytes: 5 * MIB },
    clients: [{ prefix: 'blocks-storage.bucket-store.index-cache', components: ['store-gateway'], tuning: { 'max-idle-connections': '150', 'timeout': '750ms' } }],
  },
  {
    id: 'metadata-cache', optionsKey: 'metadata', maxItemSize: { memcached: '1m', bytes: MIB },
    clients: [
      { prefix: 'blocks-storage.bucket-store.metadata-cache', components: ['store-gateway', 'querier', 'ruler'], tuning: { 'max-idle-connections': '150' } },
      // Both tools cache the ruler's rule storage in the metadata memcached.
      { prefix: 'ruler-storage.cache', components: ['ruler'], tuning: {} },
    ],
  },
  {
    id: 'results-cache', optionsKey: 'results', maxItemSize: { memcached: '5m', bytes: 5 * MIB },
    clients: [{ prefix: 'query-frontend.results-cache', components: ['query-frontend'], tuning: { timeout: '500ms' } }],
  },
];

/** memcached's port, and the exporter's. */
export const MEMCACHED_PORT = 11211;
export const MEMCACHED_EXPORTER_PORT = 9150;
/** 21. */
export const MEMCACHED_CONNECTION_LIMIT = 16384;
export const MEMCACHED_IMAGE = 'memcached:1.6.38-alpine';
export const MEMCACHED_EXPORTER_IMAGE = 'prom/memcached-exporter:v0.15.3';
/** The official memcached image runs as this user. */
export const MEMCACHED_UID = 11211;
