// definition → validated, fully defaulted model: components (with zones), caches, edges with their server
// names, flags, certificate plans. Constructs render this and compute nothing of their own.
import { CacheId, CacheSpec, MEMCACHED_PORT } from './catalog/caches';
import { COMPONENTS, ComponentId, ComponentSpec, RingId } from './catalog/components';
import {
  KEEPALIVE_ENFORCEMENT, PRODUCTION_FLAGS, RING_HEARTBEAT_TIMEOUT, ROLLOUT_MAX_UNAVAILABLE, WORKLOAD_DEFAULTS,
  WorkloadDefaults, ZONE_AWARE_STORE_GATEWAY_PREFIX,
} from './catalog/production';
import { CaPlan, IssuerRefPlan, LeafCertificatePlan, leafDnsNames, leafUsages } from './certs/plan';
import * as D from './defaults';
import {
  ClusterSize, ComponentOptions, EdgeTlsMode, IssuerKind, MimirClusterProps, ProbeMode, RuleEvaluation,
} from './definition';
import { EDGES, EdgeEnd, EdgeProtocol, Discovery, GOSSIP_MEMBERS } from './edges/edges';
import { Problems } from './errors';
import { Flag } from './flags/flag';
import { FLAG_CATALOGS } from './flags/catalog.generated';
import { clientTlsFlags, serverTlsFlags, TlsFiles } from './flags/tls';
import { ClusterNames, GOSSIP_MEMBER_LABEL, GOSSIP_MEMBER_VALUE, PATHS, PORTS, TLS_SECRET_KEYS } from './names';
import {
  checkKeys, EnvFromSecret, optionalBoolean, resolveCertificates, resolveExtraFlags, ResolvedResources, ResolvedTrust,
  resolveResources, resolveStorage, SecretMount,
} from './options';
import { ResolvedMonitoring, resolveMonitoring } from './monitoring';
import { networkPolicies, ResolvedNetworkPolicy } from './network';
import { PRESETS } from './presets';
import { resolveCaches } from './caches';
import { resolveKvStore, resolveRolloutOperator, resolveZones } from './topology';
import {
  CLUSTER_ONLY_TLS_KEYS, DEFAULT_SERVER_POLICY, requiresClientCert, resolveEdgeOverrides, resolveServerTls, ServerTlsPolicy,
  WeakerChoices,
} from './tls/policy';
import { isDnsLabel, isDnsSubdomain, isPlainObject, isPositiveInt, isQuantity, isServiceName, show } from './validate';
import { supportedVersions, VersionInfo, versionInfo } from './version';

export type { EnvFromSecret, ResolvedResources, ResolvedTrust, SecretMount, ServerTlsPolicy };

export interface ResolvedZone {
  readonly name: string;
  readonly replicas: number;
  /** StatefulSet and its governing headless Service. */
  readonly workload: string;
  readonly nodeSelector?: { readonly [key: string]: string };
  /** Flags only this zone's pods carry (`-…instance-availability-zone`). */
  readonly flags: readonly Flag[];
}

export interface ResolvedComponent {
  readonly id: ComponentId;
  readonly spec: ComponentSpec;
  readonly names: {
    readonly workload: string;
    readonly service: string;
    readonly headless: string;
    readonly serviceAccount: string;
    readonly pdb: string;
    readonly certificate: string;
    readonly tlsSecret: string;
  };
  readonly labels: { readonly [key: string]: string };
  readonly selector: { readonly [key: string]: string };
  readonly replicas: number;
  readonly resources: ResolvedResources;
  /** Persistent volume of a stateful component. */
  readonly storage?: { readonly size: string; readonly storageClassName?: string };
  readonly flags: readonly Flag[];
  readonly env: readonly EnvFromSecret[];
  readonly certificate: LeafCertificatePlan;
  /** A user-supplied Secret replaces the certificate; the plan then says what it must contain. */
  readonly existingTlsSecret?: string;
  /** One StatefulSet per zone when the component is zone-aware. */
  readonly zones?: readonly ResolvedZone[];
  /** Rollout, spread and probe settings of the component's workload. */
  readonly workloadSettings: Omit<WorkloadDefaults, 'goMaxProcs'>;
  readonly terminationGracePeriodSeconds: number;
  readonly goMaxProcs?: number;
  /** GOMEMLIMIT in bytes. */
  readonly goMemLimitBytes?: number;
  /** Rollout-operator coordination of zone StatefulSets (OnDelete strategy, labels and annotations). */
  readonly rolloutGroup?: { readonly name: string; readonly maxUnavailable: string };
  /** What the component's servers serve and require. */
  readonly serverTls: ServerTlsPolicy;
  /** How the kubelet checks readiness. */
  readonly probe: { readonly mode: ProbeMode; readonly scheme: 'HTTPS' | 'HTTP' };
  /** Secrets beyond the component's own certificate (etcd, object storage, external caches). */
  readonly extraMounts: readonly SecretMount[];
  /** Joins memberlist (a gossip member, and the kv store is memberlist). */
  readonly gossip: boolean;
}

