// The edge graph as people read it: a table, Mermaid, or Graphviz DOT (rendered to SVG by the CLI). One line per
// client workload, server and client prefix; gossip member pairs are folded into one memberlist line per member.
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
}

export function tableOf(edges: readonly GraphEdge[]): string {
  const rows = [['client', 'server', 'protocol:port', 'client prefix', 'TLS', 'client auth', 'verified name'],
    ...edges.map((e) => [e.client, e.server, `${e.protocol}:${e.port}`, e.prefix, e.tls, e.clientAuth || '-', e.verifiedName ?? '-'])];
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

export function dotOf(edges: readonly GraphEdge[]): string {
  const names = [...new Set(edges.flatMap((e) => [e.client, e.server]))].sort();
  return [
    'digraph mimir {',
    '  rankdir=LR; node [shape=box style="rounded,filled" fillcolor="#eef2f7" fontname="sans-serif" margin="0.25,0.08"]; edge [fontname="sans-serif" fontsize=9];',
    ...names.map((n) => `  ${node(n)} [label="${n}"];`),
    ...edges.map((e) => `  ${node(e.client)} -> ${node(e.server)} [label="${label(e)}" ${STYLE[e.tls].dot}];`),
    '}',
  ].join('\n') + '\n';
}

const GOSSIP = 'memberlist (gossip)';

/** Doctor edges (from manifests) as graph lines, memberlist folded into one line per member. */
export function fromDoctor(edges: readonly import('./graph').DoctorEdge[]): GraphEdge[] {
  const seen = new Map<string, GraphEdge>();
  for (const e of edges) {
    const gossip = e.row.protocol === 'memberlist';
    const server = gossip ? GOSSIP : e.server.name;
    const cert = (e.client.flags.get(`${e.row.prefix}.tls-cert-path`) ?? '') !== '';
    const tls = e.clientTls !== e.serverTls ? 'broken' : !e.clientTls ? 'plaintext' : gossip || !cert ? 'server-only' : 'mutual';
    const key = `${e.client.name}|${server}|${e.row.prefix}`;
    if (!seen.has(key)) seen.set(key, { client: e.client.name, server, prefix: e.row.prefix, protocol: e.row.protocol, port: e.port, tls, clientAuth: e.clientAuth, verifiedName: e.verifiedName });
  }
  return [...seen.values()];
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
