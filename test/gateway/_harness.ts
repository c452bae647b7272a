// The gateway of a synthesized cluster, running: Debian's nginx (with its JavaScript module) on the rendered
// configuration and script, in front of one Go stub per upstream component configured from that component's
// synthesized -server.http-tls-* flags and routing as Mimir's HTTP server does. Shared by the gateway suites.
import { createSign, generateKeyPairSync, KeyObject, sign as signRaw } from 'node:crypto';
import { Testing } from 'cdk8s';
import { GatewayCredentials, GatewayPermission, MimirCluster, MimirVersion } from '../../src';
import { ResolvedGateway } from '../../src/core/gateway/plan';
import { IssuedCertificate, issueCertificate, issueFromManifests } from '../../src/issuer/local-issuer';
import { BASE } from '../_helpers';
import { haveGo } from '../tls/_go';
import { MIMIR_ROUTES } from './_mimir-routes';
import {
  freePort, GatewayFiles, JS_MODULE, layout, localConfig, NGINX, Pem, rawRequest, RawReply, Reply, request, RequestOptions, RunningNginx, scratch, Stub, StubServer,
} from './_nginx';
import * as fs from 'node:fs';

const HAVE_JS = fs.existsSync(JS_MODULE);
if (process.env.CI && (!NGINX || !HAVE_JS)) throw new Error('nginx with its JavaScript module is required in CI (.ci/run installs Debian\'s nginx and libnginx-mod-http-js)');
if (process.env.CI && !haveGo()) throw new Error('Go is required in CI (.ci/run installs Debian\'s golang-go): the upstream stubs are Go servers');
export const describeIf = NGINX && HAVE_JS && haveGo() ? describe : describe.skip;

export const GATEWAY = 'mimir-gateway.mimir.svc.cluster.local';
export const R = GatewayPermission.READ;
export const W = GatewayPermission.WRITE;
export const M = GatewayPermission.MANAGE;
export const A = GatewayPermission.ADMIN;

/** Credentials of the test clusters: generated once, their digests in the Secrets the gateway reads. */
export const PASSWORDS = Object.fromEntries(['alice', 'bob', 'ops', 'mallory', 'ALICE'].map((u) => [u, GatewayCredentials.basicAuth(u)]));
export const TOKENS = Object.fromEntries(['prometheus-b', 'grafana-ro', 'unmapped'].map((n) => [n, GatewayCredentials.token(n)]));
export const basic = (user: string): [string, string] => [user, PASSWORDS[user].password];
export const bearer = (name: string): [string, string] => ['Authorization', `Bearer ${TOKENS[name].token}`];

