// The gateway's synthesized nginx.conf in a real nginx (Debian's, unprivileged), in front of mutual-TLS stubs of
// the components: authentication, tenant injection, header hygiene, federation, routes, upstream TLS, rotation.
import { hashSync } from 'bcryptjs';
import { Testing } from 'cdk8s';
import { GatewayPermission, MimirCluster, MimirVersion } from '../../src';
import { ResolvedGateway } from '../../src/core/gateway/plan';
import { IssuedCertificate, issueCertificate, issueFromManifests } from '../../src/issuer/local-issuer';
import { BASE } from '../_helpers';
import {
  freePort, layout, localConfig, NGINX, nginxTest, Pem, Reply, request, RequestOptions, RunningNginx, scratch, Stub, StubServer, writeFile,
} from './_nginx';
import { haveGo } from '../tls/_go';

if (!NGINX && process.env.CI) throw new Error('nginx is required in CI (.ci/run installs Debian\'s nginx)');
if (!haveGo() && process.env.CI) throw new Error('Go is required in CI (.ci/run installs Debian\'s golang-go): the upstream stubs are Go servers');
const describeIf = NGINX && haveGo() ? describe : describe.skip;

const GATEWAY = 'mimir-gateway.mimir.svc.cluster.local';
const R = GatewayPermission.READ;
const W = GatewayPermission.WRITE;

function cluster(version = MimirVersion.V3_0_2, extra: any = {}) {
  const chart = Testing.chart();
  const mimir = new MimirCluster(chart, 'Mimir', {
    ...BASE, version, ...extra,
    gateway: {
      authentication: {
        clientCertificates: [
          { name: 'prometheus-a', tenant: 'tenant-a' },
          { name: 'reader-ab', tenant: 'tenant-a', federatedReadTenants: ['tenant-a', 'tenant-b'], permissions: [R] },
          { name: 'ops-admin', tenant: 'tenant-a', permissions: [R, GatewayPermission.ADMIN] },
        ],
        basicAuth: {
          secretName: 'gateway-users',
          users: [
            { username: 'alice', tenant: 'tenant-a' },
            { username: 'bob@example.com', tenant: 'tenant-b', permissions: [R, W, GatewayPermission.MANAGE] },
            { username: 'ops', tenant: 'tenant-a', federatedReadTenants: ['tenant-a', 'tenant-b'], permissions: [R] },
          ],
        },
        trustedProxies: [
          { name: 'grafana', allowFederation: true },
          { name: 'grafana-team-c', allowedTenants: ['tenant-c'], permissions: [R, W] },
        ],
      },
    },
  });
  return built(mimir);
}

function built(mimir: MimirCluster) {
  const manifests = Testing.synth(mimir.node.scope as any);
  return { mimir, manifests, gateway: mimir._model.gateway!, issued: issueFromManifests(manifests) };
}

const pemOf = (issued: ReturnType<typeof cluster>['issued'], secret: string): Pem => {
  const s = issued.secrets.get(secret);
  if (!s) throw new Error(`no secret ${secret}`);
  return { cert: s['tls.crt'], key: s['tls.key'], ca: s['ca.crt'] };
};

function leaf(commonName: string, signer: IssuedCertificate | undefined, o: { usages?: string[]; expired?: boolean; dnsNames?: string[] } = {}): { cert: string; key: string } {
  const now = Date.now();
  const c = issueCertificate({
    commonName, dnsNames: o.dnsNames ?? [], isCA: false, usages: o.usages ?? ['digital signature', 'client auth'], algorithm: 'ECDSA', size: 256,
    notBefore: new Date(now - (o.expired ? 2 : 0) * 86400e3 - 60e3), notAfter: new Date(now + (o.expired ? -1 : 30) * 86400e3),
  }, signer);
  return { cert: c.certPem, key: c.keyPem };
}

const rogueCa = issueCertificate({ commonName: 'rogue', dnsNames: [], isCA: true, usages: ['cert sign', 'digital signature'], algorithm: 'ECDSA', size: 256, notBefore: new Date(Date.now() - 60e3), notAfter: new Date(Date.now() + 86400e3) });

