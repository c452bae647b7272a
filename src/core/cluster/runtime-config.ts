// The runtime configuration file: one YAML document with each tenant's overrides, keys as Mimir's config
// descriptor names them. Mounted as a directory on every component and reloaded by Mimir every 10 s: a changed
// ConfigMap takes effect without a restart (the pods carry no checksum of it).
import { CheckedTenantOverrides } from '../check/tenancy';
import { ClusterNames, PATHS } from '../names';

export interface ResolvedRuntimeConfig {
  readonly configMap: string;
  readonly key: string;
  readonly content: string;
}

/**
 * Block-style YAML whose scalars are JSON (a JSON string is a YAML double-quoted scalar, JSON numbers and booleans
 * are YAML's): exact for any tenant ID or value, one document, keys sorted. test/core/front-door.test.ts parses it
 * back with a YAML library.
 */
export function runtimeConfig(names: ClusterNames, tenants: readonly CheckedTenantOverrides[]): ResolvedRuntimeConfig {
  const lines = tenants.length ? ['overrides:'] : ['overrides: {}'];
  for (const t of tenants) {
    lines.push(`  ${JSON.stringify(t.tenant)}:${t.overrides.length ? '' : ' {}'}`);
    for (const o of [...t.overrides].sort((a, b) => (a.key < b.key ? -1 : 1))) lines.push(`    ${o.key}: ${JSON.stringify(o.value)}`);
  }
  return { configMap: names.runtimeConfig, key: PATHS.runtimeConfigFile, content: `${lines.join('\n')}\n` };
}
