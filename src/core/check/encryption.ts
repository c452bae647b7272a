// Encryption at rest (SSE-S3, SSE-KMS) and the Alertmanager receivers firewall: checked once, used for the
// cluster-wide flags and for each tenant's runtime overrides.
import { AlertmanagerFirewallOptions, ServerSideEncryption, StorageEncryptionOptions } from '../front-door';
import { Problems } from '../errors';
import { WeakerChoices } from '../tls/policy';
import { isCidr, isPlainObject, show } from '../validate';
import { checkKeys, requireString } from './helpers';

const ENCRYPTION_KEYS = ['type', 'kmsKeyId', 'kmsEncryptionContext'];
const FIREWALL_KEYS = ['blockPrivateAddresses', 'blockCidrNetworks'];

export interface CheckedEncryption {
  readonly type: string;
  readonly kmsKeyId?: string;
  /** The encryption context as the JSON object Mimir parses. */
  readonly kmsEncryptionContext?: string;
}

export interface CheckedFirewall {
  readonly blockPrivateAddresses: boolean;
  /** CSV, as Mimir takes it. */
  readonly blockCidrNetworks: string;
}

export function checkEncryption(problems: Problems, field: string, value: StorageEncryptionOptions | undefined): CheckedEncryption | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    problems.add(field, `is ${show(value)}`, 'Give { type: ServerSideEncryption.SSE_S3 } or { type: ServerSideEncryption.SSE_KMS, kmsKeyId }');
    return undefined;
  }
  checkKeys(problems, field, value, ENCRYPTION_KEYS);
  const type = value.type as string;
  if (typeof type === 'string' && /^SSE-C$/i.test(type)) {
    problems.add(`${field}.type`, 'is SSE-C, which Mimir does not support (customer-provided keys would have to be sent with every request; grafana/mimir#3381)', 'Use ServerSideEncryption.SSE_KMS with a customer-managed KMS key, or SSE_S3');
    return undefined;
  }
  if (!Object.values(ServerSideEncryption).includes(type as ServerSideEncryption)) {
    problems.add(`${field}.type`, `is ${show(type)}`, `Use one of ${Object.values(ServerSideEncryption).join(', ')}`);
    return undefined;
  }
  if (type === ServerSideEncryption.SSE_S3) {
    for (const k of ['kmsKeyId', 'kmsEncryptionContext'] as const) {
      if (value[k] !== undefined) problems.add(`${field}.${k}`, 'is set with SSE-S3, which uses no KMS key', 'Remove it, or use ServerSideEncryption.SSE_KMS');
    }
    return { type };
  }
  const kmsKeyId = requireString(problems, `${field}.kmsKeyId`, value.kmsKeyId, 'Give the KMS key ID or ARN that encrypts the uploads');
  if (kmsKeyId && /\s/.test(kmsKeyId)) problems.add(`${field}.kmsKeyId`, `is "${kmsKeyId}" with white space`, 'Give the key ID or ARN as AWS prints it');
  return { type, kmsKeyId, kmsEncryptionContext: encryptionContext(problems, `${field}.kmsEncryptionContext`, value.kmsEncryptionContext) };
}

/** A KMS encryption context is a JSON object of strings; Mimir refuses anything else at its first upload. */
function encryptionContext(problems: Problems, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const entries = isPlainObject(value) ? Object.entries(value as object) : undefined;
  if (!entries || entries.length === 0 || entries.some(([k, v]) => k === '' || typeof v !== 'string')) {
    problems.add(field, `is ${show(value)}, not a non-empty map of strings`, 'Give the context as { key: "value" }; it is sent as a JSON object');
    return undefined;
  }
  return JSON.stringify(Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** The firewall of the cluster (`base` undefined) or of one tenant (over the cluster's). */
export function checkFirewall(problems: Problems, weaker: WeakerChoices, field: string, value: AlertmanagerFirewallOptions | undefined, base?: CheckedFirewall): CheckedFirewall {
  const defaults: CheckedFirewall = base ?? { blockPrivateAddresses: true, blockCidrNetworks: '' };
  if (value === undefined) return defaults;
  if (!isPlainObject(value)) {
    problems.add(field, `is ${show(value)}`, 'Give { blockPrivateAddresses, blockCidrNetworks }');
    return defaults;
  }
  checkKeys(problems, field, value, FIREWALL_KEYS);
  let block = defaults.blockPrivateAddresses;
  if (value.blockPrivateAddresses !== undefined) {
    if (typeof value.blockPrivateAddresses !== 'boolean') problems.add(`${field}.blockPrivateAddresses`, `is ${show(value.blockPrivateAddresses)}`, 'Use true or false');
    else block = value.blockPrivateAddresses;
    if (value.blockPrivateAddresses === false) weaker.add(`${field}.blockPrivateAddresses`, 'lets Alertmanager receivers (webhooks any tenant writes) reach private and cluster-internal addresses');
  }
  let cidrs = defaults.blockCidrNetworks;
  if (value.blockCidrNetworks !== undefined) {
    const list = value.blockCidrNetworks;
    if (!Array.isArray(list)) problems.add(`${field}.blockCidrNetworks`, `is ${show(list)}`, 'Give a list of CIDR networks such as "100.64.0.0/10"');
    else {
      list.forEach((c, i) => {
        if (typeof c !== 'string' || !isCidr(c)) problems.add(`${field}.blockCidrNetworks[${i}]`, `is ${show(c)}, not a CIDR network`, 'Write it as address/prefix, e.g. "169.254.169.254/32" or "fd00::/8"');
      });
      cidrs = list.join(',');
    }
  }
  return { blockPrivateAddresses: block, blockCidrNetworks: cidrs };
}
