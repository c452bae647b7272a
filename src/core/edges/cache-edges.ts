// Cache clients: the wiring always, TLS when the cache serves it. A deployed cache is an edge of the graph; an
// external one is reached through the addresses and Secret the definition gives.
import { MEMCACHED_PORT } from '../catalog/caches';
import { ComponentId } from '../catalog/components';
import { CheckedDefinition } from '../check/check';
import { EdgeTlsMode } from '../definition';
import { Dialect } from '../dialect/dialect';
import { Flag } from '../flags/flag';
import { FULL_CLIENT_BLOCK, ProtocolPolicy } from '../flags/tls';
import { ResolvedCache } from '../model';
import { externalCacheDir, TLS_SECRET_KEYS } from '../names';
import { Topology } from '../topology/topology';
import { ClientLink, GraphBuilder } from './graph';

interface CacheEdgeContext {
  readonly checked: CheckedDefinition;
  readonly topology: Topology;
  readonly dialect: Dialect;
  readonly graph: GraphBuilder;
}

export function cacheEdges(ctx: CacheEdgeContext): void {
  const { checked, topology, dialect, graph } = ctx;
  for (const cache of topology.caches) {
    const host = checked.names.fqdn(cache.names.service);
    for (const client of cache.spec.clients) {
      for (const from of client.components.filter(topology.has)) {
        const prefix = dialect.flags.memcachedClient(client.prefix);
        const fromPolicy = checked.components.find((c) => c.spec.id === from)!.serverTls;
        const policy = { minVersion: fromPolicy.minVersion, cipherSuites: fromPolicy.cipherSuites };
        const cacheFlags: Flag[] = [
          { name: dialect.flags.cacheBackend(client.prefix), value: 'memcached', role: 'cache' },
          // dns+ resolves the headless Service to every memcached pod.
          { name: `${prefix}.addresses`, value: cache.external ? cache.external.addresses : `dns+${host}:${MEMCACHED_PORT}`, role: 'cache' },
          { name: `${prefix}.max-item-size`, value: String(cache.spec.maxItemSize.bytes), role: 'tuning' },
          ...Object.entries(client.tuning).map(([k, v]) => ({ name: `${prefix}.${k}`, value: v, role: 'tuning' as const })),
        ];
        const link: ClientLink = cache.external
          ? { prefix, kind: 'cache', cacheFlags, tls: externalTls(graph, cache, from, policy) }
          : { prefix, kind: 'cache', cacheFlags, tls: cache.tls ? { files: topology.tlsFiles, serverName: host, policy, mode: EdgeTlsMode.MUTUAL, shape: FULL_CLIENT_BLOCK } : undefined };
        if (!cache.external) {
          graph.edges.push({ prefix, from, to: cache.id, protocol: 'memcached', discovery: 'dns', port: MEMCACHED_PORT, serverName: host, purpose: `use the ${cache.id}`, tls: cache.tls ? 'mutual' : 'disabled' });
        }
        graph.link(from, link);
      }
    }
  }
}

/** An existing memcached: its own CA (and client certificate, if it wants one) from the given Secret. */
function externalTls(graph: GraphBuilder, cache: ResolvedCache, from: ComponentId, policy: ProtocolPolicy): ClientLink['tls'] {
  const ext = cache.external!;
  if (!ext.secretName) return undefined;
  const dir = externalCacheDir(cache.id);
  graph.mount(from, { name: cache.id, secretName: ext.secretName, path: dir });
  return {
    files: { caPath: `${dir}/${TLS_SECRET_KEYS.ca}`, certPath: `${dir}/${TLS_SECRET_KEYS.cert}`, keyPath: `${dir}/${TLS_SECRET_KEYS.key}` },
    serverName: ext.serverName,
    policy,
    mode: ext.clientCertificate ? EdgeTlsMode.MUTUAL : EdgeTlsMode.SERVER_ONLY,
    shape: FULL_CLIENT_BLOCK,
  };
}
