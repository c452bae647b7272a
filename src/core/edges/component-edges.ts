// Edge rows × deployed ends → edges between components, each with its TLS mode, verified server name and the
// client's policy; per-edge overrides are applied and checked against what the server serves.
import { ComponentId } from '../catalog/components';
import { CheckedDefinition } from '../check/check';
import { EdgeTlsMode } from '../definition';
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { ProtocolPolicy } from '../flags/tls';
import { ResolvedEdge } from '../model';
import { PORTS } from '../names';
import { requiresClientCert } from '../tls/policy';
import { Topology } from '../topology/topology';
import { EdgeEnd, EdgeRow, GOSSIP_MEMBERS } from './edges';
import { GraphBuilder } from './graph';

interface EdgeContext {
  readonly problems: Problems;
  readonly checked: CheckedDefinition;
  readonly topology: Topology;
  readonly dialect: Dialect;
  readonly graph: GraphBuilder;
}

/** How one client reaches one row's servers. */
interface EdgeTls {
  readonly mode: EdgeTlsMode;
  readonly serverName: string;
  readonly policy: ProtocolPolicy;
  /** The server serves TLS on the row's protocol (decides an address's scheme). */
  readonly serverTls: boolean;
}

/** Adds every component edge to the graph; returns the keys of the overrides that matched an edge. */
export function componentEdges(ctx: EdgeContext): Set<string> {
  const { checked, topology, dialect, graph } = ctx;
  const used = new Set<string>();
  const expand = (end: EdgeEnd): ComponentId[] => (end === GOSSIP_MEMBERS ? [...topology.gossipMembers] : topology.has(end) ? [end] : []);
  const rows = dialect.edges.filter((row) => !row.when || row.when({ ruleEvaluation: checked.ruleEvaluation }));
  for (const row of rows) {
    const targets = expand(row.to);
    const port = row.protocol === 'http' ? PORTS.http.port : row.protocol === 'grpc' ? PORTS.grpc.port : PORTS.gossip.port;
    for (const from of row.from.flatMap(expand)) {
      if (targets.length === 0) continue;
      // One server name per row: the DNS name dialled, or for pod-IP edges a name every target carries; a row
      // whose prefix also dials another server verifies that server's name, which its targets then carry too.
      const dialled = dialledName(ctx, row, targets[0]);
      const shared = row.serverName ? sharedName(ctx, row.serverName) : undefined;
      if (shared) for (const t of targets) graph.addSan(t, shared);
      const tls = row.protocol === 'memberlist' ? memberlistTls(ctx, dialled) : edgeTls(ctx, row, from, targets, shared ?? dialled, used);
      const edgeMode = tls.mode === EdgeTlsMode.DISABLED ? 'disabled' : row.protocol === 'memberlist' || tls.mode === EdgeTlsMode.SERVER_ONLY ? 'server-only' : 'mutual';
      for (const to of targets) {
        const edge: ResolvedEdge = { prefix: row.prefix, from, to, protocol: row.protocol, discovery: row.discovery, port, serverName: tls.serverName, purpose: row.purpose, tls: edgeMode };
        graph.edges.push(edge);
      }
      graph.link(from, {
        prefix: row.prefix,
        kind: row.protocol === 'memberlist' ? 'memberlist' : 'component',
        address: row.address ? { name: row.address.flag, value: row.address.format(dialled, port, tls.serverTls), role: row.protocol === 'memberlist' ? 'memberlist' : 'address' } : undefined,
        tls: { files: topology.tlsFiles, serverName: tls.serverName, policy: tls.policy, mode: tls.mode, shape: { policyFlags: dialect.clientTlsPolicyFlags, enabledFlag: row.tlsEnabledFlag !== false } },
      });
    }
  }
  return used;
}

function sharedName(ctx: EdgeContext, of: NonNullable<EdgeRow['serverName']>): string {
  const names = ctx.checked.names;
  return names.fqdn(of.via === 'headless' ? names.headless(of.component) : names.component(of.component));
}

function dialledName(ctx: EdgeContext, row: EdgeRow, target: ComponentId): string {
  const names = ctx.checked.names;
  if (row.address?.via === 'headless') return names.fqdn(names.headless(target));
  if (row.address?.via === 'gossip' || row.discovery === 'gossip') return names.fqdn(names.gossipService);
  return names.fqdn(names.component(target));
}

/** Memberlist: one TLS switch for every member, the cluster's policy. */
function memberlistTls(ctx: EdgeContext, serverName: string): EdgeTls {
  const { tls } = ctx.checked;
  const mode = tls.memberlist ? EdgeTlsMode.MUTUAL : EdgeTlsMode.DISABLED;
  return { mode, serverName, policy: { minVersion: tls.policy.minVersion, cipherSuites: tls.policy.cipherSuites }, serverTls: mode !== EdgeTlsMode.DISABLED };
}

/** A gRPC or HTTP edge: the client's policy, overridden per edge, and checked against the server's. */
function edgeTls(ctx: EdgeContext, row: EdgeRow, from: ComponentId, targets: readonly ComponentId[], dialled: string, used: Set<string>): EdgeTls {
  const { problems, checked, graph } = ctx;
  const policyOf = (id: ComponentId) => checked.components.find((c) => c.spec.id === id)!.serverTls;
  const fromPolicy = policyOf(from);
  const target = targets[0];
  const key = `${row.prefix}|${from}`;
  const ov = checked.tls.edgeOverrides.get(key);
  if (ov) used.add(key);
  const server = policyOf(target)[row.protocol as 'grpc' | 'http'];
  let mode = ov?.mode ?? EdgeTlsMode.MUTUAL;
  if (!server.tls) {
    if (ov && ov.mode !== EdgeTlsMode.DISABLED) problems.add(`${ov.field}.mode`, `is ${ov.mode}, but ${target} serves ${row.protocol} in plaintext`, `Use EdgeTlsMode.DISABLED, or turn ${row.protocol} TLS on for ${target}`);
    mode = EdgeTlsMode.DISABLED;
  } else if (mode === EdgeTlsMode.DISABLED) {
    problems.add(`${ov!.field}.mode`, `is disabled, but ${target} serves ${row.protocol} over TLS, so ${from} could not connect`, `Turn ${row.protocol} TLS off for ${target} (components.<${target}>.tls), or keep the edge on TLS`);
  } else if (mode === EdgeTlsMode.SERVER_ONLY && requiresClientCert(server.clientAuth)) {
    problems.add(`${ov!.field}.mode`, `is server-only, but ${target} requires a client certificate on ${row.protocol} (${server.clientAuth}), so ${from} would be refused`,
      `Keep the edge mutual, or relax ${target}'s ${row.protocol}ClientAuth to VerifyClientCertIfGiven`);
  }
  if (ov?.serverName) for (const t of targets) graph.addSan(t, ov.serverName);
  return {
    mode,
    serverName: ov?.serverName || dialled,
    policy: { minVersion: ov?.minVersion ?? fromPolicy.minVersion, cipherSuites: ov?.cipherSuites ?? fromPolicy.cipherSuites },
    serverTls: server.tls,
  };
}