export interface ResolvedCache {
  readonly id: CacheId;
  /** An existing memcached: nothing is deployed for it. */
  readonly external?: { readonly addresses: string; readonly secretName?: string; readonly serverName: string; readonly clientCertificate: boolean };
  readonly spec: CacheSpec;
  readonly names: { readonly workload: string; readonly service: string; readonly serviceAccount: string; readonly pdb: string; readonly tlsSecret: string };
  readonly labels: { readonly [key: string]: string };
  readonly selector: { readonly [key: string]: string };
  readonly replicas: number;
  readonly memoryMebibytes: number;
  readonly tls: boolean;
  readonly args: readonly string[];
  readonly exporterArgs: readonly string[];
  readonly certificate: LeafCertificatePlan;
}

export interface ResolvedEdge {
  readonly prefix: string;
  readonly from: ComponentId;
  readonly to: ComponentId | CacheId;
  readonly protocol: EdgeProtocol | 'memcached';
  readonly discovery: Discovery;
  readonly port: number;
  /** The name the client verifies; always one of the target certificate's DNS names. */
  readonly serverName: string;
  readonly purpose: string;
  /**
   * mutual: both certificates verified; server-only: the client verifies the server only (memberlist always:
   * its listener never asks for a client certificate); disabled: plaintext.
   */
  readonly tls: 'mutual' | 'server-only' | 'disabled';
}

export interface ResolvedCluster {
  readonly name: string;
  readonly namespace: string;
  readonly clusterDomain: string;
  readonly version: VersionInfo;
  readonly image: string;
  readonly size: ClusterSize;
  readonly names: ClusterNames;
  readonly components: readonly ResolvedComponent[];
  readonly caches: readonly ResolvedCache[];
  /** Every client edge between deployed components and caches, with its TLS mode. */
  readonly edges: readonly ResolvedEdge[];
  /** ServiceMonitors and certificate alerts, when asked for. */
  readonly monitoring?: ResolvedMonitoring;
  /** Ingress NetworkPolicies derived from the edges (empty when switched off). */
  readonly networkPolicies: readonly ResolvedNetworkPolicy[];
  /** The external etcd of the rings, when the kv store is etcd. */
  readonly etcd?: { readonly endpoints: readonly string[]; readonly secretName?: string };
  readonly gossip: { readonly service: string; readonly serverName: string; readonly members: readonly ComponentId[]; readonly selector: { readonly [key: string]: string } };
  readonly zones: readonly string[];
  readonly rolloutOperator?: {
    readonly name: string; readonly image: string; readonly webhooks: boolean; readonly args: readonly string[];
    readonly labels: { readonly [key: string]: string };
  };
  readonly ca?: CaPlan;
  /** cert-manager issues (default), or the library issues at synth time into Secrets. */
  readonly issuance: 'cert-manager' | 'static';
  readonly issuerRef: IssuerRefPlan;
  readonly trust: ResolvedTrust;
  readonly reloadOnRotation: boolean;
  readonly tlsFiles: TlsFiles;
}

const DEFINITION_KEYS = ['name', 'namespace', 'version', 'image', 'clusterDomain', 'storage', 'replicationFactor',
  'ruleEvaluation', 'kvStore', 'size', 'zones', 'rolloutOperator', 'caches', 'components', 'tls', 'certificates',
  'networkPolicies', 'monitoring'];
const COMPONENT_KEYS = ['enabled', 'replicas', 'resources', 'storageSize', 'storageClassName', 'extraFlags', 'tlsSecretName',
  'terminationGracePeriodSeconds', 'goMaxProcs', 'tls'];
const ETCD_DIR = '/etc/mimir/etcd';
const RING_RF_FLAG = (ring: RingId) => `${ring}.replication-factor`;

