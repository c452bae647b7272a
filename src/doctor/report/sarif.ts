// SARIF 2.1.0, for CI annotations: one rule per check, one result per finding at the object's file and line.
import { relative, sep } from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { describeCheck } from '../check-catalog';
import { DoctorReport } from '../doctor';
import { Severity } from '../finding';

const LEVEL: { readonly [s in Severity]: Result.level } = { error: 'error', warning: 'warning', info: 'note' };

/** A file as a URI relative to the working directory (where CI runs), with forward slashes. */
function uriOf(file: string, cwd: string): string {
  return relative(cwd, file).split(sep).join('/') || file;
}

export function sarifReport(report: DoctorReport, toolVersion: string, cwd: string = process.cwd()): string {
  const checks = [...new Set(report.findings.map((f) => f.check))].sort();
  const rules: ReportingDescriptor[] = checks.map((id) => {
    const c = describeCheck(id) ?? { name: id, summary: id, help: report.findings.find((f) => f.check === id)!.fix };
    return { id, name: c.name, shortDescription: { text: c.summary }, fullDescription: { text: `${c.summary} ${c.help}` }, help: { text: c.help } };
  });
  const results: Result[] = report.findings.map((f) => ({
    ruleId: f.check,
    ruleIndex: checks.indexOf(f.check),
    level: LEVEL[f.severity],
    message: { text: `${f.message}${f.edge ? ` [${f.edge}]` : ''}. Fix: ${f.fix}.` },
    locations: [{
      physicalLocation: { artifactLocation: { uri: uriOf(f.source.file, cwd) }, region: { startLine: Math.max(1, f.source.line) } },
      logicalLocations: f.components.map((name) => ({ name, kind: 'object' })),
    }],
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'cdk8s-mimir doctor', version: toolVersion, informationUri: 'https://www.npmjs.com/package/cdk8s-mimir', rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
