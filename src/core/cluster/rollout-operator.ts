// The rollout-operator that coordinates zone StatefulSets: its own flags (not Mimir's), labels and webhooks.
import { CheckedDefinition } from '../check/check';
import { ResolvedCluster } from '../model';

export function rolloutOperatorPlan(checked: CheckedDefinition, baseLabels: { readonly [key: string]: string }): ResolvedCluster['rolloutOperator'] {
  const rollout = checked.rollout;
  if (!rollout) return undefined;
  const names = checked.names;
  const name = `${names.cluster}-rollout-operator`;
  return {
    name, image: rollout.image, webhooks: rollout.webhooks,
    labels: { ...baseLabels, 'app.kubernetes.io/component': 'rollout-operator' },
    // Its namespace, the zone tracker, TLS for its webhooks.
    args: [`-kubernetes.namespace=${names.namespace}`, '-use-zone-tracker=true', `-zone-tracker.config-map-name=${name}-zone-tracker`,
      ...(rollout.webhooks ? ['-server-tls.enabled=true'] : [])],
  };
}
