// The gateway's JavaScript (nginx's njs module): it turns the Authorization header into an identity key.
// - Basic: SHA-256 of "user:password" names a file in the basic digests directory whose content is the user name.
// - Bearer, opaque: SHA-256 of the token names a file in the token digests directory whose content is its name.
// - Bearer, JWT: RS256/ES256 signature verified with the key of the token's `kid` from the JWKS document, then
//   issuer, audience, expiry and not-before, then the first rule whose claim matches names the identity.
// Unknown users, wrong passwords and unknown tokens take the same path (a digest and a failed file open), so their
// timing tells nothing. The script is written for njs 0.7 and later (Debian's and the nginx images'): WebCrypto's
// promises settle before the variable handler returns, and the verdict is written into js_var variables.
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

export function renderScript(config: ScriptConfig): string {
  return `// Rendered by cdk8s-mimir: the gateway's credential check (see the library's README, "Front door").\nvar CONFIG = ${JSON.stringify(config)};\n${SOURCE}`;
}

const SOURCE = String.raw`var fs = require('fs');
var hash = require('crypto');

function sha256(s) {
  return hash.createHash('sha256').update(s).digest('hex');
}

// The content of the digest's file, or '' when there is none. Listing the directory first keeps a missing file
// from raising an error, whose first occurrence in a request costs far more than a read (and would tell).
function lookup(dir, digest) {
  return fs.readdirSync(dir).indexOf(digest) >= 0 ? fs.readFileSync(dir + '/' + digest, 'utf8').trim() : '';
}

function basic(r, credential) {
  var decoded = Buffer.from(credential, 'base64').toString();
  var colon = decoded.indexOf(':');
  var user = colon > 0 ? decoded.slice(0, colon) : '';
  var name = lookup(CONFIG.basic.dir, sha256(decoded));
  if (name !== '' && name === user && CONFIG.basic.users.indexOf(user) >= 0) r.variables.gw_js_identity = 'b:' + user;
}

function token(r, credential) {
  var name = lookup(CONFIG.tokens.dir, sha256(credential));
  if (name !== '' && CONFIG.tokens.names.indexOf(name) >= 0) r.variables.gw_js_identity = 't:' + name;
}

function json64(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString());
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

function claimsFit(p) {
  var c = CONFIG.jwt;
  return p.iss === c.issuer && holds(p.aud, c.audience) && timely(p, Date.now() / 1000, c.skew);
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

function jwt(r, credential) {
  var parts = credential.split('.');
  var header = json64(parts[0]);
  var payload = json64(parts[1]);
  var alg = header.alg;
  if (typeof alg !== 'string' || CONFIG.jwt.algorithms.indexOf(alg) < 0 || typeof header.kid !== 'string') return;
  if (payload === null || typeof payload !== 'object' || !claimsFit(payload)) return;
  var rule = CONFIG.jwt.rules.find(function (x) { return !x.match || holds(claim(payload, x.match.claim), x.match.value); });
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
      r.variables.gw_js_claimed = claimed;
      r.variables.gw_js_identity = rule.key;
    })
    .catch(function (e) { r.log('gateway: token refused: ' + e.message); });
}

// The variable handler: starts the check; the verdict is in $gw_js_identity (and $gw_js_claimed).
function identify(r) {
  var header = r.headersIn.Authorization;
  if (typeof header !== 'string') return '';
  var space = header.indexOf(' ');
  var scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
  var credential = header.slice(space + 1).trim();
  try {
    if (scheme === 'basic' && CONFIG.basic) basic(r, credential);
    else if (scheme === 'bearer' && CONFIG.jwt && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential)) jwt(r, credential);
    else if (scheme === 'bearer' && CONFIG.tokens) token(r, credential);
  } catch (e) {
    r.log('gateway: credential refused: ' + e.message);
  }
  return '';
}

export default { identify };
`;
