// Files and directories: every file a flag names is in a mounted volume (whole directories, not subPath, for
// certificates that renew), every path Mimir writes is writable, and the YAML configuration exists and is known.
import { Finding } from '../finding';
import { valuesOf } from '../graph';
import { Mount, MimirWorkload } from '../workloads';
import { Check, workloadFinding } from './context';

/** Flags naming a file Mimir reads at start or at every handshake, and the target that reads it (else: all). */
const FILE_FLAG = /(^|\.)tls-(cert|key|ca)-path$|^runtime-config\.file$|^alertmanager\.configs\.fallback$/;
const READER: { readonly [flag: string]: string } = { 'alertmanager.configs.fallback': 'alertmanager' };
/** Paths Mimir writes, with Mimir's default when the flag is not set. */
const WRITTEN: { readonly [flag: string]: string } = {
  'activity-tracker.filepath': './metrics-activity.log',
  'blocks-storage.tsdb.dir': './tsdb/',
  'blocks-storage.bucket-store.sync-dir': './tsdb-sync/',
  'compactor.data-dir': './data-compactor/',
  'ruler.rule-path': './data-ruler/',
  'alertmanager.storage.path': './data-alertmanager/',
};
/** Which target writes which path (the activity tracker: all). */
const WRITER: { readonly [flag: string]: string } = {
  'blocks-storage.tsdb.dir': 'ingester', 'blocks-storage.bucket-store.sync-dir': 'store-gateway', 'compactor.data-dir': 'compactor',
  'ruler.rule-path': 'ruler', 'alertmanager.storage.path': 'alertmanager',
};

const at = workloadFinding;

const mountOf = (path: string, mounts: readonly Mount[]) => mounts.filter((m) => path === m.path || path.startsWith(`${m.path.replace(/\/$/, '')}/`)).sort((a, b) => b.path.length - a.path.length)[0];

function readFiles(w: MimirWorkload): Finding[] {
  const out: Finding[] = [];
  for (const [flag, path] of w.flags) {
    if (!FILE_FLAG.test(flag) || path === '' || /\$\{?[A-Za-z_]/.test(path)) continue;
    if (READER[flag] && !w.targets.includes(READER[flag] as any)) continue;
    if (/tls-/.test(flag) && !tlsBlockOn(w, flag)) continue;
    const m = mountOf(path, w.mounts);
    if (!m) out.push(at(w, 'error', 'files.not-mounted', `-${flag}=${path} names a file no volume provides: "open ${path}: no such file or directory"`, `Mount the Secret or ConfigMap holding it at ${path.replace(/\/[^/]*$/, '')}`));
    else if (m.subPath !== undefined && /tls-/.test(flag)) out.push(at(w, 'warning', 'files.subpath', `-${flag}=${path} comes from a subPath mount, which never sees a renewed file: the old certificate stays until the pod restarts, and expires`, 'Mount the whole Secret as a directory (no subPath)'));
  }
  return out;
}

/** TLS paths of a client or the memberlist matter only with its tls-enabled on; server paths always. */
function tlsBlockOn(w: MimirWorkload, flag: string): boolean {
  if (flag.startsWith('server.') || /\.s3\.http\./.test(flag)) return true;
  const prefix = flag.replace(/\.tls-(cert|key|ca)-path$/, '');
  // The version's default decides when the flag is not written (true for the ruler's alertmanager client).
  return valuesOf(w, w.targets[0]).bool(`${prefix}.tls-enabled`);
}

function writtenPaths(w: MimirWorkload): Finding[] {
  if (!w.readOnlyRoot) return [];
  const out: Finding[] = [];
  for (const [flag, fallback] of Object.entries(WRITTEN)) {
    if (WRITER[flag] && !w.targets.includes(WRITER[flag] as any)) continue;
    const path = w.flags.get(flag) ?? fallback;
    if (path === '') continue;
    const m = path.startsWith('/') ? mountOf(path, w.mounts) : undefined;
    if (!m || m.readOnly || m.volume.kind === 'secret' || m.volume.kind === 'configMap') {
      out.push(at(w, 'error', 'files.read-only-root', `-${flag}=${path} is not in a writable volume and the root filesystem is read-only: ${flag === 'activity-tracker.filepath' ? '"failed to create activity file: … read-only file system" at start' : 'Mimir cannot write its data there'}`,
        `Point -${flag} into a writable emptyDir or persistent volume`));
    }
  }
  return out;
}

function configFile(w: MimirWorkload): Finding[] {
  if (!w.config) return [];
  const out: Finding[] = [];
  if (!mountOf(w.config.path, w.mounts)) out.push(at(w, 'error', 'config.not-mounted', `-config.file=${w.config.path} names a file no volume provides: Mimir stops at start`, 'Mount the ConfigMap or Secret with the configuration'));
  else if (!w.config.found) out.push(at(w, 'info', 'config.not-found', `-config.file=${w.config.path} comes from an object not in these manifests: its settings were not checked`, 'Pass the manifests that hold it too'));
  if (w.config.parseError) out.push(at(w, 'error', 'config.parse', `${w.config.path} is not valid YAML: ${w.config.parseError}`, 'Fix the YAML'));
  for (const key of w.config.unknownKeys) {
    out.push(at(w, 'error', 'config.unknown-key', `${w.config.path} has "${key}", which Mimir ${w.version.version} does not know: it decodes strictly and stops at start ("field ${key.split('.').pop()} not found")`, `Remove "${key}" or check its name against Mimir ${w.version.version}'s configuration reference`));
  }
  return out;
}

export const files: Check = (ctx) => ctx.workloads.flatMap((w) => [...configFile(w), ...readFiles(w), ...writtenPaths(w)]);
