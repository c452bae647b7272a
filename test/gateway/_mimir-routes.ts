// Mimir 3.0.2's HTTP routes as pkg/api/api.go registers them (RegisterRoute: path and methods;
// RegisterRoutesWithPrefix: a prefix, any method), with the default prefixes /prometheus and /alertmanager, and the
// permission this test judges each needs. It is written from Mimir's source, independently of the library's route
// table: the path matrix proves that no request reaches a route (and method) the caller lacks the permission for.
import { GatewayPermission } from '../../src';

export interface MimirRoute {
  readonly path: string;
  readonly methods: readonly string[];
  readonly prefix?: boolean;
}

/** What reaching a route with a method needs: a permission, or never (cross-tenant and internal routes). */
export type Need = GatewayPermission | 'never';

interface Row extends MimirRoute {
  readonly need: (method: string) => Need;
}

const R = GatewayPermission.READ;
const W = GatewayPermission.WRITE;
const M = GatewayPermission.MANAGE;
const A = GatewayPermission.ADMIN;
const always = (n: Need) => () => n;
const readOrManage = (method: string): Need => (method === 'GET' ? R : M);

const QUERY = ['query', 'query_range', 'query_exemplars', 'labels', 'series', 'format_query', 'cardinality/label_names',
  'cardinality/label_values', 'cardinality/active_series', 'cardinality/active_native_histogram_metrics'];

const ROWS: Row[] = [
  { path: '/api/v1/push', methods: ['POST'], need: always(W) },
  { path: '/otlp/v1/metrics', methods: ['POST'], need: always(W) },
  { path: '/api/v1/push/influx/write', methods: ['POST'], need: always('never') },
  ...QUERY.map((p) => ({ path: `/prometheus/api/v1/${p}`, methods: p === 'series' ? ['GET', 'POST', 'DELETE'] : ['GET', 'POST'], need: (m: string) => (m === 'DELETE' ? 'never' : R) as Need })),
  { path: '/prometheus/api/v1/label/{name}/values', methods: ['GET'], need: always(R) },
  { path: '/prometheus/api/v1/metadata', methods: ['GET'], need: always(R) },
  { path: '/prometheus/api/v1/read', methods: ['POST'], need: always(R) },
  { path: '/prometheus/api/v1/status/buildinfo', methods: ['GET'], need: always(R) },
  { path: '/api/v1/analyze', methods: ['POST'], need: always(R) },
  { path: '/api/v1/user_stats', methods: ['GET'], need: always(R) },
  { path: '/api/v1/user_limits', methods: ['GET'], need: always(R) },
  { path: '/prometheus/api/v1/rules', methods: ['GET'], need: always(R) },
  { path: '/prometheus/api/v1/alerts', methods: ['GET'], need: always(R) },
  { path: '/prometheus/config/v1/rules', methods: ['GET'], need: always(R) },
  { path: '/prometheus/config/v1/rules/{namespace}', methods: ['GET', 'POST', 'DELETE'], need: readOrManage },
  { path: '/prometheus/config/v1/rules/{namespace}/{groupName}', methods: ['GET', 'DELETE'], need: readOrManage },
  { path: '/api/v1/alerts', methods: ['GET', 'POST', 'DELETE'], need: always(M) },
  { path: '/api/v1/grafana/config', methods: ['GET', 'POST', 'DELETE'], need: always('never') },
  { path: '/multitenant_alertmanager/status', methods: ['GET'], need: always('never') },
  { path: '/multitenant_alertmanager/configs', methods: ['GET'], need: always('never') },
  { path: '/multitenant_alertmanager/ring', methods: ['GET', 'POST'], need: always('never') },
  { path: '/multitenant_alertmanager/delete_tenant_config', methods: ['POST'], need: always(A) },
  { path: '/alertmanager/api/v1/status/buildinfo', methods: ['GET'], need: always(R) },
  { path: '/alertmanager', methods: [], prefix: true, need: readOrManage },
  { path: '/config', methods: ['GET'], need: always('never') },
  { path: '/runtime_config', methods: ['GET'], need: always('never') },
  { path: '/api/v1/status/config', methods: ['GET'], need: always('never') },
  { path: '/api/v1/status/flags', methods: ['GET'], need: always('never') },
  { path: '/api/v1/status/buildinfo', methods: ['GET'], need: always('never') },
  { path: '/services', methods: ['GET'], need: always('never') },
  { path: '/memberlist', methods: ['GET'], need: always('never') },
  { path: '/debug/pprof', methods: [], prefix: true, need: always('never') },
  { path: '/distributor/ring', methods: ['GET', 'POST'], need: (m) => (m === 'GET' ? A : 'never') },
  { path: '/distributor/all_user_stats', methods: ['GET'], need: always(A) },
  { path: '/distributor/ha_tracker', methods: ['GET'], need: always(A) },
  { path: '/ingester/flush', methods: ['GET', 'POST'], need: always('never') },
  { path: '/ingester/shutdown', methods: ['POST'], need: always('never') },
  { path: '/ingester/tsdb/{tenant}', methods: ['GET'], need: always('never') },
  { path: '/ruler/ring', methods: ['GET', 'POST'], need: (m) => (m === 'GET' ? A : 'never') },
  { path: '/ruler/delete_tenant_config', methods: ['POST'], need: always(A) },
  { path: '/ruler/rule_groups', methods: ['GET'], need: always('never') },
  { path: '/ruler/tenants', methods: ['GET'], need: always('never') },
  { path: '/ruler/tenant/{tenant}/rule_groups', methods: ['GET'], need: always('never') },
  { path: '/store-gateway/tenant/{tenant}/blocks', methods: ['GET'], need: always('never') },
  { path: '/compactor/ring', methods: ['GET', 'POST'], need: always('never') },
  { path: '/compactor/delete_tenant', methods: ['POST'], need: always(A) },
  { path: '/compactor/delete_tenant_status', methods: ['GET'], need: always(A) },
  { path: '/compactor/tenants', methods: ['GET'], need: always('never') },
  { path: '/api/v1/upload/block/{block}/start', methods: ['POST'], need: always('never') },
];

export const MIMIR_ROUTES: readonly MimirRoute[] = ROWS.map(({ path, methods, prefix }) => ({ path, methods, prefix }));

/** The permission reaching a route template with a method needs. */
export function needOf(route: string, method: string): Need {
  const row = ROWS.find((r) => r.path === route);
  if (!row) throw new Error(`unknown route ${route}`);
  return row.need(method);
}
