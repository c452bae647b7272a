// A controller of the cluster's own (rollout-operator, Reloader): a ServiceAccount with an API token, a namespaced
// Role bound to it, and a one-replica Deployment in a restricted pod.
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { podSecurityContext } from './_pods';

export interface RbacRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

export function rule(apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): RbacRule {
  return { apiGroups, resources, verbs, resourceNames };
}

export interface ControllerProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { readonly [key: string]: string };
  readonly rules: readonly RbacRule[];
  readonly uid: number;
  readonly strategy?: kplus.DeploymentStrategy;
}

/** ServiceAccount, Role, RoleBinding and the Deployment (no container yet). @internal */
export function controller(scope: Construct, props: ControllerProps): { serviceAccount: kplus.ServiceAccount; deployment: kplus.Deployment } {
  const meta = { name: props.name, namespace: props.namespace, labels: { ...props.labels } };
  const serviceAccount = new kplus.ServiceAccount(scope, 'ServiceAccount', { metadata: meta, automountToken: true });
  const role = new kplus.k8s.KubeRole(scope, 'Role', { metadata: meta, rules: props.rules.map((r) => ({ ...r })) });
  new kplus.k8s.KubeRoleBinding(scope, 'RoleBinding', {
    metadata: meta,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: props.namespace }],
  });
  const deployment = new kplus.Deployment(scope, 'Deployment', {
    metadata: meta,
    replicas: 1,
    strategy: props.strategy,
    serviceAccount,
    automountServiceAccountToken: true,
    select: false,
    podMetadata: { labels: { ...props.labels } },
    securityContext: podSecurityContext(props.uid),
  });
  deployment.select(kplus.LabelSelector.of({ labels: { ...props.labels } }));
  return { serviceAccount, deployment };
}
