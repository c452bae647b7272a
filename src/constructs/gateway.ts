import { ApiObject, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GATEWAY_TMP_SIZE_MEBIBYTES, GATEWAY_UID } from '../core/defaults';
import { GATEWAY_PATHS, TLS_SECRET_KEYS } from '../core/names';
import { ResolvedCluster } from '../core/resolve';
import { CaBootstrap, renderLeaf, staticCaCertificateSecret } from './certificates';
import { IMimirClusterModel } from './component';
import { containerSecurityContext, podDisruptionBudget, podSecurityContext, reloaderAnnotations } from './_pods';
import { MimirDeployment } from './_workloads';

/** Props of MimirGateway. */
export interface MimirGatewayProps {
  /** The cluster whose gateway this is; its definition must deploy one. */
  readonly cluster: IMimirClusterModel;
}

/**
 * The authenticating front door: nginx with the rendered configuration, its certificates (server, client to the
 * components, its clients CA and one certificate per client identity), Service, PDB. Everything it renders is in
 * the cluster model's gateway plan; the objects are public so that users can add to them.
 */
export class MimirGateway extends Construct {
  /** The gateway's Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The gateway's Service (port 443). */
  public readonly service: kplus.Service;
  /** Certificates (or static Secrets) of the client identities and trusted proxies, in definition order. */
  public readonly clientCertificates: ApiObject[];
  /** The ConfigMap holding nginx.conf. */
  public readonly config: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: MimirGatewayProps) {
    super(scope, id);
    const model = props.cluster._model;
    const staticSecrets = props.cluster._staticSecrets;
    if (!model.gateway) throw new Error('gateway: the cluster deploys no gateway (gateway.enabled is false, or the size is DEV). Enable it in the definition.');
    const g = model.gateway;
    const namespace = model.namespace;
    const meta = (name: string) => ({ name, namespace, labels: { ...g.labels } });
    renderLeaf(new Construct(this, 'ServerCertificate'), g.serverCertificate, namespace, { ...g.labels }, staticSecrets);
    renderLeaf(new Construct(this, 'UpstreamCertificate'), g.upstreamCertificate, namespace, { ...g.labels }, staticSecrets);
    if (g.clientsCa) {
      if (staticSecrets) staticCaCertificateSecret(this, 'ClientsCaCertificate', g.clientsCa, namespace, { ...g.labels }, staticSecrets);
      else new CaBootstrap(this, 'ClientsCa', g.clientsCa, namespace, { ...g.labels });
    }
    this.clientCertificates = g.clientCertificates.map((c) => renderLeaf(new Construct(this, `Client-${c.commonName}`), c, namespace, { ...g.labels }, staticSecrets));
    const config = new kplus.ConfigMap(this, 'Config', {
      metadata: meta(g.name),
      data: { [GATEWAY_PATHS.configFile]: g.config, ...(g.script ? { [GATEWAY_PATHS.scriptFile]: g.script } : {}) },
    });
    this.config = config;
    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: meta(g.name), automountToken: false });
    this.deployment = new MimirDeployment(this, 'Deployment', {
      // nginx reads CA files once: a new clients CA or trust bundle needs a restart. Certificates, credential digests
      // and the JWKS are re-read per handshake and request; a changed config rolls the pods by its checksum.
      metadata: { ...meta(g.name), annotations: reloaderAnnotations(model, g.clientsCa ? [g.clientsCa.secretName] : []) },
      replicas: g.replicas,
      serviceAccount,
      automountServiceAccountToken: false,
      select: false,
      podMetadata: { labels: { ...g.labels }, annotations: { 'cdk8s-mimir.io/config-checksum': g.configChecksum } },
      securityContext: podSecurityContext(GATEWAY_UID),
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
    }, {
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...g.selector } } }],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...g.selector } }));
    this.addNginx(model, config);
    this.service = new kplus.Service(this, 'Service', {
      metadata: meta(g.name),
      type: g.serviceType as string as kplus.ServiceType,
      selector: kplus.Pods.select(this, 'Pods', { labels: { ...g.selector } }),
      ports: [{ name: 'https', port: g.servicePort, targetPort: g.port }],
    });
    podDisruptionBudget(this, g.name, namespace, g.selector);
  }

  private addNginx(model: ResolvedCluster, config: kplus.ConfigMap): void {
    const g = model.gateway!;
    const d = this.deployment;
    const secret = (name: string, secretName: string, items?: string[]) => kplus.Volume.fromSecret(d, `${name}Volume`, kplus.Secret.fromSecretName(d, `${name}Secret`, secretName), {
      name, items: items ? Object.fromEntries(items.map((k) => [k, { path: k }])) : undefined,
    });
    const mounts: kplus.VolumeMount[] = [
      { path: GATEWAY_PATHS.configDir, readOnly: true, volume: kplus.Volume.fromConfigMap(d, 'ConfigVolume', config, { name: 'config' }) },
      { path: GATEWAY_PATHS.serverTlsDir, readOnly: true, volume: secret('server-tls', g.serverCertificate.secretName) },
      { path: GATEWAY_PATHS.upstreamTlsDir, readOnly: true, volume: secret('upstream-tls', g.upstreamCertificate.secretName) },
      // In memory: the cache of verified credentials is keyed by the credential itself.
      { path: GATEWAY_PATHS.tmpDir, volume: kplus.Volume.fromEmptyDir(d, 'TmpVolume', 'tmp', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(GATEWAY_TMP_SIZE_MEBIBYTES) }) },
    ];
    if (model.trust.configMap) {
      const ref = kplus.ConfigMap.fromConfigMapName(d, 'TrustConfigMap', model.trust.configMap.name);
      mounts.push({ path: GATEWAY_PATHS.trustDir, readOnly: true, volume: kplus.Volume.fromConfigMap(d, 'TrustVolume', ref, { name: 'trust' }) });
    }
    // Only the CA certificate of the clients CA: its key stays out of the pod.
    if (g.clientsCa) mounts.push({ path: GATEWAY_PATHS.clientsCaDir, readOnly: true, volume: secret('clients-ca', g.clientsCa.secretName, [TLS_SECRET_KEYS.ca]) });
    // Whole Secrets (no items, no subPath): the kubelet swaps their files atomically, so digests added or removed
    // apply without a restart.
    if (g.basicAuth) mounts.push({ path: GATEWAY_PATHS.basicDigestsDir, readOnly: true, volume: secret('basic-digests', g.basicAuth.secretName) });
    if (g.bearerTokens) mounts.push({ path: GATEWAY_PATHS.tokenDigestsDir, readOnly: true, volume: secret('token-digests', g.bearerTokens.secretName) });
    if (g.jwks?.secretName) mounts.push({ path: GATEWAY_PATHS.jwksDir, readOnly: true, volume: secret('jwks', g.jwks.secretName, [g.jwks.key]) });
    if (g.jwks?.configMapName) {
      const ref = kplus.ConfigMap.fromConfigMapName(d, 'JwksConfigMap', g.jwks.configMapName);
      mounts.push({ path: GATEWAY_PATHS.jwksDir, readOnly: true, volume: kplus.Volume.fromConfigMap(d, 'JwksVolume', ref, { name: 'jwks', items: { [g.jwks.key]: { path: g.jwks.key } } }) });
    }
    const probe = (delay: number) => kplus.Probe.fromHttpGet('/ready', {
      port: g.port, scheme: kplus.ConnectionScheme.HTTPS, initialDelaySeconds: Duration.seconds(delay), timeoutSeconds: Duration.seconds(2),
    });
    d.addContainer({
      name: 'nginx',
      image: g.image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      // The image's entrypoint scripts would write to a read-only root: nginx is started directly.
      command: ['nginx'],
      args: ['-e', 'stderr', '-c', `${GATEWAY_PATHS.configDir}/${GATEWAY_PATHS.configFile}`],
      ports: [{ name: 'https', number: g.port }],
      volumeMounts: mounts,
      resources: {
        cpu: { request: kplus.Cpu.millis(g.resources.cpuMillis) },
        memory: { request: Size.mebibytes(g.resources.memoryMebibytes), limit: Size.mebibytes(g.resources.memoryLimitMebibytes) },
      },
      readiness: probe(2),
      liveness: probe(10),
      securityContext: containerSecurityContext(GATEWAY_UID),
    });
  }
}
