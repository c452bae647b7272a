// definition → validated, fully defaulted model: components with their flags, edges with their server
// names, certificate plans. Constructs render this and compute nothing of their own.
import { COMPONENTS, ComponentId, ComponentSpec, RingId } from './catalog/components';
import { CaPlan, IssuerRefPlan, LeafCertificatePlan, leafDnsNames, leafUsages } from './certs/plan';
import * as D from './defaults';
import {
  ComponentOptions, IssuerKind, MimirClusterProps, PrivateKeyAlgorithm, RuleEvaluation,
  TlsVersion, TrustSource,
} from './definition';
import { EDGES, EdgeEnd, EdgeProtocol, Discovery, GOSSIP_MEMBERS } from './edges/edges';
import { Problems } from './errors';
import { Flag } from './flags/flag';
import { clientTlsFlags, serverTlsFlags, ServerPolicy, TlsFiles } from './flags/tls';
import { ClusterNames, GOSSIP_MEMBER_LABEL, GOSSIP_MEMBER_VALUE, PATHS, PORTS, TLS_SECRET_KEYS } from './names';
import { GO_INSECURE_SUITES, GO_SECURE_SUITES, GO_TLS13_SUITES } from './tls/ciphers';
import {
  cpuMillis, isDnsLabel, isDnsSubdomain, isPlainObject, isPositiveInt, isQuantity, isServiceName, memoryMebibytes,
  parseGoDuration, unknownKeys,
} from './validate';
import { supportedVersions, VersionInfo, versionInfo } from './version';

export interface ResolvedResources {
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
  readonly memoryLimitMebibytes: number;
}

export interface EnvFromSecret {
  readonly name: string;
  readonly secretName: string;
  readonly key: string;
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
}

export interface ResolvedEdge {
  readonly prefix: string;
  readonly from: ComponentId;
  readonly to: ComponentId;
  readonly protocol: EdgeProtocol;
  readonly discovery: Discovery;
  readonly port: number;
  /** The name the client verifies; always one of the target certificate's DNS names. */
  readonly serverName: string;
  readonly purpose: string;
}

export interface ResolvedTrust {
  /** Path of the CA file every `*-ca-path` flag names. */
  readonly caPath: string;
  /** A ConfigMap to mount at PATHS.trustDir, when trust does not come from the component's own Secret. */
  readonly configMap?: { readonly name: string; readonly key: string };
  /** A trust-manager Bundle to emit. */
  readonly bundle?: { readonly name: string; readonly sourceSecretName: string; readonly sourceKey: string; readonly namespace: string };
}

export interface ResolvedCluster {
  readonly name: string;
  readonly namespace: string;
  readonly clusterDomain: string;
  readonly version: VersionInfo;
  readonly image: string;
  readonly names: ClusterNames;
  readonly components: readonly ResolvedComponent[];
  readonly edges: readonly ResolvedEdge[];
  readonly gossip: { readonly service: string; readonly serverName: string; readonly members: readonly ComponentId[]; readonly selector: { readonly [key: string]: string } };
  readonly ca?: CaPlan;
  /** cert-manager issues (default), or the library issues at synth time into Secrets. */
  readonly issuance: 'cert-manager' | 'static';
  readonly issuerRef: IssuerRefPlan;
  readonly trust: ResolvedTrust;
  readonly reloadOnRotation: boolean;
  readonly tlsFiles: TlsFiles;
}

const DEFINITION_KEYS = ['name', 'namespace', 'version', 'image', 'clusterDomain', 'storage', 'replicationFactor',
  'ruleEvaluation', 'components', 'tls', 'certificates'];
const STORAGE_KEYS = ['endpoint', 'blocksBucket', 'rulerBucket', 'alertmanagerBucket', 'credentialsSecret',
  'accessKeyIdKey', 'secretAccessKeyKey', 'region'];
