// Objects of the manifests by kind and namespace, indexed once per input: lookups stay constant-time on folders with
// many clusters. An object without a namespace belongs to whichever namespace the workload looking for it is in
// (as `kubectl apply -n` would place it).
import { K8sObject } from './manifests';

const indexes = new WeakMap<readonly K8sObject[], Map<string, K8sObject[]>>();

function indexOf(objects: readonly K8sObject[]): Map<string, K8sObject[]> {
  let index = indexes.get(objects);
  if (!index) {
    index = new Map();
    for (const o of objects) {
      const key = `${o.kind}|${o.metadata?.namespace ?? '*'}`;
      (index.get(key) ?? index.set(key, []).get(key)!).push(o);
    }
    indexes.set(objects, index);
  }
  return index;
}

/** The objects of a kind in a namespace (and those without one). */
export function objectsOf(objects: readonly K8sObject[], kind: string, namespace: string): K8sObject[] {
  const index = indexOf(objects);
  return [...(index.get(`${kind}|${namespace}`) ?? []), ...(index.get(`${kind}|*`) ?? [])];
}

/** Every label of a selector is among the labels. */
export const selectsLabels = (selector: { readonly [k: string]: string }, labels: { readonly [k: string]: string } | undefined) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/**
 * What a host dialled inside the cluster (`<service>[.<namespace>[.svc…]]`) reaches: the namespace and the pod
 * selector of that Service, when the manifests have it.
 */
export function serviceBehind(objects: readonly K8sObject[], host: string, namespace: string): { namespace: string; selector: { [k: string]: string } } | undefined {
  const [service, ns = namespace] = host.split('.');
  const selector = objectsOf(objects, 'Service', ns).find((o) => o.metadata.name === service)?.spec?.selector;
  return selector ? { namespace: ns, selector } : undefined;
}

/** The StatefulSets and Deployments of a namespace whose pods a selector selects. */
export function workloadsSelected(objects: readonly K8sObject[], selector: { readonly [k: string]: string }, namespace: string): K8sObject[] {
  return [...objectsOf(objects, 'StatefulSet', namespace), ...objectsOf(objects, 'Deployment', namespace)].filter((o) => selectsLabels(selector, o.spec?.template?.metadata?.labels));
}
