// The Mimir containers of a set of manifests: found by image (grafana/mimir*) or by a -target argument, with
// their effective flags (arguments over the YAML file they load), mounts, probes and security context.
import { ComponentId } from '../core/catalog/components';
import { FLAG_FIELDS, YAML_ONLY_FIELDS } from '../core/flags/fields.generated';
import { supportedVersions, VersionInfo, versionInfo } from '../core/version';
import { configFlags, expandEnv } from './config-file';
import { K8sObject } from './manifests';
import { objectsOf } from './object-index';

export interface Mount {
  readonly path: string;
  readonly readOnly: boolean;
  readonly subPath?: string;
  readonly volume: { readonly kind: 'secret' | 'configMap' | 'emptyDir' | 'persistentVolumeClaim' | 'other'; readonly name?: string; readonly items?: readonly { key: string; path: string }[] };
}

export interface MimirWorkload {
  readonly object: K8sObject;
  /** `<Kind>/<name>`. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly targets: readonly ComponentId[];
  readonly version: VersionInfo;
  /** The image says the version (otherwise the default version is assumed). */
  readonly versionFromImage: boolean;
  /** The release the image names, where it names one (the catalog used may be another: see version.nearest). */
  readonly imageVersion?: string;
  /** Effective flags: arguments override the YAML file. */
  readonly flags: ReadonlyMap<string, string>;
  /** Flags as written in the arguments (for the version check: the YAML file is checked key by key). */
  readonly args: ReadonlyMap<string, string>;
  readonly config?: { readonly path: string; readonly found: boolean; readonly unknownKeys: readonly string[]; readonly parseError?: string };
  readonly mounts: readonly Mount[];
  readonly podLabels: { readonly [k: string]: string };
  readonly readOnlyRoot: boolean;
  readonly probes: { readonly readiness?: any; readonly liveness?: any; readonly startup?: any };
}

/** What `-target=all` runs (the alertmanager and overrides-exporter are not part of it). */
const ALL: ComponentId[] = ['distributor', 'ingester', 'querier', 'query-frontend', 'query-scheduler', 'store-gateway', 'compactor', 'ruler'];
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Pod'];

/** `-name=value`, `--name=value`, `-name value` and bare booleans. */
export function parseArgs(args: readonly string[], fields: VersionInfo['fields']): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const m = /^--?([^=\s]+)(=(.*))?$/s.exec(args[i]);
    if (!m) continue;
    if (m[2] !== undefined) out.set(m[1], m[3]);
    else if (fields[m[1]]?.[0] !== 'boolean' && i + 1 < args.length && !args[i + 1].startsWith('-')) out.set(m[1], args[++i]);
    else out.set(m[1], 'true');
  }
  return out;
}

function podSpecOf(o: K8sObject): any {
  return o.kind === 'Pod' ? o.spec : o.spec?.template?.spec;
}

function mountsOf(container: any, pod: any): Mount[] {
  return (container.volumeMounts ?? []).map((m: any) => {
    const v = (pod.volumes ?? []).find((x: any) => x.name === m.name);
    const volume: Mount['volume'] = v?.secret ? { kind: 'secret', name: v.secret.secretName, items: v.secret.items }
      : v?.configMap ? { kind: 'configMap', name: v.configMap.name, items: v.configMap.items }
        : v?.emptyDir ? { kind: 'emptyDir' } : v?.persistentVolumeClaim || !v ? { kind: 'persistentVolumeClaim' } : { kind: 'other' };
    return { path: m.mountPath, readOnly: m.readOnly === true, subPath: m.subPath, volume };
  });
}

/** The file at `path` inside the pod, when a ConfigMap or Secret of the manifests provides it. */
export function mountedFile(path: string, mounts: readonly Mount[], objects: readonly K8sObject[], namespace: string): string | undefined {
  for (const m of mounts) {
    const key = m.subPath !== undefined ? (path === m.path ? m.subPath : undefined) : path.startsWith(`${m.path}/`) ? path.slice(m.path.length + 1) : undefined;
    if (key === undefined || (m.volume.kind !== 'configMap' && m.volume.kind !== 'secret')) continue;
    const dataKey = m.volume.items?.find((i) => i.path === key)?.key ?? key;
    const source = objectsOf(objects, m.volume.kind === 'secret' ? 'Secret' : 'ConfigMap', namespace).find((o) => o.metadata.name === m.volume.name);
    const raw = source?.stringData?.[dataKey] ?? source?.data?.[dataKey];
    if (raw !== undefined) return m.volume.kind === 'secret' && source?.data?.[dataKey] !== undefined ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  }
  return undefined;
}

