import { ApiObject, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedCache } from '../core/resolve';
import { containerSecurityContext, podDisruptionBudget, podSecurityContext, reloaderAnnotations, tlsMounts } from './_pods';
import { MimirStatefulSet } from './_workloads';
import { renderLeaf } from './certificates';
import { IMimirClusterModel } from './component';

/** Props of one cache the cluster deploys. */
export interface ClusterCacheProps {
  /** The cluster the cache belongs to. */
  readonly cluster: IMimirClusterModel;
  /** The cache id: `chunks-cache`, `index-cache`, `metadata-cache` or `results-cache`; it must be enabled and deployed. */
  readonly cache: string;
}

/**
 * One cache server as the cluster deploys it: memcached (Mimir) or Redis (Cortex), in a StatefulSet with its
 * exporter sidecar, a headless Service, a PodDisruptionBudget, and TLS: its own certificate, client certificates
 * required, no plaintext port.
 */
export class ClusterCache extends Construct {
  /** The cache id. */
  public readonly cacheId: string;
  /** The cache server's engine: `memcached` or `redis`. */
  public readonly engine: string;
  /** The cache server's StatefulSet. */
  public readonly workload: kplus.StatefulSet;
  /** Headless Service the clients resolve. */
  public readonly service: kplus.Service;
  /** The cache's Certificate (or static Secret); undefined without TLS. */
  public readonly certificate?: ApiObject;

  constructor(scope: Construct, id: string, props: ClusterCacheProps) {
    super(scope, id);
    const model = props.cluster._model;
    const c: ResolvedCache | undefined = model.caches.find((x) => x.id === props.cache && !x.external);
    if (!c) throw new Error(`cache: "${props.cache}" is not a deployed cache of this cluster. Use one of ${model.caches.filter((x) => !x.external).map((x) => x.id).join(', ') || '(none)'}.`);
    const engine = c.spec.engine;
    this.cacheId = c.id;
    this.engine = engine.id;
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
      ports: [{ name: 'client', port: engine.port, targetPort: engine.port }, { name: 'http-metrics', port: engine.exporterPort, targetPort: engine.exporterPort }],
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
      securityContext: podSecurityContext(engine.uid),
      terminationGracePeriod: Duration.seconds(30),
    }, {});
    this.workload.select(kplus.LabelSelector.of({ labels: { ...c.selector } }));
    const mounts = c.tls ? tlsMounts(this.workload, model, c.names.tlsSecret, engine.paths.tlsDir, engine.paths.trustDir) : [];
    const scratch: kplus.VolumeMount[] = engine.scratch
      ? [{ path: engine.scratch.path, volume: kplus.Volume.fromEmptyDir(this.workload, 'ScratchVolume', 'scratch', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(engine.scratch.sizeMebibytes) }) }]
      : [];
    const memory = Size.mebibytes(c.containerMemoryMebibytes);
    this.workload.addContainer({
      name: engine.id,
      image: engine.image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      command: engine.command ? [...engine.command] : undefined,
      args: [...c.args],
      ports: [{ name: 'client', number: engine.port }],
      volumeMounts: [...mounts, ...scratch],
      workingDir: engine.scratch?.path,
      resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { request: memory, limit: memory } },
      readiness: kplus.Probe.fromTcpSocket({ port: engine.port, initialDelaySeconds: Duration.seconds(5), timeoutSeconds: Duration.seconds(1) }),
      securityContext: containerSecurityContext(engine.uid),
    });
    this.workload.addContainer({
      name: 'exporter',
      image: engine.exporterImage,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      args: [...c.exporterArgs],
      ports: [{ name: 'http-metrics', number: engine.exporterPort }],
      volumeMounts: mounts,
      resources: { cpu: { request: kplus.Cpu.millis(50) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
      securityContext: containerSecurityContext(engine.uid),
    });
    podDisruptionBudget(this, c.names.pdb, namespace, c.selector);
  }
}

/**
 * A memcached cache (the name from before caches had several engines).
 * @deprecated Use ClusterCache, which renders memcached and Redis caches alike.
 */
export class MemcachedCache extends ClusterCache {}

/** @deprecated Use ClusterCacheProps. */
export interface MemcachedCacheProps extends ClusterCacheProps {}
