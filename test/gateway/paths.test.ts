// One path, one verdict: a matrix of request targets (dot segments in every spelling, encoded slashes, double
// slashes, `;` parameters, case, fragments, encoded letters, double encoding, backslashes, NULs, absolute form)
// against every route, with every method and caller, sent byte for byte to the real nginx running the synthesized
// configuration. Behind it, each component is a stub routing as Mimir's HTTP server does (gorilla/mux with
// UseEncodedPath, Mimir 3.0.2's registrations): whatever reaches a route must be one the caller may use with that
// method, judged by this test's own table written from Mimir's source.
import { GatewayPermission } from '../../src';
import { A, basic, bearer, cluster, describeIf, running, M, pemOf, R, W } from './_harness';
import { needOf } from './_mimir-routes';
import { basicHeader, RawReply } from './_nginx';

const BASES = [
  '/api/v1/push', '/otlp/v1/metrics', '/prometheus/api/v1/query', '/prometheus/api/v1/series', '/prometheus/api/v1/label/job/values',
  '/prometheus/api/v1/read', '/api/v1/analyze', '/api/v1/user_stats', '/api/v1/user_limits', '/prometheus/api/v1/rules',
  '/prometheus/config/v1/rules', '/prometheus/config/v1/rules/ns', '/prometheus/config/v1/rules/ns/g', '/alertmanager/api/v2/silences',
  '/api/v1/alerts', '/distributor/all_user_stats', '/ruler/ring', '/compactor/delete_tenant', '/multitenant_alertmanager/configs',
  '/ruler/rule_groups', '/runtime_config', '/config', '/ingester/flush', '/api/v1/upload/block/b1/start', '/ruler/tenant/t1/rule_groups',
];
/** Routes a traversal starts from: a READ route, a MANAGE prefix, a templated route. */
const PIVOTS = ['/prometheus/api/v1/rules', '/alertmanager/api/v2/alerts', '/prometheus/api/v1/label/x/values'];

