// The gateway's JavaScript (nginx's njs module): it turns the Authorization header into an identity key.
// - Basic: SHA-256 of "user:password" names a file in the basic digests directory whose content is the user name.
// - Bearer, opaque: SHA-256 of the token names a file in the token digests directory whose content is its name.
// - Bearer, JWT: RS256/ES256 signature verified with the key of the token's `kid` from the JWKS document, then
//   issuer, audience, expiry and not-before, then the first rule whose claim matches names the identity.
// Unknown users, wrong passwords and unknown tokens take the same path (a digest and a failed file open), so their
// timing tells nothing. The script is written for njs 0.7 and later (Debian's and the nginx images'): WebCrypto's
// promises settle before the variable handler returns, and the verdict is written into js_var variables.
import { CheckedIdentity, CheckedJwt } from '../check/gateway-identities';

/** Verified JWTs' verdicts, under the gateway's /tmp: one file per token digest, named with its expiry. */
export const JWT_CACHE_DIR = 'jwt-verdicts';
/** Seconds a verdict is kept (a key removed from the JWKS stops admitting its tokens within this time). */
export const JWT_CACHE_SECONDS = 60;
/** Most verdicts kept: past it, tokens are verified on every request until entries expire. */
export const JWT_CACHE_ENTRIES = 10000;

/** What the script is configured with (embedded as JSON). */
export interface ScriptConfig {
  readonly basic?: { readonly dir: string; readonly users: readonly string[] };
  readonly tokens?: { readonly dir: string; readonly names: readonly string[] };
  readonly jwt?: {
    readonly jwks: string;
    /** Directory of verified tokens' verdicts (in the gateway's writable /tmp). */
    readonly cache: string;
    readonly issuer: string;
    readonly audience: string;
    readonly algorithms: readonly string[];
    readonly skew: number;
    readonly rules: CheckedJwt['rules'];
  };
}

export function scriptConfig(ids: readonly CheckedIdentity[], jwt: CheckedJwt | undefined, dirs: { basic?: string; tokens?: string; jwks?: string; tmp: string }): ScriptConfig {
  const names = (kind: CheckedIdentity['kind']) => ids.filter((i) => i.kind === kind).map((i) => i.name);
  return {
    basic: dirs.basic ? { dir: dirs.basic, users: names('basic') } : undefined,
    tokens: dirs.tokens ? { dir: dirs.tokens, names: names('token') } : undefined,
    jwt: jwt && dirs.jwks ? {
      jwks: dirs.jwks, cache: `${dirs.tmp}/${JWT_CACHE_DIR}`, issuer: jwt.issuer, audience: jwt.audience, algorithms: jwt.algorithms, skew: jwt.clockSkewSeconds, rules: jwt.rules,
    } : undefined,
  };
}

/**
 * The script for a configuration: only the code its credential kinds need (nginx copies the script's code for every
 * request that runs it, so less code is a faster request).
 */
