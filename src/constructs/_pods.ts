// Pieces shared by every pod the library renders: the hardened security context, Secret/ConfigMap volume
// helpers, the restricted container security context.
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedCluster } from '../core/resolve';

/** Volume names in every pod the library renders. @internal */
export const VOLUMES = { tls: 'tls', trust: 'trust', data: 'data', tmp: 'tmp' } as const;

/** Pod security context for a uid: non-root, fsGroup for the data volume, changed only when needed. @internal */
export function podSecurityContext(uid: number): kplus.PodSecurityContextProps {
  return { user: uid, group: uid, fsGroup: uid, ensureNonRoot: true, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH };
}

/** Container security context that passes the "restricted" Pod Security Standard. @internal */
export function containerSecurityContext(uid: number): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: uid,
    group: uid,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}

/**
 * Mimir reads CA files, the memberlist certificate and the HTTP certificate only at startup (facts §6), so a
 * renewed Secret must roll the pods; Stakater Reloader does that from these workload annotations.
 * @internal
 */
export function reloaderAnnotations(model: ResolvedCluster, secrets: readonly string[]): { [key: string]: string } {
  if (!model.reloadOnRotation) return {};
  const annotations: { [key: string]: string } = {};
  if (secrets.length) annotations['secret.reloader.stakater.com/reload'] = secrets.join(',');
  if (model.trust.configMap) annotations['configmap.reloader.stakater.com/reload'] = model.trust.configMap.name;
  return annotations;
}

/** The TLS Secret (and trust ConfigMap) volume mounts of a pod. @internal */
export function tlsMounts(scope: Construct, model: ResolvedCluster, secretName: string, tlsDir: string, trustDir: string): kplus.VolumeMount[] {
  const mounts: kplus.VolumeMount[] = [{
    path: tlsDir, readOnly: true,
    volume: kplus.Volume.fromSecret(scope, 'TlsVolume', kplus.Secret.fromSecretName(scope, 'TlsSecretRef', secretName), { name: VOLUMES.tls }),
  }];
  if (model.trust.configMap) {
    mounts.push({
      path: trustDir, readOnly: true,
      volume: kplus.Volume.fromConfigMap(scope, 'TrustVolume', kplus.ConfigMap.fromConfigMapName(scope, 'TrustConfigMap', model.trust.configMap.name), { name: VOLUMES.trust }),
    });
  }
  return mounts;
}


/** The PodDisruptionBudget every workload gets: one pod down at a time (production-defaults item 17). @internal */
export function podDisruptionBudget(scope: Construct, name: string, namespace: string, selector: { [key: string]: string }): kplus.k8s.KubePodDisruptionBudget {
  return new kplus.k8s.KubePodDisruptionBudget(scope, 'PodDisruptionBudget', {
    metadata: { name, namespace, labels: { ...selector } },
    spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...selector } } },
  });
}