/** Checks the definition and resolves it into the model; throws one MimirConfigError listing every problem. */
export function resolveCluster(definition: MimirClusterProps): ResolvedCluster {
  const problems = new Problems();
  const def: MimirClusterProps = isPlainObject(definition) ? definition : ({} as any);
  if (!isPlainObject(definition)) problems.add('definition', `is ${typeof definition}, not an object`, 'Pass a MimirClusterProps object');
  checkKeys(problems, '', def, DEFINITION_KEYS);

  const name = def.name ?? D.DEFAULT_NAME;
  if (typeof name !== 'string' || !isServiceName(name)) {
    problems.add('name', `is ${show(name)}, not a DNS-1035 label`, 'Use lower-case letters, digits and "-", starting with a letter, at most 63 characters');
  }
  const namespace = def.namespace ?? D.DEFAULT_NAMESPACE;
  if (typeof namespace !== 'string' || !isDnsLabel(namespace)) {
    problems.add('namespace', `is ${show(namespace)}, not a DNS-1123 label`, 'Use lower-case letters, digits and "-", at most 63 characters');
  }
  const clusterDomain = def.clusterDomain ?? D.DEFAULT_CLUSTER_DOMAIN;
  if (typeof clusterDomain !== 'string' || !isDnsSubdomain(clusterDomain)) {
    problems.add('clusterDomain', `is ${show(clusterDomain)}, not a DNS subdomain`, 'Use the cluster\'s DNS domain, e.g. "cluster.local"');
  }
  const versionString = def.version === undefined ? D.DEFAULT_VERSION : (def.version as any)?.version;
  const version = typeof versionString === 'string' ? versionInfo(versionString) : undefined;
  if (!version) {
    problems.add('version', `${show(versionString)} has no flag catalog`, `Use one of ${supportedVersions().join(', ')} (MimirVersion.V3_0_2 or MimirVersion.of('x.y.z') with a supported minor)`);
  }
  const image = def.image ?? `${D.DEFAULT_IMAGE_REPOSITORY}:${versionString}`;
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    problems.add('image', `is ${show(image)}`, 'Give an image reference such as "grafana/mimir:3.0.2"');
  }
  const size = def.size ?? ClusterSize.SMALL;
  if (!Object.values(ClusterSize).includes(size)) problems.add('size', `is ${show(size)}`, `Use one of ${Object.values(ClusterSize).join(', ')}`);
  const preset = (typeof size === 'string' && PRESETS[size]) || PRESETS.small;
  const rf = def.replicationFactor ?? preset.replicationFactor;
  if (!isPositiveInt(rf)) problems.add('replicationFactor', `is ${show(rf)}`, 'Use a whole number of at least 1 (3 for production)');
  const ruleEvaluation = def.ruleEvaluation ?? D.DEFAULT_RULE_EVALUATION;
  if (!Object.values(RuleEvaluation).includes(ruleEvaluation)) {
    problems.add('ruleEvaluation', `is ${show(ruleEvaluation)}`, `Use one of ${Object.values(RuleEvaluation).join(', ')}`);
  }

  // Invalid parts were reported above; names are still built (from defaults) so the rest can be checked too.
  const names = new ClusterNames(
    typeof name === 'string' && isServiceName(name) ? name : D.DEFAULT_NAME,
    typeof namespace === 'string' && isDnsLabel(namespace) ? namespace : D.DEFAULT_NAMESPACE,
    typeof clusterDomain === 'string' && isDnsSubdomain(clusterDomain) ? clusterDomain : D.DEFAULT_CLUSTER_DOMAIN);
  const weaker = new WeakerChoices();
  const tlsOpts: any = def.tls ?? {};
  const clusterTls = resolveServerTls(problems, 'tls', def.tls, DEFAULT_SERVER_POLICY, weaker, CLUSTER_ONLY_TLS_KEYS);
  const clusterTlsOpts = isPlainObject(tlsOpts) ? tlsOpts : {};
  const memberlistTls = optionalBoolean(problems, 'tls.memberlist', clusterTlsOpts.memberlist) ?? true;
  if (!memberlistTls) weaker.add('tls.memberlist', 'sends gossip in plaintext');
  const acknowledged = optionalBoolean(problems, 'tls.acknowledgeWeakerSecurity', clusterTlsOpts.acknowledgeWeakerSecurity) ?? false;
  const edgeOverrides = resolveEdgeOverrides(problems, clusterTlsOpts.edges, weaker);
  const usedOverrides = new Set<string>();
  const storage = resolveStorage(problems, def.storage, version);
  const etcd = resolveKvStore(problems, def.kvStore, weaker);
  const certs = resolveCertificates(problems, def.certificates, names);
  const zones = resolveZones(problems, def.zones, preset.zones, rf);
  const rollout = resolveRolloutOperator(problems, def.rolloutOperator, zones.length > 0);
  const comps = def.components === undefined ? {} : def.components;
  if (!isPlainObject(comps)) problems.add('components', 'is not an object', 'Pass an object keyed by component, e.g. { ingester: { replicas: 3 } }');
  else checkKeys(problems, 'components', comps, COMPONENTS.map((c) => c.optionsKey));

  // Which components exist decides which edges exist.
  const enabled: ComponentSpec[] = [];
  const options = new Map<ComponentId, ComponentOptions>();
  const serverPolicies = new Map<ComponentId, ServerTlsPolicy>();
  for (const spec of COMPONENTS) {
    const field = `components.${spec.optionsKey}`;
    const raw = isPlainObject(comps) ? (comps as any)[spec.optionsKey] : undefined;
    const opts: ComponentOptions = raw === undefined || raw === null ? {} : raw;
    if (!isPlainObject(opts)) { problems.add(field, 'is not an object', 'Pass ComponentOptions, e.g. { replicas: 2 }'); continue; }
    checkKeys(problems, field, opts, COMPONENT_KEYS);
    optionalBoolean(problems, `${field}.enabled`, opts.enabled);
    if (opts.enabled === false && !spec.optional) {
      problems.add(`${field}.enabled`, `is false, but ${spec.id} is required by Mimir's read and write paths`, 'Remove the setting; only ruler, alertmanager and overridesExporter can be disabled');
    }
    if (opts.enabled === false && spec.optional) continue;
    enabled.push(spec);
    options.set(spec.id, opts);
    serverPolicies.set(spec.id, resolveServerTls(problems, `${field}.tls`, opts.tls, clusterTls, weaker));
  }
  const has = (id: ComponentId) => enabled.some((c) => c.id === id);
  const issuerRef: IssuerRefPlan = certs.issuerRef ?? { name: names.caIssuer, kind: IssuerKind.ISSUER, group: 'cert-manager.io' };
  const caches = resolveCaches(problems, def.caches, preset, names, has, certs, issuerRef, clusterTls, weaker);

  // Edges: rows whose both ends are deployed and whose condition holds.
  // With etcd as the kv store nothing gossips.
  const gossipMembers = etcd ? [] : enabled.filter((c) => c.gossipMember).map((c) => c.id);
  const expand = (end: EdgeEnd): ComponentId[] => (end === GOSSIP_MEMBERS ? gossipMembers : has(end) ? [end] : []);
  const edgeRows = EDGES.filter((row) => !row.when || row.when({ ruleEvaluation }));
  const tlsFiles: TlsFiles = {
    certPath: `${PATHS.tlsDir}/${TLS_SECRET_KEYS.cert}`,
    keyPath: `${PATHS.tlsDir}/${TLS_SECRET_KEYS.key}`,
    caPath: certs.trust.caPath,
  };
  const gossipFqdn = names.fqdn(names.gossipService);
  const edges: ResolvedEdge[] = [];
  const clientFlags = new Map<ComponentId, Flag[]>();
  const addFlags = (id: ComponentId, flags: Flag[]) => clientFlags.set(id, [...(clientFlags.get(id) ?? []), ...flags]);
  const extraSans = new Map<ComponentId, string[]>();
  for (const row of edgeRows) {
    const targets = expand(row.to);
    const port = row.protocol === 'http' ? PORTS.http.port : row.protocol === 'grpc' ? PORTS.grpc.port : PORTS.gossip.port;
    for (const from of row.from.flatMap(expand)) {
      if (targets.length === 0) continue;
      // One server name per row: the DNS name dialled, or for pod-IP edges a name every target carries.
      const target = targets[0];
      const dialled = row.address?.via === 'headless' ? names.fqdn(names.headless(target))
        : row.address?.via === 'gossip' || row.discovery === 'gossip' ? gossipFqdn
          : names.fqdn(names.component(target));
      const fromPolicy = serverPolicies.get(from)!;
      let mode: EdgeTlsMode;
      let serverName = dialled;
      let clientPolicy = { minVersion: fromPolicy.minVersion, cipherSuites: fromPolicy.cipherSuites };
      let serverTls = true;
      if (row.protocol === 'memberlist') {
        mode = memberlistTls ? EdgeTlsMode.MUTUAL : EdgeTlsMode.DISABLED;
        clientPolicy = { minVersion: clusterTls.minVersion, cipherSuites: clusterTls.cipherSuites };
        serverTls = mode !== EdgeTlsMode.DISABLED;
      } else {
        const key = `${row.prefix}|${from}`;
        const ov = edgeOverrides.get(key);
        if (ov) usedOverrides.add(key);
        const server = serverPolicies.get(target)![row.protocol];
        serverTls = server.tls;
        mode = ov?.mode ?? EdgeTlsMode.MUTUAL;
        if (!server.tls) {
          if (ov && ov.mode !== EdgeTlsMode.DISABLED) problems.add(`${ov.field}.mode`, `is ${ov.mode}, but ${target} serves ${row.protocol} in plaintext`, `Use EdgeTlsMode.DISABLED, or turn ${row.protocol} TLS on for ${target}`);
          mode = EdgeTlsMode.DISABLED;
        } else if (mode === EdgeTlsMode.DISABLED) {
          problems.add(`${ov!.field}.mode`, `is disabled, but ${target} serves ${row.protocol} over TLS, so ${from} could not connect`, `Turn ${row.protocol} TLS off for ${target} (components.<${target}>.tls), or keep the edge on TLS`);
        } else if (mode === EdgeTlsMode.SERVER_ONLY && requiresClientCert(server.clientAuth)) {
          problems.add(`${ov!.field}.mode`, `is server-only, but ${target} requires a client certificate on ${row.protocol} (${server.clientAuth}), so ${from} would be refused`,
            `Keep the edge mutual, or relax ${target}'s ${row.protocol}ClientAuth to VerifyClientCertIfGiven`);
        }
        if (ov?.serverName) {
          serverName = ov.serverName;
          for (const t of targets) extraSans.set(t, [...(extraSans.get(t) ?? []), ov.serverName]);
        }
        clientPolicy = { minVersion: ov?.minVersion ?? clientPolicy.minVersion, cipherSuites: ov?.cipherSuites ?? clientPolicy.cipherSuites };
      }
      const edgeTls = mode === EdgeTlsMode.DISABLED ? 'disabled' : row.protocol === 'memberlist' || mode === EdgeTlsMode.SERVER_ONLY ? 'server-only' : 'mutual';
      for (const to of targets) {
        edges.push({ prefix: row.prefix, from, to, protocol: row.protocol, discovery: row.discovery, port, serverName, purpose: row.purpose, tls: edgeTls });
      }
      const flags: Flag[] = [];
      if (row.address) flags.push({ name: row.address.flag, value: row.address.format(dialled, port, serverTls), role: row.protocol === 'memberlist' ? 'memberlist' : 'address' });
      // The gossip listener serves with the client certificate settings, so memberlist always gets cert and key.
      flags.push(...clientTlsFlags(row.prefix, tlsFiles, serverName, clientPolicy, mode).map((f) => (row.protocol === 'memberlist' ? { ...f, role: 'memberlist' as const } : f)));
      addFlags(from, flags);
    }
  }
  for (const [key, ov] of edgeOverrides) {
    if (!usedOverrides.has(key) && key.split('|')[0].endsWith('.memcached')) {
      problems.add(ov.field, `names a cache client (${key.replace('|', ' from ')}), whose TLS follows the cache`, 'Use caches.<cache>.tls, or caches.<cache>.external for a cache with its own CA');
    } else if (!usedOverrides.has(key)) {
      const valid = [...new Set(edges.filter((e) => e.protocol !== 'memberlist' && e.protocol !== 'memcached').map((e) => `${e.prefix} from ${e.from}`))].join('; ');
      problems.add(ov.field, `names ${key.replace('|', ' from ')}, which is no edge of this cluster`, `Use one of: ${valid}`);
    }
  }
  // Cache clients: wiring always, TLS when the cache serves it.
  const cacheMounts = new Map<ComponentId, SecretMount[]>();
  for (const cache of caches) {
    const host = names.fqdn(cache.names.service);
    const ext = cache.external;
    const extDir = `/etc/mimir/${cache.id}`;
    for (const client of cache.spec.clients) {
      for (const from of client.components.filter(has)) {
        const p = `${client.prefix}.memcached`;
        const fromPolicy = serverPolicies.get(from)!;
        const clientPolicy = { minVersion: fromPolicy.minVersion, cipherSuites: fromPolicy.cipherSuites };
        const flags: Flag[] = [
          { name: `${client.prefix}.backend`, value: 'memcached', role: 'cache' },
          // dns+ resolves the headless Service to every memcached pod.
          { name: `${p}.addresses`, value: ext ? ext.addresses : `dns+${host}:${MEMCACHED_PORT}`, role: 'cache' },
          { name: `${p}.max-item-size`, value: String(cache.spec.maxItemSize.bytes), role: 'tuning' },
          ...Object.entries(client.tuning).map(([k, v]) => ({ name: `${p}.${k}`, value: v, role: 'tuning' as const })),
        ];
        if (ext) {
          // An existing memcached: its own CA (and client certificate, if it wants one) from the given Secret.
          if (ext.secretName) {
            const files = { caPath: `${extDir}/${TLS_SECRET_KEYS.ca}`, certPath: `${extDir}/${TLS_SECRET_KEYS.cert}`, keyPath: `${extDir}/${TLS_SECRET_KEYS.key}` };
            flags.push(...clientTlsFlags(p, files, ext.serverName, clientPolicy, ext.clientCertificate ? EdgeTlsMode.MUTUAL : EdgeTlsMode.SERVER_ONLY));
            const mounts = cacheMounts.get(from) ?? [];
            if (!mounts.some((m) => m.path === extDir)) mounts.push({ name: cache.id, secretName: ext.secretName, path: extDir });
            cacheMounts.set(from, mounts);
          }
        } else {
          if (cache.tls) flags.push(...clientTlsFlags(p, tlsFiles, host, clientPolicy));
          edges.push({ prefix: p, from, to: cache.id, protocol: 'memcached', discovery: 'dns', port: MEMCACHED_PORT, serverName: host, purpose: `use the ${cache.id}`, tls: cache.tls ? 'mutual' : 'disabled' });
        }
        addFlags(from, flags);
      }
    }
  }
  const resultsCache = caches.some((c) => c.id === 'results-cache');

  const etcdRings = etcd && version ? [...version.flags].filter((f) => f.endsWith('.etcd.endpoints') && !f.startsWith('distributor.ha-tracker.')).map((f) => f.replace(/\.etcd\.endpoints$/, '')).sort() : [];
  const baseLabels = { 'app.kubernetes.io/name': 'mimir', 'app.kubernetes.io/instance': names.cluster };
  const zoneAware = zones.length > 0;

  const components: ResolvedComponent[] = [];
  for (const spec of enabled) {
    const opts = options.get(spec.id)!;
    const field = `components.${spec.optionsKey}`;
    const componentPreset = preset.components[spec.optionsKey];
    const replicas = opts.replicas ?? componentPreset.replicas;
    const zoned = zoneAware && spec.zoneAwareRing !== undefined;
    if (!isPositiveInt(replicas)) problems.add(`${field}.replicas`, `is ${show(replicas)}`, 'Use a whole number of at least 1');
    else if (spec.rings.some((r) => ownsRing(spec.id, r)) && isPositiveInt(rf) && replicas < rf) {
      problems.add(`${field}.replicas`, `is ${replicas}, fewer than replicationFactor ${rf}`, `Set replicas to at least ${rf} or lower replicationFactor`);
    } else if (zoned && replicas < zones.length) {
      problems.add(`${field}.replicas`, `is ${replicas}, fewer than the ${zones.length} zones`, `Set replicas to at least ${zones.length} (one per zone) or use fewer zones`);
    }
    const resources = resolveResources(problems, `${field}.resources`, opts.resources, componentPreset);
    let volume: ResolvedComponent['storage'];
    if (spec.workload === 'StatefulSet') {
      const sizeQ = opts.storageSize ?? componentPreset.storageSize!;
      if (typeof sizeQ !== 'string' || !isQuantity(sizeQ)) problems.add(`${field}.storageSize`, `is ${show(sizeQ)}`, 'Use a Kubernetes quantity such as "50Gi"');
      if (opts.storageClassName !== undefined && (typeof opts.storageClassName !== 'string' || !isDnsSubdomain(opts.storageClassName))) {
        problems.add(`${field}.storageClassName`, `is ${show(opts.storageClassName)}`, 'Use the name of a StorageClass');
      }
      volume = { size: sizeQ, storageClassName: opts.storageClassName };
    } else {
      for (const k of ['storageSize', 'storageClassName'] as const) {
        if (opts[k] !== undefined) problems.add(`${field}.${k}`, `is set, but ${spec.id} is stateless and has no persistent volume`, `Remove ${k}`);
      }
    }
    if (opts.tlsSecretName !== undefined && (typeof opts.tlsSecretName !== 'string' || !isDnsSubdomain(opts.tlsSecretName))) {
      problems.add(`${field}.tlsSecretName`, `is ${show(opts.tlsSecretName)}`, 'Name an existing kubernetes.io/tls Secret in the cluster\'s namespace');
    }
    const workloadSettings = WORKLOAD_DEFAULTS[spec.id];
    const tgps = opts.terminationGracePeriodSeconds ?? workloadSettings.terminationGracePeriodSeconds;
    if (!Number.isInteger(tgps) || tgps < 0) problems.add(`${field}.terminationGracePeriodSeconds`, `is ${show(tgps)}`, 'Use a whole number of seconds');
    const goMaxProcs = opts.goMaxProcs ?? workloadSettings.goMaxProcs?.(resources.cpuMillis / 1000);
    if (goMaxProcs !== undefined && !isPositiveInt(goMaxProcs)) problems.add(`${field}.goMaxProcs`, `is ${show(goMaxProcs)}`, 'Use a whole number of at least 1');
    const tlsSecret = opts.tlsSecretName ?? names.tlsSecret(spec.id);
    const service = names.component(spec.id);

    let flags: Flag[] = [{ name: 'target', value: spec.id, role: 'target' }];
    flags.push({ name: 'server.http-listen-port', value: String(PORTS.http.port), role: 'ports' });
    flags.push({ name: 'server.grpc-listen-port', value: String(PORTS.grpc.port), role: 'ports' });
    for (const [flag, path] of Object.entries(spec.dataPaths)) flags.push({ name: flag, value: path, role: 'paths' });
    if (spec.objectStorage && storage) flags.push(...storage.flags);
    for (const ring of spec.rings) {
      flags.push({ name: RING_RF_FLAG(ring), value: show(rf), role: 'ring' });
      if (RING_HEARTBEAT_TIMEOUT[ring]) flags.push({ name: `${ring}.heartbeat-timeout`, value: RING_HEARTBEAT_TIMEOUT[ring], role: 'tuning' });
      // Zone-awareness and the ring's key prefix must agree between the ring's members and its readers.
      if (zoneAware) {
        flags.push({ name: `${ring}.zone-awareness-enabled`, value: 'true', role: 'ring' });
        if (ring === 'store-gateway.sharding-ring') flags.push({ name: `${ring}.prefix`, value: ZONE_AWARE_STORE_GATEWAY_PREFIX, role: 'ring' });
      }
    }
    const gossip = gossipMembers.includes(spec.id);
    const serverTls = serverPolicies.get(spec.id)!;
    const extraMounts: SecretMount[] = [...(spec.objectStorage && storage ? storage.mounts : []), ...(cacheMounts.get(spec.id) ?? [])];
    if (gossip) flags.push({ name: 'memberlist.bind-port', value: String(PORTS.gossip.port), role: 'memberlist' });
    if (etcd && spec.gossipMember) {
      // Every ring of the version moves to etcd, with the same TLS block per ring prefix.
      const files = { certPath: `${ETCD_DIR}/${TLS_SECRET_KEYS.cert}`, keyPath: `${ETCD_DIR}/${TLS_SECRET_KEYS.key}`, caPath: `${ETCD_DIR}/${TLS_SECRET_KEYS.ca}` };
      const etcdHost = etcd.serverName;
      for (const ring of etcdRings) {
        flags.push({ name: `${ring}.store`, value: 'etcd', role: 'ring' }, { name: `${ring}.etcd.endpoints`, value: etcd.endpoints.join(','), role: 'ring' });
        flags.push(...clientTlsFlags(`${ring}.etcd`, files, etcdHost, clusterTls, etcd.secretName ? EdgeTlsMode.MUTUAL : EdgeTlsMode.DISABLED));
      }
      if (etcd.secretName) extraMounts.push({ name: 'etcd', secretName: etcd.secretName, path: ETCD_DIR });
    }
    const own = clientFlags.get(spec.id) ?? [];
    flags.push(...own.filter((f) => f.role === 'memberlist'));
    flags.push(...own.filter((f) => f.role === 'address'));
    flags.push(...serverTlsFlags(tlsFiles, serverTls));
    flags.push(...own.filter((f) => f.role === 'client-tls'));
    flags.push(...own.filter((f) => f.role === 'cache' || f.role === 'tuning'));
    for (const [k, v] of Object.entries(KEEPALIVE_ENFORCEMENT)) flags.push({ name: k, value: v, role: 'tuning' });
    // memberlist tuning only where memberlist runs.
    for (const [k, v] of Object.entries(PRODUCTION_FLAGS[spec.id])) if (gossip || !k.startsWith('memberlist.')) flags.push({ name: k, value: v, role: 'tuning' });
    // Caching results needs a results cache; without one Mimir refuses to start.
    if (spec.id === 'query-frontend' && resultsCache) flags.push({ name: 'query-frontend.cache-results', value: 'true', role: 'tuning' });
    // A tuning default the chosen version does not have is left out: it is a default, not a feature.
    if (version) flags = flags.filter((f) => f.role !== 'tuning' || version.flags.has(f.name));
    flags = resolveExtraFlags(problems, field, opts.extraFlags, flags, version);

    let zoneList: ResolvedZone[] | undefined;
    if (zoned && isPositiveInt(replicas)) {
      zoneList = zones.map((z, i) => ({
        name: z.name,
        replicas: Math.floor(replicas / zones.length) + (i < replicas % zones.length ? 1 : 0),
        workload: `${service}-${z.name}`,
        nodeSelector: z.nodeSelector,
        flags: [{ name: `${spec.zoneAwareRing}.instance-availability-zone`, value: z.name, role: 'zone' }],
      }));
    }
    if (version) {
      for (const f of [...flags, ...(zoneList?.[0]?.flags ?? [])]) {
        if (f.role !== 'target' && f.role !== 'extra' && !version.flags.has(f.name)) {
          const having = Object.keys(FLAG_CATALOGS).filter((v) => FLAG_CATALOGS[v].includes(f.name));
          problems.add('version', `Mimir ${version.version} has no flag -${f.name}, which ${spec.id} needs`,
            having.length ? `Use Mimir ${having.join(' or ')}, which has it, or turn off the feature that needs it` : 'Turn off the feature that needs it');
        }
      }
    }

    const selector = { ...baseLabels, 'app.kubernetes.io/component': spec.id };
    const dnsNames = leafDnsNames(names, spec.id, gossip);
    for (const san of extraSans.get(spec.id) ?? []) if (!dnsNames.includes(san)) dnsNames.splice(dnsNames.length - 1, 0, san);
    // Per-zone StatefulSets govern their own headless Service: their pods' names need SANs too.
    for (const z of zoneList ?? []) dnsNames.splice(dnsNames.length - 1, 0, names.svcShort(z.workload), names.fqdn(z.workload), names.podWildcard(z.workload));
    components.push({
      id: spec.id,
      spec,
      names: {
        workload: service, service, headless: names.headless(spec.id), serviceAccount: service, pdb: service,
        certificate: service, tlsSecret,
      },
      labels: gossip ? { ...selector, [GOSSIP_MEMBER_LABEL]: GOSSIP_MEMBER_VALUE } : selector,
      selector,
      replicas,
      resources,
      storage: volume,
      flags,
      env: spec.objectStorage && storage ? storage.env : [],
      certificate: {
        name: service,
        secretName: tlsSecret,
        dnsNames,
        usages: leafUsages(certs.algorithm),
        privateKey: { algorithm: certs.algorithm, size: certs.size, rotationPolicy: 'Always' },
        duration: certs.duration,
        renewBefore: certs.renewBefore,
        issuerRef,
      },
      existingTlsSecret: opts.tlsSecretName,
      zones: zoneList,
      workloadSettings,
      terminationGracePeriodSeconds: tgps,
      goMaxProcs,
      goMemLimitBytes: workloadSettings.goMemLimit ? resources.memoryMebibytes * 1024 * 1024 : undefined,
      rolloutGroup: zoneList && rollout ? { name: spec.id, maxUnavailable: ROLLOUT_MAX_UNAVAILABLE[spec.id] } : undefined,
      serverTls,
      probe: { mode: serverTls.probe, scheme: serverTls.http.tls ? 'HTTPS' : 'HTTP' },
      extraMounts,
      gossip,
    });
  }

  // Object names must be valid Service names once the component and zone suffixes are added.
  const tooLong = [...components.flatMap((c) => [c.names.headless, c.names.tlsSecret, ...(c.zones ?? []).map((z) => z.workload)]),
    ...caches.map((c) => c.names.tlsSecret)].find((n) => !isServiceName(n));
  if (tooLong) {
    problems.add('name', `makes the object name "${tooLong}" (${tooLong.length} characters), longer than the 63 Kubernetes allows`, `Shorten name to at most ${63 - (tooLong.length - names.cluster.length)} characters`);
  }
  const monitoring = resolveMonitoring(problems, def.monitoring, {
    name: names.cluster, namespace: names.namespace, fqdn: (svc) => names.fqdn(svc), trust: certs.trust,
    issuance: certs.isStatic ? 'static' : 'cert-manager', components, caches,
  });
  const withPolicies = optionalBoolean(problems, 'networkPolicies', def.networkPolicies) ?? true;
  weaker.report(problems, acknowledged);
  problems.throwIfAny();

  const ca: CaPlan | undefined = certs.issuerRef ? undefined : {
    selfSignedIssuer: names.caIssuerBootstrap,
    certificateName: names.caCertificate,
    secretName: names.caSecret,
    commonName: `${names.cluster}.${names.namespace} Mimir CA`,
    duration: certs.caDuration,
    // A CA whose key changes on renewal invalidates every leaf it signed (facts §4).
    privateKey: { algorithm: certs.algorithm, size: certs.size, rotationPolicy: 'Never' },
    caIssuer: names.caIssuer,
  };

  const roName = `${names.cluster}-rollout-operator`;
  const rolloutOperator = rollout ? {
    name: roName, image: rollout.image, webhooks: rollout.webhooks,
    labels: { ...baseLabels, 'app.kubernetes.io/component': 'rollout-operator' },
    // The operator's own flags (not Mimir's): its namespace, the zone tracker, TLS for its webhooks.
    args: [`-kubernetes.namespace=${names.namespace}`, '-use-zone-tracker=true', `-zone-tracker.config-map-name=${roName}-zone-tracker`,
      ...(rollout.webhooks ? ['-server-tls.enabled=true'] : [])],
  } : undefined;
  return {
    name: names.cluster,
    namespace: names.namespace,
    clusterDomain: names.clusterDomain,
    version: version!,
    image: image as string,
    size,
    names,
    components,
    caches,
    edges,
    gossip: {
      service: names.gossipService,
      serverName: gossipFqdn,
      members: gossipMembers,
      selector: { ...baseLabels, [GOSSIP_MEMBER_LABEL]: GOSSIP_MEMBER_VALUE },
    },
    zones: zones.map((z) => z.name),
    etcd: etcd ? { endpoints: etcd.endpoints, secretName: etcd.secretName } : undefined,
    rolloutOperator,
    networkPolicies: withPolicies ? networkPolicies({ components, caches, edges, rolloutOperator }) : [],
    monitoring,
    ca,
    issuance: certs.isStatic ? 'static' : 'cert-manager',
    issuerRef,
    trust: certs.trust,
    reloadOnRotation: certs.reloadOnRotation,
    tlsFiles,
  };
}

/** The component that holds a ring (and so needs at least `replicationFactor` replicas), as opposed to readers. */
function ownsRing(id: ComponentId, ring: RingId): boolean {
  return ring.startsWith(`${id}.`);
}





