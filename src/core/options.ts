// Resolution of the definition's option sections: each checks its input, reports problems with the field path,
// and returns plain resolved values. resolve.ts puts them together.
import { ComponentOptions, IssuerKind, MimirClusterProps, PrivateKeyAlgorithm, TrustSource } from './definition';
import * as D from './defaults';
import { Problems } from './errors';
import { Flag } from './flags/flag';
import { ClusterNames, PATHS, TLS_SECRET_KEYS } from './names';
import { IssuerRefPlan } from './certs/plan';
import {
  cpuMillis, isDnsSubdomain, isPlainObject, memoryMebibytes, parseGoDuration, show, unknownKeys,
} from './validate';
import { ComponentPreset } from './presets';
import { VersionInfo } from './version';

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

/** A Secret mounted as a directory into a component's pods. */
export interface SecretMount {
  readonly name: string;
  readonly secretName: string;
  readonly path: string;
}

export interface ResolvedTrust {
  /** Path of the CA file every `*-ca-path` flag names. */
  readonly caPath: string;
  /** A ConfigMap to mount at PATHS.trustDir, when trust does not come from the component's own Secret. */
  readonly configMap?: { readonly name: string; readonly key: string };
  /** A trust-manager Bundle to emit. */
  readonly bundle?: { readonly name: string; readonly sourceSecretName: string; readonly sourceKey: string; readonly namespace: string };
}

const STORAGE_KEYS = ['endpoint', 'blocksBucket', 'rulerBucket', 'alertmanagerBucket', 'credentialsSecret',
  'accessKeyIdKey', 'secretAccessKeyKey', 'region', 'tls'];
const STORAGE_TLS_KEYS = ['caSecretName', 'clientCertSecretName', 'serverName'];
const S3_CA_DIR = '/etc/mimir/s3-ca';
const S3_CLIENT_DIR = '/etc/mimir/s3-client';
const RESOURCE_KEYS = ['cpu', 'memory', 'memoryLimit'];
const CERT_KEYS = ['issuer', 'trust', 'privateKeyAlgorithm', 'privateKeySize', 'duration', 'renewBefore', 'caDuration',
  'reloadOnRotation'];
/** Flags that turn the binary into a one-shot command (help, version, config dump). */
const COMMAND_FLAGS = new Set(['h', 'help', 'help-all', 'version', 'print.config']);

export function checkKeys(problems: Problems, field: string, obj: object, known: readonly string[]): void {
  for (const k of unknownKeys(obj, known)) {
    const path = field ? `${field}.${k}` : k;
    problems.add(path, 'is not an option the library knows', `Remove it or use one of ${known.join(', ')}`);
  }
}

/** An optional boolean option: undefined when absent, and when not a boolean (reported). */
export function optionalBoolean(problems: Problems, field: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    problems.add(field, `is ${show(value)}`, 'Use true or false');
    return undefined;
  }
  return value;
}

export function requireString(problems: Problems, field: string, value: unknown, fix: string): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(field, value === undefined ? 'is missing' : `is ${show(value)}`, fix);
    return undefined;
  }
  return value;
}

