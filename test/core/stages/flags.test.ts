// Stage 4b: flag contributions and the ordering rule.
import { CONTRIBUTIONS, assembleFlags } from '../../../src/core/flags/assemble';
import { FlagContext } from '../../../src/core/flags/contributions/context';
import { identityFlags } from '../../../src/core/flags/contributions/identity';
import { ringFlags } from '../../../src/core/flags/contributions/rings';
import { tuningFlags } from '../../../src/core/flags/contributions/tuning';
import { etcdFlags } from '../../../src/core/flags/contributions/etcd';
import { memberlistFlags } from '../../../src/core/flags/contributions/memberlist';
import { MimirVersion, KvStore } from '../../../src';
import { Problems } from '../../../src/core/errors';
import { problemsOf, stages } from './_stages';

function context(id: string, props: any = {}): FlagContext {
  const s = stages(props);
  const component = s.checked.components.find((c) => c.spec.id === id)!;
  return { dialect: s.dialect, checked: s.checked, topology: s.topology, component, links: s.graph.links.get(component.spec.id) ?? [], gossip: s.topology.gossipMembers.includes(component.spec.id) };
}
const names = (flags: { name: string }[]) => flags.map((f) => f.name);

test('the ordering rule: contributions in list order, each contribution\'s flags in its own order', () => {
  const ctx = context('querier');
  const expected = CONTRIBUTIONS.flatMap((c) => c(ctx));
  expect(assembleFlags(new Problems(), ctx)).toEqual(expected);
  expect(CONTRIBUTIONS.map((c) => c.name)).toEqual(['identityFlags', 'objectStorageFlags', 'ringFlags', 'wiringFlags', 'memberlistFlags', 'etcdFlags',
    'addressFlags', 'serverTlsContribution', 'clientTlsContribution', 'cacheFlags', 'tenancyFlags', 'clusterValidationFlags', 'egressFlags', 'tuningFlags']);
});

test('identity: target, ports, then the data paths', () => {
  expect(names(identityFlags(context('ingester')))).toEqual(['target', 'server.http-listen-port', 'server.grpc-listen-port', 'activity-tracker.filepath', 'blocks-storage.tsdb.dir']);
});

test('rings: replication factor and zone-awareness on members and readers alike, the zone-aware store-gateway prefix', () => {
  const ctx = context('querier');
  expect(ringFlags(ctx).map((f) => `${f.name}=${f.value}`)).toEqual([
    'ingester.ring.replication-factor=3', 'ingester.ring.heartbeat-timeout=10m', 'ingester.ring.zone-awareness-enabled=true',
    'store-gateway.sharding-ring.replication-factor=3', 'store-gateway.sharding-ring.heartbeat-timeout=10m',
    'store-gateway.sharding-ring.zone-awareness-enabled=true', 'store-gateway.sharding-ring.prefix=multi-zone/',
  ]);
  expect(names(ringFlags(context('querier', { zones: [] })))).not.toContain('store-gateway.sharding-ring.prefix');
});

test('memberlist and etcd exclude each other', () => {
  const gossip = context('ingester');
  expect(names(memberlistFlags(gossip)).slice(0, 3)).toEqual(['memberlist.bind-port', 'memberlist.join', 'memberlist.tls-enabled']);
  expect(etcdFlags(gossip)).toEqual([]);
  const etcd = context('ingester', { kvStore: KvStore.etcd({ endpoints: ['etcd:2379'], tlsSecretName: 's' }) });
  expect(memberlistFlags(etcd)).toEqual([]);
  expect(names(etcdFlags(etcd)).slice(0, 3)).toEqual(['alertmanager.sharding-ring.store', 'alertmanager.sharding-ring.etcd.endpoints', 'alertmanager.sharding-ring.etcd.tls-enabled']);
});

test('tuning: result caching only where the results cache is deployed', () => {
  expect(names(tuningFlags(context('query-frontend')))).toContain('query-frontend.cache-results');
  expect(names(tuningFlags(context('query-frontend', { caches: { results: { enabled: false } } })))).not.toContain('query-frontend.cache-results');
});

test('transforms: tuning the version lacks is dropped, extraFlags override tuning in place and append the rest', () => {
  const ctx = context('querier', { components: { querier: { extraFlags: { 'querier.max-concurrent': '4', 'querier.timeout': '1m' } } } });
  const problems = new Problems();
  const flags = assembleFlags(problems, ctx);
  expect(problemsOf(problems)).toEqual([]);
  const at = names(flags).indexOf('querier.max-concurrent');
  expect(flags[at]).toEqual({ name: 'querier.max-concurrent', value: '4', role: 'extra' });
  expect(at).toBe(names(CONTRIBUTIONS.flatMap((c) => c(ctx))).indexOf('querier.max-concurrent'));
  expect(flags[flags.length - 1]).toEqual({ name: 'querier.timeout', value: '1m', role: 'extra' });
  const old = context('querier', { version: MimirVersion.V2_11_0 });
  const all = CONTRIBUTIONS.flatMap((c) => c(old)).filter((f) => f.role === 'tuning');
  const kept = assembleFlags(new Problems(), old).filter((f) => f.role === 'tuning');
  expect(kept.every((f) => old.checked.version!.flags.has(f.name))).toBe(true);
  expect(kept.length).toBeLessThanOrEqual(all.length);
});
