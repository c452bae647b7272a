import { ApiObject, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RUN_AS_ID } from '../core/defaults';
import { ProbeMode } from '../core/definition';
import { Flag, toArgs } from '../core/flags/flag';
import { SCRAPE_LABEL } from '../core/cluster/monitoring';
import { PATHS, PORTS, ZONE_LABEL } from '../core/names';
import { ResolvedCluster, ResolvedComponent, ResolvedZone } from '../core/resolve';
import type { TlsSecretData } from '../issuer/types';
import { containerSecurityContext, podDisruptionBudget, podSecurityContext, reloaderAnnotations, tlsMounts, VOLUMES } from './_pods';
import { MimirDeployment, MimirStatefulSet, PodExtras } from './_workloads';
import { renderLeaf } from './certificates';

const HOSTNAME = 'kubernetes.io/hostname';

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
 * One Mimir component rendered from the resolved cluster model: ServiceAccount, Deployment or StatefulSet(s)
 * (one per zone when zone-aware), ClusterIP and headless Services, PodDisruptionBudget and its Certificate.
 *
 * The objects are public so that users can add to them (annotations, tolerations, extra containers); every
 * flag, name and certificate field was decided by the model and is not recomputed here.
 */
export class MimirComponent extends Construct {
  /** The component's `-target`. */
  public readonly target: string;
  /** Every workload of the component: one, or one StatefulSet per zone. */
  public readonly workloads: kplus.Workload[];
  /** The component's workload; for a zone-aware component, the first zone's. */
  public readonly workload: kplus.Workload;
  /** ClusterIP Service (HTTP and gRPC) selecting every pod of the component. */
  public readonly service: kplus.Service;
  /** Headless Service: DNS discovery of every pod of the component. */
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
    const meta = (name: string, labels: { [k: string]: string } = c.selector) => ({ name, namespace, labels: { ...labels } });

    this.certificate = c.existingTlsSecret ? undefined : renderLeaf(this, c.certificate, namespace, { ...c.selector }, props.cluster._staticSecrets);
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: meta(c.names.serviceAccount), automountToken: false });

    const servicePorts: kplus.ServicePort[] = [
      { name: PORTS.http.name, port: PORTS.http.port, targetPort: PORTS.http.port },
      { name: PORTS.grpc.name, port: PORTS.grpc.port, targetPort: PORTS.grpc.port },
    ];
    const allPods = kplus.Pods.select(this, 'Pods', { labels: { ...c.selector } });
    this.headlessService = new kplus.Service(this, 'HeadlessService', {
      metadata: meta(c.names.headless),
      clusterIP: 'None',
      // Discovery (query-scheduler) and peer names must resolve before pods are ready.
      publishNotReadyAddresses: true,
      ports: servicePorts,
      selector: allPods,
    });
    // Only this Service carries the scrape label: headless and zone Services would scrape every pod again.
    this.service = new kplus.Service(this, 'Service', { metadata: meta(c.names.service, { ...c.selector, [SCRAPE_LABEL]: 'true' }), selector: allPods, ports: servicePorts });

    if (c.zones) {
      this.workloads = c.zones.map((z) => {
        const zoneSelector = { ...c.selector, [ZONE_LABEL]: z.name };
        const governing = new kplus.Service(this, `Zone-${z.name}-Service`, {
          metadata: meta(z.workload, zoneSelector), clusterIP: 'None', publishNotReadyAddresses: true, ports: servicePorts,
          selector: kplus.Pods.select(this, `Zone-${z.name}-Pods`, { labels: zoneSelector }),
        });
        return this.renderWorkload(`Zone-${z.name}`, model, c, z, governing);
      });
    } else {
      this.workloads = [this.renderWorkload('Workload', model, c, undefined, this.headlessService)];
    }
    this.workload = this.workloads[0];

    this.podDisruptionBudget = podDisruptionBudget(this, c.names.pdb, namespace, c.selector);
  }

  private renderWorkload(id: string, model: ResolvedCluster, c: ResolvedComponent, zone: ResolvedZone | undefined, governing: kplus.Service): kplus.Workload {
    const namespace = model.namespace;
    const selector = zone ? { ...c.selector, [ZONE_LABEL]: zone.name } : { ...c.selector };
    const podLabels: { [k: string]: string } = { ...c.labels, ...selector };
    const labels: { [k: string]: string } = { ...selector };
    const annotations = reloaderAnnotations(model, [c.names.tlsSecret]);
    if (c.rolloutGroup) {
      // The rollout-operator finds the zones of one component by this label and rolls them one at a time.
      labels['rollout-group'] = c.rolloutGroup.name;
      podLabels['rollout-group'] = c.rolloutGroup.name;
      annotations['rollout-max-unavailable'] = c.rolloutGroup.maxUnavailable;
    }
    const props: kplus.WorkloadProps = {
      metadata: { name: zone?.workload ?? c.names.workload, namespace, labels, annotations },
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      select: false,
      podMetadata: { labels: podLabels },
      securityContext: podSecurityContext(RUN_AS_ID),
      terminationGracePeriod: Duration.seconds(c.terminationGracePeriodSeconds),
    };
    const extras: PodExtras = {
      claim: c.storage ? { volumeName: VOLUMES.data, size: c.storage.size, storageClassName: c.storage.storageClassName } : undefined,
      affinity: zone ? zoneAffinity(c, zone) : undefined,
      topologySpreadConstraints: c.workloadSettings.spreadOnHostname
        ? [{ maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...c.selector } } }]
        : undefined,
    };
    let workload: kplus.Workload;
    if (c.spec.workload === 'StatefulSet') {
      workload = new MimirStatefulSet(this, id, {
        ...props,
        replicas: zone?.replicas ?? c.replicas,
        service: governing,
        podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
        // OnDelete only with the rollout-operator to delete pods; otherwise an update would never roll out.
        strategy: c.rolloutGroup ? kplus.StatefulSetUpdateStrategy.onDelete() : kplus.StatefulSetUpdateStrategy.rollingUpdate(),
      }, extras);
    } else {
      const ru = c.workloadSettings.rollingUpdate!;
      workload = new MimirDeployment(this, id, {
        ...props,
        replicas: c.replicas,
        strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: percentOrAbsolute(ru.maxSurge), maxUnavailable: percentOrAbsolute(ru.maxUnavailable) }),
      }, extras);
    }
    workload.select(kplus.LabelSelector.of({ labels: selector }));
    addMimirContainer(workload, model, c, zone?.flags ?? []);
    return workload;
  }
}

