// Credentials in the Authorization header, checked by the gateway's JavaScript in a real nginx: bearer tokens and
// basic passwords against SHA-256 digests, JWTs against the identity provider's keys (every classic forgery
// refused), clients as Prometheus and Grafana send them. Timing is in timing.test.ts.
import { generateKeyPairSync } from 'node:crypto';
import { bearer, cluster, DIGESTS, describeIf, running, IDP, JWKS, mintJwt, TOKENS } from './_harness';
import { writeDigests, writeFile } from './_nginx';

const PUSH = { method: 'POST', path: '/api/v1/push', body: 'x' };
const QUERY = { path: '/prometheus/api/v1/query?query=up' };
const jwtHeader = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

describeIf('credentials in the Authorization header', () => {
  const c = cluster();
  const h = running(c);

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

});

describeIf('remembered credentials (credentialCacheSeconds)', () => {
  const c = cluster(undefined, {}, { credentialCacheSeconds: 2 });
  const h = running(c);
  const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

  test('a revoked token, password or JWT key stops admitting within the cache time; new credentials work at once', async () => {
    const jwt = mintJwt({ sub: 'kim', groups: ['mimir-admins'] });
    expect((await h.send({ ...PUSH, headers: [bearer('prometheus-b')] })).status).toBe(200);
    expect((await h.send({ path: '/api/v1/alerts', headers: [jwtHeader(jwt)] })).status).toBe(200);
    // Revoke everything: the token's and the password's digests, and the provider's keys.
    writeDigests(h.files.tokenDigests!, {});
    writeDigests(h.files.basicDigests!, {});
    writeFile(h.files.jwks!, JSON.stringify({ keys: [] }));
    // Remembered: still admitted within the cache time; a credential not seen before is refused at once.
    expect((await h.send({ ...PUSH, headers: [bearer('prometheus-b')] })).status).toBe(200);
    expect((await h.send({ path: '/api/v1/alerts', headers: [jwtHeader(jwt)] })).status).toBe(200);
    expect((await h.send({ path: '/api/v1/alerts', headers: [jwtHeader(mintJwt({ sub: 'kim', groups: ['mimir-admins'], jti: 'new' }))] })).status).toBe(401);
    await sleep(3100);
    expect((await h.send({ ...PUSH, headers: [bearer('prometheus-b')] })).status).toBe(401);
    expect((await h.send({ path: '/api/v1/alerts', headers: [jwtHeader(jwt)] })).status).toBe(401);
    writeDigests(h.files.tokenDigests!, DIGESTS.tokens);
    writeFile(h.files.jwks!, JWKS);
    expect((await h.send({ ...PUSH, headers: [bearer('prometheus-b')] })).status).toBe(200);
  }, 20000);

  test('a JWT is never remembered past its expiry', async () => {
    const soon = mintJwt({ sub: 'kim', groups: ['mimir-admins'], exp: Math.floor(Date.now() / 1000) + 1 });
    expect((await h.send({ path: '/api/v1/alerts', headers: [jwtHeader(soon)] })).status).toBe(200);
    writeFile(h.files.jwks!, JSON.stringify({ keys: [] }));
    try {
      // Past exp (but within the cache time): verified again, and without the key refused.
      await sleep(1600);
      expect((await h.send({ path: '/api/v1/alerts', headers: [jwtHeader(soon)] })).status).toBe(401);
    } finally {
      writeFile(h.files.jwks!, JWKS);
    }
  });
});
