// Stage 4: workload settings, zones and the resolved component.
import { resolveComponent } from '../../../src/core/components/component';
import { resolveWorkload } from '../../../src/core/components/workload';
import { resolveZoneList } from '../../../src/core/components/zones';
import { problemsOf, stages } from './_stages';

function component(id: string, props: any = {}) {
  const s = stages(props);
  return { ...s, c: s.checked.components.find((x) => x.spec.id === id)! };
}

test('a ring owner needs replicationFactor replicas; a reader does not', () => {
  const owner = component('ingester', { components: { ingester: { replicas: 2 } } });
  resolveWorkload(owner.problems, owner.checked, owner.dialect, owner.c);
  expect(problemsOf(owner.problems)).toEqual(['components.ingester.replicas: is 2, fewer than replicationFactor 3']);
  const reader = component('querier', { components: { querier: { replicas: 1 } } });
  resolveWorkload(reader.problems, reader.checked, reader.dialect, reader.c);
  expect(problemsOf(reader.problems)).toEqual([]);
});

test('zones share the replicas evenly, the first zones taking the remainder', () => {
  const s = component('ingester', { components: { ingester: { replicas: 7 } } });
  const zones = resolveZoneList(s.checked, s.dialect, s.c, 7, true)!;
  expect(zones.map((z) => [z.workload, z.replicas, z.flags[0].name, z.flags[0].value])).toEqual([
    ['mimir-ingester-zone-a', 3, 'ingester.ring.instance-availability-zone', 'zone-a'],
    ['mimir-ingester-zone-b', 2, 'ingester.ring.instance-availability-zone', 'zone-b'],
    ['mimir-ingester-zone-c', 2, 'ingester.ring.instance-availability-zone', 'zone-c'],
  ]);
  expect(resolveZoneList(s.checked, s.dialect, s.c, 7, false)).toBeUndefined();
});

test('a stateless component refuses volume options', () => {
  const s = component('querier', { components: { querier: { storageSize: '1Gi' } } });
  expect(resolveWorkload(s.problems, s.checked, s.dialect, s.c).storage).toBeUndefined();
  expect(problemsOf(s.problems)).toEqual(['components.querier.storageSize: is set, but querier is stateless and has no persistent volume']);
});

test('the resolved component: gossip label, mounts of outside Secrets, rollout group only with the rollout-operator', () => {
  const s = component('store-gateway', { storage: { endpoint: 's3:9000', blocksBucket: 'blocks', rulerBucket: 'rules', alertmanagerBucket: 'alerts', credentialsSecret: 'c', tls: { caSecretName: 's3-ca' } } });
  const r = resolveComponent(s, s.c);
  expect(r.labels['app.kubernetes.io/part-of']).toBe('memberlist');
  expect(r.extraMounts).toEqual([{ name: 's3-ca', secretName: 's3-ca', path: '/etc/mimir/s3-ca' }]);
  expect(r.rolloutGroup).toEqual({ name: 'store-gateway', maxUnavailable: '50' });
  const plain = component('store-gateway', { zones: [] });
  expect(resolveComponent(plain, plain.c).rolloutGroup).toBeUndefined();
});
