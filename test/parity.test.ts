// Production parity: the 22 settings Grafana's Helm chart and jsonnet agree on
// (../shared/design/production-defaults.md), each checked on the synthesized example cluster. One row per item;
// a failure names the item.
import { Testing } from 'cdk8s';
import { ProductionMimirChart } from '../examples/main';
import { argsOf, findObject, mimirContainer, objectsOfKind, workloadsOf } from './_helpers';

const manifests = Testing.synth(new ProductionMimirChart(Testing.app(), 'mimir'));
const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const pods = (id: string) => workloadsOf(manifests, 'mimir', id);
const flag = (id: string, name: string) => pods(id).map((w) => argsOf(w).get(name));
const everyPod = (id: string, name: string, value: string) => flag(id, name).every((v) => v === value) && pods(id).length > 0;
const tgps = (id: string) => pods(id).map((w) => w.spec.template.spec.terminationGracePeriodSeconds);
const allTgps = (id: string, s: number) => tgps(id).every((t) => t === s);
const env = (w: any, name: string) => mimirContainer(w).env?.find((e: any) => e.name === name)?.value;
const cpuCores = (w: any) => {
  const q = String(mimirContainer(w).resources.requests.cpu);
  return q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
};
const memoryBytes = (w: any) => Number(String(mimirContainer(w).resources.requests.memory).replace(/Mi$/, '')) * 1024 * 1024;
const rolling = (id: string, surge: string | number, unavailable: string | number) =>
  pods(id).every((w) => w.kind === 'Deployment' && w.spec.strategy.type === 'RollingUpdate'
    && String(w.spec.strategy.rollingUpdate.maxSurge) === String(surge) && String(w.spec.strategy.rollingUpdate.maxUnavailable) === String(unavailable));
const zoneRollout = (id: string, maxUnavailable: string) => {
  const ws = pods(id);
  return ws.length === 3 && ws.every((w, i) => w.kind === 'StatefulSet' && w.metadata.name === `mimir-${id}-${ZONES[i]}`
    && w.spec.updateStrategy.type === 'OnDelete' && w.spec.podManagementPolicy === 'Parallel'
    && w.metadata.labels['rollout-group'] === id && w.metadata.annotations['rollout-max-unavailable'] === maxUnavailable);
};
const antiAffinityAcrossZones = (id: string) => pods(id).every((w) => {
  const term = w.spec.template.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0];
  const zone = w.spec.template.metadata.labels.zone;
  return term?.topologyKey === 'kubernetes.io/hostname' && term.labelSelector.matchLabels['app.kubernetes.io/component'] === id
    && term.labelSelector.matchExpressions.some((e: any) => e.key === 'zone' && e.operator === 'NotIn' && e.values.includes(zone));
});
const memcached = (id: string) => findObject(manifests, 'StatefulSet', `mimir-${id}`);
const memcachedArgs = (id: string) => memcached(id).spec.template.spec.containers.find((c: any) => c.name === 'memcached').args as string[];
const argAfter = (args: string[], name: string) => args[args.indexOf(name) + 1];