const COMPONENT_KEYS = ['enabled', 'replicas', 'resources', 'storageSize', 'storageClassName', 'extraFlags', 'tlsSecretName'];
const RESOURCE_KEYS = ['cpu', 'memory', 'memoryLimit'];
const TLS_KEYS = ['minVersion', 'cipherSuites'];
const CERT_KEYS = ['issuer', 'trust', 'privateKeyAlgorithm', 'privateKeySize', 'duration', 'renewBefore', 'caDuration',
  'reloadOnRotation'];
/** Flags that turn the binary into a one-shot command (help, version, config dump). */
const COMMAND_FLAGS = new Set(['h', 'help', 'help-all', 'version', 'print.config']);
const RING_RF_FLAG = (ring: RingId) => `${ring}.replication-factor`;

/** Checks the definition and resolves it into the model; throws one MimirConfigError listing every problem. */
export function resolveCluster(definition: MimirClusterProps): ResolvedCluster {
  const problems = new Problems();
  const def: MimirClusterProps = isPlainObject(definition) ? definition : ({} as any);
  if (!isPlainObject(definition)) problems.add('definition', `is ${typeof definition}, not an object`, 'Pass a MimirClusterProps object');
  checkKeys(problems, '', def, DEFINITION_KEYS);

  const name = def.name ?? D.DEFAULT_NAME;
  if (typeof name !== 'string' || !isServiceName(name)) {
    problems.add('name', `is ${JSON.stringify(name)}, not a DNS-1035 label`, 'Use lower-case letters, digits and "-", starting with a letter, at most 63 characters');
  }
  const namespace = def.namespace ?? D.DEFAULT_NAMESPACE;
  if (typeof namespace !== 'string' || !isDnsLabel(namespace)) {
    problems.add('namespace', `is ${JSON.stringify(namespace)}, not a DNS-1123 label`, 'Use lower-case letters, digits and "-", at most 63 characters');
  }
  const clusterDomain = def.clusterDomain ?? D.DEFAULT_CLUSTER_DOMAIN;
  if (typeof clusterDomain !== 'string' || !isDnsSubdomain(clusterDomain)) {
    problems.add('clusterDomain', `is ${JSON.stringify(clusterDomain)}, not a DNS subdomain`, 'Use the cluster\'s DNS domain, e.g. "cluster.local"');
  }
  const versionString = def.version === undefined ? D.DEFAULT_VERSION : (def.version as any)?.version;
  const version = typeof versionString === 'string' ? versionInfo(versionString) : undefined;
  if (!version) {
    problems.add('version', `${JSON.stringify(versionString)} has no flag catalog`, `Use one of ${supportedVersions().join(', ')} (MimirVersion.V3_0_2 or MimirVersion.of('x.y.z') with a supported minor)`);
  }
  const image = def.image ?? `${D.DEFAULT_IMAGE_REPOSITORY}:${versionString}`;
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    problems.add('image', `is ${JSON.stringify(image)}`, 'Give an image reference such as "grafana/mimir:3.0.2"');
  }
  const rf = def.replicationFactor ?? D.DEFAULT_REPLICATION_FACTOR;
  if (!isPositiveInt(rf)) problems.add('replicationFactor', `is ${JSON.stringify(rf)}`, 'Use a whole number of at least 1 (3 for production)');
  const ruleEvaluation = def.ruleEvaluation ?? D.DEFAULT_RULE_EVALUATION;
  if (!Object.values(RuleEvaluation).includes(ruleEvaluation)) {
    problems.add('ruleEvaluation', `is ${JSON.stringify(ruleEvaluation)}`, `Use one of ${Object.values(RuleEvaluation).join(', ')}`);
  }

  const names = new ClusterNames(String(name), String(namespace), String(clusterDomain));
  const storage = resolveStorage(problems, def.storage);
  const policy = resolveTlsPolicy(problems, def.tls);
  const certs = resolveCertificates(problems, def.certificates, names);
  const comps = def.components === undefined ? {} : def.components;
  if (!isPlainObject(comps)) problems.add('components', 'is not an object', 'Pass an object keyed by component, e.g. { ingester: { replicas: 3 } }');
  else checkKeys(problems, 'components', comps, COMPONENTS.map((c) => c.optionsKey));

  // Which components exist decides which edges exist.
  const enabled: ComponentSpec[] = [];
  const options = new Map<ComponentId, ComponentOptions>();
  for (const spec of COMPONENTS) {
    const field = `components.${spec.optionsKey}`;
    const raw = isPlainObject(comps) ? (comps as any)[spec.optionsKey] : undefined;
    const opts: ComponentOptions = raw === undefined ? {} : raw;
    if (!isPlainObject(opts)) { problems.add(field, 'is not an object', 'Pass ComponentOptions, e.g. { replicas: 2 }'); continue; }
    checkKeys(problems, field, opts, COMPONENT_KEYS);
    if (opts.enabled !== undefined && typeof opts.enabled !== 'boolean') problems.add(`${field}.enabled`, `is ${JSON.stringify(opts.enabled)}`, 'Use true or false');
    if (opts.enabled === false && !spec.optional) {
      problems.add(`${field}.enabled`, `is false, but ${spec.id} is required by Mimir's read and write paths`, 'Remove the setting; only ruler, alertmanager and overridesExporter can be disabled');
    }
    if (opts.enabled === false && spec.optional) continue;
    enabled.push(spec);
    options.set(spec.id, opts);
  }
  const has = (id: ComponentId) => enabled.some((c) => c.id === id);

  // Edges: rows whose both ends are deployed and whose condition holds.
  const gossipMembers = enabled.filter((c) => c.gossipMember).map((c) => c.id);
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
      for (const to of targets) {
        edges.push({ prefix: row.prefix, from, to, protocol: row.protocol, discovery: row.discovery, port, serverName: dialled, purpose: row.purpose });
      }
      const flags: Flag[] = [];
      if (row.address) flags.push({ name: row.address.flag, value: row.address.format(dialled, port), role: row.protocol === 'memberlist' ? 'memberlist' : 'address' });
      flags.push(...clientTlsFlags(row.prefix, tlsFiles, dialled, policy).map((f) => (row.protocol === 'memberlist' ? { ...f, role: 'memberlist' as const } : f)));
      addFlags(from, flags);
    }
  }

  const issuerRef: IssuerRefPlan = certs.issuerRef ?? { name: names.caIssuer, kind: IssuerKind.ISSUER, group: 'cert-manager.io' };
  const serverPolicy: ServerPolicy = { ...policy, httpClientAuth: D.DEFAULT_HTTP_CLIENT_AUTH, grpcClientAuth: D.DEFAULT_GRPC_CLIENT_AUTH };
  const baseLabels = { 'app.kubernetes.io/name': 'mimir', 'app.kubernetes.io/instance': names.cluster };

  const components: ResolvedComponent[] = [];
  for (const spec of enabled) {
    const opts = options.get(spec.id)!;
    const field = `components.${spec.optionsKey}`;
    const replicas = opts.replicas ?? spec.defaults.replicas;
    if (!isPositiveInt(replicas)) problems.add(`${field}.replicas`, `is ${JSON.stringify(replicas)}`, 'Use a whole number of at least 1');
    else if (spec.rings.some((r) => ownsRing(spec.id, r)) && isPositiveInt(rf) && replicas < rf) {
      problems.add(`${field}.replicas`, `is ${replicas}, fewer than replicationFactor ${rf}`, `Set replicas to at least ${rf} or lower replicationFactor`);
    }
    const resources = resolveResources(problems, `${field}.resources`, opts.resources, spec);
    let volume: ResolvedComponent['storage'];
    if (spec.workload === 'StatefulSet') {
      const size = opts.storageSize ?? spec.defaults.storageSize!;
      if (typeof size !== 'string' || !isQuantity(size)) problems.add(`${field}.storageSize`, `is ${JSON.stringify(size)}`, 'Use a Kubernetes quantity such as "50Gi"');
      if (opts.storageClassName !== undefined && (typeof opts.storageClassName !== 'string' || !isDnsSubdomain(opts.storageClassName))) {
        problems.add(`${field}.storageClassName`, `is ${JSON.stringify(opts.storageClassName)}`, 'Use the name of a StorageClass');
      }
      volume = { size, storageClassName: opts.storageClassName };
    } else {
      for (const k of ['storageSize', 'storageClassName'] as const) {
        if (opts[k] !== undefined) problems.add(`${field}.${k}`, `is set, but ${spec.id} is stateless and has no persistent volume`, `Remove ${k}`);
      }
    }

    if (opts.tlsSecretName !== undefined && (typeof opts.tlsSecretName !== 'string' || !isDnsSubdomain(opts.tlsSecretName))) {
      problems.add(`${field}.tlsSecretName`, `is ${JSON.stringify(opts.tlsSecretName)}`, 'Name an existing kubernetes.io/tls Secret in the cluster\'s namespace');
    }
    const tlsSecret = opts.tlsSecretName ?? names.tlsSecret(spec.id);

    const service = names.component(spec.id);
    const flags: Flag[] = [{ name: 'target', value: spec.id, role: 'target' }];
    flags.push({ name: 'server.http-listen-port', value: String(PORTS.http.port), role: 'ports' });
    flags.push({ name: 'server.grpc-listen-port', value: String(PORTS.grpc.port), role: 'ports' });
    for (const [flag, path] of Object.entries(spec.dataPaths)) flags.push({ name: flag, value: path, role: 'paths' });
    if (spec.objectStorage && storage) flags.push(...storage.flags);
    for (const ring of spec.rings) flags.push({ name: RING_RF_FLAG(ring), value: String(rf), role: 'ring' });
    if (spec.gossipMember) flags.push({ name: 'memberlist.bind-port', value: String(PORTS.gossip.port), role: 'memberlist' });
    flags.push(...(clientFlags.get(spec.id) ?? []).filter((f) => f.role === 'memberlist'));
    flags.push(...(clientFlags.get(spec.id) ?? []).filter((f) => f.role === 'address'));
    flags.push(...serverTlsFlags(tlsFiles, serverPolicy));
    flags.push(...(clientFlags.get(spec.id) ?? []).filter((f) => f.role === 'client-tls'));
    flags.push(...resolveExtraFlags(problems, field, opts.extraFlags, flags, version));

    if (version) {
      for (const f of flags) {
        if (f.role !== 'target' && !version.flags.has(f.name)) {
          problems.add('version', `Mimir ${version.version} has no flag -${f.name}, which ${spec.id} needs`, `Choose a version whose -help-all lists -${f.name}, or turn off the feature that needs it`);
        }
      }
    }

    const selector = { ...baseLabels, 'app.kubernetes.io/component': spec.id };
    components.push({
      id: spec.id,
      spec,
      names: {
        workload: service, service, headless: names.headless(spec.id), serviceAccount: service, pdb: service,
        certificate: service, tlsSecret,
      },
      labels: spec.gossipMember ? { ...selector, [GOSSIP_MEMBER_LABEL]: GOSSIP_MEMBER_VALUE } : selector,
      selector,
      replicas,
      resources,
      storage: volume,
      flags,
      env: spec.objectStorage && storage ? storage.env : [],
      certificate: {
        name: service,
        secretName: tlsSecret,
        dnsNames: leafDnsNames(names, spec.id, spec.gossipMember),
        usages: leafUsages(certs.algorithm),
        privateKey: { algorithm: certs.algorithm, size: certs.size, rotationPolicy: 'Always' },
        duration: certs.duration,
        renewBefore: certs.renewBefore,
        issuerRef,
      },
      existingTlsSecret: opts.tlsSecretName,
    });
  }

  // Object names must be valid Service names once the component suffixes are added.
  for (const c of components) {
    for (const n of [c.names.service, c.names.headless, c.names.tlsSecret]) {
      if (!isServiceName(n) && isServiceName(String(name))) {
        problems.add('name', `makes the object name "${n}" (${n.length} characters), longer than the 63 Kubernetes allows`, `Shorten name to at most ${63 - (n.length - String(name).length)} characters`);
        break;
      }
    }
  }
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

  return {
    name: names.cluster,
    namespace: names.namespace,
    clusterDomain: names.clusterDomain,
    version: version!,
    image: String(image),
    names,
    components,
    edges,
    gossip: {
      service: names.gossipService,
      serverName: gossipFqdn,
      members: gossipMembers,
      selector: { ...baseLabels, [GOSSIP_MEMBER_LABEL]: GOSSIP_MEMBER_VALUE },
    },
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

function checkKeys(problems: Problems, field: string, obj: object, known: readonly string[]): void {
  for (const k of unknownKeys(obj, known)) {
    const path = field ? `${field}.${k}` : k;
    problems.add(path, 'is not an option the library knows', `Remove it or use one of ${known.join(', ')}`);
  }
}

function requireString(problems: Problems, field: string, value: unknown, fix: string): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(field, value === undefined ? 'is missing' : `is ${JSON.stringify(value)}`, fix);
    return undefined;
  }
  return value;
}

