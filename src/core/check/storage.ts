// The object storage section: S3 endpoint, one bucket per storage, credentials as environment, optional TLS.
import { Dialect } from '../dialect/dialect';
import { MimirClusterProps, ObjectStorageOptions } from '../definition';
import * as D from '../defaults';
import { Problems } from '../errors';
import { Flag } from '../flags/flag';
import { EnvFromSecret, SecretMount } from '../model';
import { PATHS, TLS_SECRET_KEYS } from '../names';
import { isDnsSubdomain, isPlainObject, show } from '../validate';
import { VersionInfo } from '../version';
import { checkKeys, requireString } from './helpers';

const STORAGE_KEYS = ['endpoint', 'blocksBucket', 'rulerBucket', 'alertmanagerBucket', 'credentialsSecret',
  'accessKeyIdKey', 'secretAccessKeyKey', 'region', 'tls', 'encryption'];
const STORAGE_TLS_KEYS = ['caSecretName', 'clientCertSecretName', 'serverName'];
const BUCKETS = ['blocksBucket', 'rulerBucket', 'alertmanagerBucket'] as const;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export interface ResolvedStorage {
  readonly flags: readonly Flag[];
  readonly env: readonly EnvFromSecret[];
  readonly mounts: readonly SecretMount[];
}

export function resolveStorage(problems: Problems, storage: MimirClusterProps['storage'] | undefined, version: VersionInfo | undefined, dialect: Dialect): ResolvedStorage | undefined {
  if (storage === undefined || !isPlainObject(storage)) {
    problems.add('storage', 'is missing', 'Give the S3 endpoint, the blocks, ruler and alertmanager buckets and the credentials Secret');
    return undefined;
  }
  checkKeys(problems, 'storage', storage, STORAGE_KEYS);
  const endpoint = requireString(problems, 'storage.endpoint', storage.endpoint, 'Give the S3 endpoint as host or host:port, e.g. "s3.eu-west-1.amazonaws.com"');
  if (endpoint && /^[a-z]+:\/\//i.test(endpoint)) {
    problems.add('storage.endpoint', `is "${endpoint}" with a scheme`, `Drop the scheme: "${endpoint.replace(/^[a-z]+:\/\//i, '')}" (Mimir uses HTTPS)`);
  }
  const bucket = checkBuckets(problems, storage);
  // Mimir refuses an endpoint whose first label is the bucket (OBJ-04): the bucket is named separately.
  const first = (endpoint ?? '').split('.')[0];
  const prefixed = Object.entries(bucket).find(([, b]) => b === first);
  if (endpoint && prefixed) {
    problems.add('storage.endpoint', `is "${endpoint}", which starts with the ${prefixed[0]} "${prefixed[1]}", so Mimir refuses to start (the endpoint must not prefixed with the bucket name)`, `Give the endpoint without the bucket: "${endpoint.slice(first.length + 1)}"`);
  }
  const secret = requireString(problems, 'storage.credentialsSecret', storage.credentialsSecret, 'Name an existing Secret with the S3 access key pair');
  if (secret && !isDnsSubdomain(secret)) problems.add('storage.credentialsSecret', `is "${secret}", not a valid Secret name`, 'Use the name of a Secret in the cluster\'s namespace');
  const region = storage.region === undefined ? undefined : requireString(problems, 'storage.region', storage.region, 'Give the S3 region or leave it out') ?? '';
  const flags: Flag[] = dialect.storage.prefixes.flatMap((prefix): Flag[] => [
    { name: `${prefix}.backend`, value: 's3', role: 'storage' },
    { name: `${prefix}.s3.endpoint`, value: endpoint ?? '', role: 'storage' },
    ...(region === undefined ? [] : [{ name: `${prefix}.s3.region`, value: region, role: 'storage' as const }]),
  ]);
  for (const key of BUCKETS) flags.push({ name: dialect.storage.bucketFlags[key], value: bucket[key] ?? '', role: 'storage' });
  const mounts: SecretMount[] = [];
  if (storage.tls !== undefined) flags.push(...storageTls(problems, storage.tls, endpoint, version, dialect, mounts));
  // The S3 client falls back to the AWS_* environment variables when no key is given by flag.
  const env: EnvFromSecret[] = [
    { name: 'AWS_ACCESS_KEY_ID', secretName: secret ?? '', key: storage.accessKeyIdKey ?? D.DEFAULT_S3_ACCESS_KEY_ID_KEY },
    { name: 'AWS_SECRET_ACCESS_KEY', secretName: secret ?? '', key: storage.secretAccessKeyKey ?? D.DEFAULT_S3_SECRET_ACCESS_KEY_KEY },
  ];
  return { flags, env, mounts };
}

