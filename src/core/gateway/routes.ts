// The routes the gateway serves: Mimir's tenant APIs, each to the component that serves it, with the access it
// needs. Cross-tenant admin paths only for ADMIN identities; everything else (/config, /runtime_config,
// /multitenant_alertmanager/configs, /ruler/rule_groups, ring pages of other components, /debug...) is not routed.
import { ComponentId } from '../catalog/components';
import { FLAG_FIELDS } from '../flags/fields.generated';
import { GatewayPermission } from '../front-door';
import { escapeRegExp } from '../validate';
import { VersionInfo } from '../version';

/**
 * write: one tenant, WRITE. read: the identity's read tenants (federation), READ. read-single: one tenant, READ.
 * manage: one tenant; GET/HEAD with READ, other methods with MANAGE. admin: one tenant, ADMIN.
 */
export type RouteAccess = 'write' | 'read' | 'read-single' | 'manage' | 'admin';

export interface GatewayRoute {
  /** nginx location: `= /path` (exact), `^~ /prefix`, or `~ ^regex$`. */
  readonly location: string;
  readonly component: ComponentId;
  readonly access: RouteAccess;
}

export interface RouteContext {
  readonly version: VersionInfo;
  readonly deployed: ReadonlySet<ComponentId>;
  readonly rulerApi: boolean;
  readonly alertmanagerApi: boolean;
  /** Some identity has ADMIN. */
  readonly admins: boolean;
}

interface RouteRow extends GatewayRoute {
  readonly when?: (ctx: RouteContext) => boolean;
}

/** Mimir's default of a path-prefix flag, from the version's config descriptor (the library does not set them). */
/** The newest release with a config descriptor. */
const NEWEST = Object.keys(FLAG_FIELDS).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop()!;

function prefix(version: VersionInfo, flag: string): string {
  // A development snapshot has no descriptor: the newest release's default then.
  const value = (version.fields[flag] ?? FLAG_FIELDS[NEWEST][flag])?.[2];
  if (value === undefined) throw new Error(`internal: no default for -${flag} in ${version.version}`);
  return value;
}

const QUERY_PATHS = 'query|query_range|query_exemplars|labels|series|metadata|read|format_query'
  + '|cardinality/(?:label_names|label_values|active_series|active_native_histogram_metrics)';

function rows(version: VersionInfo): RouteRow[] {
  const prom = prefix(version, 'http.prometheus-http-prefix');
  const am = prefix(version, 'http.alertmanager-http-prefix');
  const admin = (ctx: RouteContext) => ctx.admins;
  return [
    { location: '= /api/v1/push', component: 'distributor', access: 'write' },
    { location: '= /otlp/v1/metrics', component: 'distributor', access: 'write' },
    { location: `~ ^${escapeRegExp(prom)}/api/v1/(?:${QUERY_PATHS})$`, component: 'query-frontend', access: 'read' },
    { location: `~ ^${escapeRegExp(prom)}/api/v1/label/[^/]+/values$`, component: 'query-frontend', access: 'read' },
    { location: `= ${prom}/api/v1/status/buildinfo`, component: 'query-frontend', access: 'read' },
    { location: '= /api/v1/analyze', component: 'query-frontend', access: 'read-single', when: (ctx) => ctx.version.major >= 3 },
    { location: '= /api/v1/user_limits', component: 'distributor', access: 'read-single' },
    // Registered by the querier module (RegisterQueryable), answered from the ingesters.
    { location: '= /api/v1/user_stats', component: 'querier', access: 'read-single' },
    { location: `~ ^${escapeRegExp(prom)}/api/v1/(?:rules|alerts)$`, component: 'ruler', access: 'read-single' },
    { location: `^~ ${prom}/config/v1/rules`, component: 'ruler', access: 'manage', when: (ctx) => ctx.rulerApi },
    { location: `= ${am}`, component: 'alertmanager', access: 'manage' },
    { location: `^~ ${am}/`, component: 'alertmanager', access: 'manage' },
    { location: '= /api/v1/alerts', component: 'alertmanager', access: 'manage', when: (ctx) => ctx.alertmanagerApi },
    { location: '= /distributor/ring', component: 'distributor', access: 'admin', when: admin },
    { location: '= /distributor/all_user_stats', component: 'distributor', access: 'admin', when: admin },
    { location: '= /distributor/ha_tracker', component: 'distributor', access: 'admin', when: admin },
    { location: '= /ruler/ring', component: 'ruler', access: 'admin', when: admin },
    { location: '= /ruler/delete_tenant_config', component: 'ruler', access: 'admin', when: admin },
    { location: '= /multitenant_alertmanager/delete_tenant_config', component: 'alertmanager', access: 'admin', when: admin },
    { location: '= /compactor/delete_tenant', component: 'compactor', access: 'admin', when: admin },
    { location: '= /compactor/delete_tenant_status', component: 'compactor', access: 'admin', when: admin },
  ];
}

/** The routes of a cluster: those whose component is deployed and whose switch is on. */
export function gatewayRoutes(ctx: RouteContext): GatewayRoute[] {
  return rows(ctx.version)
    .filter((r) => ctx.deployed.has(r.component) && (r.when?.(ctx) ?? true))
    .map(({ location, component, access }) => ({ location, component, access }));
}

/** The permission an access class needs (manage: for methods other than GET and HEAD). */
export const ACCESS_PERMISSION: { readonly [a in RouteAccess]: GatewayPermission } = {
  'write': GatewayPermission.WRITE,
  'read': GatewayPermission.READ,
  'read-single': GatewayPermission.READ,
  'manage': GatewayPermission.MANAGE,
  'admin': GatewayPermission.ADMIN,
};
