import { ApiObject, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RUN_AS_ID } from '../core/defaults';
import { toArgs } from '../core/flags/flag';
import { PATHS, PORTS } from '../core/names';
import { ResolvedCluster, ResolvedComponent } from '../core/resolve';
import { TlsSecretData } from '../issuer/local-issuer';
import { StatefulSetWithClaim } from './_stateful-set';
import { Certificate } from '../imports/cert-manager.io';
import { leafCertificateProps, staticTlsSecret } from './certificates';

/** Volume names in every Mimir pod. */
const VOLUMES = { tls: 'tls', trust: 'trust', data: 'data', tmp: 'tmp' } as const;
const CONTAINER_NAME = 'mimir';

/** Where a MimirComponent reads its resolved model. */
export interface IMimirClusterModel {
  /** @internal */
  readonly _model: ResolvedCluster;
  /** @internal Secrets issued at synth time, by Secret name (static issuance only). */
  readonly _staticSecrets?: Map<string, TlsSecretData>;
}

/** Props of one Mimir component. */
export interface MimirComponentProps {
  /** The cluster the component belongs to. */
  readonly cluster: IMimirClusterModel;

  /** The component's `-target`, e.g. `'ingester'`; it must be enabled in the cluster definition. */
  readonly target: string;
}

/**
 * One Mimir component rendered from the resolved cluster model: ServiceAccount, Deployment or StatefulSet,
 * ClusterIP and headless Services, PodDisruptionBudget and its cert-manager Certificate.
 *
 * The objects are public so that users can add to them (annotations, tolerations, extra containers); every
 * flag, name and certificate field was decided by the model and is not recomputed here.
 */
export class MimirComponent extends Construct {
  /** The component's `-target`. */
  public readonly target: string;
  /** The Deployment or StatefulSet running the component. */
  public readonly workload: kplus.Workload;
  /** ClusterIP Service (HTTP and gRPC). */
  public readonly service: kplus.Service;
  /** Headless Service: per-pod DNS names and DNS discovery of every pod. */
  public readonly headlessService: kplus.Service;
  /** The pods' ServiceAccount (no API token is mounted). */
  public readonly serviceAccount: kplus.ServiceAccount;
  /**
   * The cert-manager Certificate of the component, or with static issuance its `kubernetes.io/tls` Secret;
   * undefined when the component uses an existing Secret (`tlsSecretName`).
   */
  public readonly certificate?: ApiObject;
  /** The PodDisruptionBudget of the component. */
  public readonly podDisruptionBudget: ApiObject;

  constructor(scope: Construct, id: string, props: MimirComponentProps) {
    super(scope, id);
    const model = props.cluster._model;
    const c = model.components.find((x) => x.id === props.target);
    if (!c) {
      throw new Error(`target: "${props.target}" is not an enabled component of this cluster. Use one of ${model.components.map((x) => x.id).join(', ')}.`);
    }
    this.target = c.id;
    const namespace = model.namespace;
    const meta = (name: string) => ({ name, namespace, labels: { ...c.selector } });

    this.certificate = renderCertificate(this, c, namespace, props.cluster._staticSecrets);
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: meta(c.names.serviceAccount), automountToken: false });

    const servicePorts: kplus.ServicePort[] = [
      { name: PORTS.http.name, port: PORTS.http.port, targetPort: PORTS.http.port },
      { name: PORTS.grpc.name, port: PORTS.grpc.port, targetPort: PORTS.grpc.port },
    ];
    this.headlessService = new kplus.Service(this, 'HeadlessService', {
      metadata: meta(c.names.headless),
      clusterIP: 'None',
      // Discovery (query-scheduler) and StatefulSet peer names must resolve before pods are ready.
      publishNotReadyAddresses: true,
      ports: servicePorts,
    });

    const workloadProps: kplus.WorkloadProps = {
      metadata: { ...meta(c.names.workload), annotations: reloaderAnnotations(model, c) },
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      select: false,
      podMetadata: { labels: { ...c.labels } },
      securityContext: { user: RUN_AS_ID, group: RUN_AS_ID, fsGroup: RUN_AS_ID, ensureNonRoot: true },
    };
    if (c.storage) {
      this.workload = new StatefulSetWithClaim(this, 'Workload', {
        ...workloadProps,
        replicas: c.replicas,
        service: this.headlessService,
        podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      }, { volumeName: VOLUMES.data, size: c.storage.size, storageClassName: c.storage.storageClassName });
    } else {
      this.workload = new kplus.Deployment(this, 'Workload', { ...workloadProps, replicas: c.replicas });
      this.headlessService.select(this.workload);
    }
    this.workload.select(kplus.LabelSelector.of({ labels: { ...c.selector } }));
    addMimirContainer(this, this.workload, model, c);

    this.service = new kplus.Service(this, 'Service', { metadata: meta(c.names.service), selector: this.workload, ports: servicePorts });

    this.podDisruptionBudget = new kplus.k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata: meta(c.names.pdb),
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...c.selector } } },
    });
  }
}