/** One bucket per storage: two storages in one bucket (and prefix) make Mimir refuse to start. */
function checkBuckets(problems: Problems, storage: ObjectStorageOptions): { [key: string]: string } {
  const bucket: { [key: string]: string } = {};
  for (const key of BUCKETS) {
    const b = requireString(problems, `storage.${key}`, storage[key], 'Give the bucket name');
    if (b && !S3_BUCKET.test(b)) {
      problems.add(`storage.${key}`, `is "${b}", not an S3 bucket name, so Mimir's start-up check of the bucket fails`, 'Use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit');
    } else if (b && Object.values(bucket).includes(b)) problems.add(`storage.${key}`, `is "${b}", the same bucket as another storage`, 'Give blocks, ruler and alertmanager storage a bucket each');
    if (b) bucket[key] = b;
  }
  return bucket;
}

/** TLS to a private-CA endpoint (3.0+): one CA, and optionally a client certificate, for all three storages. */
function storageTls(problems: Problems, t: any, endpoint: string | undefined, version: VersionInfo | undefined, dialect: Dialect, mounts: SecretMount[]): Flag[] {
  const shared = dialect.storage.prefixes[0];
  if (!isPlainObject(t)) {
    problems.add('storage.tls', 'is not an object', 'Give { caSecretName }');
    return [];
  }
  checkKeys(problems, 'storage.tls', t, STORAGE_TLS_KEYS);
  const flags: Flag[] = [];
  if (version && !version.flags.has(`${shared}.s3.http.tls-ca-path`)) {
    problems.add('storage.tls', `needs -${shared}.s3.http.tls-*, which ${dialect.product} ${version.version} does not have`, 'Use Mimir 3.0 or later (MimirVersion.V3_0_7), or trust the endpoint through the image\'s public roots');
  }
  const ca = requireString(problems, 'storage.tls.caSecretName', t.caSecretName, 'Name a Secret with the endpoint\'s CA as ca.crt');
  if (ca) {
    mounts.push({ name: 's3-ca', secretName: ca, path: PATHS.s3CaDir });
    flags.push({ name: `${shared}.s3.http.tls-ca-path`, value: `${PATHS.s3CaDir}/${TLS_SECRET_KEYS.ca}`, role: 'storage' });
  }
  if (t.clientCertSecretName !== undefined) {
    const client = requireString(problems, 'storage.tls.clientCertSecretName', t.clientCertSecretName, 'Name a Secret with tls.crt and tls.key');
    if (client) {
      mounts.push({ name: 's3-client', secretName: client, path: PATHS.s3ClientDir });
      flags.push({ name: `${shared}.s3.http.tls-cert-path`, value: `${PATHS.s3ClientDir}/${TLS_SECRET_KEYS.cert}`, role: 'storage' },
        { name: `${shared}.s3.http.tls-key-path`, value: `${PATHS.s3ClientDir}/${TLS_SECRET_KEYS.key}`, role: 'storage' });
    }
  }
  const serverName = t.serverName ?? (endpoint ?? '').replace(/:[0-9]+$/, '');
  if (typeof serverName !== 'string' || (serverName !== '' && !isDnsSubdomain(serverName))) problems.add('storage.tls.serverName', `is ${show(serverName)}`, 'Give the DNS name in the endpoint\'s certificate');
  else if (serverName) flags.push({ name: `${shared}.s3.http.tls-server-name`, value: serverName, role: 'storage' });
  return flags;
}
