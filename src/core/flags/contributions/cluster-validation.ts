// Cluster validation: every component's gRPC server checks the cluster label, and every gRPC client sends it (the
// common client label, which Mimir 3.0 gives to every gRPC client that does not set its own).
import { Flag } from '../flag';
import { FlagContext } from './context';

export function clusterValidationFlags({ checked }: FlagContext): Flag[] {
  const v = checked.clusterValidation;
  if (!v) return [];
  const flag = (name: string, value: string): Flag => ({ name, value, role: 'validation' });
  return [
    flag('server.cluster-validation.label', v.label),
    flag('server.cluster-validation.grpc.enabled', 'true'),
    flag('common.client-cluster-validation.label', v.label),
  ];
}
