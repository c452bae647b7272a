// Tenancy: tenant IDs as Mimir accepts them, the multi-tenancy / federation / API switches, and the runtime
// configuration's per-tenant overrides (typed keys, checked by the same startup rules as the flags they shadow).
import * as D from '../defaults';
import { MimirClusterProps } from '../definition';
import { Problems } from '../errors';
import { TenantOverridesOptions } from '../front-door';
import { WeakerChoices } from '../tls/policy';
import { isPlainObject, show } from '../validate';
import { limitIndex } from '../startup/values';
import { VersionInfo } from '../version';
import { CheckedEncryption, CheckedFirewall, checkEncryption, checkFirewall } from './encryption';
import { checkKeys, optionalBoolean } from './helpers';

/** Characters of a tenant ID (dskit tenant.ValidTenantID), its length limit, and IDs Mimir refuses. */
export const TENANT_ID_CHARS = "A-Za-z0-9!._*'()-";
export const TENANT_ID_MAX_LENGTH = 150;
export const RESERVED_TENANT_IDS: readonly string[] = ['.', '..', '__mimir_cluster'];
const TENANT_ID = new RegExp(`^[${TENANT_ID_CHARS}]{1,${TENANT_ID_MAX_LENGTH}}$`);

export function tenantIdProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !TENANT_ID.test(value)) {
    return `is ${show(value)}, not a tenant ID (1 to ${TENANT_ID_MAX_LENGTH} of the characters ${TENANT_ID_CHARS})`;
  }
  return RESERVED_TENANT_IDS.includes(value) ? `is "${value}", which Mimir reserves` : undefined;
}

const TENANCY_KEYS = ['multitenancy', 'noAuthTenant', 'federation', 'maxFederatedTenants', 'rulerFederation', 'rulerApi', 'alertmanagerApi'];

export interface CheckedTenancy {
  readonly multitenancy: boolean;
  readonly noAuthTenant: string;
  readonly federation: boolean;
  /** Undefined: Mimir's default (no limit), or a version without the flag. */
  readonly maxFederatedTenants?: number;
  readonly rulerFederation: boolean;
  readonly rulerApi: boolean;
  readonly alertmanagerApi: boolean;
  readonly firewall: CheckedFirewall;
  readonly encryption?: CheckedEncryption;
}

/** What the gateway's identities need from tenancy. */
export interface FederationNeeds {
  readonly federated: boolean;
  /** The longest federated list; undefined when a trusted proxy may name any number of tenants. */
  readonly maxTenants?: number;
}

export function checkTenancy(problems: Problems, weaker: WeakerChoices, def: MimirClusterProps, needs: FederationNeeds): CheckedTenancy {
  const t: any = def.tenancy ?? {};
  if (!isPlainObject(t)) problems.add('tenancy', `is ${show(t)}`, 'Give an object of tenancy options');
  else checkKeys(problems, 'tenancy', t, TENANCY_KEYS);
  const flag = (key: string, fallback: boolean) => optionalBoolean(problems, `tenancy.${key}`, t[key]) ?? fallback;
  const multitenancy = flag('multitenancy', true);
  const noAuthTenant = t.noAuthTenant ?? D.DEFAULT_NO_AUTH_TENANT;
  const idProblem = tenantIdProblem(noAuthTenant);
  if (idProblem) problems.add('tenancy.noAuthTenant', idProblem, 'Use a valid tenant ID');
  else if (multitenancy && t.noAuthTenant !== undefined) problems.add('tenancy.noAuthTenant', 'is set while multi-tenancy is on, where Mimir ignores it', 'Remove it, or set tenancy.multitenancy: false');
  const federation = flag('federation', needs.federated);
  if (needs.federated && !federation) problems.add('tenancy.federation', 'is false while gateway identities read several tenants', 'Turn federation on, or remove federatedReadTenants and allowFederation from the gateway identities');
  if (!multitenancy && federation) problems.add('tenancy.federation', 'is on while multi-tenancy is off: every request is in the no-auth tenant', 'Turn federation off, or multi-tenancy on');
  let maxFederatedTenants: number | undefined = t.maxFederatedTenants ?? (federation ? needs.maxTenants : undefined);
  if (t.maxFederatedTenants !== undefined && (!Number.isInteger(t.maxFederatedTenants) || t.maxFederatedTenants < 0)) {
    problems.add('tenancy.maxFederatedTenants', `is ${show(t.maxFederatedTenants)}`, 'Use a whole number, 0 for no limit');
    maxFederatedTenants = undefined;
  } else if (t.maxFederatedTenants && needs.maxTenants && t.maxFederatedTenants < needs.maxTenants) {
    problems.add('tenancy.maxFederatedTenants', `is ${t.maxFederatedTenants}, fewer than the ${needs.maxTenants} tenants a gateway identity reads`, `Use at least ${needs.maxTenants}`);
  }
  const rulerFederation = flag('rulerFederation', false);
  if (rulerFederation) {
    if (!federation) problems.add('tenancy.rulerFederation', 'is on without tenancy.federation, so the ruler refuses to start', 'Turn tenancy.federation on too');
    weaker.add('tenancy.rulerFederation', 'lets rule groups read other tenants through source_tenants, which the gateway cannot police');
  }
  return {
    multitenancy, noAuthTenant, federation, maxFederatedTenants, rulerFederation,
    rulerApi: flag('rulerApi', true), alertmanagerApi: flag('alertmanagerApi', true),
    firewall: checkFirewall(problems, weaker, 'alertmanagerFirewall', def.alertmanagerFirewall),
    encryption: def.storage && isPlainObject(def.storage) ? checkEncryption(problems, 'storage.encryption', def.storage.encryption) : undefined,
  };
}

