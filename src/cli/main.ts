#!/usr/bin/env node
// cdk8s-mimir: `doctor` checks any Mimir manifests (Helm, jsonnet, kustomize, hand-written, this library's);
// `graph` draws the TLS edge graph of manifests or of a cluster definition.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDoctor } from '../doctor/doctor';
import { dotOf, fromDoctor, fromModel, GraphEdge, mermaidOf, tableOf } from '../doctor/edge-table';
import { K8sObject, readManifests } from '../doctor/manifests';
import { jsonReport, notMutual, textReport } from '../doctor/report/text';
import { sarifReport } from '../doctor/report/sarif';
import { resolveCluster } from '../core/resolve';
import { listChecks } from '../doctor/check-catalog';
import { credentialCommand } from './credential';
import { parseOptions, UsageError, USAGE } from './options';
import { renderSvg } from './svg';

/** The largest input file read whole (a string of more would not fit in one JavaScript string anyway). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** An input the doctor cannot read: a missing path, an unreadable file, one too large or not text. Exit code 2. */
export class InputError extends Error {}

function readText(p: string): string {
  let size: number;
  try {
    size = statSync(p).size;
  } catch (e) {
    throw new InputError(`${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  if (size > MAX_INPUT_BYTES) throw new InputError(`${p}: ${Math.round(size / 1048576)} MB is more than the ${MAX_INPUT_BYTES / 1048576} MB one file may have; split the manifests into several files or a directory`);
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch (e) {
    throw new InputError(`${p}: cannot be read (${(e as Error).message})`);
  }
  if (text.includes('\u0000')) throw new InputError(`${p}: is not text (it holds NUL bytes); give YAML manifests`);
  return text;
}

/** YAML files of the paths given (directories: every .yaml/.yml below them; `-`: standard input). */
function readInputs(paths: readonly string[], stdinName = 'stdin.yaml'): { objects: K8sObject[]; errors: string[] } {
  const objects: K8sObject[] = [];
  const errors: string[] = [];
  const read = (text: string, file: string) => {
    const found = readManifests(text, file);
    for (const o of found.objects) objects.push(o);
    errors.push(...found.errors);
  };
  const isDirectory = (p: string) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      throw new InputError(`${p}: no such file or directory`);
    }
  };
  const walk = (p: string) => {
    if (isDirectory(p)) {
      for (const f of readdirSync(p).sort()) if (isDirectory(join(p, f)) || /\.ya?ml$/.test(f)) walk(join(p, f));
    } else read(readText(p), p);
  };
  for (const p of paths) {
    if (p === '-') read(readFileSync(0, 'utf8'), stdinName);
    else walk(p);
  }
  return { objects, errors };
}

function version(): string {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
}

function doctor(opts: ReturnType<typeof parseOptions>): number {
  const { objects, errors } = readInputs(opts.paths, opts.stdinName);
  for (const e of errors) process.stderr.write(`cdk8s-mimir: YAML: ${e}\n`);
  const report = runDoctor(objects, { defaultVersion: opts.mimirVersion });
  if (report.workloads.length === 0 && !opts.allowEmpty) {
    // Nothing to judge is an input error: a wrong path or a failed render must not pass a CI gate.
    process.stderr.write(`cdk8s-mimir: no Mimir workload found in ${opts.paths.join(', ')} (image grafana/mimir*, or -target on a container without an image)${report.skipped.length ? `; ${report.skipped.length} workloads of other products skipped` : ''}. Pass --allow-empty if that is expected.\n`);
    return 2;
  }
  const edges = fromDoctor(report);
  const out = opts.format === 'json' ? jsonReport(report) : opts.format === 'sarif' ? sarifReport(report, version()) : textReport(report, edges);
  emit(out, opts.output);
  const failing = report.findings.filter((f) => f.severity === 'error' || (opts.failOn === 'warning' && f.severity === 'warning'));
  const weak = opts.requireMtls ? notMutual(edges) : [];
  if (weak.length) {
    const by = ['broken', 'plaintext', 'server-only'].map((st) => [st, weak.filter((e) => e.tls === st).length] as const).filter(([, n]) => n > 0).map(([st, n]) => `${n} ${st}`).join(', ');
    const list = weak.slice(0, 5).map((e) => `${e.client} → ${e.server} [${e.prefix}] ${e.tls}${e.reason ? ` (${e.reason})` : ''}`).join('; ');
    process.stderr.write(`cdk8s-mimir: --require mtls: ${weak.length} of ${edges.length} edges are not mutual TLS (${by}): ${list}${weak.length > 5 ? '; …' : ''}\n`);
  }
  return failing.length > 0 || errors.length > 0 || weak.length > 0 ? 1 : 0;
}

async function graph(opts: ReturnType<typeof parseOptions>): Promise<number> {
  let edges: GraphEdge[];
  if (opts.definition) {
    const model = resolveCluster(JSON.parse(readFileSync(opts.definition, 'utf8')));
    const auth = (to: string, protocol: string) => (model.components.find((c) => c.id === to)?.serverTls as any)?.[protocol]?.clientAuth ?? '';
    edges = fromModel(model.edges, auth);
  } else {
    edges = fromDoctor(runDoctor(readInputs(opts.paths).objects, { defaultVersion: opts.mimirVersion }));
  }
  const out = opts.format === 'mermaid' ? mermaidOf(edges) : opts.format === 'dot' ? dotOf(edges) : opts.format === 'svg' ? await renderSvg(dotOf(edges)) : tableOf(edges);
  emit(out, opts.output);
  return 0;
}

function emit(text: string, file: string | undefined): void {
  if (file) writeFileSync(file, text);
  else process.stdout.write(text);
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    if (argv[0] === 'credential') { process.stdout.write(credentialCommand(argv.slice(1))); return 0; }
    const opts = parseOptions(argv);
    if (opts.command === 'help') { process.stdout.write(USAGE); return 0; }
    if (opts.command === 'version') { process.stdout.write(`${version()}\n`); return 0; }
    if (opts.listChecks) { process.stdout.write(listChecks()); return 0; }
    return opts.command === 'doctor' ? doctor(opts) : await graph(opts);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`cdk8s-mimir: ${e.message}\n${USAGE}`); return 2; }
    if (e instanceof InputError) { process.stderr.write(`cdk8s-mimir: ${e.message}\n`); return 2; }
    process.stderr.write(`cdk8s-mimir: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
