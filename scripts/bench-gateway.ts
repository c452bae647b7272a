// Gateway benchmark (not a test): request rate of the synthesized gateway in Debian's nginx (with its JavaScript
// module) per authentication mode, as a ratio to the same proxy without authentication, measured in the same run.
// Each mode pushes through nginx to a Go stub of the distributor over mutual TLS, from a Go load generator with
// kept-alive connections (the same client for every mode). Each mode's baseline is the same requests (the same
// Authorization header and client certificate) sent to the synthesized configuration without credential identities
// and refusals, with a fixed tenant: routing, header allow-list and upstream TLS stay as they are.
// Usage: npm run bench:gateway (needs nginx, libnginx-mod-http-js and Go; .ci/run installs them).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, createSign, sign } from 'node:crypto';
import { Chart, Testing } from 'cdk8s';
import { EgressTarget, GatewayCredentials, GatewayPermission, MimirCluster } from '../src';
import { issueFromManifests } from '../src/issuer/local-issuer';
import { MIMIR_ROUTES } from '../test/gateway/_mimir-routes';
import { freePort, layout, localConfig, RunningNginx, scratch, Stub } from '../test/gateway/_nginx';
import { goProgram } from '../test/tls/_go';

const ROUNDS = 5;
const SECONDS = 3;
/** Push bodies: a minimal request (the gateway's own cost weighs most) and a typical remote-write batch. */
const BODIES = [{ name: '200 B (worst case)', bytes: 200 }, { name: '16 KiB (a remote-write batch)', bytes: 16384 }];
const CONCURRENCY = 16;
const SERVER = 'mimir-gateway.mimir.svc.cluster.local';
const W = [GatewayPermission.WRITE];

const idp = { rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }), ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }) };
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

function jwt(alg: 'RS256' | 'ES256'): string {
  const input = `${b64({ alg, typ: 'JWT', kid: alg })}.${b64({ iss: 'https://sso.bench', aud: 'mimir', sub: 'bench', groups: ['writers'], exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  const signature = alg === 'RS256'
    ? createSign('RSA-SHA256').update(input).sign(idp.rsa.privateKey)
    : sign('sha256', Buffer.from(input), { key: idp.ec.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

function cluster() {
  const chart = new Chart(Testing.app(), 'bench');
  const mimir = new MimirCluster(chart, 'Mimir', {
    storage: { endpoint: 's3.example.com', blocksBucket: 'blocks', rulerBucket: 'rules', alertmanagerBucket: 'alerts', credentialsSecret: 's3' },
    egress: { objectStorage: EgressTarget.anyPublicAddress([443]) },
    gateway: {
      authentication: {
        clientCertificates: [{ name: 'bench-cert', tenant: 'bench', permissions: W }],
        basicAuth: { secretName: 'users', users: [{ username: 'bench-user', tenant: 'bench', permissions: W }] },
        bearerTokens: { secretName: 'tokens', tokens: [{ name: 'bench-token', tenant: 'bench', permissions: W }] },
        jwt: { issuer: 'https://sso.bench', audience: 'mimir', keySet: { secretName: 'jwks' }, rules: [{ name: 'bench-jwt', match: { claim: 'groups', value: 'writers' }, tenant: 'bench', permissions: W }] },
      },
    },
  });
  const issued = issueFromManifests(Testing.synth(chart));
  return { gateway: mimir._model.gateway!, issued };
}

/** A configuration without authentication: no refusals, a fixed tenant, no identity in the access log. */
function unauthenticated(config: string): string {
  return config
    .replace(/^ *if \(\$gw_\w+_refusal = 40[13]\) \{ return 40[13]; \}\n/gm, '')
    .replace(/proxy_set_header X-Scope-OrgID \$gw_\w+;/g, 'proxy_set_header X-Scope-OrgID bench;')
    .replace(' identity=$gw_identity tenant=$gw_tenant', '');
}

interface Mode { readonly name: string; readonly port: 'plain' | 'auth'; readonly headers?: { [k: string]: string }; readonly cert?: boolean }

async function main(): Promise<void> {
  const { gateway: g, issued } = cluster();
  const pem = (s: string) => ({ cert: issued.secrets.get(s)!['tls.crt'], key: issued.secrets.get(s)!['tls.key'], ca: issued.secrets.get(s)!['ca.crt'] });
  const token = GatewayCredentials.token('bench-token');
  const user = GatewayCredentials.basicAuth('bench-user');
  const jwks = { keys: [{ ...idp.rsa.publicKey.export({ format: 'jwk' }), kid: 'RS256' }, { ...idp.ec.publicKey.export({ format: 'jwk' }), kid: 'ES256' }] };
  const dir = scratch();
  const files = layout({
    dir, server: pem(g.serverCertificate.secretName), upstream: pem(g.upstreamCertificate.secretName), clientsCa: pem(g.clientsCa!.secretName).ca,
    basicDigests: { [user.digest]: user.username }, tokenDigests: { [token.digest]: token.name }, jwks: JSON.stringify(jwks),
  });
  const ca = pem(g.upstreamCertificate.secretName).ca;
  const stubs = g.upstreams.map((u) => new Stub(u.component, {
    ...pem(`mimir-${u.component}-tls`), clientCa: ca, clientAuth: 'VerifyClientCertIfGiven', routes: MIMIR_ROUTES,
  } as any));
  const ports = new Map<string, number>();
  for (const s of stubs) ports.set(s.component, await s.listen());
  const authPort = await freePort();
  const auth = await RunningNginx.start(localConfig(g, files, authPort, ports, await freePort()), dir, authPort);
  const plainDir = scratch();
  const plainPort = await freePort();
  const plainFiles = layout({ dir: plainDir, server: pem(g.serverCertificate.secretName), upstream: pem(g.upstreamCertificate.secretName), clientsCa: pem(g.clientsCa!.secretName).ca });
  // The baseline: the same gateway without credential identities (no credential check) and without refusals.
  const certificatesOnly = { ...g, script: undefined, nginx: { ...g.nginx, identities: g.nginx.identities.filter((i) => i.kind === 'certificate') } };
  const plain = await RunningNginx.start(unauthenticated(localConfig(certificatesOnly, plainFiles, plainPort, ports, await freePort())), plainDir, plainPort);
  const client = pem('mimir-gateway-client-bench-cert');
  const modes: Mode[] = [
    { name: 'client certificate', port: 'auth', cert: true },
    { name: 'bearer token', port: 'auth', headers: { Authorization: `Bearer ${token.token}` } },
    { name: 'basic (digest)', port: 'auth', headers: { Authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` } },
    { name: 'JWT RS256', port: 'auth', headers: { Authorization: `Bearer ${jwt('RS256')}` } },
    { name: 'JWT ES256', port: 'auth', headers: { Authorization: `Bearer ${jwt('ES256')}` } },
  ];
  try {
    for (const body of BODIES) report(body.name, await measure(modes, body.bytes, (m) => ({
      url: `https://127.0.0.1:${m.port === 'plain' ? plainPort : authPort}/api/v1/push`,
      client: { caPem: pem(g.serverCertificate.secretName).ca, serverName: SERVER, certPem: m.cert ? client.cert : '', keyPem: m.cert ? client.key : '' },
    })));
  } finally {
    auth.stop();
    plain.stop();
    await Promise.all(stubs.map((s) => s.close()));
  }
}