const MIMIR_IMAGE = /(^|\/)grafana\/mimir(:|@|$)/;
const hasTarget = (container: any) => (container.args ?? []).some((a: string) => /^--?target=/.test(a));

/**
 * A Mimir container: its image is Mimir's, or it has no image (a template) and a -target argument. Loki, Tempo,
 * Pyroscope and Cortex share -target and many flag names but not Mimir's catalog or rules: any other image is
 * someone else's, and is skipped, never judged.
 */
function isMimir(container: any): boolean {
  return MIMIR_IMAGE.test(container.image ?? '') || (!container.image && hasTarget(container));
}

/** A workload that looks like one of the family (a -target argument) but runs another product's image. */
export interface SkippedWorkload {
  readonly id: string;
  readonly namespace: string;
  readonly image: string;
}

export function mimirWorkloads(objects: readonly K8sObject[], defaultVersion: string): MimirWorkload[] {
  return objects.filter((o) => WORKLOAD_KINDS.includes(o.kind)).flatMap((o) => {
    const pod = podSpecOf(o);
    const container = (pod?.containers ?? []).find(isMimir);
    return container ? [workload(o, pod, container, objects, defaultVersion)] : [];
  });
}

/** Workloads with a -target container of another product's image: listed in the report as not judged. */
export function skippedWorkloads(objects: readonly K8sObject[]): SkippedWorkload[] {
  return objects.filter((o) => WORKLOAD_KINDS.includes(o.kind)).flatMap((o) => {
    const containers: any[] = podSpecOf(o)?.containers ?? [];
    if (containers.some(isMimir)) return [];
    const other = containers.find((c) => hasTarget(c));
    return other ? [{ id: `${o.kind}/${o.metadata.name}`, namespace: o.metadata.namespace ?? 'default', image: String(other.image) }] : [];
  });
}

function workload(o: K8sObject, pod: any, container: any, objects: readonly K8sObject[], defaultVersion: string): MimirWorkload {
  const namespace = o.metadata.namespace ?? 'default';
  const tag = /mimir:v?(\d+\.\d+\.\d+)/.exec(container.image ?? '')?.[1];
  const judgedAs = tag ? (versionInfo(tag) ? tag : nearestOlderRelease(tag)) : undefined;
  const version = (judgedAs && versionInfo(judgedAs)) || versionInfo(defaultVersion)!;
  const fields = FLAG_FIELDS[version.catalogKey] ?? {};
  const args = parseArgs([...(container.command ?? []).slice(1), ...(container.args ?? [])], fields);
  const mounts = mountsOf(container, pod);
  const env = new Map<string, string>((container.env ?? []).filter((e: any) => typeof e.value === 'string').map((e: any) => [e.name, e.value]));
  const flags = new Map<string, string>();
  let config: MimirWorkload['config'];
  const configPath = args.get('config.file');
  if (configPath) {
    const text = mountedFile(configPath, mounts, objects, namespace);
    const expanded = text !== undefined && ['true', '1'].includes(args.get('config.expand-env') ?? '') ? expandEnv(text, env) : text;
    const parsed = expanded === undefined ? undefined : configFlags(expanded, fields, YAML_ONLY_FIELDS[version.catalogKey] ?? {});
    for (const [k, v] of parsed?.flags ?? []) flags.set(k, v);
    config = { path: configPath, found: text !== undefined, unknownKeys: parsed?.unknownKeys ?? [], parseError: parsed?.parseError };
  }
  for (const [k, v] of args) flags.set(k, v);
  const targets = (flags.get('target') ?? 'all').split(',').flatMap((t) => (t === 'all' ? ALL : [t as ComponentId]));
  return {
    object: o, id: `${o.kind}/${o.metadata.name}`, name: o.metadata.name, namespace, targets, version, versionFromImage: tag !== undefined,
    imageVersion: tag,
    flags, args, config, mounts,
    podLabels: o.kind === 'Pod' ? o.metadata.labels ?? {} : (o.spec?.template?.metadata?.labels ?? {}),
    readOnlyRoot: container.securityContext?.readOnlyRootFilesystem === true,
    probes: { readiness: container.readinessProbe, liveness: container.livenessProbe, startup: container.startupProbe },
  };
}

/** The release with a flag catalog nearest below one without (the oldest known where none is older). */
export function nearestOlderRelease(release: string): string {
  const key = (v: string) => v.split('.').reduce((n, part) => n * 1000 + Number(part), 0);
  const known = supportedVersions().sort((a, b) => key(a) - key(b));
  return known.filter((v) => key(v) <= key(release)).pop() ?? known[0];
}
