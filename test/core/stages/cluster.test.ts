// Stage 6: cluster-wide checks and objects.
import { checkObjectNames } from '../../../src/core/cluster/object-names';
import { rolloutOperatorPlan } from '../../../src/core/cluster/rollout-operator';
import { resolveComponent } from '../../../src/core/components/component';
import { problemsOf, stages } from './_stages';

test('the rollout-operator watches the cluster\'s namespace, with TLS for its webhooks when they run', () => {
  const s = stages();
  expect(rolloutOperatorPlan(s.checked, s.topology.baseLabels)!.args).toEqual([
    '-kubernetes.namespace=mimir', '-use-zone-tracker=true', '-zone-tracker.config-map-name=mimir-rollout-operator-zone-tracker', '-server-tls.enabled=true',
  ]);
  expect(rolloutOperatorPlan(stages({ zones: [] }).checked, {})).toBeUndefined();
});

test('a cluster name that makes an object name too long is reported with the longest name that fits', () => {
  const s = stages({ name: 'a'.repeat(50) });
  const components = s.checked.components.map((c) => resolveComponent(s, c));
  checkObjectNames(s.problems, s.checked.names, components, s.topology.caches);
  expect(problemsOf(s.problems)).toEqual([expect.stringMatching(/^name: makes the object name "a{50}-distributor-headless" \(71 characters\), longer than the 63 Kubernetes allows$/)]);
});
