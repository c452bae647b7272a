// Credentials in the Authorization header, checked by the gateway's JavaScript in a real nginx: bearer tokens and
// basic passwords against SHA-256 digests, JWTs against the identity provider's keys (every classic forgery
// refused), clients as Prometheus and Grafana send them; unknown and known users answered in the same time; a
// flood of wrong passwords neither starves a writer nor /ready.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import { basic, bearer, cluster, describeIf, GATEWAY, Harness, IDP, mintJwt, PASSWORDS, start, TOKENS } from './_harness';

const PUSH = { method: 'POST', path: '/api/v1/push', body: 'x' };
const QUERY = { path: '/prometheus/api/v1/query?query=up' };
const jwtHeader = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

describeIf('credentials in the Authorization header', () => {
  const c = cluster();
  let h: Harness;
  beforeAll(async () => { h = await start(c); }, 30000);
  afterAll(async () => h && h.stop());

  test('bearer tokens: a Prometheus remote_write (authorization: Bearer) writes its tenant; unknown and unmapped tokens get 401', async () => {
    // What Prometheus sends with `authorization: { credentials_file: ... }`: the token, and its remote-write headers.
    const push = await h.send({ ...PUSH, headers: [bearer('prometheus-b'), ['Content-Type', 'application/x-protobuf'], ['Content-Encoding', 'snappy'],
      ['X-Prometheus-Remote-Write-Version', '0.1.0'], ['User-Agent', 'Prometheus/3.5.0'], ['X-Scope-OrgID', 'tenant-a']] });
    expect(push.echo).toMatchObject({ component: 'distributor', route: '/api/v1/push', orgIds: ['tenant-b'] });
    expect((await h.send({ ...QUERY, headers: [bearer('prometheus-b')] })).status).toBe(403);
    expect((await h.send({ ...PUSH, headers: [bearer('unmapped')] })).status).toBe(401);
    expect((await h.send({ ...PUSH, headers: [['Authorization', `Bearer ${TOKENS['prometheus-b'].token}x`]] })).status).toBe(401);
    expect((await h.send({ ...PUSH, headers: [['Authorization', `Bearer ${TOKENS['prometheus-b'].digest}`]] })).status).toBe(401);
    expect((await h.send({ ...PUSH, headers: [['Authorization', 'Bearer ../../../etc/passwd']] })).status).toBe(401);
  });

  test('a Grafana data source (bearer token, X-Scope-OrgID header configured) reads its own tenant only', async () => {
    const r = await h.send({ ...QUERY, headers: [bearer('grafana-ro'), ['X-Scope-OrgID', 'tenant-b'], ['Accept', 'application/json'], ['User-Agent', 'Grafana/12.1.0']] });
    expect(r.echo).toMatchObject({ component: 'query-frontend', orgIds: ['tenant-a'] });
    expect((await h.send({ ...PUSH, headers: [bearer('grafana-ro')] })).status).toBe(403);
  });

  test('JWT: RS256 and ES256 tokens of the provider map to identities by their claims', async () => {
    const admin = mintJwt({ sub: 'ann', groups: ['mimir-admins'] });
    expect((await h.send({ path: '/api/v1/alerts', headers: [jwtHeader(admin)] })).echo).toMatchObject({ component: 'alertmanager', orgIds: ['tenant-a'] });
    const writer = mintJwt({ sub: 'ci', realm_access: { roles: ['writer'] } }, { alg: 'ES256' });
    expect((await h.send({ ...PUSH, headers: [jwtHeader(writer)] })).echo).toMatchObject({ orgIds: ['tenant-w'] });
    expect((await h.send({ ...QUERY, headers: [jwtHeader(writer)] })).status).toBe(403);
    // The tenant from a claim: a list federates reads, only among the allowed tenants, never for writes.
    const team = mintJwt({ sub: 'tom', groups: ['teams'], mimir_tenants: ['tenant-a', 'tenant-c'] });
    expect((await h.send({ ...QUERY, headers: [jwtHeader(team)] })).echo).toMatchObject({ orgIds: ['tenant-a|tenant-c'] });
    const single = mintJwt({ sub: 'tom', groups: ['teams'], mimir_tenants: 'tenant-b' });
    expect((await h.send({ path: '/prometheus/api/v1/rules', headers: [jwtHeader(single)] })).echo).toMatchObject({ orgIds: ['tenant-b'] });
    const outside = mintJwt({ sub: 'tom', groups: ['teams'], mimir_tenants: ['tenant-a', 'tenant-z'] });
    expect((await h.send({ ...QUERY, headers: [jwtHeader(outside)] })).status).toBe(403);
    const noRule = mintJwt({ sub: 'eve', groups: ['nobody'] });
    expect((await h.send({ ...QUERY, headers: [jwtHeader(noRule)] })).status).toBe(401);
  });

  test('JWT: every forgery and every invalid token is refused (401)', async () => {
    const claims = { sub: 'mallory', groups: ['mimir-admins'] };
    const now = Math.floor(Date.now() / 1000);
    const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const rsaPublicPem = IDP.rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const good = mintJwt(claims);
    const [head, body] = good.split('.');
    const forged: [string, string][] = [
      ['alg none', mintJwt(claims, { alg: 'none' })],
      ['alg none, signature kept', `${mintJwt(claims, { alg: 'none' })}${good.split('.')[2]}`],
      ['HS256 keyed with the public key', mintJwt(claims, { alg: 'HS256', key: Buffer.from(rsaPublicPem) })],
      ['another key, same kid', mintJwt(claims, { key: otherRsa })],
      ['kid not in the JWKS', mintJwt(claims, { kid: 'rsa-2' })],
      ['no kid', mintJwt(claims, { header: { kid: undefined } })],
      ['ES256 header on the RSA key', mintJwt(claims, { alg: 'ES256', kid: 'rsa-1' })],
      ['RS256 header on the EC key', mintJwt(claims, { kid: 'ec-1' })],
      ['payload changed after signing', `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), groups: ['mimir-admins', 'x'] })).toString('base64url')}.${good.split('.')[2]}`],
      ['wrong issuer', mintJwt({ ...claims, iss: 'https://evil.example.com' })],
      ['wrong audience', mintJwt({ ...claims, aud: 'another-app' })],
      ['audience list without ours', mintJwt({ ...claims, aud: ['a', 'b'] })],
      ['expired', mintJwt({ ...claims, exp: now - 120 })],
      ['no expiry', mintJwt({ ...claims, exp: undefined })],
      ['not yet valid', mintJwt({ ...claims, nbf: now + 600 })],
      ['issued in the future', mintJwt({ ...claims, iat: now + 600 })],
      ['truncated signature', good.slice(0, -10)],
      ['not base64', `${head}.${body}.!!!`],
    ];
    for (const [name, token] of forged) {
      const r = await h.send({ path: '/api/v1/alerts', headers: [jwtHeader(token)] });
      expect({ name, status: r.status }).toEqual({ name, status: 401 });
    }
    // Within the tolerated clock skew (60 s) a token is still good; audience lists that contain ours are fine.
    expect((await h.send({ path: '/api/v1/alerts', headers: [jwtHeader(mintJwt({ ...claims, exp: now - 30 }))] })).status).toBe(200);
    expect((await h.send({ path: '/api/v1/alerts', headers: [jwtHeader(mintJwt({ ...claims, aud: ['x', IDP.audience] }))] })).status).toBe(200);
  });

  test('unknown users, known users with a wrong password and wrong tokens are answered in the same time', async () => {
    const kinds: [string, [string, string]][] = [
      ['unknown user', ['Authorization', `Basic ${Buffer.from('nobody:guess').toString('base64')}`]],
      ['known user, wrong password', ['Authorization', `Basic ${Buffer.from('alice:guess').toString('base64')}`]],
      ['user outside the definition', ['Authorization', `Basic ${Buffer.from(`mallory:${PASSWORDS.mallory.password}`).toString('base64')}`]],
      ['wrong token', ['Authorization', 'Bearer mgw_guess']],
    ];
    const times = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
    // One kept-alive connection: the handshake's cost and noise stay out of the comparison.
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: h.ca, servername: GATEWAY } as https.AgentOptions);
    // Interleaved, so machine noise falls on all kinds alike; the rounds stay below the failures' rate limit
    // (10 per second and address by default).
    for (let round = 0; round < 25; round++) {
      // A warm-up request after the pause, then the kinds in a rotating order (the first of a burst is slower).
      await h.send({ path: '/ready', agent });
      for (const [kind, header] of [...kinds.slice(round % kinds.length), ...kinds.slice(0, round % kinds.length)]) {
        const t0 = performance.now();
        const r = await h.send({ method: 'POST', path: '/prometheus/api/v1/query', headers: [header], body: 'query=up', agent });
        times.get(kind)!.push(performance.now() - t0);
        expect(r.status).toBe(401);
      }
      await new Promise((res) => setTimeout(res, 420));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    agent.destroy();
    const medians = kinds.map(([k]) => median(times.get(k)!));
    // A bcrypt check would add milliseconds to the known user alone; here every kind costs one digest and one failed open.
    expect(Math.max(...medians) - Math.min(...medians)).toBeLessThan(Math.max(0.5, 0.25 * Math.min(...medians)));
  });
});