function resolveStorage(problems: Problems, storage: MimirClusterProps['storage'] | undefined) {
  if (storage === undefined || !isPlainObject(storage)) {
    problems.add('storage', 'is missing', 'Give the S3 endpoint, the blocks, ruler and alertmanager buckets and the credentials Secret');
    return undefined;
  }
  checkKeys(problems, 'storage', storage, STORAGE_KEYS);
  const endpoint = requireString(problems, 'storage.endpoint', storage.endpoint, 'Give the S3 endpoint as host or host:port, e.g. "s3.eu-west-1.amazonaws.com"');
  if (endpoint && /^[a-z]+:\/\//i.test(endpoint)) {
    problems.add('storage.endpoint', `is "${endpoint}" with a scheme`, `Drop the scheme: "${endpoint.replace(/^[a-z]+:\/\//i, '')}" (Mimir uses HTTPS)`);
  }
  const buckets: string[] = [];
  for (const key of ['blocksBucket', 'rulerBucket', 'alertmanagerBucket'] as const) {
    const b = requireString(problems, `storage.${key}`, storage[key], 'Give the bucket name');
    if (b && buckets.includes(b)) problems.add(`storage.${key}`, `is "${b}", the same bucket as another storage`, 'Give blocks, ruler and alertmanager storage a bucket each');
    if (b) buckets.push(b);
  }
  const secret = requireString(problems, 'storage.credentialsSecret', storage.credentialsSecret, 'Name an existing Secret with the S3 access key pair');
  if (secret && !isDnsSubdomain(secret)) problems.add('storage.credentialsSecret', `is "${secret}", not a valid Secret name`, 'Use the name of a Secret in the cluster\'s namespace');
  const idKey = storage.accessKeyIdKey ?? D.DEFAULT_S3_ACCESS_KEY_ID_KEY;
  const secretKey = storage.secretAccessKeyKey ?? D.DEFAULT_S3_SECRET_ACCESS_KEY_KEY;
  const flags: Flag[] = [
    { name: 'common.storage.backend', value: 's3', role: 'storage' },
    { name: 'common.storage.s3.endpoint', value: String(endpoint), role: 'storage' },
  ];
  if (storage.region !== undefined) {
    const region = requireString(problems, 'storage.region', storage.region, 'Give the S3 region or leave it out');
    flags.push({ name: 'common.storage.s3.region', value: String(region), role: 'storage' });
  }
  flags.push(
    { name: 'blocks-storage.s3.bucket-name', value: String(storage.blocksBucket), role: 'storage' },
    { name: 'ruler-storage.s3.bucket-name', value: String(storage.rulerBucket), role: 'storage' },
    { name: 'alertmanager-storage.s3.bucket-name', value: String(storage.alertmanagerBucket), role: 'storage' },
  );
  // Mimir's S3 client falls back to the AWS_* environment variables when no key is given by flag.
  const env: EnvFromSecret[] = [
    { name: 'AWS_ACCESS_KEY_ID', secretName: String(secret), key: idKey },
    { name: 'AWS_SECRET_ACCESS_KEY', secretName: String(secret), key: secretKey },
  ];
  return { flags, env };
}

