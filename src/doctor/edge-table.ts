// The edge graph as people read it: a table, Mermaid, or Graphviz DOT (rendered to SVG by the CLI). One line per
// client workload, server and client prefix; gossip member pairs are folded into one memberlist line per member.
import { MEMCACHED } from '../core/catalog/caches';
import type { DoctorReport } from './doctor';
import type { Finding } from './finding';

export interface GraphEdge {
  readonly client: string;
  readonly server: string;
  readonly prefix: string;
  readonly protocol: string;
  readonly port: number;
  /** `mutual`, `server-only`, `plaintext` or `broken` (one side TLS, the other not). */
  readonly tls: string;
  /** What the server asks of clients on that protocol. */
  readonly clientAuth: string;
  readonly verifiedName?: string;
  /** Broken edges: the doctor checks that found the problem. */
  readonly reason?: string;
}

export function tableOf(edges: readonly GraphEdge[]): string {
  // The problem column only when an edge is broken.
  const problems = edges.some((e) => e.reason);
  const rows = [['client', 'server', 'protocol:port', 'client prefix', 'TLS', 'client auth', 'verified name', ...(problems ? ['problem'] : [])],
    ...edges.map((e) => [e.client, e.server, `${e.protocol}:${e.port}`, e.prefix, e.tls, e.clientAuth || '-', e.verifiedName ?? '-', ...(problems ? [e.reason ?? ''] : [])])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return `${rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n')}\n`;
}

const node = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');
const STYLE: { readonly [tls: string]: { dot: string; mermaid: string } } = {
  'mutual': { dot: 'color="#2e7d32"', mermaid: '==>' },
  'server-only': { dot: 'color="#f9a825"', mermaid: '-->' },
  'plaintext': { dot: 'color="#9e9e9e" style=dashed', mermaid: '-.->' },
  'broken': { dot: 'color="#c62828" penwidth=2', mermaid: '--x' },
};

function label(e: GraphEdge): string {
  return `${e.protocol}:${e.port} ${e.tls}${e.clientAuth && e.tls !== 'plaintext' ? ` (${e.clientAuth})` : ''}`;
}

export function mermaidOf(edges: readonly GraphEdge[]): string {
  const names = [...new Set(edges.flatMap((e) => [e.client, e.server]))].sort();
  return `flowchart LR\n${names.map((n) => `  ${node(n)}["${n}"]`).join('\n')}\n${edges.map((e) => `  ${node(e.client)} ${STYLE[e.tls].mermaid}|"${label(e)}"| ${node(e.server)}`).join('\n')}\n`;
}

/** One box per component: zone workloads fold into their component (`mimir-ingester-zone-a` → `mimir-ingester`). */
const groupOf = (name: string) => name.replace(/-zone-[a-z0-9]+$/, '');

interface Box { readonly name: string; readonly zones: number }
interface Arrow { readonly from: string; readonly to: string; readonly tls: string; readonly reasons: readonly string[]; readonly prefixes: readonly string[] }

/**
 * The picture's parts: boxes (zones counted), arrows (one per client box, server box and state, prefixes listed),
 * and the memberlist ring as one box with the worst state of its members' gossip.
 */
interface Ring { readonly name: string; readonly members: number; readonly tls: string; readonly broken: Arrow[] }

function pictureOf(edges: readonly GraphEdge[]): { boxes: Box[]; arrows: Arrow[]; rings: Ring[] } {
  const zones = new Map<string, Set<string>>();
  for (const n of edges.flatMap((e) => [e.client, e.server])) (zones.get(groupOf(n)) ?? zones.set(groupOf(n), new Set()).get(groupOf(n))!).add(n);
  const isRing = (name: string) => name === GOSSIP || name.endsWith(`/${GOSSIP}`);
  const arrows = new Map<string, { from: string; to: string; tls: string; reasons: Set<string>; prefixes: Set<string> }>();
  for (const e of edges.filter((x) => !isRing(x.server))) {
    const key = `${groupOf(e.client)}|${groupOf(e.server)}|${e.tls}`;
    const a = arrows.get(key) ?? arrows.set(key, { from: groupOf(e.client), to: groupOf(e.server), tls: e.tls, reasons: new Set(), prefixes: new Set() }).get(key)!;
    a.prefixes.add(e.prefix);
    for (const r of (e.reason ?? '').split(', ').filter(Boolean)) a.reasons.add(r);
  }
  // One ring per cluster (names are namespace-qualified when the input spans several).
  const rings = [...new Set(edges.filter((e) => isRing(e.server)).map((e) => e.server))].sort().map((name): Ring => {
    const gossip = edges.filter((e) => e.server === name);
    const broken = [...new Set(gossip.filter((e) => e.tls === 'broken').map((e) => groupOf(e.client)))].map((m) => ({
      from: m, to: name, tls: 'broken', prefixes: ['memberlist'],
      reasons: [...new Set(gossip.filter((e) => groupOf(e.client) === m && e.tls === 'broken').flatMap((e) => (e.reason ?? '').split(', ').filter(Boolean)))],
    }));
    return { name, members: new Set(gossip.map((e) => groupOf(e.client))).size, tls: gossip.reduce((w, e) => (RANK.indexOf(e.tls) > RANK.indexOf(w) ? e.tls : w), 'mutual'), broken };
  });
  return {
    boxes: [...zones.entries()].filter(([n]) => !isRing(n)).map(([name, set]) => ({ name, zones: set.size > 1 ? set.size : 0 })).sort((a, b) => a.name.localeCompare(b.name)),
    arrows: [...arrows.values()].map((a) => ({ ...a, reasons: [...a.reasons], prefixes: [...a.prefixes] })),
    rings,
  };
}

const LEGEND: readonly [string, string][] = [
  ['mutual', 'mutual TLS: both certificates verified'], ['server-only', 'TLS, the server is verified, the client is not'],
  ['plaintext', 'plaintext'], ['broken', 'broken: fails at run time (label: the doctor\'s check)'],
];

export function dotOf(edges: readonly GraphEdge[]): string {
  const { boxes, arrows, rings } = pictureOf(edges);
  const font = 'fontname="Helvetica"';
  return [
    'digraph mimir {',
    `  rankdir=LR; nodesep=0.35; ranksep=0.9; pad=0.3; node [shape=box style="rounded,filled" fillcolor="#eef2f7" ${font} fontsize=12 margin="0.3,0.1"]; edge [${font} fontsize=10];`,
    ...boxes.map((b) => `  ${node(b.name)} [label="${b.name}${b.zones ? `\\n(${b.zones} zones)` : ''}"];`),
    ...rings.map((r) => `  ${node(r.name)} [label="${r.name === GOSSIP ? '' : `${r.name.slice(0, -GOSSIP.length - 1)}\\n`}memberlist ring\\n${r.members} members, ${r.tls}" shape=ellipse style=filled fillcolor="#f5f5f5" ${STYLE[r.tls].dot}];`),
    // Healthy arrows need no words (the legend says what their colour means); broken ones say which check failed.
    ...[...arrows, ...rings.flatMap((r) => r.broken)].map((a) => `  ${node(a.from)} -> ${node(a.to)} [${a.tls === 'broken' ? `label="${a.reasons.join('\\n')}" fontcolor="#c62828" ` : ''}tooltip="${a.prefixes.join(', ')}" ${STYLE[a.tls].dot}];`),
    '  subgraph cluster_legend {',
    `    label="TLS of each connection (the table: npx cdk8s-mimir graph)"; ${font}; fontsize=11; color="#bdbdbd"; style=rounded;`,
    '    node [shape=point width=0.05 label=""];',
    ...LEGEND.flatMap(([tls, text], i) => [`    legend_${i}a -> legend_${i}b [label="${text}" ${STYLE[tls].dot}];`]),
    '  }',
    '}',
  ].join('\n') + '\n';
}

const GOSSIP = 'memberlist (gossip)';

/**
 * A doctor report's edges as graph lines, with the state the doctor's own findings give them: an edge with an error
 * finding (on the edge, or on a certificate or server its ends rely on) is broken, whatever its flags look like.
 * Memberlist pairs fold into one line per member, with the worst state of its pairs.
 */
export function fromDoctor(report: DoctorReport): GraphEdge[] {
  const broken = brokenBy(report.findings);
  // Names are qualified by namespace where the input spans several (clusters of the same names in each).
  const multi = new Set(report.workloads.map((w) => w.namespace)).size > 1;
  const q = (namespace: string, name: string) => (multi ? `${namespace}/${name}` : name);
  const seen = new Map<string, GraphEdge>();
  const add = (g: GraphEdge) => {
    const key = `${g.client}|${g.server}|${g.prefix}`;
    const had = seen.get(key);
    if (!had || RANK.indexOf(g.tls) > RANK.indexOf(had.tls)) seen.set(key, g);
  };
  for (const e of report.edges) {
    const gossip = e.row.protocol === 'memberlist';
    const cert = (e.client.flags.get(`${e.row.prefix}.tls-cert-path`) ?? '') !== '';
    const reasons = broken({ label: e.label, client: e.client.name, server: e.server.name, gossip, tls: e.clientTls || e.serverTls });
    const tls = reasons.length || e.clientTls !== e.serverTls ? 'broken' : !e.clientTls ? 'plaintext' : gossip || !cert ? 'server-only' : 'mutual';
    add({ client: q(e.client.namespace, e.client.name), server: q(e.server.namespace, gossip ? GOSSIP : e.server.name), prefix: e.row.prefix, protocol: e.row.protocol, port: e.port, tls, clientAuth: e.clientAuth, verifiedName: e.verifiedName, reason: reasons.join(', ') || undefined });
  }
  for (const e of report.cacheEdges) {
    const reasons = broken({ label: e.label, client: e.client.name, server: e.server.name, gossip: false, tls: e.clientTls || e.server.tls });
    const tls = reasons.length || e.clientTls !== e.server.tls ? 'broken' : !e.clientTls ? 'plaintext' : e.clientCertificate ? 'mutual' : 'server-only';
    add({ client: q(e.client.namespace, e.client.name), server: q(e.client.namespace, e.server.name), prefix: e.prefix, protocol: 'memcached', port: MEMCACHED.port, tls, clientAuth: e.server.tls ? 'RequireAndVerifyClientCert' : '', verifiedName: e.verifiedName, reason: reasons.join(', ') || undefined });
  }
  for (const e of report.gatewayEdges) {
    const name = e.client.metadata.name;
    const reasons = broken({ label: e.label, client: name, server: e.server.name, gossip: false, tls: e.tls !== 'plaintext' });
    add({ client: q(e.client.metadata.namespace ?? 'default', name), server: q(e.server.namespace, e.server.name), prefix: 'gateway', protocol: 'http', port: e.port, tls: reasons.length ? 'broken' : e.tls, clientAuth: '', verifiedName: e.verifiedName, reason: reasons.join(', ') || undefined });
  }
  for (const e of report.kafkaEdges) {
    const reasons = broken({ label: e.label, client: e.client.name, server: e.server, gossip: false, tls: e.tls });
    add({ client: q(e.client.namespace, e.client.name), server: q(e.client.namespace, e.server), prefix: 'ingest-storage.kafka', protocol: 'kafka', port: e.port, tls: reasons.length ? 'broken' : e.tls ? 'server-only' : 'plaintext', clientAuth: '', reason: reasons.join(', ') || undefined });
  }
  return [...seen.values()];
}

const RANK = ['mutual', 'server-only', 'plaintext', 'broken'];

/**
 * Findings that break an edge without naming it: a certificate its ends present or verify, a server that refuses to
 * start with its TLS settings, memberlist TLS on only some members.
 */
const BREAKS_ENDS: { readonly [check: string]: 'any' | 'gossip' } = {
  'certificate.cn-only': 'any', 'certificate.usages': 'any', 'server.client-auth': 'any', 'memberlist.mixed-tls': 'gossip',
};

/** The checks of the error findings that break an edge. */
function brokenBy(findings: readonly Finding[]) {
  const errors = findings.filter((f) => f.severity === 'error');
  return (e: { label: string; client: string; server: string; gossip: boolean; tls: boolean }): string[] => [...new Set(errors.filter((f) => {
    if (f.edge !== undefined) return f.edge === e.label;
    const scope = BREAKS_ENDS[f.check];
    if (!scope || !e.tls) return false;
    const touches = f.components.includes(e.client) || f.components.includes(e.server);
    return touches && (scope === 'any' || e.gossip);
  }).map((f) => f.check))];
}

/** The library's resolved edges as graph lines, memberlist folded likewise. */
export function fromModel(edges: readonly { prefix: string; from: string; to: string; protocol: string; port: number; tls: string; serverName: string }[], clientAuthOf: (to: string, protocol: string) => string): GraphEdge[] {
  const seen = new Map<string, GraphEdge>();
  for (const e of edges) {
    const gossip = e.protocol === 'memberlist';
    const server = gossip ? GOSSIP : e.to;
    const key = `${e.from}|${server}|${e.prefix}`;
    if (!seen.has(key)) {
      seen.set(key, {
        client: e.from, server, prefix: e.prefix, protocol: e.protocol, port: e.port, tls: e.tls === 'disabled' ? 'plaintext' : e.tls,
        clientAuth: gossip ? 'NoClientCert' : clientAuthOf(e.to, e.protocol), verifiedName: e.serverName,
      });
    }
  }
  return [...seen.values()];
}
