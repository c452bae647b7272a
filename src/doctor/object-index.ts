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