function resolveTlsPolicy(problems: Problems, tls: MimirClusterProps['tls']) {
  const opts = tls ?? {};
  if (!isPlainObject(opts)) problems.add('tls', 'is not an object', 'Pass TlsOptions');
  else checkKeys(problems, 'tls', opts, TLS_KEYS);
  const minVersion = opts.minVersion ?? D.DEFAULT_TLS_MIN_VERSION;
  if (!Object.values(TlsVersion).includes(minVersion)) {
    problems.add('tls.minVersion', `is ${JSON.stringify(minVersion)}`, `Use TlsVersion.TLS12 or TlsVersion.TLS13; versions below TLS 1.2 are refused`);
  }
  const cipherSuites = opts.cipherSuites ?? D.DEFAULT_CIPHER_SUITES;
  if (!Array.isArray(cipherSuites) || cipherSuites.length === 0) {
    problems.add('tls.cipherSuites', 'is empty or not a list', 'Give at least one Go cipher suite name, or leave it out for the default AEAD suites');
  } else {
    for (const s of cipherSuites) {
      if (GO_TLS13_SUITES.includes(s)) problems.add('tls.cipherSuites', `contains the TLS 1.3 suite ${s}`, 'Remove it: Go enables TLS 1.3 suites itself and cannot be configured to choose them');
      else if (GO_INSECURE_SUITES.includes(s)) problems.add('tls.cipherSuites', `contains ${s}, which Go marks insecure`, 'Remove it; use ECDHE suites with AES-GCM or ChaCha20-Poly1305');
      else if (!GO_SECURE_SUITES.includes(s)) problems.add('tls.cipherSuites', `contains ${JSON.stringify(s)}, not a Go cipher suite name`, `Use Go constant names such as ${D.DEFAULT_CIPHER_SUITES[0]}`);
    }
  }
  return { minVersion, cipherSuites: Array.isArray(cipherSuites) ? cipherSuites : [] };
}

