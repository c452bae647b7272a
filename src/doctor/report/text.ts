// The doctor's report for people: findings grouped by severity, then a one-line summary.
import { DoctorReport } from '../doctor';

export function textReport(report: DoctorReport): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${f.severity.toUpperCase()} ${f.check} ${f.source.file}:${f.source.line} ${f.components.join(', ')}${f.edge ? ` (${f.edge})` : ''}`);
    lines.push(`  ${f.message}`);
    lines.push(`  fix: ${f.fix}`);
  }
  for (const s of report.skipped) lines.push(`SKIPPED ${s.namespace}/${s.id}: ${s.image} is not Mimir (not judged)`);
  const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
  lines.push(`${report.workloads.length} Mimir workloads, ${new Set(report.edges.map((e) => `${e.client.name}|${e.server.name}|${e.row.prefix}`)).size} edges: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos`);
  return `${lines.join('\n')}\n`;
}

export function jsonReport(report: DoctorReport): string {
  return `${JSON.stringify({
    workloads: report.workloads.map((w) => ({ id: w.id, namespace: w.namespace, targets: w.targets, version: w.version.version })),
    skipped: report.skipped,
    edges: report.edges.map((e) => ({ client: e.client.id, server: e.server.id, prefix: e.row.prefix, protocol: e.row.protocol, clientTls: e.clientTls, serverTls: e.serverTls, clientAuth: e.clientAuth, verifiedName: e.verifiedName })),
    findings: report.findings,
  }, null, 2)}\n`;
}