function percentOrAbsolute(v: string): kplus.PercentOrAbsolute {
  return v.endsWith('%') ? kplus.PercentOrAbsolute.percent(Number(v.slice(0, -1))) : kplus.PercentOrAbsolute.absolute(Number(v));
}

/**
 * A zone's pods run on the zone's nodes, and never on a node that already runs the same component from
 * another zone: losing a node then loses at most one replica of any series.
 */
function zoneAffinity(c: ResolvedComponent, zone: ResolvedZone): kplus.k8s.Affinity {
  return {
    nodeAffinity: zone.nodeSelector && Object.keys(zone.nodeSelector).length > 0 ? {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: Object.entries(zone.nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] })) }],
      },
    } : undefined,
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{
        topologyKey: HOSTNAME,
        labelSelector: {
          matchLabels: { ...c.selector },
          matchExpressions: [{ key: ZONE_LABEL, operator: 'NotIn', values: [zone.name] }],
        },
      }],
    },
  };
}

/** GET /ready over the scheme the HTTP server speaks, or a TCP check when HTTP requires client certificates. */
function readinessProbe(c: ResolvedComponent): kplus.Probe {
  const timing = { initialDelaySeconds: Duration.seconds(c.workloadSettings.readinessDelaySeconds), timeoutSeconds: Duration.seconds(1) };
  if (c.probe.mode === ProbeMode.TCP_SOCKET) return kplus.Probe.fromTcpSocket({ port: PORTS.http.port, ...timing });
  return kplus.Probe.fromHttpGet('/ready', {
    port: PORTS.http.port,
    scheme: c.probe.scheme === 'HTTPS' ? kplus.ConnectionScheme.HTTPS : kplus.ConnectionScheme.HTTP,
    ...timing,
  });
}

function addMimirContainer(workload: kplus.Workload, model: ResolvedCluster, c: ResolvedComponent, zoneFlags: readonly Flag[]): void {
  const mounts: kplus.VolumeMount[] = [
    ...tlsMounts(workload, model, c.names.tlsSecret, PATHS.tlsDir, PATHS.trustDir),
    ...c.extraMounts.map((m) => ({
      path: m.path, readOnly: true,
      volume: kplus.Volume.fromSecret(workload, `Secret-${m.name}`, kplus.Secret.fromSecretName(workload, `SecretRef-${m.name}`, m.secretName), { name: m.name }),
    })),
    {
      path: PATHS.runtimeConfigDir, readOnly: true,
      volume: kplus.Volume.fromConfigMap(workload, 'RuntimeConfigVolume', kplus.ConfigMap.fromConfigMapName(workload, 'RuntimeConfigRef', model.runtimeConfig.configMap), { name: 'runtime-config' }),
    },
    // A placeholder for stateful components: MimirStatefulSet swaps it for the claim template of the same name.
    { path: PATHS.dataDir, volume: kplus.Volume.fromEmptyDir(workload, 'DataVolume', VOLUMES.data) },
    // The alertmanager validates uploaded configurations in /tmp; a read-only root needs a writable one.
    { path: PATHS.tmpDir, volume: kplus.Volume.fromEmptyDir(workload, 'TmpVolume', VOLUMES.tmp) },
  ];
  const env: { [name: string]: kplus.EnvValue } = {};
  for (const e of c.env) {
    env[e.name] = kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(workload, `Env${e.name}`, e.secretName), key: e.key });
  }
  if (c.goMaxProcs !== undefined) env.GOMAXPROCS = kplus.EnvValue.fromValue(String(c.goMaxProcs));
  if (c.goMemLimitBytes !== undefined) env.GOMEMLIMIT = kplus.EnvValue.fromValue(String(c.goMemLimitBytes));
  const ports: kplus.ContainerPort[] = [
    { name: PORTS.http.name, number: PORTS.http.port },
    { name: PORTS.grpc.name, number: PORTS.grpc.port },
  ];
  if (c.gossip) ports.push({ name: PORTS.gossip.name, number: PORTS.gossip.port });

  workload.addContainer({
    name: model.appName,
    image: model.image,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    args: toArgs([...c.flags, ...zoneFlags]),
    ports,
    envVariables: env,
    volumeMounts: mounts,
    // No CPU limit, as in Grafana's tools: GOMAXPROCS is derived from the request instead.
    resources: {
      cpu: { request: kplus.Cpu.millis(c.resources.cpuMillis) },
      memory: { request: Size.mebibytes(c.resources.memoryMebibytes), limit: Size.mebibytes(c.resources.memoryLimitMebibytes) },
    },
    // The kubelet presents no client certificate: the HTTP server verifies one only if given (facts §5), and
    // the probe speaks HTTPS. The image is distroless, so no exec probe; no liveness probe, as in both tools.
    readiness: readinessProbe(c),
    securityContext: containerSecurityContext(RUN_AS_ID),
  });
}
