// The gateway's synthesized nginx.conf in a real nginx (Debian's, unprivileged, with its JavaScript module), in
// front of mutual-TLS stubs of the components: authentication, tenant injection, header allow-list, methods,
// federation, routes, upstream TLS, rotation. The path matrix and the credential suites are beside this file.
import { Testing } from 'cdk8s';
import { MimirCluster, MimirVersion } from '../../src';
import { ResolvedGateway } from '../../src/core/gateway/plan';
import { basicHeader, layout, localConfig, nginxTest, RequestOptions, scratch, writeDigests, writeFile } from './_nginx';
import {
  basic, bearer, built, cluster, DIGESTS, describeIf, GATEWAY, JWKS, leaf, PASSWORDS, pemOf, rogueCa, running,
} from './_harness';
import { GatewayCredentials } from '../../src';

describeIf('the gateway in a real nginx', () => {
  const c = cluster();
  const client = (name: string) => pemOf(c.issued, `mimir-gateway-client-${name}`);
  const clientsCa = c.issued.certificates.get('mimir-gateway-clients-ca')!;
  const h = running(c);

  const PUSH = { method: 'POST', path: '/api/v1/push', body: 'x' };
  const QUERY = { path: '/prometheus/api/v1/query?query=up' };

  test('nginx -t accepts the configuration of both versions', () => {
    for (const version of [MimirVersion.V3_0_2, MimirVersion.V2_11_0]) {
      const v = cluster(version);
      const dir = scratch();
      const files = layout({ dir, server: pemOf(v.issued, v.gateway.serverCertificate.secretName), upstream: pemOf(v.issued, v.gateway.upstreamCertificate.secretName), clientsCa: pemOf(v.issued, v.gateway.clientsCa!.secretName).ca, basicDigests: {}, tokenDigests: {}, jwks: JWKS });
      const result = nginxTest(localConfig(v.gateway, files, 18443, new Map(v.gateway.upstreams.map((u, i) => [u.component, 19000 + i]))), dir);
      expect(result.output).toContain('test is successful');
    }
  });

  test('/ready answers without credentials; everything else needs an identity (401)', async () => {
    expect((await h.send({ path: '/ready' })).status).toBe(200);
    for (const r of [PUSH, QUERY, { path: '/prometheus/api/v1/rules' }, { path: '/alertmanager/api/v2/alerts' }]) {
      expect((await h.send(r)).status).toBe(401);
    }
  });

  test('basic auth: the right password reaches the distributor as the user\'s tenant; wrong passwords, users not in the definition and case variants get 401', async () => {
    const ok = await h.send({ ...PUSH, basic: basic('alice') });
    expect(ok.status).toBe(200);
    expect(ok.echo).toMatchObject({ component: 'distributor', orgIds: ['tenant-a'], peerCn: 'mimir-gateway', sni: 'mimir-distributor.mimir.svc.cluster.local' });
    expect((await h.send({ ...PUSH, basic: ['alice', 'wrong'] })).status).toBe(401);
    expect((await h.send({ ...PUSH, basic: ['alice', PASSWORDS.bob.password] })).status).toBe(401);
    // Digests in the Secret for users the definition does not list: 401, whatever the letter case.
    expect((await h.send({ ...PUSH, basic: basic('mallory') })).status).toBe(401);
    expect((await h.send({ ...PUSH, basic: basic('ALICE') })).status).toBe(401);
    expect((await h.send({ ...PUSH, basic: ['ALICE', PASSWORDS.alice.password] })).status).toBe(401);
    expect((await h.send({ ...PUSH, headers: [['Authorization', 'Basic not-base64!']] })).status).toBe(401);
    expect((await h.send({ ...PUSH, basic: basic('bob') })).echo?.orgIds).toEqual(['tenant-b']);
    // The scheme is case-insensitive (RFC 9110); the credentials are not.
    const lower = Buffer.from(`alice:${PASSWORDS.alice.password}`).toString('base64');
    expect((await h.send({ ...PUSH, headers: [['Authorization', `basic ${lower}`]] })).echo?.orgIds).toEqual(['tenant-a']);
  });

  test('a failed authentication answers 401 with the schemes it takes', async () => {
    const r = await h.raw({ method: 'GET', target: '/prometheus/api/v1/query' });
    expect(r.status).toBe(401);
    expect(r.headers).toMatch(/^WWW-Authenticate: Basic realm="Mimir"\r?$/im);
    expect(r.headers).toMatch(/^WWW-Authenticate: Bearer\r?$/im);
  });

  test('a caller\'s X-Scope-OrgID never reaches Mimir: spoofed, repeated, in other cases; Authorization and override headers are stripped', async () => {
    const r = await h.send({
      ...PUSH, basic: basic('alice'),
      headers: [['X-Scope-OrgID', 'victim'], ['X-Scope-OrgID', 'victim|other'], ['x-scope-orgid', 'victim2'], ['X-SCOPE-ORGID', 'victim3'], ['X_Scope_OrgID', 'victim4'],
        ['X-Mimir-SkipLabelNameValidation', 'true'], ['X-Mimir-SkipLabelCountValidation', 'true'], ['X-Mimir-Ruler-Override-Namespace-Protection', 'x'], ['X-Read-Consistency', 'strong']],
    });
    expect(r.status).toBe(200);
    expect(r.echo!.orgIds).toEqual(['tenant-a']);
    const names = r.echo!.raw.map(([k]) => k.toLowerCase());
    for (const h2 of ['authorization', 'x_scope_orgid', 'x-mimir-skiplabelnamevalidation', 'x-mimir-skiplabelcountvalidation', 'x-mimir-ruler-override-namespace-protection', 'x-read-consistency']) {
      expect(names).not.toContain(h2);
    }
  });

  test('client certificates of the clients CA map to their tenant; rogue CA, wrong usage and expired certificates get 400', async () => {
    const ok = await h.send({ ...PUSH, client: client('prometheus-a'), headers: [['X-Scope-OrgID', 'victim']] });
    expect(ok.status).toBe(200);
    expect(ok.echo!.orgIds).toEqual(['tenant-a']);
    expect((await h.send({ ...PUSH, client: leaf('prometheus-a', rogueCa) })).status).toBe(400);
    expect((await h.send({ ...PUSH, client: leaf('prometheus-a', clientsCa, { usages: ['digital signature', 'server auth'] }) })).status).toBe(400);
    expect((await h.send({ ...PUSH, client: leaf('prometheus-a', clientsCa, { expired: true }) })).status).toBe(400);
    // Verified, but a name the gateway does not know.
    expect((await h.send({ ...PUSH, client: leaf('stranger', clientsCa) })).status).toBe(401);
  });

  test('federation: federated identities read across their tenants and cannot write; a single-tenant identity\'s list is ignored', async () => {
    const fed = await h.send({ ...QUERY, client: client('reader-ab') });
    expect(fed.echo).toMatchObject({ component: 'query-frontend', orgIds: ['tenant-a|tenant-b'] });
    expect((await h.send({ ...PUSH, client: client('reader-ab') })).status).toBe(403);
    const ops = await h.send({ ...QUERY, basic: basic('ops') });
    expect(ops.echo!.orgIds).toEqual(['tenant-a|tenant-b']);
    // An authenticated user without the permission: 403 (it proved its password; nothing leaks).
    expect((await h.send({ ...PUSH, basic: basic('ops') })).status).toBe(403);
    const single = await h.send({ ...QUERY, basic: basic('alice'), headers: [['X-Scope-OrgID', 'tenant-a|tenant-b']] });
    expect(single.echo!.orgIds).toEqual(['tenant-a']);
  });

  test('trusted proxies pass a valid tenant through, lists only when allowed, and only tenants they may name', async () => {
    const grafana = client('grafana');
    const list = await h.send({ ...QUERY, client: grafana, headers: [['X-Scope-OrgID', 'tenant-a|tenant-b']] });
    expect(list.echo!.orgIds).toEqual(['tenant-a|tenant-b']);
    for (const bad of ['../etc', 'a b', '..', '__mimir_cluster', 'x'.repeat(151)]) {
      expect((await h.send({ ...QUERY, client: grafana, headers: [['X-Scope-OrgID', bad]] })).status).toBe(403);
    }
    expect((await h.send({ ...QUERY, client: grafana })).status).toBe(403);
    // READ only: no push, even for one tenant.
    expect((await h.send({ ...PUSH, client: grafana, headers: [['X-Scope-OrgID', 'tenant-a']] })).status).toBe(403);
    const team = client('grafana-team-c');
    expect((await h.send({ ...PUSH, client: team, headers: [['X-Scope-OrgID', 'tenant-c']] })).echo!.orgIds).toEqual(['tenant-c']);
    expect((await h.send({ ...QUERY, client: team, headers: [['X-Scope-OrgID', 'tenant-a']] })).status).toBe(403);
    expect((await h.send({ ...QUERY, client: team, headers: [['X-Scope-OrgID', 'tenant-c|tenant-c']] })).status).toBe(403);
  });

  test('each tenant route reaches its component under the Service name; rule and Alertmanager changes need MANAGE', async () => {
    const bob = basic('bob');
    const alice = basic('alice');
    const routes: [RequestOptions, string][] = [
      [{ method: 'POST', path: '/otlp/v1/metrics', body: 'x' }, 'distributor'],
      [{ path: '/prometheus/api/v1/query_range?query=up' }, 'query-frontend'],
      [{ path: '/prometheus/api/v1/label/job/values' }, 'query-frontend'],
      [{ path: '/prometheus/api/v1/cardinality/label_names' }, 'query-frontend'],
      [{ method: 'POST', path: '/prometheus/api/v1/read', body: 'x' }, 'query-frontend'],
      [{ method: 'POST', path: '/api/v1/analyze', body: 'x' }, 'query-frontend'],
      [{ path: '/api/v1/user_limits' }, 'distributor'],
      [{ path: '/api/v1/user_stats' }, 'querier'],
      [{ path: '/prometheus/api/v1/rules' }, 'ruler'],
      [{ path: '/prometheus/api/v1/alerts' }, 'ruler'],
      [{ path: '/prometheus/config/v1/rules' }, 'ruler'],
      [{ path: '/prometheus/config/v1/rules/ns%201/group%2Bx' }, 'ruler'],
      [{ path: '/alertmanager/api/v2/silences' }, 'alertmanager'],
      [{ path: '/api/v1/alerts' }, 'alertmanager'],
    ];
    for (const [r, component] of routes) {
      const reply = await h.send({ ...r, basic: bob });
      expect({ path: r.path, status: reply.status, component: reply.echo?.component, sni: reply.echo?.sni })
        .toEqual({ path: r.path, status: 200, component, sni: `mimir-${component}.mimir.svc.cluster.local` });
    }
    for (const change of [{ method: 'POST', path: '/prometheus/config/v1/rules/ns', body: 'x' }, { method: 'DELETE', path: '/prometheus/config/v1/rules/ns' },
      { method: 'POST', path: '/api/v1/alerts', body: 'x' }, { method: 'POST', path: '/alertmanager/api/v2/silences', body: 'x' }]) {
      expect((await h.send({ ...change, basic: bob })).echo!.orgIds).toEqual(['tenant-b']);
      expect((await h.send({ ...change, basic: alice })).status).toBe(403);
      expect((await h.send({ ...change, client: client('prometheus-a') })).status).toBe(403);
    }
  });

  test('the Alertmanager configuration (receiver credentials) needs MANAGE to read too', async () => {
    expect((await h.send({ path: '/api/v1/alerts', basic: basic('alice') })).status).toBe(403);
    expect((await h.send({ path: '/api/v1/alerts', basic: basic('ops') })).status).toBe(403);
    expect((await h.send({ path: '/api/v1/alerts', basic: basic('bob') })).echo).toMatchObject({ component: 'alertmanager', route: '/api/v1/alerts', orgIds: ['tenant-b'] });
    // Alerts and silences stay readable with READ (Alertmanager masks secrets in its status).
    expect((await h.send({ path: '/alertmanager/api/v2/alerts', basic: basic('alice') })).echo?.route).toBe('/alertmanager');
  });

  test('only the methods Mimir registers for a route pass (405); refusals for a missing identity come first', async () => {
    const cases: [string, string, [string, string] | undefined, number][] = [
      ['DELETE', '/prometheus/api/v1/series', basic('bob'), 405],
      ['PUT', '/api/v1/push', basic('alice'), 405],
      ['GET', '/api/v1/push', basic('alice'), 405],
      ['HEAD', '/prometheus/api/v1/query', basic('alice'), 405],
      ['POST', '/prometheus/api/v1/label/job/values', basic('alice'), 405],
      ['PATCH', '/prometheus/config/v1/rules/ns', basic('bob'), 405],
      ['POST', '/prometheus/config/v1/rules/ns/group', basic('bob'), 405],
      ['OPTIONS', '/alertmanager/api/v2/alerts', basic('bob'), 405],
      ['PUT', '/api/v1/push', undefined, 401],
      ['DELETE', '/prometheus/api/v1/series', basic('ops'), 405],
    ];
    for (const [method, path, creds, status] of cases) {
      const reply = await h.send({ method, path, basic: creds });
      expect({ method, path, status: reply.status }).toEqual({ method, path, status });
    }
    expect((await h.send({ method: 'DELETE', path: '/prometheus/config/v1/rules/ns/group', basic: basic('bob') })).echo?.route).toBe('/prometheus/config/v1/rules/{namespace}/{groupName}');
  });

  test('headers: only the ones a route needs reach Mimir; every request-control header Mimir reads is dropped', async () => {
    // Read in Mimir 3.0.2's source (pkg/, dskit): headers a caller could use to change what Mimir does, and 3.2's
    // X-Prom-Label-Policy; plus credentials, tracing and proxy headers the gateway does not pass.
    const control = ['X-Mimir-SkipLabelNameValidation', 'X-Mimir-SkipLabelCountValidation', 'X-Mimir-Ruler-Override-Namespace-Protection',
      'X-Mimir-Ruler-Protected-Namespaces', 'X-Read-Consistency', 'X-Read-Consistency-Offsets', 'X-Read-Consistency-Max-Delay',
      'X-Filter-Queryables', 'X-Mimir-Chunk-Info-Logger', 'X-Mimir-Force-Prometheus-Engine', 'X-Mimir-Stream-Grpc-Response',
      'X-Mimir-Response-Query-Stats', 'Sharding-Control', 'Instant-Split-Control', 'Cache-Control', 'X-Cluster', 'X-Scope-UserID',
      'Forwarded', 'X-Real-IP', 'Uber-Trace-Id', 'Jaeger-Debug-Id', 'Traceparent', 'Tracestate', 'Baggage', 'X-Grafana-Id',
      'X-Dashboard-Uid', 'X-Panel-Id', 'X-Prom-Label-Policy', 'Cookie', 'X-Csrf-Token', 'X-Webauth-User', 'X-HTTP-Method-Override'];
    const sent: [string, string][] = [...control.map((n) => [n, 'attack'] as [string, string]), ['X-Forwarded-For', '6.6.6.6'],
      ['Content-Type', 'application/x-protobuf'], ['Content-Encoding', 'snappy'], ['X-Prometheus-Remote-Write-Version', '0.1.0'], ['User-Agent', 'prometheus/3']];
    const routes: [string, string[]][] = [
      ['/api/v1/push', ['content-type', 'content-encoding', 'x-prometheus-remote-write-version', 'user-agent']],
      ['/prometheus/api/v1/query_range', ['content-type', 'user-agent']],
    ];
    for (const [path, allowed] of routes) {
      const r = await h.send({ method: 'POST', path, body: 'x', basic: basic('bob'), headers: sent });
      expect(r.status).toBe(200);
      const got = r.echo!.raw.map(([k, v]) => [k.toLowerCase(), v]);
      const names = got.map(([k]) => k);
      for (const n of control) expect({ path, header: n, passed: names.includes(n.toLowerCase()) }).toEqual({ path, header: n, passed: false });
      // Exactly: the route's allowed headers the caller sent, and the gateway's own.
      expect([...new Set(names)].sort()).toEqual([...allowed, 'x-scope-orgid', 'x-forwarded-for', 'x-forwarded-proto', 'content-length'].sort());
      expect(got.filter(([k]) => k === 'x-scope-orgid')).toEqual([['x-scope-orgid', 'tenant-b']]);
      expect(got.find(([k]) => k === 'x-forwarded-for')?.[1]).toBe('127.0.0.1');
      expect(r.echo!.body).toBe(1);
    }
  });

  test('request bodies have a limit per route, and stream to Mimir without a temporary file', async () => {
    expect((await h.send({ method: 'POST', path: '/prometheus/api/v1/query', body: 'x'.repeat(17 * 1024 * 1024), basic: basic('alice') })).status).toBe(413);
    expect((await h.raw({ method: 'GET', target: '/api/v1/user_limits', body: 'x'.repeat(70 * 1024), headers: [basicHeader('alice', PASSWORDS.alice.password)] })).status).toBe(413);
    const push = await h.send({ method: 'POST', path: '/api/v1/push', body: 'y'.repeat(8 * 1024 * 1024), basic: basic('alice') });
    expect(push.echo?.body).toBe(8 * 1024 * 1024);
    expect(h.nginx.log).not.toMatch(/buffered to a temporary file/);
  });


  test('admin paths only for ADMIN identities; cross-tenant and internal paths are never routed (404)', async () => {
    expect((await h.send({ path: '/distributor/all_user_stats', client: client('ops-admin') })).echo?.component).toBe('distributor');
    expect((await h.send({ path: '/ruler/ring', client: client('ops-admin') })).echo?.component).toBe('ruler');
    expect((await h.send({ path: '/distributor/all_user_stats', client: client('prometheus-a') })).status).toBe(403);
    for (const p of ['/multitenant_alertmanager/configs', '/multitenant_alertmanager/status', '/ruler/rule_groups', '/runtime_config', '/config',
      '/api/v1/status/config', '/debug/pprof/', '/metrics', '/memberlist', '/ingester/flush', '/compactor/ring', '/']) {
      expect({ p, status: (await h.send({ path: p, client: client('ops-admin') })).status }).toEqual({ p, status: 404 });
    }
    // Dot segments in any spelling never reach a location (the path matrix covers every encoding).
    for (const p of ['/prometheus/api/v1/query/../../../multitenant_alertmanager/configs', '/prometheus/api/v1/%2e%2e/%2e%2e/multitenant_alertmanager/configs']) {
      expect({ p, status: (await h.send({ path: p, client: client('ops-admin') })).status }).toEqual({ p, status: 400 });
    }
  });

  test('renewed certificates, passwords and tokens take effect without a reload', async () => {
    const before = await h.send({ ...PUSH, basic: basic('alice') });
    const gatewayIssuer = c.issued.certificates.get('mimir-ca')!;
    const server = leaf('', gatewayIssuer, { usages: ['digital signature', 'server auth'], dnsNames: [GATEWAY] });
    writeFile(h.files.serverCert, server.cert);
    writeFile(h.files.serverKey, server.key);
    const upstream = leaf('mimir-gateway-renewed', gatewayIssuer);
    writeFile(h.files.upstreamCert, upstream.cert);
    writeFile(h.files.upstreamKey, upstream.key);
    const alice = GatewayCredentials.basicAuth('alice');
    const prometheus = GatewayCredentials.token('prometheus-b');
    const { [PASSWORDS.alice.digest]: _old, ...others } = DIGESTS.basic;
    writeDigests(h.files.basicDigests!, { ...others, [alice.digest]: 'alice' });
    writeDigests(h.files.tokenDigests!, { [prometheus.digest]: 'prometheus-b' });
    // Pooled upstream connections keep the certificate they were opened with; a new one uses the renewed file.
    for (const s of h.stubs) await s.dropConnections();
    const after = await h.send({ ...PUSH, basic: [alice.username, alice.password] });
    expect(after.status).toBe(200);
    expect(after.serverSerial).not.toEqual(before.serverSerial);
    expect(after.echo!.peerCn).toBe('mimir-gateway-renewed');
    expect((await h.send({ ...PUSH, headers: [['Authorization', `Bearer ${prometheus.token}`]] })).echo?.orgIds).toEqual(['tenant-b']);
    // A credential that was never used since its revocation is refused at once (revocation of remembered ones:
    // credentials.test.ts).
    expect((await h.send({ ...PUSH, headers: [bearer('prometheus-b')] })).status).toBe(401);
    expect(h.nginx.log).not.toMatch(/reconfiguring|signal process started/);
  });
});