describeIf('a flood of wrong passwords', () => {
  const c = cluster();
  let h: Harness;
  beforeAll(async () => { h = await start(c); }, 30000);
  afterAll(async () => h && h.stop());

  test('is limited per client address (429) and leaves a writer\'s latency and /ready within 2x of quiet', async () => {
    // The writer keeps its connection, as Prometheus does.
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const writer = () => h.send({ ...PUSH, headers: [bearer('prometheus-b')], agent });
    const ready = () => h.send({ path: '/ready', agent });
    const timed = async (f: () => Promise<unknown>, n: number) => {
      const ts: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await f();
        ts.push(performance.now() - t0);
      }
      return ts.sort((a, b) => a - b)[Math.floor(n / 2)];
    };
    await timed(writer, 20);
    const quiet = { push: await timed(writer, 100), ready: await timed(ready, 100) };
    // Six parallel loops of one known user with a wrong password, in another process (so that the client's own
    // work does not slow the measuring one), each on a kept-alive connection for the highest rate.
    const flood = spawn(process.execPath, ['-e', FLOOD, String(h.port), h.ca], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    flood.stdout!.on('data', (d) => { out += d; });
    await new Promise((res) => setTimeout(res, 500));
    const loaded = { push: await timed(writer, 100), ready: await timed(ready, 100) };
    flood.kill('SIGTERM');
    await new Promise((res) => flood.on('exit', res));
    agent.destroy();
    const statuses = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    expect(statuses['429'] ?? 0).toBeGreaterThan(0);
    // Medians of 100 requests; below a millisecond a 2-core machine running the flood beside them is noise, so 1 ms
    // is the floor of "quiet" (a per-request bcrypt check made it hundreds of milliseconds).
    expect(loaded.push).toBeLessThan(2 * Math.max(quiet.push, 1));
    expect(loaded.ready).toBeLessThan(2 * Math.max(quiet.ready, 1));
  }, 60000);
});

/** The flood: six loops of wrong passwords on kept-alive connections; prints the status counts when stopped. */
const FLOOD = `
const https = require('node:https');
const [port, ca] = process.argv.slice(1);
const agent = new https.Agent({ keepAlive: true, maxSockets: 6 });
const counts = {};
let running = true;
const one = () => new Promise((resolve) => {
  const req = https.request({ host: '127.0.0.1', port, path: '/api/v1/push', method: 'POST', ca, servername: '${'mimir-gateway.mimir.svc.cluster.local'}', agent,
    headers: { Authorization: 'Basic ' + Buffer.from('alice:wrong').toString('base64'), 'Content-Length': 1 } }, (res) => {
    counts[res.statusCode] = (counts[res.statusCode] || 0) + 1;
    res.resume();
    res.on('end', resolve);
  });
  req.on('error', resolve);
  req.end('x');
});
const loop = async () => { while (running) await one(); };
for (let i = 0; i < 6; i++) loop();
process.on('SIGTERM', () => { running = false; console.log(JSON.stringify(counts)); process.exit(0); });
`;