/** The identity provider's keys (RSA 2048 and P-256) and the JWKS the gateway reads. */
export const IDP = {
  issuer: 'https://idp.example.com/realms/mimir',
  audience: 'mimir-gateway',
  rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
};
export const JWKS = JSON.stringify({
  keys: [
    { ...IDP.rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', use: 'sig', alg: 'RS256' },
    { ...IDP.ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1', use: 'sig' },
  ],
});

const b64 = (o: object | string) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');

/** A JWT signed by the test's identity provider (or as told: another key, another algorithm, a forged signature). */
export function mintJwt(claims: object, o: { alg?: string; kid?: string; key?: KeyObject | Buffer; header?: object } = {}): string {
  const alg = o.alg ?? 'RS256';
  const now = Math.floor(Date.now() / 1000);
  const head = { alg, typ: 'JWT', kid: o.kid ?? (alg === 'ES256' ? 'ec-1' : 'rsa-1'), ...o.header };
  const body = { iss: IDP.issuer, aud: IDP.audience, iat: now, nbf: now - 1, exp: now + 300, ...claims };
  const input = `${b64(head)}.${b64(body)}`;
  if (alg === 'none') return `${input}.`;
  if (alg === 'HS256') return `${input}.${require('node:crypto').createHmac('sha256', o.key as Buffer).update(input).digest('base64url')}`;
  if (alg === 'ES256') return `${input}.${signRaw('sha256', Buffer.from(input), { key: (o.key as KeyObject) ?? IDP.ec.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign((o.key as KeyObject) ?? IDP.rsa.privateKey).toString('base64url')}`;
}

/** The main test cluster: every identity kind, every permission. */
export function cluster(version = MimirVersion.V3_0_2, extra: any = {}, gatewayExtra: any = {}) {
  const chart = Testing.chart();
  const mimir = new MimirCluster(chart, 'Mimir', {
    ...BASE, version, ...extra,
    gateway: {
      ...gatewayExtra,
      authentication: {
        clientCertificates: [
          { name: 'prometheus-a', tenant: 'tenant-a' },
          { name: 'reader-ab', tenant: 'tenant-a', federatedReadTenants: ['tenant-a', 'tenant-b'], permissions: [R] },
          { name: 'ops-admin', tenant: 'tenant-a', permissions: [R, A] },
        ],
        basicAuth: {
          secretName: 'gateway-users',
          users: [
            { username: 'alice', tenant: 'tenant-a' },
            { username: 'bob', tenant: 'tenant-b', permissions: [R, W, M] },
            { username: 'ops', tenant: 'tenant-a', federatedReadTenants: ['tenant-a', 'tenant-b'], permissions: [R] },
          ],
        },
        bearerTokens: {
          secretName: 'gateway-tokens',
          tokens: [
            { name: 'prometheus-b', tenant: 'tenant-b', permissions: [W] },
            { name: 'grafana-ro', tenant: 'tenant-a', permissions: [R] },
          ],
        },
        jwt: {
          issuer: IDP.issuer, audience: IDP.audience, keySet: { secretName: 'idp-jwks' },
          rules: [
            { name: 'sso-admins', match: { claim: 'groups', value: 'mimir-admins' }, tenant: 'tenant-a', permissions: [R, M] },
            { name: 'sso-writers', match: { claim: 'realm_access.roles', value: 'writer' }, tenant: 'tenant-w', permissions: [W] },
            { name: 'sso-team', match: { claim: 'groups', value: 'teams' }, tenantClaim: 'mimir_tenants', allowedTenants: ['tenant-a', 'tenant-b', 'tenant-c'], allowFederation: true },
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

export function built(mimir: MimirCluster) {
  const manifests = Testing.synth(mimir.node.scope as any);
  return { mimir, manifests, gateway: mimir._model.gateway!, issued: issueFromManifests(manifests) };
}

export type Built = ReturnType<typeof built>;

export const pemOf = (issued: Built['issued'], secret: string): Pem => {
  const s = issued.secrets.get(secret);
  if (!s) throw new Error(`no secret ${secret}`);
  return { cert: s['tls.crt'], key: s['tls.key'], ca: s['ca.crt'] };
};

export function leaf(commonName: string, signer: IssuedCertificate | undefined, o: { usages?: string[]; expired?: boolean; dnsNames?: string[] } = {}): { cert: string; key: string } {
  const now = Date.now();
  const c = issueCertificate({
    commonName, dnsNames: o.dnsNames ?? [], isCA: false, usages: o.usages ?? ['digital signature', 'client auth'], algorithm: 'ECDSA', size: 256,
    notBefore: new Date(now - (o.expired ? 2 : 0) * 86400e3 - 60e3), notAfter: new Date(now + (o.expired ? -1 : 30) * 86400e3),
  }, signer);
  return { cert: c.certPem, key: c.keyPem };
}

export const rogueCa = issueCertificate({ commonName: 'rogue', dnsNames: [], isCA: true, usages: ['cert sign', 'digital signature'], algorithm: 'ECDSA', size: 256, notBefore: new Date(Date.now() - 60e3), notAfter: new Date(Date.now() + 86400e3) });

export interface Harness {
  readonly port: number;
  readonly ca: string;
  readonly nginx: RunningNginx;
  readonly stubs: Stub[];
  readonly dir: string;
  readonly files: ReturnType<typeof layout>;
  send(o: RequestOptions): Promise<Reply>;
  raw(o: Parameters<typeof rawRequest>[3]): Promise<RawReply>;
  stop(): Promise<void>;
}

export type StubSpec = (component: string) => { pem: Pem; plaintext?: boolean; clientCa?: string };

/** A component's HTTP server as its synthesized flags configure it (client auth, minimum version, suites), routing as Mimir does. */
function serverOf(c: Built, component: string, pem: Pem, clientCa: string, plaintext?: boolean): StubServer {
  const flags = new Map(c.mimir._model.components.find((x) => x.id === component)!.flags.map((f) => [f.name, f.value]));
  if (plaintext || !flags.has('server.http-tls-cert-path')) return { routes: MIMIR_ROUTES };
  return {
    cert: pem.cert, key: pem.key, clientCa, clientAuth: flags.get('server.http-tls-client-auth'), routes: MIMIR_ROUTES,
    minVersion: flags.get('server.tls-min-version'), cipherSuites: flags.get('server.tls-cipher-suites')?.split(','),
  };
}

/** Digests of the credentials, as the Secrets would hold them. */
export const DIGESTS = {
  basic: Object.fromEntries(Object.values(PASSWORDS).map((p) => [p.digest, p.username])),
  tokens: Object.fromEntries(Object.values(TOKENS).map((t) => [t.digest, t.name])),
};

export async function start(c: Built, o: { stubSpec?: StubSpec; serverName?: string; files?: Partial<GatewayFiles> } = {}): Promise<Harness> {
  const g: ResolvedGateway = c.gateway;
  const dir = scratch();
  const clusterCa = pemOf(c.issued, g.upstreamCertificate.secretName).ca;
  const stubs = g.upstreams.map((u) => {
    const spec = o.stubSpec?.(u.component) ?? { pem: pemOf(c.issued, `${c.mimir._model.name}-${u.component}-tls`) };
    return new Stub(u.component, serverOf(c, u.component, spec.pem, spec.clientCa ?? clusterCa, spec.plaintext));
  });
  const ports = new Map<string, number>();
  for (const s of stubs) ports.set(s.component, await s.listen());
  const files = layout({
    dir, server: pemOf(c.issued, g.serverCertificate.secretName), upstream: pemOf(c.issued, g.upstreamCertificate.secretName),
    clientsCa: g.clientsCa ? pemOf(c.issued, g.clientsCa.secretName).ca : undefined,
    basicDigests: g.basicAuth ? DIGESTS.basic : undefined, tokenDigests: g.bearerTokens ? DIGESTS.tokens : undefined,
    jwks: g.jwks ? JWKS : undefined, ...o.files,
  });
  const port = await freePort();
  const nginx = await RunningNginx.start(localConfig(g, files, port, ports, await freePort()), dir, port);
  const ca = pemOf(c.issued, g.serverCertificate.secretName).ca;
  const serverName = o.serverName ?? GATEWAY;
  return {
    port, ca, nginx, stubs, dir, files,
    send: (r) => request(port, ca, serverName, r),
    raw: (r) => rawRequest(port, ca, serverName, r),
    stop: async () => { nginx.stop(); await Promise.all(stubs.map((s) => s.close())); },
  };
}

/**
 * The gateway of a cluster, started before the enclosing describe block's tests and stopped after them. The
 * returned object stands for the harness once it runs.
 */
export function running(c: Built, o: Parameters<typeof start>[1] = {}): Harness {
  let h: Harness | undefined;
  beforeAll(async () => { h = await start(c, o); }, 30000);
  afterAll(async () => h && h.stop());
  return new Proxy({} as Harness, { get: (_, key) => (h as any)[key] });
}