function renderCertificate(scope: Construct, c: ResolvedComponent, namespace: string, staticSecrets: Map<string, TlsSecretData> | undefined): ApiObject | undefined {
  if (c.existingTlsSecret) return undefined;
  if (staticSecrets) {
    const data = staticSecrets.get(c.certificate.secretName);
    if (!data) throw new Error(`internal: no statically issued Secret ${c.certificate.secretName}`);
    return staticTlsSecret(scope, 'TlsSecret', c.certificate.secretName, namespace, { ...c.selector }, data);
  }
  return new Certificate(scope, 'Certificate', leafCertificateProps(c.certificate, namespace, { ...c.selector }));
}

/**
 * Mimir reads CA files, the memberlist certificate and the HTTP certificate only at startup (facts §6), so a
 * renewed Secret must roll the pods; Stakater Reloader does that from these workload annotations.
 */
function reloaderAnnotations(model: ResolvedCluster, c: ResolvedComponent): { [key: string]: string } {
  if (!model.reloadOnRotation) return {};
  const annotations: { [key: string]: string } = { 'secret.reloader.stakater.com/reload': c.names.tlsSecret };
  if (model.trust.configMap) annotations['configmap.reloader.stakater.com/reload'] = model.trust.configMap.name;
  return annotations;
}

function addMimirContainer(scope: Construct, workload: kplus.Workload, model: ResolvedCluster, c: ResolvedComponent): void {
  const mounts: kplus.VolumeMount[] = [
    {
      path: PATHS.tlsDir, readOnly: true,
      volume: kplus.Volume.fromSecret(scope, 'TlsVolume', kplus.Secret.fromSecretName(scope, 'TlsSecretRef', c.names.tlsSecret), { name: VOLUMES.tls }),
    },
    // A placeholder for stateful components: StatefulSetWithClaim swaps it for the claim template of the same name.
    { path: PATHS.dataDir, volume: kplus.Volume.fromEmptyDir(scope, 'DataVolume', VOLUMES.data) },
    // The alertmanager validates uploaded configurations in /tmp; a read-only root needs a writable one.
    { path: PATHS.tmpDir, volume: kplus.Volume.fromEmptyDir(scope, 'TmpVolume', VOLUMES.tmp) },
  ];
  if (model.trust.configMap) {
    mounts.push({
      path: PATHS.trustDir, readOnly: true,
      volume: kplus.Volume.fromConfigMap(scope, 'TrustVolume', kplus.ConfigMap.fromConfigMapName(scope, 'TrustConfigMap', model.trust.configMap.name), { name: VOLUMES.trust }),
    });
  }
  const env: { [name: string]: kplus.EnvValue } = {};
  for (const e of c.env) {
    env[e.name] = kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(scope, `Env${e.name}`, e.secretName), key: e.key });
  }
  const ports: kplus.ContainerPort[] = [
    { name: PORTS.http.name, number: PORTS.http.port },
    { name: PORTS.grpc.name, number: PORTS.grpc.port },
  ];
  if (c.spec.gossipMember) ports.push({ name: PORTS.gossip.name, number: PORTS.gossip.port });

  workload.addContainer({
    name: CONTAINER_NAME,
    image: model.image,
    args: toArgs(c.flags),
    ports,
    envVariables: env,
    volumeMounts: mounts,
    resources: {
      cpu: { request: kplus.Cpu.millis(c.resources.cpuMillis) },
      memory: { request: Size.mebibytes(c.resources.memoryMebibytes), limit: Size.mebibytes(c.resources.memoryLimitMebibytes) },
    },
    // The kubelet presents no client certificate: the HTTP server verifies one only if given (facts §5), and
    // the probe speaks HTTPS. The image is distroless, so no exec probe.
    readiness: kplus.Probe.fromHttpGet('/ready', {
      port: PORTS.http.port,
      scheme: kplus.ConnectionScheme.HTTPS,
      initialDelaySeconds: Duration.seconds(15),
      timeoutSeconds: Duration.seconds(1),
    }),
    securityContext: {
      ensureNonRoot: true,
      user: RUN_AS_ID,
      group: RUN_AS_ID,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
  });
}
