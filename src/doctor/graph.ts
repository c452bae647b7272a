// The edge graph of any Mimir manifests, from the library's own edge table: which workload dials which, on which
// protocol, whether each side speaks TLS, the name the client verifies and what the server asks of clients.
import { COMPONENTS, ComponentId } from '../core/catalog/components';
import { EDGES, EdgeRow, GOSSIP_MEMBERS } from '../core/edges/edges';
import { PORTS } from '../core/names';
import { FlagValues } from '../core/startup/values';
import { ingestStorageOn, REPLACED_BY_KAFKA } from './checks/ingest';
import { MimirWorkload } from './workloads';

export interface DoctorEdge {
  readonly row: EdgeRow;
  readonly client: MimirWorkload;
  readonly server: MimirWorkload;
  readonly port: number;
  readonly clientTls: boolean;
  readonly serverTls: boolean;
  /** The server's client-auth policy on the dialled protocol ('' when none). */
  readonly clientAuth: string;
  /** The name the client verifies: its tls-server-name, else the host it dials (DNS edges), else none. */
  readonly verifiedName?: string;
  /** `client → server [prefix]`. */
  readonly label: string;
}

const valuesCache = new WeakMap<MimirWorkload, Map<ComponentId, FlagValues>>();

/** A workload's flags with the version's defaults, as the rules see them (built once per workload and target). */
export function valuesOf(w: MimirWorkload, target: ComponentId): FlagValues {
  let byTarget = valuesCache.get(w);
  if (!byTarget) valuesCache.set(w, (byTarget = new Map()));
  let values = byTarget.get(target);
  if (!values) {
    values = new FlagValues(target, [...w.flags].map(([name, value]) => ({ name, value, role: 'extra' as const })), w.version.fields, w.version.version);
    byTarget.set(target, values);
  }
  return values;
}

export function isGossipMember(w: MimirWorkload): boolean {
  return (w.flags.get('memberlist.join') ?? '') !== '' && w.targets.some((t) => COMPONENTS.find((c) => c.id === t)?.gossipMember);
}

export function serverTls(v: FlagValues, protocol: string): boolean {
  if (protocol === 'memberlist') return v.bool('memberlist.tls-enabled');
  return v.str(`server.${protocol}-tls-cert-path`) !== '' && v.str(`server.${protocol}-tls-key-path`) !== '';
}

/** The host part of an address flag's value (`dns+host:port`, `dns:///host:port`, `https://host:port/path`). */
export function addressHost(value: string): string | undefined {
  const first = value.split(',')[0].replace(/^[a-z]+\+/, '').replace(/^[a-z]+:\/\/\/?/, '');
  const host = first.split('/')[0].replace(/:[0-9]+$/, '').replace(/\.$/, '');
  return host === '' ? undefined : host;
}

function rowApplies(row: EdgeRow, client: MimirWorkload): boolean {
  // With ingest storage the push-only clients write to Kafka instead (see checks/ingest).
  const replaced = REPLACED_BY_KAFKA[row.prefix];
  if (replaced && client.targets.every((t) => replaced.includes(t)) && ingestStorageOn(client)) return false;
  if (!row.when) return true;
  const remote = (client.flags.get('ruler.query-frontend.address') ?? '') !== '';
  return row.when({ ruleEvaluation: remote ? 'remote' : 'local' } as any);
}

function edge(row: EdgeRow, client: MimirWorkload, server: MimirWorkload, clientTarget: ComponentId, qualify: boolean): DoctorEdge {
  const c = valuesOf(client, clientTarget);
  const s = valuesOf(server, server.targets[0]);
  const dialled = row.address ? addressHost(c.str(row.address.flag)) : undefined;
  const named = c.str(`${row.prefix}.tls-server-name`);
  return {
    row, client, server,
    port: row.protocol === 'http' ? PORTS.http.port : row.protocol === 'grpc' ? PORTS.grpc.port : PORTS.gossip.port,
    // An HTTP client speaks TLS exactly when its URL is https://, whatever its tls-enabled says.
    clientTls: row.protocol === 'http' && row.address ? c.str(row.address.flag).startsWith('https://') : c.bool(`${row.prefix}.tls-enabled`),
    serverTls: serverTls(s, row.protocol),
    clientAuth: row.protocol === 'memberlist' ? 'NoClientCert' : s.str(`server.${row.protocol}-tls-client-auth`),
    verifiedName: named !== '' ? named : row.discovery === 'dns' || row.discovery === 'gossip' ? dialled : undefined,
    // A gossip member talks to the ring, not to one peer: its edges carry the ring's name.
    label: `${qualify ? `${client.namespace}/` : ''}${client.name} → ${row.protocol === 'memberlist' ? 'the gossip ring' : `${qualify ? `${server.namespace}/` : ''}${server.name}`} [${row.prefix}]`,
  };
}

/**
 * The clusters among the workloads: one per namespace and `app.kubernetes.io/instance` label. Edges are derived
 * within each (a folder may hold many clusters; a distributor in one namespace does not dial another's ingesters).
 */
export function clustersOf(workloads: readonly MimirWorkload[]): MimirWorkload[][] {
  const groups = new Map<string, MimirWorkload[]>();
  for (const w of workloads) {
    const key = `${w.namespace}|${w.podLabels['app.kubernetes.io/instance'] ?? ''}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(w);
  }
  return [...groups.values()];
}

export function doctorEdges(workloads: readonly MimirWorkload[]): DoctorEdge[] {
  // Names are qualified by namespace where the input spans several.
  const qualify = new Set(workloads.map((w) => w.namespace)).size > 1;
  return clustersOf(workloads).flatMap((group) => clusterEdges(group, qualify));
}

function clusterEdges(workloads: readonly MimirWorkload[], qualify: boolean): DoctorEdge[] {
  const out: DoctorEdge[] = [];
  const ends = (end: string) => (end === GOSSIP_MEMBERS ? workloads.filter(isGossipMember) : workloads.filter((w) => w.targets.includes(end as ComponentId)));
  for (const row of EDGES) {
    const servers = ends(row.to);
    for (const client of row.from.flatMap(ends)) {
      if (!rowApplies(row, client)) continue;
      const target = (row.from.find((f) => client.targets.includes(f as ComponentId)) ?? client.targets[0]) as ComponentId;
      for (const server of servers) if (server !== client || row.to !== GOSSIP_MEMBERS) out.push(edge(row, client, server, target, qualify));
    }
  }
  return out;
}