interface Harness {
  readonly port: number;
  readonly ca: string;
  readonly nginx: RunningNginx;
  readonly stubs: Stub[];
  readonly dir: string;
  readonly files: ReturnType<typeof layout>;
  send(o: RequestOptions): Promise<Reply>;
  stop(): Promise<void>;
}

type StubSpec = (component: string) => { pem: Pem; plaintext?: boolean; clientCa?: string };

/** A component's HTTP server as its synthesized flags configure it (client auth, minimum version, suites). */
function serverOf(c: ReturnType<typeof cluster>, component: string, pem: Pem, clientCa: string, plaintext?: boolean): StubServer {
  const flags = new Map(c.mimir._model.components.find((x) => x.id === component)!.flags.map((f) => [f.name, f.value]));
  if (plaintext || !flags.has('server.http-tls-cert-path')) return {};
  return {
    cert: pem.cert, key: pem.key, clientCa, clientAuth: flags.get('server.http-tls-client-auth'),
    minVersion: flags.get('server.tls-min-version'), cipherSuites: flags.get('server.tls-cipher-suites')?.split(','),
  };
}

async function start(c: ReturnType<typeof cluster>, htpasswd: string, stubSpec?: StubSpec, serverName = GATEWAY): Promise<Harness> {
  const g: ResolvedGateway = c.gateway;
  const dir = scratch();
  const clusterCa = pemOf(c.issued, g.upstreamCertificate.secretName).ca;
  const stubs = g.upstreams.map((u) => {
    const spec = stubSpec?.(u.component) ?? { pem: pemOf(c.issued, `${c.mimir._model.name}-${u.component}-tls`) };
    return new Stub(u.component, serverOf(c, u.component, spec.pem, spec.clientCa ?? clusterCa, spec.plaintext));
  });
  const ports = new Map<string, number>();
  for (const s of stubs) ports.set(s.component, await s.listen());
  const files = layout({
    dir, server: pemOf(c.issued, g.serverCertificate.secretName), upstream: pemOf(c.issued, g.upstreamCertificate.secretName),
    clientsCa: pemOf(c.issued, g.clientsCa!.secretName).ca, htpasswd,
  });
  const port = await freePort();
  const nginx = await RunningNginx.start(localConfig(g, files, port, ports), dir, port);
  const ca = pemOf(c.issued, g.serverCertificate.secretName).ca;
  return {
    port, ca, nginx, stubs, dir, files,
    send: (o) => request(port, ca, serverName, o),
    stop: async () => { nginx.stop(); await Promise.all(stubs.map((s) => s.close())); },
  };
}

const htpasswdOf = (users: [string, string][]) => users.map(([u, p]) => `${u}:${hashSync(p, 5)}`).join('\n') + '\n';
const USERS: [string, string][] = [['alice', 'alice-pw'], ['bob@example.com', 'bob-pw'], ['ops', 'ops-pw'], ['mallory', 'mallory-pw']];

