import { RuleEvaluation } from '../../src';
import { EDGES } from '../../src/core/edges/edges';
import { resolveCluster } from '../../src/core/resolve';
import { BASE } from '../_helpers';

const triples = (edges: readonly { prefix: string; from: string; to: string; protocol: string }[]) =>
  [...new Set(edges.filter((e) => e.protocol !== 'memberlist' && e.protocol !== 'memcached').map((e) => `${e.from} -> ${e.to} [${e.prefix}]`))].sort();

describe('edge graph', () => {
  test('default cluster (local rule evaluation): the gRPC and HTTP edges of facts §3', () => {
    expect(triples(resolveCluster(BASE).edges)).toEqual([
      'alertmanager -> alertmanager [alertmanager.alertmanager-client]',
      'distributor -> ingester [ingester.client]',
      'querier -> ingester [ingester.client]',
      'querier -> query-frontend [querier.frontend-client]',
      'querier -> query-scheduler [querier.scheduler-client]',
      'querier -> store-gateway [querier.store-gateway-client]',
      'query-frontend -> query-scheduler [query-frontend.grpc-client-config]',
      'query-scheduler -> query-frontend [query-scheduler.grpc-client-config]',
      'ruler -> alertmanager [ruler.alertmanager-client]',
      'ruler -> ingester [ingester.client]',
      'ruler -> ruler [ruler.client]',
      'ruler -> store-gateway [querier.store-gateway-client]',
    ]);
  });

  test('default cluster: every cache client is a TLS edge to its memcached', () => {
    const t = [...new Set(resolveCluster(BASE).edges.filter((e) => e.protocol === 'memcached').map((e) => `${e.from} -> ${e.to} [${e.prefix}]`))].sort();
    expect(t).toEqual([
      'querier -> metadata-cache [blocks-storage.bucket-store.metadata-cache.memcached]',
      'query-frontend -> results-cache [query-frontend.results-cache.memcached]',
      'ruler -> metadata-cache [blocks-storage.bucket-store.metadata-cache.memcached]',
      'ruler -> metadata-cache [ruler-storage.cache.memcached]',
      'store-gateway -> chunks-cache [blocks-storage.bucket-store.chunks-cache.memcached]',
      'store-gateway -> index-cache [blocks-storage.bucket-store.index-cache.memcached]',
      'store-gateway -> metadata-cache [blocks-storage.bucket-store.metadata-cache.memcached]',
    ]);
  });

  test('remote rule evaluation: the ruler queries through the query-frontend instead of store-gateways', () => {
    const t = triples(resolveCluster({ ...BASE, ruleEvaluation: RuleEvaluation.REMOTE }).edges);
    expect(t).toContain('ruler -> query-frontend [ruler.query-frontend.grpc-client-config]');
    expect(t).not.toContain('ruler -> store-gateway [querier.store-gateway-client]');
    expect(t).toContain('ruler -> ingester [ingester.client]');
  });

  test('edges exist only when both ends do', () => {
    const noAm = resolveCluster({ ...BASE, components: { alertmanager: { enabled: false } } });
    expect(noAm.edges.filter((e) => e.to === 'alertmanager' || e.from === 'alertmanager')).toEqual([]);
    const ruler = noAm.components.find((c) => c.id === 'ruler')!;
    expect(ruler.flags.filter((f) => f.name.startsWith('ruler.alertmanager'))).toEqual([]);

    const noRuler = resolveCluster({ ...BASE, components: { ruler: { enabled: false } } });
    expect(noRuler.edges.filter((e) => e.from === 'ruler' || e.to === 'ruler')).toEqual([]);
  });

  test('memberlist joins every gossip member to every other; scheduler, frontend and overrides-exporter stay out', () => {
    const model = resolveCluster(BASE);
    const members = model.gossip.members;
    expect([...members].sort()).toEqual(['alertmanager', 'compactor', 'distributor', 'ingester', 'querier', 'ruler', 'store-gateway']);
    const gossip = model.edges.filter((e) => e.protocol === 'memberlist');
    expect(gossip).toHaveLength(members.length * members.length);
    expect(new Set(gossip.map((e) => e.serverName))).toEqual(new Set([model.gossip.serverName]));
  });

  test('pod-IP edges verify the target Service name; DNS edges verify the name they dial', () => {
    const model = resolveCluster(BASE);
    for (const e of model.edges) {
      const expected = e.protocol === 'memberlist' ? 'mimir-gossip-ring.mimir.svc.cluster.local'
        : e.protocol === 'memcached' ? `mimir-${e.to}.mimir.svc.cluster.local`
        : e.to === 'query-scheduler' ? 'mimir-query-scheduler-headless.mimir.svc.cluster.local'
          : `mimir-${e.to}.mimir.svc.cluster.local`;
      expect([e.prefix, e.from, e.serverName]).toEqual([e.prefix, e.from, expected]);
    }
  });

  test('address flags point at the dialled names', () => {
    const model = resolveCluster({ ...BASE, ruleEvaluation: RuleEvaluation.REMOTE, clusterDomain: 'k8s.internal' });
    const flag = (id: string, name: string) => model.components.find((c) => c.id === id)!.flags.find((f) => f.name === name)?.value;
    expect(flag('querier', 'querier.scheduler-address')).toBe('mimir-query-scheduler-headless.mimir.svc.k8s.internal:9095');
    expect(flag('query-frontend', 'query-frontend.scheduler-address')).toBe('mimir-query-scheduler-headless.mimir.svc.k8s.internal:9095');
    expect(flag('ruler', 'ruler.query-frontend.address')).toBe('dns:///mimir-query-frontend.mimir.svc.k8s.internal:9095');
    expect(flag('ruler', 'ruler.alertmanager-url')).toBe('https://mimir-alertmanager.mimir.svc.k8s.internal:8080/alertmanager');
    expect(flag('ingester', 'memberlist.join')).toBe('dns+mimir-gossip-ring.mimir.svc.k8s.internal:7946');
  });

  test('every client prefix with tls-enabled in the 3.0.2 catalog is either an edge row or a backend the foundation does not deploy', () => {
    const { catalogFlags } = require('../../src/core/version');
    const prefixes = [...catalogFlags('3.0.2') as Set<string>].filter((f) => f.endsWith('.tls-enabled')).map((f) => f.replace(/\.tls-enabled$/, ''));
    const rows = new Set(EDGES.map((e) => e.prefix));
    const notDeployed = prefixes.filter((p) => !rows.has(p));
    // etcd rings, the HA tracker's KV store and memcached caches are only dialled when those backends are used.
    for (const p of notDeployed) expect([p, /\.etcd$|memcached$/.test(p)]).toEqual([p, true]);
  });
});
