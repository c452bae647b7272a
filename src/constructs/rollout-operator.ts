import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RUN_AS_ID } from '../core/defaults';
import { ROLLOUT_OPERATOR_PORTS } from '../core/names';
import { ResolvedCluster } from '../core/resolve';
import { controller, rule } from './_controller';
import { containerSecurityContext } from './_pods';

const METRICS_PORT = ROLLOUT_OPERATOR_PORTS.metrics;
const WEBHOOK_PORT = ROLLOUT_OPERATOR_PORTS.webhook;

/** The operator's namespaced permissions; with webhooks, its self-signed certificate's Secret too. */
function roleRules(webhooks: boolean) {
  return [
    rule([''], ['pods'], ['list', 'get', 'watch', 'delete', 'patch']),
    rule(['apps'], ['statefulsets'], ['list', 'get', 'watch', 'patch']),
    rule(['apps'], ['statefulsets/status'], ['update']),
    rule([''], ['configmaps'], ['get', 'update', 'create']),
    rule(['coordination.k8s.io'], ['leases'], ['get', 'create', 'update']),
    rule(['rollout-operator.grafana.com'], ['zoneawarepoddisruptionbudgets'], ['get', 'list', 'watch']),
    ...(webhooks ? [
      rule([''], ['secrets'], ['create']),
      rule([''], ['secrets'], ['update', 'get'], ['rollout-operator-self-signed-certificate']),
    ] : []),
  ];
}

/**
 * Grafana's rollout-operator (22.): rolls the zone StatefulSets of each rollout-group one zone at a time and
 * serves admission webhooks over TLS with a certificate it issues and injects into the webhook configurations
 * itself (`-server-tls.enabled=true`).
 *
 * Its prepare-downscale webhook calls components over plain HTTP, which a cluster with HTTP TLS refuses, so
 * no StatefulSet is labelled for it; scale zone-aware components down by hand, one zone at a time.
 * The operator keeps its webhook certificate in a Secret of a fixed name, so one operator per namespace.
 *
 * @internal
 */
export class RolloutOperator extends Construct {
  constructor(scope: Construct, id: string, model: ResolvedCluster) {
    super(scope, id);
    const ro = model.rolloutOperator!;
    const ns = model.namespace;
    const meta = (name: string) => ({ name, namespace: ns, labels: { ...ro.labels } });
    const { serviceAccount: sa, deployment } = controller(this, {
      name: ro.name, namespace: ns, labels: ro.labels, uid: RUN_AS_ID, rules: roleRules(ro.webhooks),
      // Never two operators at once.
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(0), maxUnavailable: kplus.PercentOrAbsolute.absolute(1) }),
    });
    deployment.addContainer({
      name: 'rollout-operator',
      image: ro.image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      args: [...ro.args],
      ports: [{ name: 'http-metrics', number: METRICS_PORT }, ...(ro.webhooks ? [{ name: 'https', number: WEBHOOK_PORT }] : [])],
      resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(100), limit: Size.mebibytes(200) } },
      readiness: kplus.Probe.fromHttpGet('/ready', { port: METRICS_PORT, initialDelaySeconds: Duration.seconds(5), timeoutSeconds: Duration.seconds(1) }),
      securityContext: containerSecurityContext(RUN_AS_ID),
    });
    if (ro.webhooks) this.webhooks(model, deployment, sa, meta);
  }

  private webhooks(model: ResolvedCluster, deployment: kplus.Deployment, sa: kplus.ServiceAccount, meta: (name: string) => any): void {
    const ro = model.rolloutOperator!;
    const ns = model.namespace;

    const service = new kplus.Service(this, 'Service', {
      metadata: meta(ro.name),
      ports: [{ name: 'https', port: 443, targetPort: WEBHOOK_PORT }],
      selector: deployment,
    });
    // Cluster-scoped: the names carry the operator's (cluster-prefixed) name and the namespace.
    const clusterMeta = (name: string) => ({ name: `${ro.name}-${name}-${ns}`, labels: { ...ro.labels, 'grafana.com/namespace': ns, 'grafana.com/inject-rollout-operator-ca': 'true' } });
    const clusterRole = new kplus.k8s.KubeClusterRole(this, 'WebhookCaRole', {
      metadata: { name: `${ro.name}-${ns}-webhook-cert-update`, labels: { ...ro.labels } },
      rules: [rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], ['list', 'patch', 'watch'])],
    });
    new kplus.k8s.KubeClusterRoleBinding(this, 'WebhookCaRoleBinding', {
      metadata: { name: `${ro.name}-${ns}-webhook-cert-update`, labels: { ...ro.labels } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.name },
      subjects: [{ kind: 'ServiceAccount', name: sa.name, namespace: ns }],
    });
    const hook = (name: string, path: string, rules: any[]) => ({
      name: `${name}-${ns}.grafana.com`,
      admissionReviewVersions: ['v1'],
      failurePolicy: 'Fail',
      sideEffects: 'None',
      matchPolicy: 'Equivalent',
      timeoutSeconds: 10,
      rules,
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } },
      clientConfig: { service: { name: service.name, namespace: ns, path, port: 443 } },
    });
    const apps = (resources: string[], operations: string[]) => ({ apiGroups: ['apps'], apiVersions: ['v1'], operations, resources, scope: 'Namespaced' });
    new kplus.k8s.KubeValidatingWebhookConfiguration(this, 'NoDownscale', {
      metadata: clusterMeta('no-downscale'),
      webhooks: [hook('no-downscale', '/admission/no-downscale', [apps(['statefulsets', 'statefulsets/scale'], ['UPDATE'])])],
    });
    new kplus.k8s.KubeValidatingWebhookConfiguration(this, 'PodEviction', {
      metadata: clusterMeta('pod-eviction'),
      webhooks: [hook('pod-eviction', '/admission/pod-eviction', [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods/eviction'], scope: 'Namespaced' }])],
    });
    new kplus.k8s.KubeValidatingWebhookConfiguration(this, 'ZpdbValidation', {
      metadata: clusterMeta('zpdb-validation'),
      webhooks: [hook('zpdb-validation', '/admission/zpdb-validation', [{ apiGroups: ['rollout-operator.grafana.com'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['zoneawarepoddisruptionbudgets'], scope: 'Namespaced' }])],
    });
    new kplus.k8s.KubeMutatingWebhookConfiguration(this, 'PrepareDownscale', {
      metadata: clusterMeta('prepare-downscale'),
      webhooks: [hook('prepare-downscale', '/admission/prepare-downscale', [apps(['statefulsets', 'statefulsets/scale'], ['UPDATE'])])],
    });
  }
}