describeIf('the gateway in a real nginx', () => {
  const c = cluster();
  const client = (name: string) => pemOf(c.issued, `mimir-gateway-client-${name}`);
  const clientsCa = c.issued.certificates.get('mimir-gateway-clients-ca')!;
  let h: Harness;
  beforeAll(async () => { h = await start(c, htpasswdOf(USERS)); }, 30000);
  afterAll(async () => h && h.stop());

  const PUSH = { method: 'POST', path: '/api/v1/push', body: 'x' };
  const QUERY = { path: '/prometheus/api/v1/query?query=up' };

  test('nginx -t accepts the configuration of both versions', () => {
    for (const version of [MimirVersion.V3_0_2, MimirVersion.V2_11_0]) {
      const v = cluster(version);
      const dir = scratch();
      const files = layout({ dir, server: pemOf(v.issued, v.gateway.serverCertificate.secretName), upstream: pemOf(v.issued, v.gateway.upstreamCertificate.secretName), clientsCa: pemOf(v.issued, v.gateway.clientsCa!.secretName).ca, htpasswd: '' });
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

  test('basic auth: right password reaches the distributor as the user\'s tenant; wrong password and unknown users get 401', async () => {
    const ok = await h.send({ ...PUSH, basic: ['alice', 'alice-pw'] });
    expect(ok.status).toBe(200);
    expect(ok.echo).toMatchObject({ component: 'distributor', orgIds: ['tenant-a'], peerCn: 'mimir-gateway', sni: 'mimir-distributor.mimir.svc.cluster.local' });
    expect((await h.send({ ...PUSH, basic: ['alice', 'wrong'] })).status).toBe(401);
    // In the htpasswd file but not mapped to a tenant.
    expect((await h.send({ ...PUSH, basic: ['mallory', 'mallory-pw'] })).status).toBe(401);
    const bob = await h.send({ ...PUSH, basic: ['bob@example.com', 'bob-pw'] });
    expect(bob.echo?.orgIds).toEqual(['tenant-b']);
  });

  test('a caller\'s X-Scope-OrgID never reaches Mimir: spoofed, repeated, in other cases; Authorization and override headers are stripped', async () => {
    const r = await h.send({
      ...PUSH, basic: ['alice', 'alice-pw'],
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
    const ops = await h.send({ ...QUERY, basic: ['ops', 'ops-pw'] });
    expect(ops.echo!.orgIds).toEqual(['tenant-a|tenant-b']);
    // A basic-auth user without the permission gets 401, like a wrong password: names do not leak.
    expect((await h.send({ ...PUSH, basic: ['ops', 'ops-pw'] })).status).toBe(401);
    const single = await h.send({ ...QUERY, basic: ['alice', 'alice-pw'], headers: [['X-Scope-OrgID', 'tenant-a|tenant-b']] });
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
    const bob: [string, string] = ['bob@example.com', 'bob-pw'];
    const alice: [string, string] = ['alice', 'alice-pw'];
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
      expect((await h.send({ ...change, basic: alice })).status).toBe(401);
      expect((await h.send({ ...change, client: client('prometheus-a') })).status).toBe(403);
    }
  });

  test('admin paths only for ADMIN identities; cross-tenant and internal paths are never routed (404)', async () => {
    expect((await h.send({ path: '/distributor/all_user_stats', client: client('ops-admin') })).echo?.component).toBe('distributor');
    expect((await h.send({ path: '/ruler/ring', client: client('ops-admin') })).echo?.component).toBe('ruler');
    expect((await h.send({ path: '/distributor/all_user_stats', client: client('prometheus-a') })).status).toBe(403);
    for (const p of ['/multitenant_alertmanager/configs', '/multitenant_alertmanager/status', '/ruler/rule_groups', '/runtime_config', '/config',
      '/api/v1/status/config', '/debug/pprof/', '/metrics', '/memberlist', '/ingester/flush', '/compactor/ring', '/',
      '/prometheus/api/v1/query/../../../multitenant_alertmanager/configs', '/prometheus/api/v1/%2e%2e/%2e%2e/multitenant_alertmanager/configs']) {
      expect({ p, status: (await h.send({ path: p, client: client('ops-admin') })).status }).toEqual({ p, status: 404 });
    }
  });

  test('renewed certificates and passwords take effect without a reload', async () => {
    const before = await h.send({ ...PUSH, basic: ['alice', 'alice-pw'] });
    const gatewayIssuer = c.issued.certificates.get('mimir-ca')!;
    const server = leaf('', gatewayIssuer, { usages: ['digital signature', 'server auth'], dnsNames: [GATEWAY] });
    writeFile(h.files.serverCert, server.cert);
    writeFile(h.files.serverKey, server.key);
    const upstream = leaf('mimir-gateway-renewed', gatewayIssuer);
    writeFile(h.files.upstreamCert, upstream.cert);
    writeFile(h.files.upstreamKey, upstream.key);
    writeFile(h.files.htpasswd!, htpasswdOf([['alice', 'new-pw']]));
    // Pooled upstream connections keep the certificate they were opened with; a new one uses the renewed file.
    for (const s of h.stubs) await s.dropConnections();
    const after = await h.send({ ...PUSH, basic: ['alice', 'new-pw'] });
    expect(after.status).toBe(200);
    expect(after.serverSerial).not.toEqual(before.serverSerial);
    expect(after.echo!.peerCn).toBe('mimir-gateway-renewed');
    expect((await h.send({ ...PUSH, basic: ['alice', 'alice-pw'] })).status).toBe(401);
    expect(h.nginx.log).not.toMatch(/reconfiguring|signal process started/);
  });
});

describeIf('the gateway refuses upstreams it cannot verify (502)', () => {
  const c = cluster();
  let h: Harness;
  beforeAll(async () => {
    h = await start(c, htpasswdOf([['bob@example.com', 'bob-pw']]), (component) => {
      const own = pemOf(c.issued, `mimir-${component}-tls`);
      if (component === 'distributor') return { pem: pemOf(c.issued, 'mimir-querier-tls') };               // another component's name
      if (component === 'query-frontend') return { pem: own, plaintext: true };                              // plain HTTP
      if (component === 'ruler') return { pem: { ...leaf('', rogueCa, { usages: ['digital signature', 'server auth'], dnsNames: ['mimir-ruler.mimir.svc.cluster.local'] }), ca: '' } }; // another CA
      return { pem: own, clientCa: rogueCa.certPem };                                                          // does not trust the gateway's certificate
    });
  }, 30000);
  afterAll(async () => h && h.stop());

  test.each([
    ['wrong name', { method: 'POST', path: '/api/v1/push', body: 'x' }, /upstream SSL certificate does not match/],
    ['plaintext', { path: '/prometheus/api/v1/query' }, /SSL_do_handshake\(\) failed|wrong version number|Connection reset/],
    ['untrusted CA', { path: '/prometheus/api/v1/rules' }, /upstream SSL certificate verify error/],
    ['client certificate refused', { path: '/alertmanager/api/v2/alerts' }, /SSL alert|SSL_do_handshake|Connection reset|closed/],
  ])('%s', async (_name, r, logLine) => {
    const reply = await h.send({ ...(r as RequestOptions), basic: ['bob@example.com', 'bob-pw'] });
    expect(reply.status).toBe(502);
    await new Promise((res) => setTimeout(res, 100));
    expect(h.nginx.log).toMatch(logLine);
  });
});

describeIf('the cluster\'s TLS policy holds on the gateway too', () => {
  const c = cluster(MimirVersion.V3_0_2, { tls: { minVersion: 'VersionTLS13' } });
  let h: Harness;
  beforeAll(async () => { h = await start(c, htpasswdOf([['alice', 'alice-pw']])); }, 30000);
  afterAll(async () => h && h.stop());

  test('TLS 1.3 only: a TLS 1.2 caller is refused, upstreams (TLS 1.3 servers) are reached', async () => {
    expect(c.gateway.config).toContain('ssl_protocols TLSv1.3;');
    await expect(h.send({ path: '/ready', maxVersion: 'TLSv1.2' })).rejects.toThrow(/protocol version|alert|handshake/i);
    const ok = await h.send({ method: 'POST', path: '/api/v1/push', body: 'x', basic: ['alice', 'alice-pw'] });
    expect(ok.echo).toMatchObject({ component: 'distributor', orgIds: ['tenant-a'] });
  });
});

describeIf('a component whose HTTP server is plaintext (an acknowledged weaker choice)', () => {
  const c = cluster(MimirVersion.V3_0_2, { tls: { acknowledgeWeakerSecurity: true }, components: { distributor: { tls: { httpTls: false } } } });
  let h: Harness;
  beforeAll(async () => { h = await start(c, htpasswdOf([['alice', 'alice-pw']])); }, 30000);
  afterAll(async () => h && h.stop());

  test('is reached over http, the others still over mutual TLS', async () => {
    expect(c.gateway.config).toContain('proxy_pass http://mimir_distributor;');
    const push = await h.send({ method: 'POST', path: '/api/v1/push', body: 'x', basic: ['alice', 'alice-pw'] });
    expect(push.echo).toMatchObject({ component: 'distributor', orgIds: ['tenant-a'], sni: '' });
    const query = await h.send({ path: '/prometheus/api/v1/query', basic: ['alice', 'alice-pw'] });
    expect(query.echo).toMatchObject({ component: 'query-frontend', peerCn: 'mimir-gateway' });
  });
});

describeIf('examples/main: the example cluster\'s gateway', () => {
  const { ProductionMimirChart } = require('../../examples/main');
  const c = built(new ProductionMimirChart(Testing.app(), 'mimir').mimir);
  const client = (name: string) => pemOf(c.issued, `mimir-gateway-client-${name}`);
  let h: Harness;
  beforeAll(async () => { h = await start(c, htpasswdOf([['team-a', 'pw-a'], ['sre', 'pw-sre']]), undefined, 'mimir-gateway.observability.svc.cluster.local'); }, 30000);
  afterAll(async () => h && h.stop());
  const PUSH = { method: 'POST', path: '/api/v1/push', body: 'x' };

  test('refuses unauthenticated requests', async () => {
    for (const r of [PUSH, { path: '/prometheus/api/v1/query' }, { path: '/alertmanager/api/v2/status' }]) expect((await h.send(r)).status).toBe(401);
  });

  test('a writer writes to its own tenant whatever it claims, and cannot read', async () => {
    const w = await h.send({ ...PUSH, client: client('prometheus-team-a'), headers: [['X-Scope-OrgID', 'team-b']] });
    expect(w.echo).toMatchObject({ component: 'distributor', orgIds: ['team-a'], sni: 'mimir-distributor.observability.svc.cluster.local' });
    expect((await h.send({ path: '/prometheus/api/v1/query', client: client('prometheus-team-a') })).status).toBe(403);
  });

  test('cross-tenant reads: only the federated identity, only reads; Grafana only for its allowed tenants', async () => {
    expect((await h.send({ path: '/prometheus/api/v1/query', basic: ['team-a', 'pw-a'], headers: [['X-Scope-OrgID', 'team-a|team-b']] })).echo!.orgIds).toEqual(['team-a']);
    expect((await h.send({ path: '/prometheus/api/v1/query', basic: ['sre', 'pw-sre'] })).echo!.orgIds).toEqual(['team-a|team-b']);
    expect((await h.send({ ...PUSH, basic: ['sre', 'pw-sre'] })).status).toBe(401);
    expect((await h.send({ path: '/prometheus/api/v1/query', client: client('grafana'), headers: [['X-Scope-OrgID', 'team-b']] })).echo!.orgIds).toEqual(['team-b']);
    expect((await h.send({ path: '/prometheus/api/v1/query', client: client('grafana'), headers: [['X-Scope-OrgID', 'team-c']] })).status).toBe(403);
    expect((await h.send({ path: '/prometheus/api/v1/query', client: client('grafana'), headers: [['X-Scope-OrgID', 'team-a|team-b']] })).status).toBe(403);
  });
});

describe('the rendered nginx.conf (static lint against the two nginx traps)', () => {
  const c = cluster();
  const locations = [...c.gateway.config.matchAll(/^ {4}location ([^{]+)\{\n([\s\S]*?)^ {4}\}/gm)];

  test('every proxied location carries the whole header block itself and sets X-Scope-OrgID once', () => {
    const proxied = locations.filter((m) => m[2].includes('proxy_pass'));
    expect(proxied.length).toBe(c.gateway.routes.length);
    for (const [, , body] of proxied) {
      expect(body.match(/proxy_set_header X-Scope-OrgID /g)).toHaveLength(1);
      for (const h2 of ['Authorization ""', 'Host ', 'Connection ""', 'X-Mimir-SkipLabelNameValidation ""']) expect(body).toContain(`proxy_set_header ${h2}`);
    }
  });

  test('no proxy_set_header outside locations (it would be inherited by none of them)', () => {
    const outside = c.gateway.config.replace(/^ {4}location [^{]+\{\n[\s\S]*?^ {4}\}/gm, '');
    expect(outside).not.toContain('proxy_set_header');
  });

  test('without an identity, no request maps to a tenant; the maps name only the definition\'s identities', () => {
    expect(c.gateway.config).not.toMatch(/anonymous/);
    const dnKeys = [...c.gateway.config.matchAll(/"CN=([^"]+)" "([cp]):/g)].map((m) => m[1]).sort();
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
