// Command-line options of cdk8s-mimir.
import { supportedVersions, versionInfo } from '../core/version';
export const USAGE = `usage:
  cdk8s-mimir doctor <file|dir|->... [--format text|json|sarif] [--mimir-version X.Y.Z] [--fail-on error|warning] [--output FILE]
                     [--require mtls] [--allow-empty] [--stdin-name FILE]     (- reads standard input, reported as FILE)
  cdk8s-mimir doctor --list-checks
  cdk8s-mimir graph  <file|dir|->... [--format table|mermaid|dot|svg] [--output FILE]
  cdk8s-mimir graph  --definition cluster.json [--format …]      (a MimirClusterProps object as JSON)
  cdk8s-mimir credential token|basic <name> [--secret NAME] [--namespace NS]   (a gateway credential and its digest)

  cdk8s-mimir --version

doctor exits 1 when it finds an error (or a warning, with --fail-on warning), or, with --require mtls, when any edge is
not mutual TLS (plaintext, broken, or a client without a certificate; memberlist, which is never mutual, must be TLS);
2 on bad usage or input (also when it finds no Mimir workload, unless --allow-empty); 0 otherwise. --help on any
command prints this; -- ends the options (paths after it may start with a dash).
`;

export class UsageError extends Error {}

export interface Options {
  readonly command: 'doctor' | 'graph' | 'help' | 'version';
  readonly paths: readonly string[];
  readonly format: string;
  readonly mimirVersion?: string;
  readonly failOn: 'error' | 'warning';
  readonly output?: string;
  readonly definition?: string;
  /** doctor: finding no Mimir workload is not an error. */
  readonly allowEmpty?: boolean;
  /** doctor: print the checks and exit. */
  readonly listChecks?: boolean;
  /** The file name findings in standard input are reported under. */
  readonly stdinName?: string;
  /** doctor: fail unless every edge is mutual TLS. */
  readonly requireMtls?: boolean;
}

const FORMATS = { doctor: ['text', 'json', 'sarif'], graph: ['table', 'mermaid', 'dot', 'svg'] } as const;

export function parseOptions(argv: readonly string[]): Options {
  const [command, ...rest] = argv;
  const help = { command: 'help', paths: [], format: '', failOn: 'error' } as const;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return help;
  if (command === '--version' || command === 'version') return { ...help, command: 'version' };
  if (command !== 'doctor' && command !== 'graph') throw new UsageError(`unknown command "${command}"`);
  if (rest.some((a) => a === '--help' || a === '-h')) return help;
  const paths: string[] = [];
  const values: { [k: string]: string } = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    // After --, every argument is a path (one may start with a dash).
    if (a === '--') { paths.push(...rest.slice(i + 1)); break; }
    if (a === '--allow-empty' || a === '--list-checks') { values[a.slice(2)] = 'true'; continue; }
    const m = /^--(format|mimir-version|fail-on|output|definition|stdin-name|require)(=(.*))?$/.exec(a);
    if (m) {
      const value = m[3] ?? rest[++i];
      if (value === undefined) throw new UsageError(`--${m[1]} needs a value`);
      values[m[1]] = value;
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else paths.push(a);
  }
  const format = values.format ?? FORMATS[command][0];
  if (!(FORMATS[command] as readonly string[]).includes(format)) throw new UsageError(`--format ${format} is not one of ${FORMATS[command].join(', ')}`);
  if (values['fail-on'] && !['error', 'warning'].includes(values['fail-on'])) throw new UsageError('--fail-on takes error or warning');
  if (values['mimir-version'] && !/^\d+\.\d+\.\d+$/.test(values['mimir-version'])) throw new UsageError('--mimir-version takes a release such as 3.0.2');
  if (values['mimir-version'] && !versionInfo(values['mimir-version'])) {
    throw new UsageError(`--mimir-version ${values['mimir-version']}: no flag catalog covers it (the doctor knows Mimir ${supportedVersions().map((v) => `${v.split('.').slice(0, 2).join('.')}.x`).join(', ')})`);
  }
  if (values.definition && command !== 'graph') throw new UsageError('--definition is an option of graph');
  if (values.definition && paths.length > 0) throw new UsageError('graph takes manifests or --definition, not both');
  if (values.require !== undefined && (command !== 'doctor' || values.require !== 'mtls')) throw new UsageError('--require takes mtls, and is an option of doctor');
  if (paths.length === 0 && !values.definition && !values['list-checks']) throw new UsageError('give manifests (files, directories, or - for standard input)');
  return { command, paths, format, mimirVersion: values['mimir-version'], failOn: (values['fail-on'] ?? 'error') as Options['failOn'], output: values.output, definition: values.definition, allowEmpty: values['allow-empty'] === 'true',
    listChecks: values['list-checks'] === 'true', stdinName: values['stdin-name'], requireMtls: values.require === 'mtls' };
}