function resolveCertificates(problems: Problems, certificates: MimirClusterProps['certificates'], names: ClusterNames) {
  const opts = certificates ?? {};
  if (!isPlainObject(opts)) problems.add('certificates', 'is not an object', 'Pass CertificateOptions');
  else checkKeys(problems, 'certificates', opts, CERT_KEYS);
  const algorithm = opts.privateKeyAlgorithm ?? D.DEFAULT_KEY_ALGORITHM;
  if (!Object.values(PrivateKeyAlgorithm).includes(algorithm)) {
    problems.add('certificates.privateKeyAlgorithm', `is ${JSON.stringify(algorithm)}`, 'Use PrivateKeyAlgorithm.ECDSA or PrivateKeyAlgorithm.RSA');
  }
  const size = opts.privateKeySize ?? D.DEFAULT_KEY_SIZE[algorithm] ?? 0;
  if (algorithm === PrivateKeyAlgorithm.ECDSA && ![256, 384].includes(size)) {
    problems.add('certificates.privateKeySize', `is ${size} for ECDSA`, 'Use 256 (P-256) or 384 (P-384); cert-manager\'s P-521 is not in Go\'s default curve preferences for TLS 1.2 clients of older Mimir builds');
  }
  if (algorithm === PrivateKeyAlgorithm.RSA && (!Number.isInteger(size) || size < 2048 || size > 8192)) {
    problems.add('certificates.privateKeySize', `is ${size} for RSA`, 'Use 2048 to 8192 bits');
  }
  const duration = goDuration(problems, 'certificates.duration', opts.duration ?? D.DEFAULT_CERT_DURATION, D.MIN_CERT_DURATION_MS, '1h');
  const renewBefore = goDuration(problems, 'certificates.renewBefore', opts.renewBefore ?? D.DEFAULT_CERT_RENEW_BEFORE, D.MIN_RENEW_BEFORE_MS, '5m');
  if (duration && renewBefore && renewBefore.ms >= duration.ms) {
    problems.add('certificates.renewBefore', `is ${renewBefore.text}, not shorter than duration ${duration.text}`, 'Make renewBefore shorter than duration (one third of it is usual)');
  }
  const issuer = opts.issuer;
  let issuerRef: IssuerRefPlan | undefined;
  const isStatic = (issuer as any)?.isStatic === true;
  if (issuer !== undefined) {
    const ref = (issuer as any)?.issuerRef;
    if (ref !== undefined) {
      if (typeof ref.name !== 'string' || !isDnsSubdomain(ref.name)) problems.add('certificates.issuer.name', `is ${JSON.stringify(ref.name)}`, 'Name an existing cert-manager Issuer or ClusterIssuer');
      const kind = ref.kind ?? IssuerKind.ISSUER;
      if (!Object.values(IssuerKind).includes(kind)) problems.add('certificates.issuer.kind', `is ${JSON.stringify(kind)}`, 'Use IssuerKind.ISSUER or IssuerKind.CLUSTER_ISSUER');
      issuerRef = { name: ref.name, kind, group: ref.group ?? 'cert-manager.io' };
      if (opts.caDuration !== undefined) problems.add('certificates.caDuration', 'is set, but an external issuer is used and no CA is created', 'Remove caDuration, or use CertificateIssuer.selfSignedCa()');
    } else if (!(issuer as any) || typeof issuer !== 'object' || !('issuerRef' in (issuer as object))) {
      problems.add('certificates.issuer', 'is not a CertificateIssuer', 'Use CertificateIssuer.selfSignedCa() or CertificateIssuer.fromIssuerRef({...})');
    }
  }
  const caDuration = goDuration(problems, 'certificates.caDuration', opts.caDuration ?? D.DEFAULT_CA_DURATION, D.MIN_CERT_DURATION_MS, '1h');
  if (!issuerRef && caDuration && duration && caDuration.ms <= duration.ms) {
    problems.add('certificates.caDuration', `is ${caDuration.text}, not longer than the leaf duration ${duration.text}`, 'Give the CA a longer lifetime than its leaves');
  }
  const trust = resolveTrust(problems, opts.trust, names);
  const reloadOnRotation = opts.reloadOnRotation ?? true;
  if (typeof reloadOnRotation !== 'boolean') problems.add('certificates.reloadOnRotation', `is ${JSON.stringify(reloadOnRotation)}`, 'Use true or false');
  return {
    algorithm, size, duration: duration?.text ?? '', renewBefore: renewBefore?.text ?? '',
    caDuration: caDuration?.text ?? '', issuerRef, trust, reloadOnRotation, isStatic,
  };
}

