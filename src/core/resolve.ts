// The resolution pipeline: definition → checked definition → topology → edges → components (flags, zones,
// certificates) → cluster objects → the model the constructs render. Each stage is a module of its own, pure,
// with typed input and output; problems are collected along the way and thrown together before the model is
// assembled. See ARCHITECTURE.md for the stage diagram and where to add things.
import { checkDefinition } from './check/check';
import { assembleCluster } from './cluster/assemble';
import { resolveMonitoring } from './cluster/monitoring';
import { checkObjectNames } from './cluster/object-names';
import { resolveComponent } from './components/component';
import { CortexClusterProps, MimirClusterProps } from './definition';
import { Dialect } from './dialect/dialect';
import { MIMIR } from './dialect/mimir';
import { resolveEdges } from './edges/graph';
import { Problems } from './errors';
import { ResolvedCluster } from './model';
import { WeakerChoices } from './tls/policy';
import { resolveTopology } from './topology/topology';
import { checkStartupRules, checkTenantOverrides } from './startup/check';
import { resolveGateway } from './gateway/plan';

export type {
  EnvFromSecret, ResolvedCache, ResolvedCluster, ResolvedComponent, ResolvedEdge, ResolvedResources, ResolvedTrust,
  ResolvedZone, SecretMount,
} from './model';
export type { ServerTlsPolicy } from './tls/policy';

/** Checks the definition and resolves it into the model; throws one MimirConfigError listing every problem. */
export function resolveCluster(definition: MimirClusterProps | CortexClusterProps, dialect: Dialect = MIMIR): ResolvedCluster {
  const problems = new Problems();
  const weaker = new WeakerChoices();
  // 1. check and default every section of the definition
  const checked = checkDefinition(problems, weaker, definition as MimirClusterProps, dialect);
  // 2. who is deployed: components, caches, gossip members, etcd rings, issuer, TLS files
  const topology = resolveTopology(problems, weaker, checked, dialect);
  // 3. edge rows × deployed ends → edges with TLS mode and server name, and each client's links
  const graph = resolveEdges(problems, checked, topology, dialect);
  // 4. per component: workload settings, flags from contributions, zones, version check, certificate
  const components = checked.components.map((c) => resolveComponent({ problems, dialect, checked, topology, graph }, c));
  // 5. Mimir's startup rules over every component's flags; cluster-wide checks and options
  checkStartupRules(problems, dialect, checked.version, components);
  checkTenantOverrides(problems, dialect, checked.version, components, checked.overrides);
  const withNetworkPolicies = checked.networkPolicies;
  checkObjectNames(problems, checked.names, components, topology.caches);
  const monitoring = resolveMonitoring(problems, checked.def.monitoring, {
    name: checked.names.cluster, namespace: checked.names.namespace, fqdn: (svc) => checked.names.fqdn(svc), trust: checked.certs.trust,
    issuance: checked.certs.isStatic ? 'static' : 'cert-manager', components, caches: topology.caches,
    certifiedWorkloads: [...components.flatMap((c) => (c.zones ? c.zones.map((z) => z.workload) : [c.names.workload])), ...topology.caches.filter((c) => !c.external && c.tls).map((c) => c.names.workload)],
    certificates: { durationMs: checked.certs.durationMs, renewBeforeMs: checked.certs.renewBeforeMs },
    networkPolicies: withNetworkPolicies,
  });
  weaker.report(problems, checked.tls.acknowledged);
  problems.throwIfAny();
  // 6. the gateway; CA, rollout-operator, NetworkPolicies and the model
  const gateway = checked.gateway && checked.version ? resolveGateway({
    checked, gateway: checked.gateway, version: checked.version, issuerRef: topology.issuerRef, trust: checked.certs.trust,
    baseLabels: topology.baseLabels, rulerApi: checked.tenancy.rulerApi, alertmanagerApi: checked.tenancy.alertmanagerApi,
  }) : undefined;
  return assembleCluster({ checked, topology, graph, components, monitoring, withNetworkPolicies, egress: checked.egress, gateway });
}
