// Stage 3: edges and each client's links.
import { stages, problemsOf } from './_stages';

test('a client\'s links come in edge-row order, then cache order', () => {
  const { graph } = stages();
  expect(graph.links.get('ruler')!.map((l) => `${l.kind} ${l.prefix}`)).toEqual([
    'component ingester.client',
    'component querier.store-gateway-client',
    'component ruler.client',
    'component ruler.alertmanager-client',
    'memberlist memberlist',
    'cache blocks-storage.bucket-store.metadata-cache.memcached',
    'cache ruler-storage.cache.memcached',
  ]);
});

test('links dialled by name carry the address; pod-IP links verify the Service name', () => {
  const { graph } = stages();
  const querier = graph.links.get('querier')!;
  expect(querier.find((l) => l.prefix === 'querier.scheduler-client')!.address).toEqual({
    name: 'querier.scheduler-address', value: 'mimir-query-scheduler-headless.mimir.svc.cluster.local:9095', role: 'address',
  });
  const ingester = querier.find((l) => l.prefix === 'ingester.client')!;
  expect(ingester.address).toBeUndefined();
  expect(ingester.tls!.serverName).toBe('mimir-ingester.mimir.svc.cluster.local');
});

test('an override\'s server name is a SAN to add to every target of the edge', () => {
  const { graph, problems } = stages({ tls: { edges: [{ prefix: 'ingester.client', from: 'querier', serverName: 'ingesters.example.internal' }] } });
  expect(problemsOf(problems)).toEqual([]);
  expect(graph.extraSans.get('ingester')).toEqual(['ingesters.example.internal']);
  expect(graph.edges.filter((e) => e.from === 'querier' && e.prefix === 'ingester.client').map((e) => e.serverName)).toEqual(['ingesters.example.internal']);
});

test('an external cache is no edge; its clients mount its Secret once', () => {
  const { graph } = stages({ caches: { metadata: { external: { addresses: ['memcached.shared:11211'], tlsSecretName: 'shared-tls' } } }, tls: { acknowledgeWeakerSecurity: true } });
  expect(graph.edges.some((e) => e.to === 'metadata-cache')).toBe(false);
  expect(graph.mounts.get('ruler')).toEqual([{ name: 'metadata-cache', secretName: 'shared-tls', path: '/etc/mimir/metadata-cache' }]);
  const link = graph.links.get('ruler')!.find((l) => l.prefix === 'ruler-storage.cache.memcached')!;
  expect(link.tls!.mode).toBe('server-only');
});