const ITEMS: [string, () => boolean][] = [
  ['1. distributor gRPC keepalive + drain, TGPS 100', () =>
    everyPod('distributor', 'server.grpc.keepalive.max-connection-age', '60s') && everyPod('distributor', 'server.grpc.keepalive.max-connection-age-grace', '5m')
    && everyPod('distributor', 'server.grpc.keepalive.max-connection-idle', '1m') && everyPod('distributor', 'shutdown-delay', '90s') && allTgps('distributor', 100)],
  ['2. query-frontend keepalive + drain, TGPS 390', () =>
    everyPod('query-frontend', 'server.grpc.keepalive.max-connection-age', '30s') && everyPod('query-frontend', 'shutdown-delay', '90s') && allTgps('query-frontend', 390)],
  ['3. gRPC keepalive enforcement on all servers', () =>
    ['distributor', 'ingester', 'querier', 'query-frontend', 'query-scheduler', 'store-gateway', 'compactor', 'ruler', 'alertmanager', 'overrides-exporter']
      .every((id) => everyPod(id, 'server.grpc.keepalive.min-time-between-pings', '10s') && everyPod(id, 'server.grpc.keepalive.ping-without-stream-allowed', 'true'))],
  ['4. ingester ring: heartbeats, tokens, zone awareness, fast-join abort', () =>
    everyPod('ingester', 'ingester.ring.heartbeat-period', '2m') && everyPod('ingester', 'ingester.ring.num-tokens', '512')
    && everyPod('ingester', 'ingester.ring.tokens-file-path', '/data/tokens') && everyPod('ingester', 'memberlist.abort-if-fast-join-fails', 'true')
    && ['ingester', 'distributor', 'querier', 'ruler'].every((id) => everyPod(id, 'ingester.ring.heartbeat-timeout', '10m') && everyPod(id, 'ingester.ring.zone-awareness-enabled', 'true'))
    && pods('ingester').every((w, i) => argsOf(w).get('ingester.ring.instance-availability-zone') === ZONES[i])],
  ['5. ingester TSDB', () =>
    everyPod('ingester', 'blocks-storage.tsdb.dir', '/data/tsdb') && everyPod('ingester', 'blocks-storage.tsdb.head-compaction-interval', '15m')
    && everyPod('ingester', 'blocks-storage.tsdb.wal-replay-concurrency', '3')],
  ['6. ingester workload: per-zone StatefulSets, OnDelete, Parallel, rollout group, anti-affinity, TGPS 1200, /data PVC', () =>
    zoneRollout('ingester', '50') && antiAffinityAcrossZones('ingester') && allTgps('ingester', 1200)
    && pods('ingester').every((w) => w.spec.volumeClaimTemplates[0].metadata.name === 'data' && mimirContainer(w).volumeMounts.some((m: any) => m.name === 'data' && m.mountPath === '/data'))],
  ['7. store-gateway ring, message size, zones, TGPS 120, GOMEMLIMIT', () =>
    everyPod('store-gateway', 'store-gateway.sharding-ring.heartbeat-period', '1m') && everyPod('store-gateway', 'store-gateway.sharding-ring.heartbeat-timeout', '10m')
    && everyPod('store-gateway', 'store-gateway.sharding-ring.wait-stability-min-duration', '1m') && everyPod('store-gateway', 'store-gateway.sharding-ring.tokens-file-path', '/data/tokens')
    && everyPod('store-gateway', 'store-gateway.sharding-ring.unregister-on-shutdown', 'false') && everyPod('store-gateway', 'server.grpc-max-send-msg-size-bytes', '209715200')
    && ['store-gateway', 'querier', 'ruler'].every((id) => everyPod(id, 'store-gateway.sharding-ring.prefix', 'multi-zone/'))
    && zoneRollout('store-gateway', '50') && allTgps('store-gateway', 120)
    && pods('store-gateway').every((w) => env(w, 'GOMEMLIMIT') === String(memoryBytes(w)))],
  ['8. querier ↔ store-gateway message size', () => everyPod('querier', 'querier.store-gateway-client.grpc-max-recv-msg-size', '209715200')],
  ['9. block-cache and results-cache client tuning, ruler-storage cache on the metadata memcached', () => {
    const p = 'blocks-storage.bucket-store';
    return everyPod('store-gateway', `${p}.chunks-cache.backend`, 'memcached') && everyPod('store-gateway', `${p}.chunks-cache.memcached.max-idle-connections`, '150')
      && everyPod('store-gateway', `${p}.chunks-cache.memcached.timeout`, '750ms') && everyPod('store-gateway', `${p}.chunks-cache.memcached.max-item-size`, '1048576')
      && everyPod('store-gateway', `${p}.index-cache.memcached.timeout`, '750ms') && everyPod('store-gateway', `${p}.index-cache.memcached.max-item-size`, '5242880')
      && everyPod('store-gateway', `${p}.metadata-cache.memcached.max-item-size`, '1048576') && everyPod('store-gateway', `${p}.metadata-cache.memcached.max-idle-connections`, '150')
      && everyPod('query-frontend', 'query-frontend.results-cache.memcached.timeout', '500ms') && everyPod('query-frontend', 'query-frontend.results-cache.memcached.max-item-size', '5242880')
      && everyPod('ruler', 'ruler-storage.cache.backend', 'memcached') && flag('ruler', 'ruler-storage.cache.memcached.addresses')[0]!.includes('mimir-metadata-cache.');
  }],
  ['10. compactor', () =>
    everyPod('compactor', 'compactor.compaction-interval', '30m') && everyPod('compactor', 'compactor.deletion-delay', '2h')
    && everyPod('compactor', 'compactor.first-level-compaction-wait-period', '25m') && everyPod('compactor', 'compactor.max-opening-blocks-concurrency', '4')
    && everyPod('compactor', 'compactor.max-closing-blocks-concurrency', '2') && everyPod('compactor', 'compactor.symbols-flushers-concurrency', '4')
    && everyPod('compactor', 'compactor.ring.heartbeat-period', '1m') && everyPod('compactor', 'compactor.ring.heartbeat-timeout', '4m')
    && everyPod('compactor', 'compactor.ring.wait-stability-min-duration', '1m') && everyPod('compactor', 'compactor.data-dir', '/data/compactor')
    && pods('compactor').length === 1 && pods('compactor')[0].kind === 'StatefulSet' && pods('compactor')[0].spec.replicas === 1 && allTgps('compactor', 900)],
  ['11. distributor ring heartbeat 1m / timeout 4m', () =>
    everyPod('distributor', 'distributor.ring.heartbeat-period', '1m') && everyPod('distributor', 'distributor.ring.heartbeat-timeout', '4m')],
  ['12. query-frontend results caching and query sharding', () =>
    everyPod('query-frontend', 'query-frontend.cache-results', 'true') && everyPod('query-frontend', 'query-frontend.max-cache-freshness', '10m')
    && everyPod('query-frontend', 'query-frontend.max-total-query-length', '12000h') && everyPod('query-frontend', 'query-frontend.query-sharding-target-series-per-shard', '2500')
    && everyPod('query-frontend', 'query-frontend.parallelize-shardable-queries', 'true') && everyPod('query-frontend', 'querier.max-query-parallelism', '240')
    && everyPod('query-frontend', 'query-frontend.results-cache.backend', 'memcached')
    && everyPod('query-scheduler', 'query-scheduler.max-outstanding-requests-per-tenant', '800') && everyPod('querier', 'querier.max-concurrent', '16')],
  ['13. ruler: remote timeout, TGPS 600, rolling 50%/0', () =>
    everyPod('ruler', 'distributor.remote-timeout', '10s') && allTgps('ruler', 600) && rolling('ruler', '50%', 0)],
  ['14. alertmanager: StatefulSet, HTTP idle timeout 6m, TGPS 900', () =>
    pods('alertmanager').every((w) => w.kind === 'StatefulSet') && everyPod('alertmanager', 'server.http-idle-timeout', '6m') && allTgps('alertmanager', 900)],
  ['15. querier and query-scheduler TGPS 180; scheduler 2 replicas, rolling 1/0, headless discovery Service', () => {
    const discovery = findObject(manifests, 'Service', 'mimir-query-scheduler-headless').spec;
    return allTgps('querier', 180) && allTgps('query-scheduler', 180) && pods('query-scheduler')[0].spec.replicas === 2 && rolling('query-scheduler', 1, 0)
      && discovery.clusterIP === 'None' && discovery.publishNotReadyAddresses === true
      && flag('querier', 'querier.scheduler-address')[0]!.startsWith('mimir-query-scheduler-headless.');
  }],
  ['16. stateless rollout 15% / 0', () => ['distributor', 'querier', 'query-frontend', 'overrides-exporter'].every((id) => rolling(id, '15%', 0))],
  ['17. a PodDisruptionBudget with maxUnavailable 1 per component and per memcached', () =>
    ['distributor', 'ingester', 'querier', 'query-frontend', 'query-scheduler', 'store-gateway', 'compactor', 'ruler', 'alertmanager', 'overrides-exporter',
      'chunks-cache', 'index-cache', 'metadata-cache', 'results-cache'].every((id) => findObject(manifests, 'PodDisruptionBudget', `mimir-${id}`).spec.maxUnavailable === 1)],
  ['18. topology spread on the hostname for distributor, querier, query-frontend, ruler', () =>
    ['distributor', 'querier', 'query-frontend', 'ruler'].every((id) => pods(id).every((w) => {
      const t = w.spec.template.spec.topologySpreadConstraints?.[0];
      return t?.topologyKey === 'kubernetes.io/hostname' && t.maxSkew === 1 && t.whenUnsatisfiable === 'ScheduleAnyway';
    }))],
  ['19. GOMAXPROCS from the CPU request, no CPU limits', () => {
    const gmp = (id: string, f: (c: number) => number) => pods(id).every((w) => env(w, 'GOMAXPROCS') === String(f(cpuCores(w))));
    return gmp('ingester', (c) => Math.ceil(c + Math.min(6, Math.max(3, c))) + 1) && gmp('querier', (c) => Math.ceil(Math.max(2 * c, c + 4)))
      && gmp('store-gateway', (c) => Math.ceil(Math.max(2 * c, c + 4))) && gmp('distributor', (c) => Math.ceil(Math.max(8, c + 2)))
      && manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet').flatMap((w) => w.spec.template.spec.containers)
        .filter((c: any) => c.name === 'mimir').every((c: any) => c.resources.limits?.cpu === undefined);
  }],
  ['20. readiness /ready on 8080, no liveness, ports 8080/9095/7946, gossip-ring Service', () => {
    const mimir = manifests.filter((m) => (m.kind === 'Deployment' || m.kind === 'StatefulSet') && m.spec.template.spec.containers.some((c: any) => c.name === 'mimir'));
    const gossip = findObject(manifests, 'Service', 'mimir-gossip-ring').spec;
    return mimir.length > 0 && mimir.every((w) => {
      const c = mimirContainer(w);
      return c.readinessProbe.httpGet.path === '/ready' && c.readinessProbe.httpGet.port === 8080 && c.livenessProbe === undefined
        && c.ports.some((p: any) => p.containerPort === 8080 && p.name === 'http-metrics') && c.ports.some((p: any) => p.containerPort === 9095 && p.name === 'grpc');
    }) && pods('ingester').every((w) => mimirContainer(w).ports.some((p: any) => p.containerPort === 7946)) && gossip.ports[0].port === 7946;
  }],
  ['21. memcached with the exporter sidecar, -c 16384, item sizes 1m/5m', () =>
    ['chunks-cache', 'index-cache', 'metadata-cache', 'results-cache'].every((id) => {
      const exporter = memcached(id).spec.template.spec.containers.find((c: any) => c.name === 'exporter');
      return exporter.image === 'prom/memcached-exporter:v0.15.3' && exporter.args.includes('--memcached.address=localhost:11211')
        && exporter.args.includes('--web.listen-address=0.0.0.0:9150') && argAfter(memcachedArgs(id), '-c') === '16384';
    }) && argAfter(memcachedArgs('chunks-cache'), '-I') === '1m' && argAfter(memcachedArgs('metadata-cache'), '-I') === '1m'
    && argAfter(memcachedArgs('index-cache'), '-I') === '5m' && argAfter(memcachedArgs('results-cache'), '-I') === '5m'],
  ['22. rollout-operator with TLS webhooks; rollout-max-unavailable 50 on ingester and store-gateway zones', () => {
    const ro = findObject(manifests, 'Deployment', 'mimir-rollout-operator');
    const hooks = [...objectsOfKind(manifests, 'ValidatingWebhookConfiguration'), ...objectsOfKind(manifests, 'MutatingWebhookConfiguration')]
      .map((h) => `${h.kind === 'MutatingWebhookConfiguration' ? 'mutating' : 'validating'}:${h.webhooks[0].clientConfig.service.path}`).sort();
    return ro.spec.template.spec.containers[0].args.includes('-server-tls.enabled=true')
      && JSON.stringify(hooks) === JSON.stringify(['mutating:/admission/prepare-downscale', 'validating:/admission/no-downscale', 'validating:/admission/pod-eviction', 'validating:/admission/zpdb-validation'])
      && zoneRollout('ingester', '50') && zoneRollout('store-gateway', '50');
  }],
];

test('the table covers all 22 items', () => {
  expect(ITEMS.map(([name]) => Number(name.split('.')[0]))).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
});

test.each(ITEMS)('%s', (_name, check) => {
  expect(check()).toBe(true);
});