describeIf('the gateway refuses upstreams it cannot verify (502)', () => {
  const c = cluster();
  const h = running(c, {
    stubSpec: (component) => {
      const own = pemOf(c.issued, `mimir-${component}-tls`);
      if (component === 'distributor') return { pem: pemOf(c.issued, 'mimir-querier-tls') };               // another component's name
      if (component === 'query-frontend') return { pem: own, plaintext: true };                              // plain HTTP
      if (component === 'ruler') return { pem: { ...leaf('', rogueCa, { usages: ['digital signature', 'server auth'], dnsNames: ['mimir-ruler.mimir.svc.cluster.local'] }), ca: '' } }; // another CA
      return { pem: own, clientCa: rogueCa.certPem };                                                          // does not trust the gateway's certificate
    },
  });

  test.each([
    ['wrong name', { method: 'POST', path: '/api/v1/push', body: 'x' }, /upstream SSL certificate does not match/],
    ['plaintext', { path: '/prometheus/api/v1/query' }, /SSL_do_handshake\(\) failed|wrong version number|Connection reset/],
    ['untrusted CA', { path: '/prometheus/api/v1/rules' }, /upstream SSL certificate verify error/],
    ['client certificate refused', { path: '/alertmanager/api/v2/alerts' }, /SSL alert|SSL_do_handshake|Connection reset|closed/],
  ])('%s', async (_name, r, logLine) => {
    const reply = await h.send({ ...(r as RequestOptions), basic: basic('bob') });
    expect(reply.status).toBe(502);
    await new Promise((res) => setTimeout(res, 100));
    expect(h.nginx.log).toMatch(logLine);
  });
});

