// Cache clients: the wiring always, TLS when the cache serves it. A deployed cache is an edge of the graph; an
// external one is reached through the addresses and Secret the definition gives.
import { ComponentId } from '../catalog/components';
import { CheckedDefinition } from '../check/check';
import { EdgeTlsMode } from '../definition';
import { Dialect } from '../dialect/dialect';
import { Flag } from '../flags/flag';
import { ClientBlockShape, ProtocolPolicy } from '../flags/tls';
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
  // The product's client blocks: Cortex's have no tls-min-version / tls-cipher-suites.
  const shape: ClientBlockShape = { policyFlags: dialect.clientTlsPolicyFlags, enabledFlag: true };
  for (const cache of topology.caches) {
    const host = checked.names.fqdn(cache.names.service);
    const engine = cache.spec.engine;
    for (const client of cache.spec.clients) {
      for (const from of client.components.filter(topology.has)) {
        const prefix = dialect.flags.cacheClient(client.prefix, engine);
        const fromPolicy = checked.components.find((c) => c.spec.id === from)!.serverTls;
        const policy = { minVersion: fromPolicy.minVersion, cipherSuites: fromPolicy.cipherSuites };
        const cacheFlags: Flag[] = [
          { name: dialect.flags.cacheBackend(client.prefix), value: engine.id, role: 'cache' },
          { name: `${prefix}.addresses`, value: cache.external ? cache.external.addresses : engine.address(host, engine.port), role: 'cache' },
          ...(cache.spec.maxItemSize ? [{ name: `${prefix}.max-item-size`, value: String(cache.spec.maxItemSize.bytes), role: 'tuning' as const }] : []),
          ...Object.entries(client.tuning).map(([k, v]) => ({ name: `${prefix}.${k}`, value: v, role: 'tuning' as const })),
        ];
        const link: ClientLink = cache.external
          ? { prefix, kind: 'cache', cacheFlags, tls: externalTls(graph, cache, from, policy, shape) }
          : { prefix, kind: 'cache', cacheFlags, tls: cache.tls ? { files: topology.tlsFiles, serverName: host, policy, mode: EdgeTlsMode.MUTUAL, shape } : undefined };
        if (!cache.external) {
          graph.edges.push({ prefix, from, to: cache.id, protocol: engine.id, discovery: 'dns', port: engine.port, serverName: host, purpose: `use the ${cache.id}`, tls: cache.tls ? 'mutual' : 'disabled' });
        }
        graph.link(from, link);
      }
    }
  }
}

/** An existing cache server: its own CA (and client certificate, if it wants one) from the given Secret. */
function externalTls(graph: GraphBuilder, cache: ResolvedCache, from: ComponentId, policy: ProtocolPolicy, shape: ClientBlockShape): ClientLink['tls'] {
  const ext = cache.external!;
  if (!ext.secretName) return undefined;
  const dir = externalCacheDir(cache.id);
  graph.mount(from, { name: cache.id, secretName: ext.secretName, path: dir });
  return {
    files: { caPath: `${dir}/${TLS_SECRET_KEYS.ca}`, certPath: `${dir}/${TLS_SECRET_KEYS.cert}`, keyPath: `${dir}/${TLS_SECRET_KEYS.key}` },
    serverName: ext.serverName,
    policy,
    mode: ext.clientCertificate ? EdgeTlsMode.MUTUAL : EdgeTlsMode.SERVER_ONLY,
    shape,
  };
}