const up = (from: string, dots: string, sep = '/') => from.split('/').slice(1).map(() => dots).join(sep);
const enc = (p: string) => p.replace(/\//g, '%2F');

/** Every spelling of a path, and of a traversal from each pivot to it. */
function spellings(p: string): string[] {
  const out = [p, `/${p}`, p.replace(/\/(?=[^/]*$)/, '//'), p.replace(/^\/([^/]+)/, '/$1/.'), `${p}/`, `${p}/.`, `${p};x=1`,
    p.toUpperCase(), p.replace(/[a-z]/, (c) => c.toUpperCase()), `${p}#frag`, p.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`),
    `${p}%00`, `https://mimir.example.com${p}`, p.replace(/\//g, '\\'), enc(p), `/${enc(p.slice(1))}`];
  for (const q of PIVOTS) {
    for (const dots of ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e']) out.push(`${q}/${up(q, dots)}${p}`);
    out.push(`${q}/${up(q, '..', '%2F')}%2F${p.slice(1)}`, `${q}/${up(q, '..%2f', '')}${enc(p.slice(1))}`, `${q};/${up(q, '..')}${p}`,
      `${q}#/${up(q, '..')}${p}`, `${q}\\${up(q, '..', '\\')}${p.replace(/\//g, '\\')}`, `${q}?x=/${up(q, '..')}${p}`);
  }
  return out;
}

interface Caller {
  readonly name: string;
  readonly permissions: ReadonlySet<GatewayPermission>;
  readonly headers?: [string, string][];
  readonly client?: { cert: string; key: string };
}

describeIf('the gateway and Mimir\'s router agree on every request target', () => {
  const c = cluster();
  const h = running(c);
  const auth = (u: [string, string]) => basicHeader(...u);
  const callers: Caller[] = [
    { name: 'nobody', permissions: new Set() },
    { name: 'reader (basic)', permissions: new Set([R]), headers: [auth(basic('ops'))] },
    { name: 'writer (token)', permissions: new Set([W]), headers: [bearer('prometheus-b')] },
    { name: 'manager (basic)', permissions: new Set([R, W, M]), headers: [auth(basic('bob'))] },
    { name: 'admin (certificate)', permissions: new Set([R, A]), client: pemOf(c.issued, 'mimir-gateway-client-ops-admin') },
  ];

  test('no request reaches a Mimir route (and method) its caller may not use', async () => {
    const targets = [...new Set([...BASES.flatMap(spellings), '/prometheus/config/v1/rules/..%2F..%2F..%2Fapi%2Fv1%2Frules'])];
    const jobs = callers.flatMap((caller) => ['GET', 'POST', 'PUT', 'DELETE'].flatMap((method) => targets.map((target) => ({ caller, method, target }))));
    const violations: string[] = [];
    const reached = new Map<string, number>();
    const statuses = new Map<number, number>();
    const check = (j: (typeof jobs)[number], reply: RawReply) => {
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      const route = reply.echo?.route;
      if (!route || route === '-') return;
      reached.set(j.caller.name, (reached.get(j.caller.name) ?? 0) + 1);
      const need = needOf(route, reply.echo!.method);
      if (need === 'never' || !j.caller.permissions.has(need)) violations.push(`${j.caller.name} ${j.method} ${j.target} reached ${reply.echo!.method} ${route} (${need})`);
      // nginx forwards an absolute-form target as its path, which is what it authorized.
      if (reply.echo!.url !== j.target.replace(/^https:\/\/[^/]+/, '')) violations.push(`${j.caller.name} ${j.method} ${j.target} reached Mimir as ${reply.echo!.url}`);
    };
    for (let i = 0; i < jobs.length; i += 16) {
      const batch = jobs.slice(i, i + 16);
      const replies = await Promise.all(batch.map((j) => h.raw({ method: j.method, target: j.target, headers: j.caller.headers, client: j.caller.client, body: j.method === 'GET' ? undefined : 'x' })));
      batch.forEach((j, n) => check(j, replies[n]));
    }
    expect(violations).toEqual([]);
    // The matrix is not vacuous: every caller with a permission got through with the plain spellings.
    for (const caller of callers.slice(1)) expect({ caller: caller.name, reached: (reached.get(caller.name) ?? 0) > 0 }).toEqual({ caller: caller.name, reached: true });
    expect(jobs.length).toBeGreaterThan(10000);
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 401, 403, 404, 405]));
  }, 300000);

  test('the request from the report: a READ identity cannot create a rule group through an encoded traversal', async () => {
    const r = await h.raw({ method: 'POST', target: '/prometheus/config/v1/rules/..%2F..%2F..%2Fapi%2Fv1%2Frules', headers: [auth(basic('ops'))], body: 'name: x' });
    expect(r.status).toBe(400);
    expect(r.echo).toBeUndefined();
  });

  test('targets nginx and Mimir read differently are refused with 400 before any identity is looked at', async () => {
    for (const target of ['/prometheus/api/v1/rules/../../../api/v1/alerts', '/api/v1/%2e%2e/v1/alerts', '/api/v1/pu%73h', '/api//v1/push',
      '/api/v1/push#x', '/api/v1/push%00', '/api\\v1\\push', '/prometheus/api/v1/label/a%2Fb/values']) {
      expect({ target, status: (await h.raw({ method: 'POST', target, body: 'x' })).status }).toEqual({ target, status: 400 });
    }
  });

  test('percent-encoded rule namespaces and groups reach the ruler unchanged (mimirtool escapes them)', async () => {
    const r = await h.raw({ method: 'DELETE', target: '/prometheus/config/v1/rules/team%20a/cpu%3Ahigh', headers: [auth(basic('bob'))] });
    if (!r.echo) throw new Error(`${r.status} ${r.body}\n${h.nginx.log.split('\n').slice(-3).join('\n')}`);
    expect(r.echo).toMatchObject({ route: '/prometheus/config/v1/rules/{namespace}/{groupName}', url: '/prometheus/config/v1/rules/team%20a/cpu%3Ahigh' });
  });
});
