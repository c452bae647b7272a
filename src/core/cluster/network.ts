// NetworkPolicies derived from the edge graph and the definition: each port admits exactly the pods whose edges
// dial it. HTTP (8080) admits the gateway (where it routes), the components that call each other over HTTP, the
// rollout-operator (ingester and store-gateway downscale/shutdown calls) and the scrapers the definition names;
// nothing else. Kubernetes always admits the kubelet (probes) from the pod's node.
import { CheckedPeer } from '../check/peers';
import { GATEWAY_PORTS, PORTS, ROLLOUT_OPERATOR_PORTS } from '../names';
import { RELOADER_METRICS_PORT } from './rotation';

type Labels = { readonly [key: string]: string };

/** Pods allowed in: in the policy's namespace by pod labels, or in the namespaces selected (all or some pods). */
export interface NetworkPeer {
  readonly podSelector?: Labels;
  readonly namespaceSelector?: Labels;
}

export interface NetworkPolicyRule {
  readonly ports: readonly number[];
  /** Pods allowed in; undefined means from anywhere. */
  readonly from?: readonly NetworkPeer[];
}

export interface ResolvedNetworkPolicy {
  readonly name: string;
  readonly podSelector: Labels;
  readonly ingress: readonly NetworkPolicyRule[];
}

interface GraphView {
  readonly components: readonly { readonly id: string; readonly names: { readonly service: string }; readonly selector: Labels }[];
  readonly caches: readonly {
    readonly id: string; readonly names: { readonly service: string }; readonly selector: Labels; readonly external?: unknown;
    readonly spec: { readonly engine: { readonly id: string; readonly port: number; readonly exporterPort: number } };
  }[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly protocol: string }[];
  readonly rolloutOperator?: { readonly name: string; readonly labels: Labels };
  readonly reloader?: { readonly name: string; readonly labels: Labels };
  readonly gateway?: {
    readonly name: string; readonly selector: Labels; readonly allowedClients?: readonly CheckedPeer[];
    readonly upstreams: readonly { readonly component: string }[];
  };
  readonly scrapers: readonly CheckedPeer[];
}

/** Components the rollout-operator calls on HTTP (prepare-downscale, prepare-shutdown). */
const ROLLOUT_HTTP_TARGETS = ['ingester', 'store-gateway'];

const peerOf = (p: CheckedPeer): NetworkPeer => ({
  podSelector: p.podLabels ? { ...p.podLabels } : undefined,
  namespaceSelector: p.namespaceLabels ? { ...p.namespaceLabels } : undefined,
});

/** One ingress policy per component, cache, the gateway, the rollout-operator and Reloader. */
export function networkPolicies(model: GraphView): ResolvedNetworkPolicy[] {
  const selectorOf = (id: string) => model.components.find((c) => c.id === id)!.selector;
  const clientsOf = (to: string, protocol: string) =>
    [...new Set(model.edges.filter((e) => e.to === to && e.protocol === protocol).map((e) => e.from))].sort().map((id) => ({ podSelector: selectorOf(id) }));
  const policies: ResolvedNetworkPolicy[] = [];
  // Metrics ports (exporters, operators) admit only the scrapers the definition names.
  const scraped = (port: number): NetworkPolicyRule[] => (model.scrapers.length ? [{ ports: [port], from: model.scrapers.map(peerOf) }] : []);
  for (const c of model.components) {
    const ingress: NetworkPolicyRule[] = [];
    const http = httpPeers(model, c.id, clientsOf(c.id, 'http'));
    if (http.length) ingress.push({ ports: [PORTS.http.port], from: http });
    const grpc = clientsOf(c.id, 'grpc');
    if (grpc.length) ingress.push({ ports: [PORTS.grpc.port], from: grpc });
    const gossip = clientsOf(c.id, 'memberlist');
    if (gossip.length) ingress.push({ ports: [PORTS.gossip.port], from: gossip });
    policies.push({ name: c.names.service, podSelector: c.selector, ingress });
  }
  for (const cache of model.caches.filter((x) => !x.external)) {
    const engine = cache.spec.engine;
    const clients = clientsOf(cache.id, engine.id);
    policies.push({
      name: cache.names.service,
      podSelector: cache.selector,
      ingress: [...scraped(engine.exporterPort), ...(clients.length ? [{ ports: [engine.port], from: clients }] : [])],
    });
  }
  if (model.gateway) {
    const g = model.gateway;
    policies.push({ name: g.name, podSelector: g.selector, ingress: [{ ports: [GATEWAY_PORTS.https], from: g.allowedClients?.map(peerOf) }] });
  }
  if (model.rolloutOperator) {
    // The API server calls the webhooks; its source address is not a pod.
    policies.push({ name: model.rolloutOperator.name, podSelector: model.rolloutOperator.labels, ingress: [{ ports: [ROLLOUT_OPERATOR_PORTS.webhook] }, ...scraped(ROLLOUT_OPERATOR_PORTS.metrics)] });
  }
  // Reloader only calls the API server; its metrics only by the scrapers.
  if (model.reloader) policies.push({ name: model.reloader.name, podSelector: model.reloader.labels, ingress: scraped(RELOADER_METRICS_PORT) });
  return policies;
}

/** Who may reach a component's HTTP port: its HTTP callers, the gateway, the rollout-operator, the scrapers. */
function httpPeers(model: GraphView, id: string, callers: NetworkPeer[]): NetworkPeer[] {
  const peers = [...callers];
  if (model.gateway?.upstreams.some((u) => u.component === id)) peers.push({ podSelector: model.gateway.selector });
  if (model.rolloutOperator && ROLLOUT_HTTP_TARGETS.includes(id)) peers.push({ podSelector: model.rolloutOperator.labels });
  peers.push(...model.scrapers.map(peerOf));
  return peers;
}
