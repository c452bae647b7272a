// The doctor's report for people: a headline (workloads, edges by TLS state, findings by severity), then the
// findings grouped by severity, repeats folded (the same problem on every zone or workload shows once, with where).
import { DoctorReport } from '../doctor';
import { fromDoctor, GraphEdge } from '../edge-table';
import { Finding } from '../finding';

const STATES = ['mutual', 'server-only', 'plaintext', 'broken'] as const;

export function headline(report: DoctorReport, edges: readonly GraphEdge[] = fromDoctor(report)): string {
  const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
  const by = STATES.map((st) => [st, edges.filter((e) => e.tls === st).length] as const).filter(([, n]) => n > 0);
  const tls = edges.length === 0 ? 'no edges' : by.length === 1 && by[0][0] === 'plaintext' ? `no TLS on any of ${edges.length} edges` : `${edges.length} edges: ${by.map(([st, n]) => `${n} ${st}`).join(', ')}`;
  const skipped = report.skipped.length ? ` (${report.skipped.length} workloads of other products skipped)` : '';
  return `${report.workloads.length} Mimir workloads${skipped}; ${tls}; ${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos`;
}

/** The same problem on several workloads: one entry, the places listed. */
interface Folded { readonly first: Finding; readonly where: string[] }

function foldKey(f: Finding): string {
  const generic = (text: string) => f.components.reduce((t, c) => t.split(c).join('<w>'), text).replace(/-zone-[a-z0-9]+/g, '-zone-*');
  return [f.severity, f.check, generic(f.message), generic(f.fix)].join('|');
}

function fold(findings: readonly Finding[]): Folded[] {
  const groups = new Map<string, Folded>();
  for (const f of findings) {
    const key = foldKey(f);
    const place = f.edge ?? f.components.join(', ');
    const g = groups.get(key);
    if (g) g.where.push(place);
    else groups.set(key, { first: f, where: [place] });
  }
  return [...groups.values()];
}

/** Where a folded finding applies: every place up to six, else the first five and how many more. */
function places(where: readonly string[]): string {
  if (where.length === 1) return where[0];
  const shown = where.length > 6 ? [...where.slice(0, 5), `… ${where.length - 5} more`] : where;
  return `${where.length} places: ${shown.join('; ')}`;
}

export function textReport(report: DoctorReport, edges: readonly GraphEdge[] = fromDoctor(report)): string {
  const lines: string[] = [headline(report, edges)];
  // With no TLS anywhere, one entry says so for every plaintext edge (the headline counts them; JSON lists each).
  const noTls = edges.length > 0 && edges.every((e) => e.tls === 'plaintext');
  const plaintext = report.findings.filter((f) => f.check === 'tls.plaintext-edge');
  const folded = noTls && plaintext.length > 1
    ? [...fold(report.findings.filter((f) => f.check !== 'tls.plaintext-edge')), {
      first: { ...plaintext[0], message: `no edge of these manifests speaks TLS (${edges.length} edges, ${plaintext.length} findings folded): no certificate is verified in either direction anywhere, and every tenant's data crosses the network readable`, fix: 'Serve TLS on every component and set every client\'s tls-* block (cdk8s-mimir synthesizes all of it from one definition); --format json lists each edge' },
      where: plaintext.map((f) => f.edge ?? f.components.join(', ')),
    }]
    : fold(report.findings);
  for (const { first: f, where } of folded) {
    const place = places(where);
    lines.push(`${f.severity.toUpperCase()} ${f.check} ${f.source.file}:${f.source.line} ${place}`);
    lines.push(`  ${f.message}`);
    lines.push(`  fix: ${f.fix}`);
  }
  for (const s of report.skipped) lines.push(`SKIPPED ${s.namespace}/${s.id}: ${s.image} is not Mimir (not judged)`);
  return `${lines.join('\n')}\n`;
}

/** Edges that keep a cluster from being mutual TLS everywhere (memberlist is at best server-only: its listener never asks for a certificate). */
export function notMutual(edges: readonly GraphEdge[]): GraphEdge[] {
  return edges.filter((e) => e.tls !== 'mutual' && !(e.protocol === 'memberlist' && e.tls === 'server-only'));
}

export function jsonReport(report: DoctorReport): string {
  return `${JSON.stringify({
    workloads: report.workloads.map((w) => ({ id: w.id, namespace: w.namespace, targets: w.targets, version: w.version.version })),
    skipped: report.skipped,
    edges: report.edges.map((e) => ({ client: e.client.id, server: e.server.id, prefix: e.row.prefix, protocol: e.row.protocol, clientTls: e.clientTls, serverTls: e.serverTls, clientAuth: e.clientAuth, verifiedName: e.verifiedName })),
    findings: report.findings,
  }, null, 2)}\n`;
}