describeIf('the cluster\'s TLS policy holds on the gateway too', () => {
  const c = cluster(MimirVersion.V3_0_2, { tls: { minVersion: 'VersionTLS13' } });
  const h = running(c);

  test('TLS 1.3 only: a TLS 1.2 caller is refused, upstreams (TLS 1.3 servers) are reached', async () => {
    expect(c.gateway.config).toContain('ssl_protocols TLSv1.3;');
    await expect(h.send({ path: '/ready', maxVersion: 'TLSv1.2' })).rejects.toThrow(/protocol version|alert|handshake/i);
    const ok = await h.send({ method: 'POST', path: '/api/v1/push', body: 'x', basic: basic('alice') });
    expect(ok.echo).toMatchObject({ component: 'distributor', orgIds: ['tenant-a'] });
  });
});

describeIf('HTTP cluster validation: the gateway labels every request it forwards', () => {
  const c = cluster(MimirVersion.V3_0_2, { clusterValidation: { http: true } });
  const h = running(c);

  test('X-Cluster carries the cluster\'s label, whatever the caller sent', async () => {
    for (const path of ['/api/v1/push', '/prometheus/api/v1/query_range']) {
      const r = await h.send({ method: 'POST', path, body: 'x', basic: basic('bob'), headers: [['X-Cluster', 'other.cluster'], ['x-cluster', 'x']] });
      expect(r.status).toBe(200);
      expect(r.echo!.raw.filter(([k]) => k.toLowerCase() === 'x-cluster')).toEqual([['X-Cluster', 'mimir.mimir']]);
    }
  });
});

