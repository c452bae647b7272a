// §7 of the startup-constraints reference: object storage, for each of the three storages (blocks, ruler,
// alertmanager), whose values fall back to `-common.storage.*`.
import { ComponentId } from '../../catalog/components';
import { invalid, rule, StartupRule } from '../rule';
import { FlagValues } from '../values';

interface Storage {
  readonly prefix: string;
  readonly context: string;
  /** Targets that build this storage's bucket client at start. */
  readonly clients: readonly ComponentId[];
}

const STORAGES: readonly Storage[] = [
  { prefix: 'blocks-storage', context: 'invalid TSDB config', clients: ['ingester', 'querier', 'ruler', 'store-gateway', 'compactor'] },
  { prefix: 'ruler-storage', context: 'invalid rulestore config', clients: ['ruler'] },
  { prefix: 'alertmanager-storage', context: 'invalid alertmanager storage config', clients: ['alertmanager'] },
];

/** `supportedStorageClasses` as each version's help text lists them. */
const STORAGE_CLASSES: { readonly [major: string]: readonly string[] } = {
  3: ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'OUTPOSTS', 'GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE', 'FSX_OPENZFS'],
  2: ['STANDARD', 'REDUCED_REDUNDANCY', 'GLACIER', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE', 'OUTPOSTS', 'GLACIER_IR', 'SNOW'],
};

/** A storage's value: its own flag if written, else the common one if written, else its default. */
function value(v: FlagValues, s: Storage, key: string): string {
  const own = `${s.prefix}.${key}`;
  const common = `common.storage.${key}`;
  return v.isSet(own) ? v.str(own) : v.isSet(common) ? v.str(common) : v.str(own);
}

const isS3 = (v: FlagValues, s: Storage) => value(v, s, 'backend') === 's3';

function isUrl(x: string): boolean {
  try {
    return new URL(x).protocol !== '';
  } catch {
    return false;
  }
}

function validated(s: Storage): StartupRule[] {
  const f = (k: string) => [`${s.prefix}.${k}`, `common.storage.${k}`];
  const s3 = (id: string, keys: string[], check: (get: (k: string) => string, v: FlagValues) => string | undefined, fix: string, clients = false): StartupRule => rule({
    id, flags: [...keys, 'backend'].flatMap(f), targets: clients ? s.clients : undefined,
    check: (v) => (isS3(v, s) ? check((k) => value(v, s, k), v) : undefined),
    fix,
  });
  return [
    rule({
      id: 'OBJ-02', flags: f('storage-prefix'),
      check: (v) => (/^[0-9A-Za-z]*$/.test(value(v, s, 'storage-prefix')) ? undefined : invalid(s.context, 'storage prefix contains invalid characters, it may only contain digits and English alphabet letters')),
      fix: 'Use only digits and English letters in the storage prefix',
    }),
    s3('OBJ-03', ['s3.signature-version'], (get, v) => (!f('s3.signature-version').some((x) => v.isSet(x)) || ['v4', 'v2'].includes(get('s3.signature-version')) ? undefined
      : invalid(s.context, 'unsupported signature version (supported values: v4, v2)')), 'Use v4 (the default) or v2'),
    s3('OBJ-04', ['s3.endpoint', 's3.bucket-name'], (get) => {
      const first = get('s3.endpoint').split('.')[0];
      return get('s3.bucket-name') !== '' && first !== '' && first === get('s3.bucket-name') ? invalid(s.context, 'the endpoint must not prefixed with the bucket name') : undefined;
    }, 'Give the endpoint without the bucket name in front (e.g. s3.eu-west-1.amazonaws.com)'),
    s3('OBJ-05', ['s3.sts-endpoint'], (get) => (get('s3.sts-endpoint') !== '' && !isUrl(get('s3.sts-endpoint')) ? invalid(s.context, 'sts-endpoint must be a valid url') : undefined), 'Give the STS endpoint as a URL (https://…)'),
    s3('OBJ-06', ['s3.storage-class'], (get, v) => {
      const c = get('s3.storage-class');
      return c !== '' && !(STORAGE_CLASSES[v.version.split('.')[0]] ?? []).includes(c) ? invalid(s.context, 'unsupported S3 storage class (supported values: )') : undefined;
    }, `Use one of the S3 storage classes (${STORAGE_CLASSES[3].join(', ')})`),
    s3('OBJ-07', ['s3.sse.type'], (get) => (['', 'SSE-KMS', 'SSE-S3'].includes(get('s3.sse.type')) ? undefined : invalid(s.context, 'unsupported S3 SSE type')), 'Use SSE-KMS or SSE-S3'),
    s3('OBJ-08', ['s3.sse.kms-encryption-context'], (get) => (isJsonObjectOfStrings(get('s3.sse.kms-encryption-context')) ? undefined : invalid(s.context, 'invalid S3 SSE encryption context')), 'Give the KMS encryption context as a JSON object of strings'),
    s3('OBJ-09', ['s3.endpoint'], (get) => (get('s3.endpoint') === '' ? 'no s3 endpoint in config file' : undefined), 'Give storage.endpoint', true),
    s3('OBJ-10', ['s3.native-aws-auth-enabled', 's3.access-key-id'], (get) => (get('s3.native-aws-auth-enabled') === 'true' && get('s3.access-key-id') !== '' ? 'aws_sdk_auth and access_key are mutually exclusive configurations' : undefined),
      'Use either native AWS authentication or the access key (the library passes the key through the environment)', true),
    s3('OBJ-11', ['s3.access-key-id', 's3.secret-access-key'], (get) => {
      const id = get('s3.access-key-id') !== '';
      const secret = get('s3.secret-access-key') !== '';
      if (id && !secret) return 'no s3 secret_key specified while access_key is present in config file; either both should be present in config or envvars/IAM should be used.';
      return secret && !id ? 'no s3 access_key specified while secret_key is present in config file; either both should be present in config or envvars/IAM should be used.' : undefined;
    }, 'Leave the key flags out: storage.credentialsSecret provides both through the environment', true),
    s3('OBJ-12', ['s3.sse.type', 's3.sse.kms-key-id'], (get) => (get('s3.sse.type') === 'SSE-KMS' && get('s3.sse.kms-key-id') === '' ? 'kms_key_id must be set if sse_config.type is set to \'SSE-KMS\'' : undefined), 'Give the KMS key id with SSE-KMS', true),
    s3('OBJ-13', ['s3.list-objects-version'], (get) => (['', 'v1', 'v2'].includes(get('s3.list-objects-version')) ? undefined
      : `Initialize s3 client list objects version: Unsupported version "${get('s3.list-objects-version')}" was provided. Supported values are v1, v2`), 'Use v1 or v2, or leave it unset', true),
    rule({
      id: 'FLG-09', flags: f('s3.bucket-lookup-type'),
      check: (v) => {
        for (const flag of f('s3.bucket-lookup-type').filter((x) => v.isSet(x))) {
          if (!['auto', 'path', 'virtual-hosted'].includes(v.str(flag))) return `invalid value "${v.str(flag)}" for flag -${flag}: unsupported bucket lookup type: ${v.str(flag)}`;
        }
        return undefined;
      },
      fix: 'Use auto, path or virtual-hosted',
    }),
  ];
}

function isJsonObjectOfStrings(text: string): boolean {
  if (text === '') return true;
  try {
    const o = JSON.parse(text);
    return typeof o === 'object' && o !== null && !Array.isArray(o) && Object.values(o).every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}

export const STORAGE_RULES: readonly StartupRule[] = STORAGES.flatMap(validated);
