// The gateway's JavaScript (nginx's njs module): the credential checker. It serves an internal location on loopback
// that turns an Authorization header into an identity key; nginx caches its answers by credential, so a known
// caller's request runs no JavaScript.
// - Basic: SHA-256 of "user:password" names a file in the basic digests directory whose content is the user name.
// - Bearer, opaque: SHA-256 of the token names a file in the token digests directory whose content is its name.
// - Bearer, JWT: RS256/ES256 signature verified with the key of the token's `kid` from the JWKS document, then
//   issuer, audience, expiry and not-before, then the first rule whose claim matches names the identity.
// Unknown users, wrong passwords and unknown tokens take the same path (a digest and a directory listing), so their
// timing tells nothing; failures are never cached. Written for njs 0.7 and later (Debian's and the nginx images').
import { CheckedIdentity, CheckedJwt } from '../check/gateway-identities';

/** What the script is configured with (embedded as JSON). */
export interface ScriptConfig {
  readonly basic?: { readonly dir: string; readonly users: readonly string[] };
  readonly tokens?: { readonly dir: string; readonly names: readonly string[] };
  readonly jwt?: {
    readonly jwks: string;
    readonly issuer: string;
    readonly audience: string;
    readonly algorithms: readonly string[];
    readonly skew: number;
    readonly rules: CheckedJwt['rules'];
  };
}

export function scriptConfig(ids: readonly CheckedIdentity[], jwt: CheckedJwt | undefined, dirs: { basic?: string; tokens?: string; jwks?: string }): ScriptConfig {
  const names = (kind: CheckedIdentity['kind']) => ids.filter((i) => i.kind === kind).map((i) => i.name);
  return {
    basic: dirs.basic ? { dir: dirs.basic, users: names('basic') } : undefined,
    tokens: dirs.tokens ? { dir: dirs.tokens, names: names('token') } : undefined,
    jwt: jwt && dirs.jwks ? {
      jwks: dirs.jwks, issuer: jwt.issuer, audience: jwt.audience, algorithms: jwt.algorithms, skew: jwt.clockSkewSeconds, rules: jwt.rules,
    } : undefined,
  };
}

/**
 * The script for a configuration: only the code its credential kinds need (nginx copies the script's code for every
 * request that runs it, so less code is a faster request).
 */
export function renderScript(config: ScriptConfig, cacheSeconds: number): string {
  const kinds = [config.basic && BASIC, config.tokens && TOKEN, config.jwt && JWT].filter((x): x is string => !!x);
  const dispatch = [
    config.basic ? "  if (scheme === 'basic') verdict = basic(credential);" : '',
    config.jwt ? "  if (scheme === 'bearer' && /^[\\w-]+\\.[\\w-]+\\.[\\w-]+$/.test(credential)) verdict = await jwt(credential);" : '',
    config.tokens ? `  ${config.jwt ? 'else ' : ''}if (scheme === 'bearer') verdict = token(credential);` : '',
  ].filter((l) => l !== '');
  return [
    '// Rendered by cdk8s-mimir: the gateway\'s credential check (see the library\'s README, "Front door").',
    '// njs 0.7 runs a script\'s top-level code on every request it handles: settings are functions, called where needed.',
    ...(['basic', 'tokens', 'jwt'] as const).filter((k) => config[k]).map((k) => `function ${k}Config() { return ${JSON.stringify(config[k])}; }`),
    HEAD, ...kinds,
    '// The checker: answers 200 with the identity key (X-Gw-Identity) and a claimed tenant (X-Gw-Claimed), or none.',
    '// X-Accel-Expires tells nginx how long to keep the answer: a verified credential for at most',
    `// ${cacheSeconds} s (a JWT no longer than it is valid), a failure not at all.`,
    'async function authorize(r) {',
    "  var verdict = { identity: '', claimed: '', seconds: 0 };",
    '  var header = r.headersIn.Authorization;',
    "  var space = typeof header === 'string' ? header.indexOf(' ') : -1;",
    "  var scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';",
    "  var credential = space > 0 ? header.slice(space + 1).trim() : '';",
    '  try {',
    ...dispatch.map((l) => `  ${l}`),
    '  } catch (e) {',
    "    r.log('gateway: credential refused: ' + e.message);",
    '  }',
    "  if (verdict.identity !== '') {",
    "    r.headersOut['X-Gw-Identity'] = verdict.identity;",
    "    if (verdict.claimed !== '') r.headersOut['X-Gw-Claimed'] = verdict.claimed;",
    '  }',
    `  r.headersOut['X-Accel-Expires'] = String(verdict.identity === '' ? 0 : Math.max(0, Math.min(${cacheSeconds}, Math.floor(verdict.seconds))));`,
    "  r.return(200, '');",
    '}',
    '',
    'export default { authorize };',
    '',
  ].join('\n');
}

const HEAD = String.raw`var fs = require('fs');
var hash = require('crypto');

function sha256(s) {
  return hash.createHash('sha256').update(s).digest('hex');
}

// The content of the digest's file, or '' when there is none. Listing the directory first keeps a missing file
// from raising an error, whose first occurrence in a request costs far more than a read (and would tell).
function lookup(dir, digest) {
  return fs.readdirSync(dir).indexOf(digest) >= 0 ? fs.readFileSync(dir + '/' + digest, 'utf8').trim() : '';
}
`;