describeIf('a component whose HTTP server is plaintext (an acknowledged weaker choice)', () => {
  const c = cluster(MimirVersion.V3_0_2, { tls: { acknowledgeWeakerSecurity: true }, components: { distributor: { tls: { httpTls: false } } } });
  const h = running(c);

  test('is reached over http, the others still over mutual TLS', async () => {
    expect(c.gateway.config).toContain('proxy_pass http://mimir_distributor;');
    const push = await h.send({ method: 'POST', path: '/api/v1/push', body: 'x', basic: basic('alice') });
    expect(push.echo).toMatchObject({ component: 'distributor', orgIds: ['tenant-a'], sni: '' });
    const query = await h.send({ path: '/prometheus/api/v1/query', basic: basic('alice') });
    expect(query.echo).toMatchObject({ component: 'query-frontend', peerCn: 'mimir-gateway' });
  });
});

describeIf('examples/main: the example cluster\'s gateway', () => {
  const { ProductionMimirChart } = require('../../examples/main');
  const c = built(new ProductionMimirChart(Testing.app(), 'mimir').mimir);
  const client = (name: string) => pemOf(c.issued, `mimir-gateway-client-${name}`);
  const users = { 'team-a': GatewayCredentials.basicAuth('team-a'), 'sre': GatewayCredentials.basicAuth('sre') };
  const alloy = GatewayCredentials.token('alloy-team-b');
  const user = (u: keyof typeof users): [string, string] => [u, users[u].password];
  const h = running(c, {
    serverName: 'mimir-gateway.observability.svc.cluster.local',
    files: { basicDigests: Object.fromEntries(Object.values(users).map((u) => [u.digest, u.username])), tokenDigests: { [alloy.digest]: alloy.name } },
  });
  const PUSH = { method: 'POST', path: '/api/v1/push', body: 'x' };

  test('refuses unauthenticated requests', async () => {
    for (const r of [PUSH, { path: '/prometheus/api/v1/query' }, { path: '/alertmanager/api/v2/status' }]) expect((await h.send(r)).status).toBe(401);
  });

  test('a writer writes to its own tenant whatever it claims, and cannot read', async () => {
    const w = await h.send({ ...PUSH, client: client('prometheus-team-a'), headers: [['X-Scope-OrgID', 'team-b']] });
    expect(w.echo).toMatchObject({ component: 'distributor', orgIds: ['team-a'], sni: 'mimir-distributor.observability.svc.cluster.local' });
    expect((await h.send({ path: '/prometheus/api/v1/query', client: client('prometheus-team-a') })).status).toBe(403);
  });

  test('Alloy writes team-b with its bearer token, and nothing else', async () => {
    const bearer: [string, string] = ['Authorization', `Bearer ${alloy.token}`];
    expect((await h.send({ ...PUSH, headers: [bearer, ['X-Scope-OrgID', 'team-a']] })).echo).toMatchObject({ component: 'distributor', orgIds: ['team-b'] });
    expect((await h.send({ path: '/prometheus/api/v1/query', headers: [bearer] })).status).toBe(403);
  });

  test('cross-tenant reads: only the federated identity, only reads; Grafana only for its allowed tenants', async () => {
    expect((await h.send({ path: '/prometheus/api/v1/query', basic: user('team-a'), headers: [['X-Scope-OrgID', 'team-a|team-b']] })).echo!.orgIds).toEqual(['team-a']);
    expect((await h.send({ path: '/prometheus/api/v1/query', basic: user('sre') })).echo!.orgIds).toEqual(['team-a|team-b']);
    expect((await h.send({ ...PUSH, basic: user('sre') })).status).toBe(403);
    expect((await h.send({ path: '/prometheus/api/v1/query', client: client('grafana'), headers: [['X-Scope-OrgID', 'team-b']] })).echo!.orgIds).toEqual(['team-b']);
    expect((await h.send({ path: '/prometheus/api/v1/query', client: client('grafana'), headers: [['X-Scope-OrgID', 'team-c']] })).status).toBe(403);
    expect((await h.send({ path: '/prometheus/api/v1/query', client: client('grafana'), headers: [['X-Scope-OrgID', 'team-a|team-b']] })).status).toBe(403);
  });
});

