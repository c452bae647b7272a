// The routes the gateway serves, as data: each of Mimir's tenant APIs with the component that serves it, the
// methods Mimir registers for it, the access it needs, the request headers it may pass and its body limit.
// Every row carries two spellings of the same path: the nginx location (matched on nginx's decoded, normalized
// URI) and `raw`, the pattern Mimir's router (gorilla/mux with UseEncodedPath) matches on the request target as
// sent. The gateway forwards a request only when both name the same row, so nginx authorizes exactly the request
// Mimir will route. Cross-tenant admin paths only for ADMIN identities; everything else (/config, /runtime_config,
// /multitenant_alertmanager/configs, /ruler/rule_groups, ring pages of other components, /debug...) is not routed.
import { ComponentId } from '../catalog/components';
import { FLAG_FIELDS } from '../flags/fields.generated';
import { GatewayPermission } from '../front-door';
import { escapeRegExp } from '../validate';
import { VersionInfo } from '../version';

/**
 * write: one tenant, WRITE. read: the identity's read tenants (federation), READ. read-single: one tenant, READ.
 * manage: one tenant; GET with READ, other methods with MANAGE. configure: one tenant, MANAGE for every method
 * (configurations that hold receiver credentials). admin: one tenant, ADMIN.
 */
export type RouteAccess = 'write' | 'read' | 'read-single' | 'manage' | 'configure' | 'admin';

/** Request headers a route passes on besides the ones the gateway itself sets; every other header is dropped. */
export const ROUTE_HEADERS = {
  /** Prometheus remote write 1.0/2.0 and OTLP over HTTP. */
  write: ['Content-Type', 'Content-Encoding', 'X-Prometheus-Remote-Write-Version', 'Retry-Attempt', 'User-Agent'],
  /** Prometheus' HTTP API: form bodies, the response format and compression the caller accepts. */
  query: ['Content-Type', 'Accept', 'Accept-Encoding', 'User-Agent'],
  /** Prometheus remote read. */
  remoteRead: ['Content-Type', 'Content-Encoding', 'X-Prometheus-Remote-Read-Version', 'Accept', 'Accept-Encoding', 'User-Agent'],
  /** Rule groups, Alertmanager configuration and API, admin pages. */
  api: ['Content-Type', 'Accept', 'Accept-Encoding', 'User-Agent'],
} as const;