function resolveTrust(problems: Problems, trust: TrustSource | undefined, names: ClusterNames): ResolvedTrust {
  const kind = trust === undefined ? 'issued-secret' : (trust as any)._kind;
  switch (kind) {
    case 'issued-secret':
      return { caPath: `${PATHS.tlsDir}/${TLS_SECRET_KEYS.ca}` };
    case 'config-map': {
      const name = trust!._configMapName;
      const key = trust!._configMapKey ?? TLS_SECRET_KEYS.ca;
      if (typeof name !== 'string' || !isDnsSubdomain(name)) problems.add('certificates.trust', `names the ConfigMap ${JSON.stringify(name)}`, 'Name an existing ConfigMap in the cluster\'s namespace');
      return { caPath: `${PATHS.trustDir}/${key}`, configMap: { name: String(name), key } };
    }
    case 'bundle': {
      const b = trust!._bundle!;
      if (typeof b?.sourceSecretName !== 'string' || !isDnsSubdomain(b.sourceSecretName)) {
        problems.add('certificates.trust.sourceSecretName', `is ${JSON.stringify(b?.sourceSecretName)}`, 'Name the Secret in trust-manager\'s trust namespace that holds the CA certificates');
      }
      // trust-manager writes a ConfigMap named after the Bundle into each selected namespace.
      const key = TLS_SECRET_KEYS.ca;
      return {
        caPath: `${PATHS.trustDir}/${key}`,
        configMap: { name: names.trustBundle, key },
        bundle: { name: names.trustBundle, sourceSecretName: b?.sourceSecretName, sourceKey: b?.sourceKey ?? TLS_SECRET_KEYS.ca, namespace: names.namespace },
      };
    }
    default:
      problems.add('certificates.trust', 'is not a TrustSource', 'Use TrustSource.issuedSecret(), TrustSource.fromConfigMap(...) or TrustSource.trustManagerBundle(...)');
      return { caPath: `${PATHS.tlsDir}/${TLS_SECRET_KEYS.ca}` };
  }
}