describeIf('nginx -t over every test definition', () => {
  const { DEFINITION_CASES, GOLDEN_ONLY_CASES } = require('../_definitions');
  const gateways: [string, ResolvedGateway][] = [...DEFINITION_CASES, ...GOLDEN_ONLY_CASES].flatMap((d: any) => {
    const chart = d.make();
    return chart.node.findAll().filter((x: any) => x instanceof MimirCluster && x._model.gateway).map((m: any) => [d.name, m._model.gateway] as [string, ResolvedGateway]);
  });
  // Certificates are read per handshake; only the CA files are loaded by nginx -t: any valid ones do.
  const pems = cluster().issued;
  const pem = (secret: string) => pemOf(pems, secret);

  test('every gateway of the shared definitions and examples passes nginx -t with its script', () => {
    expect(gateways.length).toBeGreaterThan(5);
    for (const [name, g] of gateways) {
      const dir = scratch();
      const files = layout({
        dir, server: pem('mimir-gateway-server-tls'), upstream: pem('mimir-gateway-upstream-tls'),
        clientsCa: g.clientsCa ? pem('mimir-gateway-clients-ca').ca : undefined, basicDigests: {}, tokenDigests: {}, jwks: JWKS,
      });
      const result = nginxTest(localConfig(g, files, 18443, new Map(g.upstreams.map((u, i) => [u.component, 19000 + i]))), dir);
      expect({ name, output: result.output }).toEqual({ name, output: expect.stringContaining('test is successful') });
    }
  });
});

