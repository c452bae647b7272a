import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RELOADER_METRICS_PORT } from '../core/cluster/rotation';
import { ResolvedCluster } from '../core/resolve';
import { controller, rule } from './_controller';
import { containerSecurityContext } from './_pods';

/** Reloader's image runs as nobody. */
const RELOADER_UID = 65534;

/**
 * Stakater Reloader, deployed with the cluster (`CertificateRotation.deployReloader()`): it watches only the
 * cluster's namespace (KUBERNETES_NAMESPACE, a namespaced Role), and on a changed Secret or ConfigMap patches the
 * pod template of the workloads that name it in their annotations, which rolls them (OnDelete zone StatefulSets
 * through the rollout-operator).
 *
 * @internal
 */
export class Reloader extends Construct {
  constructor(scope: Construct, id: string, model: ResolvedCluster) {
    super(scope, id);
    const r = model.rotation.reloader!;
    const { deployment } = controller(this, {
      name: r.name, namespace: model.namespace, labels: r.labels, uid: RELOADER_UID,
      rules: [
        rule([''], ['secrets', 'configmaps'], ['get', 'list', 'watch']),
        rule(['apps'], ['deployments', 'statefulsets', 'daemonsets'], ['get', 'list', 'update', 'patch']),
        rule([''], ['events'], ['create', 'patch']),
      ],
    });
    deployment.addContainer({
      name: 'reloader',
      image: r.image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      args: [...r.args],
      envVariables: { KUBERNETES_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE) },
      ports: [{ name: 'http-metrics', number: RELOADER_METRICS_PORT }],
      resources: { cpu: { request: kplus.Cpu.millis(10) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) } },
      readiness: kplus.Probe.fromHttpGet('/metrics', { port: RELOADER_METRICS_PORT }),
      securityContext: containerSecurityContext(RELOADER_UID),
    });
  }
}
