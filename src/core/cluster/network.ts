// NetworkPolicies derived from the edge graph: each port admits exactly the pods whose edges dial it.
// HTTP (8080) stays open to all: it carries writes, queries, probes and scraping from outside the cluster.
import { MEMCACHED_EXPORTER_PORT, MEMCACHED_PORT } from '../catalog/caches';
import { PORTS, ROLLOUT_OPERATOR_PORTS } from '../names';
import { RELOADER_METRICS_PORT } from './rotation';

type Labels = { readonly [key: string]: string };

export interface NetworkPolicyRule {
  readonly ports: readonly number[];
  /** Pods allowed in, by labels; undefined means from anywhere. */
  readonly from?: readonly Labels[];
}

export interface ResolvedNetworkPolicy {
  readonly name: string;
  readonly podSelector: Labels;
  readonly ingress: readonly NetworkPolicyRule[];
}

interface GraphView {
  readonly components: readonly { readonly id: string; readonly names: { readonly service: string }; readonly selector: Labels }[];
  readonly caches: readonly { readonly id: string; readonly names: { readonly service: string }; readonly selector: Labels; readonly external?: unknown }[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly protocol: string }[];
  readonly rolloutOperator?: { readonly name: string; readonly labels: Labels };
  readonly reloader?: { readonly name: string; readonly labels: Labels };
}


/** One ingress policy per component, cache and the rollout-operator. */
export function networkPolicies(model: GraphView): ResolvedNetworkPolicy[] {
  const selectorOf = (id: string) => model.components.find((c) => c.id === id)!.selector;
  const clientsOf = (to: string, protocol: string) =>
    [...new Set(model.edges.filter((e) => e.to === to && e.protocol === protocol).map((e) => e.from))].sort().map(selectorOf);
  const policies: ResolvedNetworkPolicy[] = [];
  for (const c of model.components) {
    const ingress: NetworkPolicyRule[] = [{ ports: [PORTS.http.port] }];
    const grpc = clientsOf(c.id, 'grpc');
    if (grpc.length) ingress.push({ ports: [PORTS.grpc.port], from: grpc });
    const gossip = clientsOf(c.id, 'memberlist');
    if (gossip.length) ingress.push({ ports: [PORTS.gossip.port], from: gossip });
    policies.push({ name: c.names.service, podSelector: c.selector, ingress });
  }
  for (const cache of model.caches.filter((x) => !x.external)) {
    const clients = clientsOf(cache.id, 'memcached');
    policies.push({
      name: cache.names.service,
      podSelector: cache.selector,
      ingress: [{ ports: [MEMCACHED_EXPORTER_PORT] }, ...(clients.length ? [{ ports: [MEMCACHED_PORT], from: clients }] : [])],
    });
  }
  if (model.rolloutOperator) {
    // The API server calls the webhooks; its source address is not a pod.
    policies.push({ name: model.rolloutOperator.name, podSelector: model.rolloutOperator.labels, ingress: [{ ports: [ROLLOUT_OPERATOR_PORTS.metrics, ROLLOUT_OPERATOR_PORTS.webhook] }] });
  }
  // Reloader only calls the API server; its metrics may be scraped.
  if (model.reloader) policies.push({ name: model.reloader.name, podSelector: model.reloader.labels, ingress: [{ ports: [RELOADER_METRICS_PORT] }] });
  return policies;
}