export function resolveStorage(problems: Problems, storage: MimirClusterProps['storage'] | undefined, version: VersionInfo | undefined) {
  if (storage === undefined || !isPlainObject(storage)) {
    problems.add('storage', 'is missing', 'Give the S3 endpoint, the blocks, ruler and alertmanager buckets and the credentials Secret');
    return undefined;
  }
  checkKeys(problems, 'storage', storage, STORAGE_KEYS);
  const endpoint = requireString(problems, 'storage.endpoint', storage.endpoint, 'Give the S3 endpoint as host or host:port, e.g. "s3.eu-west-1.amazonaws.com"');
  if (endpoint && /^[a-z]+:\/\//i.test(endpoint)) {
    problems.add('storage.endpoint', `is "${endpoint}" with a scheme`, `Drop the scheme: "${endpoint.replace(/^[a-z]+:\/\//i, '')}" (Mimir uses HTTPS)`);
  }
  const bucket: { [key: string]: string } = {};
  for (const key of ['blocksBucket', 'rulerBucket', 'alertmanagerBucket'] as const) {
    const b = requireString(problems, `storage.${key}`, storage[key], 'Give the bucket name');
    if (b && Object.values(bucket).includes(b)) problems.add(`storage.${key}`, `is "${b}", the same bucket as another storage`, 'Give blocks, ruler and alertmanager storage a bucket each');
    if (b) bucket[key] = b;
  }
  const secret = requireString(problems, 'storage.credentialsSecret', storage.credentialsSecret, 'Name an existing Secret with the S3 access key pair');
  if (secret && !isDnsSubdomain(secret)) problems.add('storage.credentialsSecret', `is "${secret}", not a valid Secret name`, 'Use the name of a Secret in the cluster\'s namespace');
  const idKey = storage.accessKeyIdKey ?? D.DEFAULT_S3_ACCESS_KEY_ID_KEY;
  const secretKey = storage.secretAccessKeyKey ?? D.DEFAULT_S3_SECRET_ACCESS_KEY_KEY;
  const flags: Flag[] = [
    { name: 'common.storage.backend', value: 's3', role: 'storage' },
    { name: 'common.storage.s3.endpoint', value: endpoint ?? '', role: 'storage' },
  ];
  if (storage.region !== undefined) {
    const region = requireString(problems, 'storage.region', storage.region, 'Give the S3 region or leave it out');
    flags.push({ name: 'common.storage.s3.region', value: region ?? '', role: 'storage' });
  }
  flags.push(
    { name: 'blocks-storage.s3.bucket-name', value: bucket.blocksBucket ?? '', role: 'storage' },
    { name: 'ruler-storage.s3.bucket-name', value: bucket.rulerBucket ?? '', role: 'storage' },
    { name: 'alertmanager-storage.s3.bucket-name', value: bucket.alertmanagerBucket ?? '', role: 'storage' },
  );
  // TLS to a private-CA endpoint (3.0+): one CA, and optionally a client certificate, for all three storages.
  const mounts: SecretMount[] = [];
  if (storage.tls !== undefined) {
    const t: any = storage.tls;
    if (!isPlainObject(t)) problems.add('storage.tls', 'is not an object', 'Give { caSecretName }');
    else {
      checkKeys(problems, 'storage.tls', t, STORAGE_TLS_KEYS);
      if (version && !version.flags.has('common.storage.s3.http.tls-ca-path')) {
        problems.add('storage.tls', `needs -common.storage.s3.http.tls-*, which Mimir ${version.version} does not have`, 'Use Mimir 3.0 or later (MimirVersion.V3_0_2), or trust the endpoint through the image\'s public roots');
      }
      const ca = requireString(problems, 'storage.tls.caSecretName', t.caSecretName, 'Name a Secret with the endpoint\'s CA as ca.crt');
      if (ca) {
        mounts.push({ name: 's3-ca', secretName: ca, path: S3_CA_DIR });
        flags.push({ name: 'common.storage.s3.http.tls-ca-path', value: `${S3_CA_DIR}/${TLS_SECRET_KEYS.ca}`, role: 'storage' });
      }
      if (t.clientCertSecretName !== undefined) {
        const client = requireString(problems, 'storage.tls.clientCertSecretName', t.clientCertSecretName, 'Name a Secret with tls.crt and tls.key');
        if (client) {
          mounts.push({ name: 's3-client', secretName: client, path: S3_CLIENT_DIR });
          flags.push({ name: 'common.storage.s3.http.tls-cert-path', value: `${S3_CLIENT_DIR}/${TLS_SECRET_KEYS.cert}`, role: 'storage' },
            { name: 'common.storage.s3.http.tls-key-path', value: `${S3_CLIENT_DIR}/${TLS_SECRET_KEYS.key}`, role: 'storage' });
        }
      }
      const serverName = t.serverName ?? (endpoint ?? '').replace(/:[0-9]+$/, '');
      if (typeof serverName !== 'string' || (serverName !== '' && !isDnsSubdomain(serverName))) problems.add('storage.tls.serverName', `is ${show(serverName)}`, 'Give the DNS name in the endpoint\'s certificate');
      else if (serverName) flags.push({ name: 'common.storage.s3.http.tls-server-name', value: serverName, role: 'storage' });
    }
  }
  // Mimir's S3 client falls back to the AWS_* environment variables when no key is given by flag.
  const env: EnvFromSecret[] = [
    { name: 'AWS_ACCESS_KEY_ID', secretName: secret ?? '', key: idKey },
    { name: 'AWS_SECRET_ACCESS_KEY', secretName: secret ?? '', key: secretKey },
  ];
  return { flags, env, mounts };
}