/** Runtime-config keys of the typed overrides: option → YAML key under `overrides.<tenant>` (= `limits.<key>`). */
export const OVERRIDE_KEYS: { readonly [option in Exclude<keyof TenantOverridesOptions, 'encryption' | 'alertmanagerFirewall'>]-?: string } = {
  ingestionRate: 'ingestion_rate',
  ingestionBurstSize: 'ingestion_burst_size',
  maxGlobalSeriesPerUser: 'max_global_series_per_user',
  maxGlobalSeriesPerMetric: 'max_global_series_per_metric',
  maxGlobalExemplarsPerUser: 'max_global_exemplars_per_user',
  maxLabelNamesPerSeries: 'max_label_names_per_series',
  outOfOrderTimeWindow: 'out_of_order_time_window',
  requestRate: 'request_rate',
  maxFetchedSeriesPerQuery: 'max_fetched_series_per_query',
  maxFetchedChunksPerQuery: 'max_fetched_chunks_per_query',
  maxFetchedChunkBytesPerQuery: 'max_fetched_chunk_bytes_per_query',
  maxQueryLookback: 'max_query_lookback',
  maxTotalQueryLength: 'max_total_query_length',
  maxQueryParallelism: 'max_query_parallelism',
  maxQueriersPerTenant: 'max_queriers_per_tenant',
  rulerMaxRulesPerRuleGroup: 'ruler_max_rules_per_rule_group',
  rulerMaxRuleGroupsPerTenant: 'ruler_max_rule_groups_per_tenant',
  compactorBlocksRetentionPeriod: 'compactor_blocks_retention_period',
};

/** One override as Mimir reads it: its YAML key and value, and the flag whose per-tenant value it replaces. */
export interface CheckedOverride {
  readonly option: string;
  readonly key: string;
  readonly value: string | number | boolean;
  readonly flag?: string;
}

export interface CheckedTenantOverrides {
  readonly tenant: string;
  readonly overrides: readonly CheckedOverride[];
}

export function checkRuntimeOverrides(problems: Problems, weaker: WeakerChoices, def: MimirClusterProps, version: VersionInfo | undefined, tenancy: CheckedTenancy): CheckedTenantOverrides[] {
  const rc: any = def.runtimeConfig;
  if (rc === undefined) return [];
  if (!isPlainObject(rc)) {
    problems.add('runtimeConfig', `is ${show(rc)}`, 'Give { overrides: { <tenant>: {...} } }');
    return [];
  }
  checkKeys(problems, 'runtimeConfig', rc, ['overrides']);
  if (rc.overrides === undefined) return [];
  if (!isPlainObject(rc.overrides)) {
    problems.add('runtimeConfig.overrides', `is ${show(rc.overrides)}`, 'Give a map from tenant ID to its overrides');
    return [];
  }
  const flagOf = limitIndex(version?.fields ?? {});
  return Object.keys(rc.overrides).sort().map((tenant) => {
    const field = `runtimeConfig.overrides.${tenant}`;
    const idProblem = tenantIdProblem(tenant);
    if (idProblem) problems.add(field, idProblem, 'Key the overrides by the tenant ID clients send in X-Scope-OrgID');
    return { tenant, overrides: tenantOverrides(problems, weaker, field, rc.overrides[tenant], flagOf, tenancy) };
  });
}

function tenantOverrides(problems: Problems, weaker: WeakerChoices, field: string, o: any, flagOf: ReadonlyMap<string, readonly [string, string]>, tenancy: CheckedTenancy): CheckedOverride[] {
  if (!isPlainObject(o)) {
    problems.add(field, `is ${show(o)}`, 'Give an object of TenantOverridesOptions');
    return [];
  }
  checkKeys(problems, field, o, [...Object.keys(OVERRIDE_KEYS), 'encryption', 'alertmanagerFirewall']);
  const out: CheckedOverride[] = [];
  for (const [option, key] of Object.entries(OVERRIDE_KEYS)) {
    const value = o[option];
    if (value === undefined) continue;
    const [flag, type] = flagOf.get(key) ?? [];
    const numeric = type === 'int' || type === 'float';
    if (numeric ? typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (type === 'int' && !Number.isInteger(value)) : typeof value !== 'string') {
      problems.add(`${field}.${option}`, `is ${show(value)}`, numeric ? `Use a ${type === 'int' ? 'whole ' : ''}number of 0 or more` : 'Use a duration such as "30m", "12h" or "30d"');
      continue;
    }
    out.push({ option, key, value, flag });
  }
  const enc = checkEncryption(problems, `${field}.encryption`, o.encryption);
  if (enc) {
    out.push({ option: 'encryption.type', key: 's3_sse_type', value: enc.type });
    if (enc.kmsKeyId) out.push({ option: 'encryption.kmsKeyId', key: 's3_sse_kms_key_id', value: enc.kmsKeyId });
    if (enc.kmsEncryptionContext) out.push({ option: 'encryption.kmsEncryptionContext', key: 's3_sse_kms_encryption_context', value: enc.kmsEncryptionContext });
  }
  if (o.alertmanagerFirewall !== undefined) {
    const fw = checkFirewall(problems, weaker, `${field}.alertmanagerFirewall`, o.alertmanagerFirewall, tenancy.firewall);
    out.push({ option: 'alertmanagerFirewall.blockPrivateAddresses', key: 'alertmanager_receivers_firewall_block_private_addresses', value: fw.blockPrivateAddresses, flag: flagOf.get('alertmanager_receivers_firewall_block_private_addresses')?.[0] },
      { option: 'alertmanagerFirewall.blockCidrNetworks', key: 'alertmanager_receivers_firewall_block_cidr_networks', value: fw.blockCidrNetworks, flag: flagOf.get('alertmanager_receivers_firewall_block_cidr_networks')?.[0] });
  }
  return out;
}