const BASIC = String.raw`function basic(credential) {
  var decoded = Buffer.from(credential, 'base64').toString();
  var colon = decoded.indexOf(':');
  var user = colon > 0 ? decoded.slice(0, colon) : '';
  var c = basicConfig();
  var name = lookup(c.dir, sha256(decoded));
  var ok = name !== '' && name === user && c.users.indexOf(user) >= 0;
  return { identity: ok ? 'b:' + user : '', claimed: '', seconds: Infinity };
}
`;

const TOKEN = String.raw`function token(credential) {
  var c = tokensConfig();
  var name = lookup(c.dir, sha256(credential));
  var ok = name !== '' && c.names.indexOf(name) >= 0;
  return { identity: ok ? 't:' + name : '', claimed: '', seconds: Infinity };
}
`;

const JWT = String.raw`// Everything JWT lives inside jwt(): njs 0.7 instantiates a script's top-level functions for every request.
async function jwt(credential) {
  var none = { identity: '', claimed: '', seconds: 0 };
  function json64(part) {
    var text = Buffer.from(part, 'base64url').toString();
    return text.charAt(0) === '{' ? JSON.parse(text) : null;
  }

  // A claim by its name, or by a dotted path into nested objects (e.g. realm_access.roles).
  function claim(payload, name) {
    if (Object.prototype.hasOwnProperty.call(payload, name)) return payload[name];
    var v = payload;
    var parts = name.split('.');
    for (var i = 0; i < parts.length; i++) {
      if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, parts[i])) return undefined;
      v = v[parts[i]];
    }
    return v;
  }

  function holds(value, wanted) {
    return value === wanted || (Array.isArray(value) && value.indexOf(wanted) >= 0);
  }

  function timely(p, now, skew) {
    if (typeof p.exp !== 'number' || now >= p.exp + skew) return false;
    if (p.nbf !== undefined && (typeof p.nbf !== 'number' || now < p.nbf - skew)) return false;
    if (p.iat !== undefined && (typeof p.iat !== 'number' || p.iat > now + skew)) return false;
    return true;
  }

  // The claimed tenant(s), joined with |; only tenant-ID characters (nginx checks them again against the rule).
  function tenantsOf(value) {
    var list = typeof value === 'string' ? value : Array.isArray(value) && value.length > 0 && value.every(function (t) { return typeof t === 'string'; }) ? value.join('|') : '';
    return /^[A-Za-z0-9!._*'()|-]*$/.test(list) ? list : '';
  }

  // DER: a tag with its length, and the SubjectPublicKeyInfo of an RSA or P-256 key.
  function der(tag, body) {
    var n = body.length;
    var len = n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255];
    return [tag].concat(len, body);
  }

  function bytes(b64url) {
    return Array.prototype.slice.call(Buffer.from(b64url, 'base64url'));
  }

  function integer(b) {
    while (b.length > 1 && b[0] === 0) b = b.slice(1);
    return der(0x02, b[0] & 0x80 ? [0].concat(b) : b);
  }

  function spki(jwk) {
    var rsa = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
    var ec = [0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    var key = jwk.kty === 'RSA'
      ? der(0x30, integer(bytes(jwk.n)).concat(integer(bytes(jwk.e))))
      : [0x04].concat(bytes(jwk.x), bytes(jwk.y));
    return Buffer.from(der(0x30, (jwk.kty === 'RSA' ? rsa : ec).concat(der(0x03, [0].concat(key)))));
  }

  // The key must be of the algorithm's type and size, and not meant for something else.
  function fits(jwk, alg) {
    if (!jwk || (jwk.alg !== undefined && jwk.alg !== alg) || (jwk.use !== undefined && jwk.use !== 'sig')) return false;
    if (alg === 'RS256') return jwk.kty === 'RSA' && typeof jwk.n === 'string' && typeof jwk.e === 'string' && bytes(jwk.n).length >= 256;
    return jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.x === 'string' && typeof jwk.y === 'string' && bytes(jwk.x).length === 32 && bytes(jwk.y).length === 32;
  }

  function algorithm(alg) {
    return alg === 'RS256' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  }

  function keyOf(jwks, kid, alg) {
    var set = JSON.parse(fs.readFileSync(jwks, 'utf8'));
    var keys = Array.isArray(set.keys) ? set.keys : [];
    var key = keys.find(function (k) { return k && k.kid === kid; });
    return fits(key, alg) ? key : undefined;
  }

  var c = jwtConfig();
  var now = Date.now() / 1000;
  var parts = credential.split('.');
  var header = json64(parts[0]);
  var payload = json64(parts[1]);
  if (header === null || payload === null) return none;
  var alg = header.alg;
  if (typeof alg !== 'string' || c.algorithms.indexOf(alg) < 0 || typeof header.kid !== 'string') return none;
  if (payload.iss !== c.issuer || !holds(payload.aud, c.audience) || !timely(payload, now, c.skew)) return none;
  var rule = c.rules.find(function (x) { return !x.match || holds(claim(payload, x.match.claim), x.match.value); });
  if (!rule) return none;
  var claimed = rule.tenantClaim ? tenantsOf(claim(payload, rule.tenantClaim)) : '';
  if (rule.tenantClaim && claimed === '') return none;
  var jwk = keyOf(c.jwks, header.kid, alg);
  if (!jwk) return none;
  var key = await crypto.subtle.importKey('spki', spki(jwk), algorithm(alg), false, ['verify']);
  var ok = await crypto.subtle.verify(algorithm(alg), key, Buffer.from(parts[2], 'base64url'), parts[0] + '.' + parts[1]);
  return ok ? { identity: rule.key, claimed: claimed, seconds: payload.exp - now } : none;
}
`;
