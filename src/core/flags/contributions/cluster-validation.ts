// Cluster validation: every component's gRPC server checks the cluster label, and every gRPC client sends it (the
// common client label, which Mimir 3.0 gives to every gRPC client that does not set its own). With HTTP validation,
// every HTTP server checks it too; the HTTP callers without a label are exempted by path.
import { ComponentId } from '../../catalog/components';
import { Flag } from '../flag';
import { FlagContext } from './context';

/**
 * HTTP paths a component's server must exempt, by component, with the caller that sends no label. Written as dskit
 * reads them: it matches `.*\/(metrics|debug/pprof.*|ready|<path>)` anywhere in the request path, so a path is given
 * without its leading slash (with one, it would need `//`). Probes (`/ready`) and scrapes (`/metrics`) are exempt
 * already.
 */
export const HTTP_VALIDATION_EXEMPTIONS: { readonly [component: string]: readonly { readonly path: string; readonly caller: ComponentId }[] } = {
  // Prometheus' notifier in the ruler posts to <alertmanager-url>/api/v2/alerts without the label.
  alertmanager: [{ path: 'alertmanager/api/v2/alerts', caller: 'ruler' }],
};

export function clusterValidationFlags({ checked, component, topology }: FlagContext): Flag[] {
  const v = checked.clusterValidation;
  if (!v) return [];
  const flag = (name: string, value: string): Flag => ({ name, value, role: 'validation' });
  const exempt = (HTTP_VALIDATION_EXEMPTIONS[component.spec.id] ?? []).filter((e) => topology.has(e.caller)).map((e) => e.path);
  return [
    flag('server.cluster-validation.label', v.label),
    flag('server.cluster-validation.grpc.enabled', 'true'),
    ...(v.http ? [flag('server.cluster-validation.http.enabled', 'true')] : []),
    ...(v.http && exempt.length ? [flag('server.cluster-validation.http.excluded-paths', exempt.join(','))] : []),
    flag('common.client-cluster-validation.label', v.label),
  ];
}