function goDuration(problems: Problems, field: string, value: unknown, minMs: number, minText: string) {
  const ms = typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (ms === undefined) {
    problems.add(field, `is ${JSON.stringify(value)}, not a Go duration`, 'Write it like "2160h" or "1h30m" (units h, m, s)');
    return undefined;
  }
  if (ms < minMs) {
    problems.add(field, `is ${value}, below cert-manager's minimum of ${minText}`, `Use at least ${minText}`);
    return undefined;
  }
  return { ms, text: value as string };
}

function resolveResources(problems: Problems, field: string, res: ComponentOptions['resources'], spec: ComponentSpec): ResolvedResources {
  const r = res ?? {};
  if (!isPlainObject(r)) problems.add(field, 'is not an object', 'Pass { cpu, memory, memoryLimit }');
  else checkKeys(problems, field, r, RESOURCE_KEYS);
  const cpu = cpuMillis(r.cpu ?? spec.defaults.cpu);
  if (cpu === undefined) problems.add(`${field}.cpu`, `is ${JSON.stringify(r.cpu)}`, 'Use a CPU quantity such as "500m" or "2"');
  const memory = memoryMebibytes(r.memory ?? spec.defaults.memory);
  if (memory === undefined) problems.add(`${field}.memory`, `is ${JSON.stringify(r.memory)}`, 'Use whole mebibytes with a binary unit, such as "512Mi" or "4Gi"');
  const limit = r.memoryLimit === undefined ? (memory ?? 0) * 2 : memoryMebibytes(r.memoryLimit);
  if (limit === undefined) problems.add(`${field}.memoryLimit`, `is ${JSON.stringify(r.memoryLimit)}`, 'Use whole mebibytes with a binary unit, such as "1Gi"');
  else if (memory !== undefined && limit < memory) problems.add(`${field}.memoryLimit`, `is ${r.memoryLimit}, below the memory request ${r.memory ?? spec.defaults.memory}`, 'Make the limit at least the request');
  return { cpuMillis: cpu ?? 0, memoryMebibytes: memory ?? 0, memoryLimitMebibytes: limit ?? 0 };
}