export function renderScript(config: ScriptConfig): string {
  const kinds = [config.basic && BASIC, config.tokens && TOKEN, config.jwt && JWT].filter((x): x is string => !!x);
  const dispatch = [
    config.basic ? "  if (scheme === 'basic') basic(r, credential);" : '',
    config.jwt ? "  if (scheme === 'bearer' && /^[\\w-]+\\.[\\w-]+\\.[\\w-]+$/.test(credential)) jwt(r, credential);" : '',
    config.tokens ? `  ${config.jwt ? 'else ' : ''}if (scheme === 'bearer') token(r, credential);` : '',
  ].filter((l) => l !== '');
  return [
    '// Rendered by cdk8s-mimir: the gateway\'s credential check (see the library\'s README, "Front door").',
    `var CONFIG = ${JSON.stringify(config)};`,
    HEAD, ...kinds,
    '// The variable handler: starts the check; the verdict is in $gw_js_identity (and $gw_js_claimed).',
    'function identify(r) {',
    '  var header = r.headersIn.Authorization;',
    "  if (typeof header !== 'string') return '';",
    "  var space = header.indexOf(' ');",
    "  var scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';",
    '  var credential = header.slice(space + 1).trim();',
    '  try {',
    ...dispatch.map((l) => `  ${l}`),
    '  } catch (e) {',
    "    r.log('gateway: credential refused: ' + e.message);",
    '  }',
    "  return '';",
    '}',
    '',
    'export default { identify };',
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

const BASIC = String.raw`function basic(r, credential) {
  var decoded = Buffer.from(credential, 'base64').toString();
  var colon = decoded.indexOf(':');
  var user = colon > 0 ? decoded.slice(0, colon) : '';
  var name = lookup(CONFIG.basic.dir, sha256(decoded));
  if (name !== '' && name === user && CONFIG.basic.users.indexOf(user) >= 0) r.variables.gw_js_identity = 'b:' + user;
}
`;

const TOKEN = String.raw`function token(r, credential) {
  var name = lookup(CONFIG.tokens.dir, sha256(credential));
  if (name !== '' && CONFIG.tokens.names.indexOf(name) >= 0) r.variables.gw_js_identity = 't:' + name;
}
`;

const JWT = String.raw`var CACHE_SECONDS = ${JWT_CACHE_SECONDS};
var CACHE_ENTRIES = ${JWT_CACHE_ENTRIES};

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

function tenantsOf(value) {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length > 0 && value.every(function (t) { return typeof t === 'string'; })) return value.join('|');
  return '';
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

var RSA_ALG = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
var EC_ALG = [0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

function spki(jwk) {
  var key = jwk.kty === 'RSA'
    ? der(0x30, integer(bytes(jwk.n)).concat(integer(bytes(jwk.e))))
    : [0x04].concat(bytes(jwk.x), bytes(jwk.y));
  return Buffer.from(der(0x30, (jwk.kty === 'RSA' ? RSA_ALG : EC_ALG).concat(der(0x03, [0].concat(key)))));
}

// The key must be of the algorithm's type and size, and not meant for something else.
function fits(jwk, alg) {
  if (!jwk || (jwk.alg !== undefined && jwk.alg !== alg) || (jwk.use !== undefined && jwk.use !== 'sig')) return false;
  if (alg === 'RS256') return jwk.kty === 'RSA' && typeof jwk.n === 'string' && typeof jwk.e === 'string' && bytes(jwk.n).length >= 256;
  return jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.x === 'string' && typeof jwk.y === 'string' && bytes(jwk.x).length === 32 && bytes(jwk.y).length === 32;
}

var ALGORITHMS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
};

function keyOf(kid, alg) {
  var set = JSON.parse(fs.readFileSync(CONFIG.jwt.jwks, 'utf8'));
  var keys = Array.isArray(set.keys) ? set.keys : [];
  var key = keys.find(function (k) { return k && k.kid === kid; });
  return fits(key, alg) ? key : undefined;
}

// Verified tokens' verdicts: '<digest>.<expiry>' files holding 'identity|tenants', shared by the workers, so a
// token's signature is verified once a minute at most instead of on every request.
function entries(dir) {
  try {
    return fs.readdirSync(dir);
  } catch (e) {
    try { fs.mkdirSync(dir); } catch (e2) { /* made by another worker */ }
    return [];
  }
}

function recalled(digest, now) {
  var dir = CONFIG.jwt.cache;
  var names = entries(dir);
  var prefix = digest + '.';
  var entry = names.find(function (n) { return n.startsWith(prefix); });
  return entry && Number(entry.slice(prefix.length)) > now ? fs.readFileSync(dir + '/' + entry, 'utf8') : '';
}

function remember(digest, until, verdict, now) {
  var dir = CONFIG.jwt.cache;
  var names = entries(dir);
  names.forEach(function (n) {
    if (n.charAt(0) !== '.' && !(Number(n.slice(n.lastIndexOf('.') + 1)) > now)) {
      try { fs.unlinkSync(dir + '/' + n); } catch (e) { /* another worker removed it */ }
    }
  });
  if (names.length >= CACHE_ENTRIES) return;
  var temporary = dir + '/.' + digest + '.' + process.pid;
  fs.writeFileSync(temporary, verdict);
  fs.renameSync(temporary, dir + '/' + digest + '.' + until);
}

function admit(r, verdict) {
  var bar = verdict.indexOf('|');
  r.variables.gw_js_claimed = verdict.slice(bar + 1);
  r.variables.gw_js_identity = verdict.slice(0, bar);
}

function jwt(r, credential) {
  var now = Math.floor(Date.now() / 1000);
  var digest = sha256(credential);
  var verdict = recalled(digest, now);
  if (verdict !== '') return admit(r, verdict);
  var parts = credential.split('.');
  var header = json64(parts[0]);
  var payload = json64(parts[1]);
  if (header === null || payload === null) return;
  var alg = header.alg;
  var c = CONFIG.jwt;
  if (typeof alg !== 'string' || c.algorithms.indexOf(alg) < 0 || typeof header.kid !== 'string') return;
  if (payload.iss !== c.issuer || !holds(payload.aud, c.audience) || !timely(payload, now, c.skew)) return;
  var rule = c.rules.find(function (x) { return !x.match || holds(claim(payload, x.match.claim), x.match.value); });
  if (!rule) return;
  var claimed = rule.tenantClaim ? tenantsOf(claim(payload, rule.tenantClaim)) : '';
  if (rule.tenantClaim && claimed === '') return;
  var jwk = keyOf(header.kid, alg);
  if (!jwk) return;
  var signature = Buffer.from(parts[2], 'base64url');
  crypto.subtle.importKey('spki', spki(jwk), ALGORITHMS[alg], false, ['verify'])
    .then(function (key) { return crypto.subtle.verify(ALGORITHMS[alg], key, signature, parts[0] + '.' + parts[1]); })
    .then(function (ok) {
      if (!ok) return;
      var verdict = rule.key + '|' + claimed;
      admit(r, verdict);
      remember(digest, Math.min(payload.exp + c.skew, now + CACHE_SECONDS), verdict, now);
    })
    .catch(function (e) { r.log('gateway: token refused: ' + e.message); });
}

// The verdicts' directory, made when nginx loads the script (and again on first use if /tmp was emptied).
try { fs.mkdirSync(CONFIG.jwt.cache); } catch (e) { /* exists already */ }
`;
