// Stage 2: topology.
import { KvStore, MimirVersion, TrustSource } from '../../../src';
import { stages } from './_stages';

test('gossip members are the ring members and readers; the query path front and scheduler are not', () => {
  expect(stages().topology.gossipMembers).toEqual(['distributor', 'ingester', 'querier', 'store-gateway', 'compactor', 'ruler', 'alertmanager']);
});

test('with etcd nothing gossips, and every ring prefix of the version moves to etcd', () => {
  const etcd = KvStore.etcd({ endpoints: ['etcd:2379'], tlsSecretName: 'etcd-client' });
  const v3 = stages({ kvStore: etcd }).topology;
  const v2 = stages({ kvStore: etcd, version: MimirVersion.V2_11_0 }).topology;
  expect(v3.gossipMembers).toEqual([]);
  expect(v3.etcdRings).toHaveLength(9);
  expect(v2.etcdRings).toHaveLength(8);
  expect(v3.etcdRings).toContain('ingester.ring');
  expect(v3.etcdRings.some((r) => r.startsWith('distributor.ha-tracker'))).toBe(false);
  expect(v3.etcdRings.filter((r) => !v2.etcdRings.includes(r))).toEqual(['ingester.partition-ring']);
});

test('a cache is deployed only when enabled and a client of it is deployed', () => {
  expect(stages().topology.caches.map((c) => c.id)).toEqual(['chunks-cache', 'index-cache', 'metadata-cache', 'results-cache']);
  expect(stages({ caches: { chunks: { enabled: false } } }).topology.caches.map((c) => c.id)).not.toContain('chunks-cache');
  expect(stages({ size: 'dev' }).topology.caches).toEqual([]);
});

test('the TLS files follow the trust source', () => {
  expect(stages().topology.tlsFiles).toEqual({ certPath: '/etc/mimir/tls/tls.crt', keyPath: '/etc/mimir/tls/tls.key', caPath: '/etc/mimir/tls/ca.crt' });
  expect(stages({ certificates: { trust: TrustSource.fromConfigMap('corp', 'b.pem') } }).topology.tlsFiles.caPath).toBe('/etc/mimir/ca/b.pem');
});