type Target = (m: Mode) => { url: string; client: object };

/** Rounds over the modes in a rotating order; each mode's rate and its ratio to the baseline of the same round. */
/**
 * Rounds over the modes in a rotating order. Each mode is measured against the proxy without authentication
 * sending the very same requests (the same Authorization header, the same client certificate), right after it:
 * the ratio is what authenticating costs, not what a longer header costs.
 */
async function measure(modes: Mode[], bytes: number, target: Target): Promise<Map<string, { rates: number[]; ratios: number[] }>> {
  const out = new Map(modes.map((m) => [m.name, { rates: [] as number[], ratios: [] as number[] }]));
  const rate = (m: Mode): number => {
    const spec = { ...target(m), method: 'POST', body: 'x'.repeat(bytes), headers: { 'Content-Type': 'application/x-protobuf', ...m.headers }, concurrency: CONCURRENCY, seconds: SECONDS };
    const result = JSON.parse(execFileSync(goProgram(), ['load', JSON.stringify(spec)], { encoding: 'utf8' }));
    const other = Object.keys(result.status).filter((k) => k !== '200');
    if (other.length) throw new Error(`${m.name}: answers other than 200: ${JSON.stringify(result.status)}`);
    return result.status['200'] / result.seconds;
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const m of [...modes.slice(round % modes.length), ...modes.slice(0, round % modes.length)]) {
      // Alternate which goes first, so that neither side always meets a warmer machine.
      const bare: Mode = { ...m, port: 'plain' };
      const [a, plain] = round % 2 ? [rate(m), rate(bare)] : [rate(bare), rate(m)].reverse();
      out.get(m.name)!.rates.push(a);
      out.get(m.name)!.ratios.push(a / plain);
    }
  }
  return out;
}

function report(body: string, results: Map<string, { rates: number[]; ratios: number[] }>): void {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\ngateway request rate per authentication mode: POST /api/v1/push with a ${body} body through nginx to a mutual-TLS stub; ${CONCURRENCY} kept-alive connections, ${SECONDS} s a mode, ${ROUNDS} rounds`);
  console.log('| mode | requests/s (median) | ratio to the same requests without authentication (per round) | median ratio |');
  console.log('|---|---|---|---|');
  for (const [name, r] of results) console.log(`| ${name} | ${median(r.rates).toFixed(0)} | ${r.ratios.map((x) => x.toFixed(2)).join(', ')} | ${median(r.ratios).toFixed(2)} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