export interface GatewayRoute {
  /** A stable name of the route; the raw-path classification must yield it. */
  readonly id: string;
  /** nginx location: `= /path` (exact), `^~ /prefix`, or `~ ^regex$`, on the decoded URI. */
  readonly location: string;
  /** Mimir's route on the raw (still percent-encoded) path, as a regular expression. */
  readonly raw: string;
  readonly component: ComponentId;
  readonly access: RouteAccess;
  /** The methods Mimir registers for this path (others get 405). */
  readonly methods: readonly string[];
  readonly headers: readonly string[];
  /** nginx size of the largest request body. */
  readonly maxBody: string;
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

/** The newest release with a config descriptor. */
const NEWEST = Object.keys(FLAG_FIELDS).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop()!;

/** Mimir's default of a path-prefix flag, from the version's config descriptor (the library does not set them). */
function prefix(version: VersionInfo, flag: string): string {
  // A development snapshot has no descriptor: the newest release's default then.
  const value = (version.fields[flag] ?? FLAG_FIELDS[NEWEST][flag])?.[2];
  if (value === undefined) throw new Error(`internal: no default for -${flag} in ${version.version}`);
  return value;
}

/** Bodies: remote-write and OTLP batches up to Mimir's own 100 MB message limit; queries and configurations small. */
const BODY = { write: '100m', read: '16m', config: '16m', none: '64k' } as const;
/** One path segment, as mux's `{name}` matches it (dot segments and encoded slashes are refused before routing). */
const SEG = '[^/]+';

/** A path with no variables: the same text in both spellings. */
function exact(id: string, path: string, rest: Omit<GatewayRoute, 'id' | 'location' | 'raw'> & { when?: RouteRow['when'] }): RouteRow {
  return { id, location: `= ${path}`, raw: `^${escapeRegExp(path)}$`, ...rest };
}

/** A path with `{var}` segments: a regex location on the decoded URI and the same regex on the raw path. */
function templated(id: string, path: string, rest: Omit<GatewayRoute, 'id' | 'location' | 'raw'> & { when?: RouteRow['when'] }): RouteRow {
  const re = `^${path.split(/\{[a-zA-Z]+\}/).map(escapeRegExp).join(SEG)}$`;
  return { id, location: `~ ${re}`, raw: re, ...rest };
}

const QUERY_PATHS = ['query', 'query_range', 'query_exemplars', 'labels', 'series', 'format_query',
  'cardinality/label_names', 'cardinality/label_values', 'cardinality/active_series', 'cardinality/active_native_histogram_metrics'];

function rows(version: VersionInfo): RouteRow[] {
  const prom = prefix(version, 'http.prometheus-http-prefix');
  const am = prefix(version, 'http.alertmanager-http-prefix');
  const admin = (ctx: RouteContext) => ctx.admins;
  const write = { component: 'distributor', access: 'write', methods: ['POST'], headers: ROUTE_HEADERS.write, maxBody: BODY.write } as const;
  const query = { component: 'query-frontend', access: 'read', methods: ['GET', 'POST'], headers: ROUTE_HEADERS.query, maxBody: BODY.read } as const;
  const api = { headers: ROUTE_HEADERS.api, maxBody: BODY.none } as const;
  const rules = { component: 'ruler', access: 'manage', headers: ROUTE_HEADERS.api, maxBody: BODY.config, when: (ctx: RouteContext) => ctx.rulerApi } as const;
  return [
    exact('push', '/api/v1/push', write),
    exact('otlp', '/otlp/v1/metrics', write),
    // Mimir registers series with DELETE too; deleting series is not a tenant's API here.
    ...QUERY_PATHS.map((p) => exact(`query:${p}`, `${prom}/api/v1/${p}`, query)),
    templated('label-values', `${prom}/api/v1/label/{name}/values`, { ...query, methods: ['GET'], maxBody: BODY.none }),
    exact('metadata', `${prom}/api/v1/metadata`, { ...query, methods: ['GET'], maxBody: BODY.none }),
    exact('remote-read', `${prom}/api/v1/read`, { ...query, methods: ['POST'], headers: ROUTE_HEADERS.remoteRead }),
    exact('buildinfo', `${prom}/api/v1/status/buildinfo`, { ...query, methods: ['GET'], maxBody: BODY.none }),
    exact('analyze', '/api/v1/analyze', { ...query, access: 'read-single', methods: ['POST'], when: (ctx) => ctx.version.major >= 3 }),
    exact('user-limits', '/api/v1/user_limits', { ...api, component: 'distributor', access: 'read-single', methods: ['GET'] }),
    // Registered by the querier module (RegisterQueryable), answered from the ingesters.
    exact('user-stats', '/api/v1/user_stats', { ...api, component: 'querier', access: 'read-single', methods: ['GET'] }),
    exact('rules', `${prom}/api/v1/rules`, { ...api, component: 'ruler', access: 'read-single', methods: ['GET'] }),
    exact('alerts', `${prom}/api/v1/alerts`, { ...api, component: 'ruler', access: 'read-single', methods: ['GET'] }),
    exact('rule-groups', `${prom}/config/v1/rules`, { ...rules, methods: ['GET'] }),
    templated('rule-namespace', `${prom}/config/v1/rules/{namespace}`, { ...rules, methods: ['GET', 'POST', 'DELETE'] }),
    templated('rule-group', `${prom}/config/v1/rules/{namespace}/{groupName}`, { ...rules, methods: ['GET', 'DELETE'] }),
    // Alertmanager's UI and API v2 (alerts, silences, status with secrets masked): a prefix route in Mimir.
    exact('alertmanager', am, { ...api, component: 'alertmanager', access: 'manage', methods: ['GET', 'POST', 'PUT', 'DELETE'], maxBody: BODY.config }),
    { id: 'alertmanager-api', location: `^~ ${am}/`, raw: `^${escapeRegExp(am)}/.*$`, ...api, component: 'alertmanager', access: 'manage', methods: ['GET', 'POST', 'PUT', 'DELETE'], maxBody: BODY.config },
    // The tenant's Alertmanager configuration, receiver credentials included: MANAGE to read it too.
    exact('alertmanager-config', '/api/v1/alerts', { ...api, component: 'alertmanager', access: 'configure', methods: ['GET', 'POST', 'DELETE'], maxBody: BODY.config, when: (ctx) => ctx.alertmanagerApi }),
    exact('distributor-ring', '/distributor/ring', { ...api, component: 'distributor', access: 'admin', methods: ['GET'], when: admin }),
    exact('all-user-stats', '/distributor/all_user_stats', { ...api, component: 'distributor', access: 'admin', methods: ['GET'], when: admin }),
    exact('ha-tracker', '/distributor/ha_tracker', { ...api, component: 'distributor', access: 'admin', methods: ['GET'], when: admin }),
    exact('ruler-ring', '/ruler/ring', { ...api, component: 'ruler', access: 'admin', methods: ['GET'], when: admin }),
    exact('ruler-delete-tenant', '/ruler/delete_tenant_config', { ...api, component: 'ruler', access: 'admin', methods: ['POST'], when: admin }),
    exact('alertmanager-delete-tenant', '/multitenant_alertmanager/delete_tenant_config', { ...api, component: 'alertmanager', access: 'admin', methods: ['POST'], when: admin }),
    exact('compactor-delete-tenant', '/compactor/delete_tenant', { ...api, component: 'compactor', access: 'admin', methods: ['POST'], when: admin }),
    exact('compactor-delete-tenant-status', '/compactor/delete_tenant_status', { ...api, component: 'compactor', access: 'admin', methods: ['GET'], when: admin }),
  ];
}

/** The routes of a cluster: those whose component is deployed and whose switch is on. */
export function gatewayRoutes(ctx: RouteContext): GatewayRoute[] {
  return rows(ctx.version)
    .filter((r) => ctx.deployed.has(r.component) && (r.when?.(ctx) ?? true))
    .map(({ when: _when, ...route }) => route);
}

/** The permission an access class needs (manage: for methods other than GET). */
export const ACCESS_PERMISSION: { readonly [a in RouteAccess]: GatewayPermission } = {
  'write': GatewayPermission.WRITE,
  'read': GatewayPermission.READ,
  'read-single': GatewayPermission.READ,
  'manage': GatewayPermission.MANAGE,
  'configure': GatewayPermission.MANAGE,
  'admin': GatewayPermission.ADMIN,
};
