// The runtime configuration file: one YAML document with each tenant's overrides, keys as Mimir's config
// descriptor names them. Mounted as a directory on every component and reloaded by Mimir every 10 s: a changed
// ConfigMap takes effect without a restart (the pods carry no checksum of it).
import { stringify } from 'yaml';
import { CheckedTenantOverrides } from '../check/tenancy';
import { ClusterNames, PATHS } from '../names';

export interface ResolvedRuntimeConfig {
  readonly configMap: string;
  readonly key: string;
  readonly content: string;
}

export function runtimeConfig(names: ClusterNames, tenants: readonly CheckedTenantOverrides[]): ResolvedRuntimeConfig {
  const overrides: { [tenant: string]: { [key: string]: string | number | boolean } } = {};
  for (const t of tenants) {
    overrides[t.tenant] = Object.fromEntries([...t.overrides].sort((a, b) => (a.key < b.key ? -1 : 1)).map((o) => [o.key, o.value]));
  }
  return { configMap: names.runtimeConfig, key: PATHS.runtimeConfigFile, content: stringify({ overrides }, { sortMapEntries: false }) };
}
