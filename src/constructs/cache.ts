import { ApiObject, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { MEMCACHED_EXPORTER_IMAGE, MEMCACHED_EXPORTER_PORT, MEMCACHED_IMAGE, MEMCACHED_PORT, MEMCACHED_UID } from '../core/catalog/caches';
import { MEMCACHED_PATHS } from '../core/names';
import { ResolvedCache } from '../core/resolve';
import { containerSecurityContext, podDisruptionBudget, podSecurityContext, reloaderAnnotations, tlsMounts } from './_pods';
import { MimirStatefulSet } from './_workloads';
import { renderLeaf } from './certificates';
import { IMimirClusterModel } from './component';

/** Props of one memcached cache. */
export interface MemcachedCacheProps {
  /** The cluster the cache belongs to. */
  readonly cluster: IMimirClusterModel;
  /** The cache id: `chunks-cache`, `index-cache`, `metadata-cache` or `results-cache`; it must be enabled. */
  readonly cache: string;
}

/**
 * One memcached cache as Grafana's tools deploy it (StatefulSet with the memcached exporter sidecar, headless
 * Service, PodDisruptionBudget), plus TLS: its own certificate, `-Z` with client certificates required.
 */
export class MemcachedCache extends Construct {
  /** The cache id. */
  public readonly cacheId: string;
  /** The memcached StatefulSet. */
  public readonly workload: kplus.StatefulSet;
  /** Headless Service the clients resolve with `dns+`. */
  public readonly service: kplus.Service;
  /** The cache's Certificate (or static Secret); undefined without TLS. */
  public readonly certificate?: ApiObject;

  constructor(scope: Construct, id: string, props: MemcachedCacheProps) {
    super(scope, id);
    const model = props.cluster._model;
    const c: ResolvedCache | undefined = model.caches.find((x) => x.id === props.cache && !x.external);
    if (!c) throw new Error(`cache: "${props.cache}" is not an enabled cache of this cluster. Use one of ${model.caches.map((x) => x.id).join(', ') || '(none)'}.`);
    this.cacheId = c.id;
    const namespace = model.namespace;
    const meta = (name: string) => ({ name, namespace, labels: { ...c.selector } });

    if (c.tls) this.certificate = renderLeaf(this, c.certificate, namespace, { ...c.selector }, props.cluster._staticSecrets);
    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: meta(c.names.serviceAccount), automountToken: false });
    this.service = new kplus.Service(this, 'Service', {
      metadata: meta(c.names.service),
      clusterIP: 'None',
      // Clients resolve every pod through this name; a pod is listed as soon as it has an address, so a client
      // that refuses to start without addresses (Mimir 2.11) does not exit while a cache pod starts or rolls.
      publishNotReadyAddresses: true,
      ports: [{ name: 'client', port: MEMCACHED_PORT, targetPort: MEMCACHED_PORT }, { name: 'http-metrics', port: MEMCACHED_EXPORTER_PORT, targetPort: MEMCACHED_EXPORTER_PORT }],
      selector: kplus.Pods.select(this, 'Pods', { labels: { ...c.selector } }),
    });
    this.workload = new MimirStatefulSet(this, 'Workload', {
      metadata: { ...meta(c.names.workload), annotations: c.tls ? reloaderAnnotations(model, [c.names.tlsSecret]) : {} },
      replicas: c.replicas,
      service: this.service,
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      serviceAccount,
      automountServiceAccountToken: false,
      select: false,
      podMetadata: { labels: { ...c.labels } },
      securityContext: podSecurityContext(MEMCACHED_UID),
      terminationGracePeriod: Duration.seconds(30),
    }, {});
    this.workload.select(kplus.LabelSelector.of({ labels: { ...c.selector } }));
    const mounts = c.tls ? tlsMounts(this.workload, model, c.names.tlsSecret, MEMCACHED_PATHS.tlsDir, MEMCACHED_PATHS.trustDir) : [];
    // 21. memory request = limit = 1.2 × the item memory, as Grafana's chart sizes memcached.
    const memory = Size.mebibytes(Math.ceil(c.memoryMebibytes * 1.2));
    this.workload.addContainer({
      name: 'memcached',
      image: MEMCACHED_IMAGE,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      args: [...c.args],
      ports: [{ name: 'client', number: MEMCACHED_PORT }],
      volumeMounts: mounts,
      resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { request: memory, limit: memory } },
      readiness: kplus.Probe.fromTcpSocket({ port: MEMCACHED_PORT, initialDelaySeconds: Duration.seconds(5), timeoutSeconds: Duration.seconds(1) }),
      securityContext: containerSecurityContext(MEMCACHED_UID),
    });
    this.workload.addContainer({
      name: 'exporter',
      image: MEMCACHED_EXPORTER_IMAGE,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      args: [...c.exporterArgs],
      ports: [{ name: 'http-metrics', number: MEMCACHED_EXPORTER_PORT }],
      volumeMounts: mounts,
      resources: { cpu: { request: kplus.Cpu.millis(50) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
      securityContext: containerSecurityContext(MEMCACHED_UID),
    });
    podDisruptionBudget(this, c.names.pdb, namespace, c.selector);
  }
}
