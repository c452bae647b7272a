// NetworkPolicies derived from the edge graph and the definition, one per pod with its ingress and egress rules,
// plus a default-deny policy for all of the cluster's pods. Ingress: each port admits exactly the pods whose edges
// dial it. HTTP (8080) admits the gateway (where it routes), the components that call each other over HTTP, the
// rollout-operator (ingester and store-gateway downscale/shutdown calls) and the scrapers the definition names;
// nothing else. Kubernetes always admits the kubelet (probes) from the pod's node. Egress: each pod may connect to
// the servers its edges dial (the same edges, seen from the client), DNS, and what `egress` names for it: object
// storage (components that read or write it), etcd and external caches (their clients), the Alertmanager receivers
// (the alertmanager), the Kubernetes API (the rollout-operator, Reloader). Cache servers connect nowhere.
import { CheckedEgress, EgressDestination, PolicyPeer } from '../check/egress';
import { CheckedPeer } from '../check/peers';
import { GATEWAY_PORTS, PORTS, ROLLOUT_OPERATOR_PORTS } from '../names';
import { RELOADER_METRICS_PORT } from './rotation';

type Labels = { readonly [key: string]: string };

/** Pods allowed in: in the policy's namespace by pod labels, or in the namespaces selected (all or some pods). */
export type NetworkPeer = PolicyPeer;

export interface NetworkPolicyRule {
  readonly ports: readonly number[];
  /** The ports are open on UDP as well as TCP (DNS). */
  readonly udp?: boolean;
  /** Peers allowed in; undefined means from anywhere. */
  readonly from?: readonly NetworkPeer[];
}

export interface NetworkEgressRule {
  readonly ports: readonly number[];
  /** The ports are open on UDP as well as TCP (DNS). */
  readonly udp?: boolean;
  /** Peers allowed out to: pods by labels, or address blocks. */
  readonly to: readonly NetworkPeer[];
}

export interface ResolvedNetworkPolicy {
  readonly name: string;
  readonly podSelector: Labels;
  readonly ingress: readonly NetworkPolicyRule[];
  /** Undefined: egress is not restricted by this policy. Empty: the pods may connect nowhere. */
  readonly egress?: readonly NetworkEgressRule[];
}

interface GraphView {
  /** The cluster's name: its pods carry it as `app.kubernetes.io/instance`. */
  readonly cluster: string;
  readonly components: readonly {
    readonly id: string; readonly names: { readonly service: string }; readonly selector: Labels;
    readonly spec: { readonly objectStorage: boolean };
    readonly flags: readonly { readonly name: string }[];
  }[];
  readonly caches: readonly {
    readonly id: string; readonly names: { readonly service: string }; readonly selector: Labels; readonly external?: unknown;
    readonly spec: { readonly engine: { readonly id: string; readonly port: number; readonly exporterPort: number }; readonly clients: readonly { readonly components: readonly string[] }[] };
  }[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly protocol: string; readonly port: number }[];
  readonly rolloutOperator?: { readonly name: string; readonly labels: Labels };
  readonly reloader?: { readonly name: string; readonly labels: Labels };
  readonly gateway?: {
    readonly name: string; readonly selector: Labels; readonly allowedClients?: readonly CheckedPeer[];
    readonly upstreams: readonly { readonly component: string }[];
  };
  readonly scrapers: readonly CheckedPeer[];
  /** Undefined: egress is not restricted. */
  readonly egress?: CheckedEgress;
}

/** Components the rollout-operator calls on HTTP (prepare-downscale, prepare-shutdown). */
const ROLLOUT_HTTP_TARGETS = ['ingester', 'store-gateway'];

const peerOf = (p: CheckedPeer): NetworkPeer => ({
  podSelector: p.podLabels ? { ...p.podLabels } : undefined,
  namespaceSelector: p.namespaceLabels ? { ...p.namespaceLabels } : undefined,
});

/** One policy per component, cache, the gateway, the rollout-operator and Reloader; and the default deny. */
export function networkPolicies(model: GraphView): ResolvedNetworkPolicy[] {
  const ingress = ingressPolicies(model);
  if (!model.egress) return ingress;
  const egress = egressRules(model, model.egress);
  return [
    { name: `${model.cluster}-default-deny`, podSelector: { 'app.kubernetes.io/instance': model.cluster }, ingress: [], egress: [] },
    ...ingress.map((p) => ({ ...p, egress: egress.get(p.name) ?? [] })),
  ];
}

function ingressPolicies(model: GraphView): ResolvedNetworkPolicy[] {
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

const rule = (d: EgressDestination, udp?: boolean): NetworkEgressRule[] => (d.to.length && d.ports.length ? [{ ports: d.ports, to: d.to, ...(udp ? { udp } : {}) }] : []);

/** The egress rules of each policy, by policy name. */
function egressRules(model: GraphView, egress: CheckedEgress): Map<string, NetworkEgressRule[]> {
  const out = new Map<string, NetworkEgressRule[]>();
  const selectorOf = (id: string) => (model.components.find((c) => c.id === id) ?? model.caches.find((c) => c.id === id))!.selector;
  const dns = rule(egress.dns, true);
  const componentHttp = (ids: readonly string[]): NetworkEgressRule[] => {
    const to = [...new Set(ids)].filter((id) => model.components.some((c) => c.id === id)).sort().map((id) => ({ podSelector: selectorOf(id) }));
    return to.length ? [{ ports: [PORTS.http.port], to }] : [];
  };
  for (const c of model.components) {
    // The servers its edges dial, one rule per port with every target listening there.
    const byPort = new Map<number, Set<string>>();
    for (const e of model.edges.filter((x) => x.from === c.id)) byPort.set(e.port, (byPort.get(e.port) ?? new Set()).add(e.to));
    const edges = [...byPort.entries()].sort(([a], [b]) => a - b).map(([port, to]) => ({ ports: [port], to: [...to].sort().map((id) => ({ podSelector: selectorOf(id) })) }));
    const usesEtcd = c.flags.some((f) => /(^|\.)etcd\.endpoints$/.test(f.name));
    const usesExternalCache = model.caches.some((x) => x.external && x.spec.clients.some((cl) => cl.components.includes(c.id)));
    out.set(c.names.service, distinct([
      ...dns, ...edges,
      ...(c.spec.objectStorage ? rule(egress.objectStorage) : []),
      ...(usesEtcd && egress.etcd ? rule(egress.etcd) : []),
      ...(usesExternalCache && egress.externalCaches ? rule(egress.externalCaches) : []),
      ...(c.id === 'alertmanager' ? rule(egress.alertmanagerReceivers) : []),
    ]));
  }
  // Cache servers answer and connect nowhere (their exporters read them through localhost).
  for (const cache of model.caches.filter((x) => !x.external)) out.set(cache.names.service, []);
  if (model.gateway) out.set(model.gateway.name, [...dns, ...componentHttp(model.gateway.upstreams.map((u) => u.component))]);
  if (model.rolloutOperator) out.set(model.rolloutOperator.name, [...dns, ...rule(egress.apiServer), ...componentHttp(ROLLOUT_HTTP_TARGETS)]);
  if (model.reloader) out.set(model.reloader.name, [...dns, ...rule(egress.apiServer)]);
  return out;
}

/** Rules once each: two destinations given the same way (object storage and receivers on any public address) are one rule. */
function distinct(rules: NetworkEgressRule[]): NetworkEgressRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