function resolveExtraFlags(problems: Problems, field: string, extra: unknown, owned: readonly Flag[], version: VersionInfo | undefined): Flag[] {
  if (extra === undefined) return [];
  if (!isPlainObject(extra)) {
    problems.add(`${field}.extraFlags`, 'is not an object', 'Pass { "flag.name": "value" }');
    return [];
  }
  const out: Flag[] = [];
  for (const [rawName, value] of Object.entries(extra as { [flag: string]: unknown })) {
    const name = rawName.replace(/^-+/, '');
    const path = `${field}.extraFlags.${rawName}`;
    if (typeof value !== 'string') { problems.add(path, `is ${JSON.stringify(value)}, not a string`, 'Give flag values as strings'); continue; }
    if (COMMAND_FLAGS.has(name)) {
      problems.add(path, 'makes Mimir print something and exit instead of running', 'Remove it');
      continue;
    }
    if (owned.some((f) => f.name === name) || /(^|\.)tls-|insecure|^server\.(http|grpc)-tls|^memberlist\.|^target$|^config\./.test(name)) {
      problems.add(path, 'is set by the library (TLS, addresses, paths, ports, storage, gossip)', 'Use the typed option for it instead of extraFlags');
      continue;
    }
    if (version && !version.flags.has(name)) {
      problems.add(path, `is not a flag of Mimir ${version.version}`, `Check the name against \`mimir -help-all\` of ${version.version}`);
      continue;
    }
    out.push({ name, value, role: 'extra' });
  }
  return out;
}

