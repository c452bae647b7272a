// Stage 4: one component, from its checked options and the edge graph: workload settings → flags → zones →
// version check → certificate → the resolved component.
import { CheckedDefinition } from '../check/check';
import { CheckedComponent } from '../check/components';
import { componentLeaf } from '../certs/leaf';
import { Dialect } from '../dialect/dialect';
import { EdgeGraph } from '../edges/graph';
import { Problems } from '../errors';
import { assembleFlags } from '../flags/assemble';
import { checkFlagsInVersion } from '../flags/version-check';
import { ResolvedComponent, SecretMount } from '../model';
import { GOSSIP_MEMBER_LABEL, GOSSIP_MEMBER_VALUE, PATHS } from '../names';
import { Topology } from '../topology/topology';
import { resolveWorkload } from './workload';
import { resolveZoneList } from './zones';

export interface ComponentInputs {
  readonly problems: Problems;
  readonly dialect: Dialect;
  readonly checked: CheckedDefinition;
  readonly topology: Topology;
  readonly graph: EdgeGraph;
}

export function resolveComponent(inputs: ComponentInputs, c: CheckedComponent): ResolvedComponent {
  const { problems, dialect, checked, topology, graph } = inputs;
  const { spec, options: opts } = c;
  const names = checked.names;
  const workload = resolveWorkload(problems, checked, dialect, c);
  const gossip = topology.gossipMembers.includes(spec.id);
  const flags = assembleFlags(problems, { dialect, checked, topology, component: c, links: graph.links.get(spec.id) ?? [], gossip });
  const zones = resolveZoneList(checked, dialect, c, workload.replicas, workload.zoned);
  checkFlagsInVersion(problems, dialect, checked.version, spec.id, [...flags, ...(zones?.[0]?.flags ?? [])]);
  const service = names.component(spec.id);
  const tlsSecret = opts.tlsSecretName ?? names.tlsSecret(spec.id);
  const selector = { ...topology.baseLabels, 'app.kubernetes.io/component': spec.id };
  const { settings } = workload;
  return {
    id: spec.id,
    spec,
    names: { workload: service, service, headless: names.headless(spec.id), serviceAccount: service, pdb: service, certificate: service, tlsSecret },
    labels: gossip ? { ...selector, [GOSSIP_MEMBER_LABEL]: GOSSIP_MEMBER_VALUE } : selector,
    selector,
    replicas: workload.replicas,
    resources: workload.resources,
    storage: workload.storage,
    flags,
    env: spec.objectStorage && checked.storage ? checked.storage.env : [],
    certificate: componentLeaf({ names, certs: checked.certs, issuerRef: topology.issuerRef, id: spec.id, gossip, tlsSecret, extraSans: graph.extraSans.get(spec.id) ?? [], zones }),
    existingTlsSecret: opts.tlsSecretName,
    zones,
    workloadSettings: settings,
    terminationGracePeriodSeconds: workload.terminationGracePeriodSeconds,
    goMaxProcs: workload.goMaxProcs,
    goMemLimitBytes: settings.goMemLimit ? workload.resources.memoryMebibytes * 1024 * 1024 : undefined,
    rolloutGroup: zones && checked.rollout ? { name: spec.id, maxUnavailable: dialect.tuning.rolloutMaxUnavailable[spec.id] } : undefined,
    serverTls: c.serverTls,
    probe: { mode: c.serverTls.probe, scheme: c.serverTls.http.tls ? 'HTTPS' : 'HTTP' },
    extraMounts: componentMounts(inputs, c),
    gossip,
  };
}

/** Secrets beyond the component's own certificate: object storage TLS, external caches, etcd. */
function componentMounts({ checked, graph }: ComponentInputs, c: CheckedComponent): SecretMount[] {
  const mounts: SecretMount[] = [...(c.spec.objectStorage && checked.storage ? checked.storage.mounts : []), ...(graph.mounts.get(c.spec.id) ?? [])];
  if (checked.etcd?.secretName && c.spec.gossipMember) mounts.push({ name: 'etcd', secretName: checked.etcd.secretName, path: PATHS.etcdDir });
  return mounts;
}