export function resolveCertificates(problems: Problems, certificates: MimirClusterProps['certificates'], names: ClusterNames) {
  const opts = certificates ?? {};
  if (!isPlainObject(opts)) problems.add('certificates', 'is not an object', 'Pass CertificateOptions');
  else checkKeys(problems, 'certificates', opts, CERT_KEYS);
  const algorithm = opts.privateKeyAlgorithm ?? D.DEFAULT_KEY_ALGORITHM;
  if (!Object.values(PrivateKeyAlgorithm).includes(algorithm)) {
    problems.add('certificates.privateKeyAlgorithm', `is ${show(algorithm)}`, 'Use PrivateKeyAlgorithm.ECDSA or PrivateKeyAlgorithm.RSA');
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
      if (typeof ref.name !== 'string' || !isDnsSubdomain(ref.name)) problems.add('certificates.issuer.name', `is ${show(ref.name)}`, 'Name an existing cert-manager Issuer or ClusterIssuer');
      const kind = ref.kind ?? IssuerKind.ISSUER;
      if (!Object.values(IssuerKind).includes(kind)) problems.add('certificates.issuer.kind', `is ${show(kind)}`, 'Use IssuerKind.ISSUER or IssuerKind.CLUSTER_ISSUER');
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
  const reloadOnRotation = optionalBoolean(problems, 'certificates.reloadOnRotation', opts.reloadOnRotation) ?? true;
  return {
    algorithm, size, duration: duration?.text ?? '', renewBefore: renewBefore?.text ?? '',
    caDuration: caDuration?.text ?? '', issuerRef, trust, reloadOnRotation, isStatic,
  };
}

export function resolveTrust(problems: Problems, trust: TrustSource | undefined, names: ClusterNames): ResolvedTrust {
  const kind = trust === undefined ? 'issued-secret' : (trust as any)._kind;
  switch (kind) {
    case 'issued-secret':
      return { caPath: `${PATHS.tlsDir}/${TLS_SECRET_KEYS.ca}` };
    case 'config-map': {
      const name = trust!._configMapName;
      const key = trust!._configMapKey ?? TLS_SECRET_KEYS.ca;
      if (typeof name !== 'string' || !isDnsSubdomain(name)) problems.add('certificates.trust', `names the ConfigMap ${show(name)}`, 'Name an existing ConfigMap in the cluster\'s namespace');
      return { caPath: `${PATHS.trustDir}/${key}`, configMap: { name: name ?? '', key } };
    }
    case 'bundle': {
      const b = trust!._bundle!;
      if (typeof b?.sourceSecretName !== 'string' || !isDnsSubdomain(b.sourceSecretName)) {
        problems.add('certificates.trust.sourceSecretName', `is ${show(b?.sourceSecretName)}`, 'Name the Secret in trust-manager\'s trust namespace that holds the CA certificates');
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

export function goDuration(problems: Problems, field: string, value: unknown, minMs: number, minText: string) {
  const ms = typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (ms === undefined) {
    problems.add(field, `is ${show(value)}, not a Go duration`, 'Write it like "2160h" or "1h30m" (units h, m, s)');
    return undefined;
  }
  if (ms < minMs) {
    problems.add(field, `is ${value}, below cert-manager's minimum of ${minText}`, `Use at least ${minText}`);
    return undefined;
  }
  return { ms, text: value as string };
}

export function resolveResources(problems: Problems, field: string, res: ComponentOptions['resources'], preset: ComponentPreset): ResolvedResources {
  const r = res ?? {};
  if (!isPlainObject(r)) problems.add(field, 'is not an object', 'Pass { cpu, memory, memoryLimit }');
  else checkKeys(problems, field, r, RESOURCE_KEYS);
  const cpu = cpuMillis(r.cpu ?? preset.cpu);
  if (cpu === undefined) problems.add(`${field}.cpu`, `is ${show(r.cpu)}`, 'Use a CPU quantity such as "500m" or "2"');
  const memory = memoryMebibytes(r.memory ?? preset.memory);
  if (memory === undefined) problems.add(`${field}.memory`, `is ${show(r.memory)}`, 'Use whole mebibytes with a binary unit, such as "512Mi" or "4Gi"');
  const limit = r.memoryLimit === undefined ? (memory ?? 0) * 2 : memoryMebibytes(r.memoryLimit);
  if (limit === undefined) problems.add(`${field}.memoryLimit`, `is ${show(r.memoryLimit)}`, 'Use whole mebibytes with a binary unit, such as "1Gi"');
  else if (memory !== undefined && limit < memory) problems.add(`${field}.memoryLimit`, `is ${r.memoryLimit}, below the memory request ${r.memory ?? preset.memory}`, 'Make the limit at least the request');
  return { cpuMillis: cpu ?? 0, memoryMebibytes: memory ?? 0, memoryLimitMebibytes: limit ?? 0 };
}

/**
 * `extraFlags` of one component: new flags are appended; a flag the library set as a tuning default is
 * overridden in place; every other library flag (TLS, addresses, paths, ports, storage, gossip) is refused.
 */
export function resolveExtraFlags(problems: Problems, field: string, extra: unknown, flags: readonly Flag[], version: VersionInfo | undefined): Flag[] {
  if (extra === undefined) return [...flags];
  if (!isPlainObject(extra)) {
    problems.add(`${field}.extraFlags`, 'is not an object', 'Pass { "flag.name": "value" }');
    return [...flags];
  }
  const out = [...flags];
  for (const [rawName, value] of Object.entries(extra as { [flag: string]: unknown })) {
    const name = rawName.replace(/^-+/, '');
    const path = `${field}.extraFlags.${rawName}`;
    if (typeof value !== 'string') { problems.add(path, `is ${show(value)}, not a string`, 'Give flag values as strings'); continue; }
    if (COMMAND_FLAGS.has(name)) {
      problems.add(path, 'makes Mimir print something and exit instead of running', 'Remove it');
      continue;
    }
    const existing = out.findIndex((f) => f.name === name);
    if (existing >= 0 && out[existing].role === 'tuning') {
      out[existing] = { name, value, role: 'extra' };
      continue;
    }
    if (existing >= 0 || /(^|\.)tls-|insecure|^server\.(http|grpc)-tls|^memberlist\.|^target$|^config\./.test(name)) {
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
