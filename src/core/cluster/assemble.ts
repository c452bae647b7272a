// Stage 6: the cluster-wide objects (CA, rollout-operator, gossip Service, NetworkPolicies) and the model.
import { caPlan } from '../certs/ca';
import { CheckedDefinition } from '../check/check';
import { EdgeGraph } from '../edges/graph';
import { ResolvedCluster, ResolvedComponent } from '../model';
import { CheckedEgress } from '../check/egress';
import { GOSSIP_MEMBER_LABEL, GOSSIP_MEMBER_VALUE } from '../names';
import { Topology } from '../topology/topology';
import { ResolvedMonitoring } from './monitoring';
import { ResolvedGateway } from '../gateway/plan';
import { networkPolicies } from './network';
import { runtimeConfig } from './runtime-config';
import { rolloutOperatorPlan } from './rollout-operator';
import { prerequisites, rotationPlan } from './rotation';

export interface ClusterParts {
  readonly checked: CheckedDefinition;
  readonly topology: Topology;
  readonly graph: EdgeGraph;
  readonly components: readonly ResolvedComponent[];
  readonly monitoring?: ResolvedMonitoring;
  readonly withNetworkPolicies: boolean;
  /** Undefined: egress is not restricted. */
  readonly egress?: CheckedEgress;
  readonly gateway?: ResolvedGateway;
}

export function assembleCluster(parts: ClusterParts): ResolvedCluster {
  const { checked, topology, graph, components } = parts;
  const { names, certs } = checked;
  const { caches } = topology;
  const edges = graph.edges;
  const rolloutOperator = rolloutOperatorPlan(checked, topology.baseLabels);
  const rotation = rotationPlan(checked, topology.baseLabels);
  return {
    appName: topology.baseLabels['app.kubernetes.io/name'],
    name: names.cluster,
    namespace: names.namespace,
    clusterDomain: names.clusterDomain,
    version: checked.version!,
    image: checked.image,
    size: checked.size,
    names,
    components,
    caches,
    edges,
    gossip: {
      service: names.gossipService,
      serverName: names.fqdn(names.gossipService),
      members: topology.gossipMembers,
      selector: { ...topology.baseLabels, [GOSSIP_MEMBER_LABEL]: GOSSIP_MEMBER_VALUE },
    },
    zones: checked.zones.map((z) => z.name),
    etcd: checked.etcd ? { endpoints: checked.etcd.endpoints, secretName: checked.etcd.secretName } : undefined,
    rolloutOperator,
    networkPolicies: parts.withNetworkPolicies ? networkPolicies({
      cluster: names.cluster, egress: parts.egress, components, caches, edges, rolloutOperator, reloader: rotation.reloader, gateway: parts.gateway,
      scrapers: parts.monitoring?.scrapers ?? [],
    }) : [],
    monitoring: parts.monitoring,
    ca: caPlan(names, certs),
    issuance: certs.isStatic ? 'static' : 'cert-manager',
    issuerRef: topology.issuerRef,
    trust: certs.trust,
    reloadOnRotation: certs.reloadOnRotation,
    rotation,
    caRotation: certs.caRotation,
    prerequisites: prerequisites(checked, rotation, parts.monitoring, rolloutOperator !== undefined),
    tlsFiles: topology.tlsFiles,
    gateway: parts.gateway,
    runtimeConfig: runtimeConfig(names, checked.overrides),
  };
}