describe('the rendered nginx.conf (static lint against the two nginx traps)', () => {
  const c = cluster();
  const locations = [...c.gateway.config.matchAll(/^ {4}location ([^{]+)\{\n([\s\S]*?)^ {4}\}/gm)];

  test('every proxied location carries the whole header block itself and sets X-Scope-OrgID once', () => {
    const proxied = locations.filter((m) => m[2].includes('proxy_pass https://'));
    expect(proxied.length).toBe(c.gateway.routes.length);
    for (const [, , body] of proxied) {
      expect(body.match(/proxy_set_header X-Scope-OrgID /g)).toHaveLength(1);
      for (const h2 of ['Host ', 'Connection ""', 'X-Forwarded-For $remote_addr']) expect(body).toContain(`proxy_set_header ${h2}`);
      expect(body).toMatch(/if \(\$request_method !~ \^\(\?:[A-Z|]+\)\$\) \{ return 405; \}/);
    }
    // Every route's location checks that Mimir's router reads the raw target as the same route, asks the
    // credential check, then continues where the identity is known.
    const entries = locations.filter((m) => m[2].includes('auth_request /_gw_credential;'));
    expect(entries.length).toBe(c.gateway.routes.length);
    for (const [, , body] of entries) expect(body).toMatch(/if \(\$gw_route != "[^"]+"\) \{ return 400; \}[\s\S]*try_files \/nonexistent @gw_\w+;/);
    // The credential check forwards only the Authorization header, to the loopback checker.
    const check = locations.find((m) => m[1].trim() === '= /_gw_credential')!;
    expect(check[2]).toContain('internal;');
    expect(check[2].match(/proxy_set_header /g)).toHaveLength(4);
    // The caller's headers are dropped unless a location copies them.
    expect(c.gateway.config).toContain('proxy_pass_request_headers off;');
    expect(c.gateway.config).not.toMatch(/proxy_pass_request_headers on/);
  });

  test('no proxy_set_header outside locations (it would be inherited by none of them)', () => {
    const outside = c.gateway.config.replace(/^ {4}location [^{]+\{\n[\s\S]*?^ {4}\}/gm, '');
    expect(outside).not.toContain('proxy_set_header');
  });

  test('without an identity, no request maps to a tenant; the maps name only the definition\'s identities', () => {
    expect(c.gateway.config).not.toMatch(/anonymous/);
    // Subjects are matched by anchored regular expressions: exactly, case included (nginx's string keys ignore case).
    const dnKeys = [...c.gateway.config.matchAll(/"~\^CN=([^"$]+)\$" "([cp]):/g)].map((m) => m[1].replace(/\\/g, '')).sort();
    expect(dnKeys).toEqual(['grafana', 'grafana-team-c', 'ops-admin', 'prometheus-a', 'reader-ab']);
  });

  test('2.11 has no /api/v1/analyze route; 3.0 does', () => {
    expect(cluster(MimirVersion.V2_11_0).gateway.routes.map((r) => r.location)).not.toContain('= /api/v1/analyze');
    expect(c.gateway.routes.map((r) => r.location)).toContain('= /api/v1/analyze');
  });

  test('the pod template carries the config checksum, so a changed mapping rolls the pods', () => {
    const d = c.manifests.find((m: any) => m.kind === 'Deployment' && m.metadata.name === 'mimir-gateway');
    expect(d.spec.template.metadata.annotations['cdk8s-mimir.io/config-checksum']).toBe(c.gateway.configChecksum);
  });
});
