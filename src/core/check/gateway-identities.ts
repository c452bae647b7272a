// The gateway's identities: client certificates, basic-auth users, bearer tokens, JWT claim rules and trusted
// proxies, each with its tenants and permissions. Names are compared exactly by the gateway; two names that differ
// only in letter case are refused here, so no map of nginx (whose string keys ignore case) can confuse them.
import { Problems } from '../errors';
import { GatewayIdentityOptions, GatewayPermission, JwtAlgorithm } from '../front-door';
import { isDnsLabel, isDnsSubdomain, isPlainObject, show } from '../validate';
import { checkKeys, optionalBoolean, requireString } from './helpers';
import { tenantIdProblem } from './tenancy';

const IDENTITY_KEYS = ['tenant', 'federatedReadTenants', 'permissions'];
/** Basic-auth user names: what a Secret key may hold too, so the name reads the same everywhere. */
const USERNAME = /^[A-Za-z0-9._-]{1,64}$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const DEFAULT_JWKS_KEY = 'jwks.json';
const DEFAULT_CLOCK_SKEW_SECONDS = 60;

export type IdentityKind = 'certificate' | 'basic' | 'token' | 'jwt' | 'proxy';
/** The prefix of each kind's identity key in the gateway's maps. */
const KEY_PREFIX: { readonly [k in IdentityKind]: string } = { certificate: 'c', basic: 'b', token: 't', jwt: 'j', proxy: 'p' };

export interface CheckedIdentity {
  readonly kind: IdentityKind;
  /** The identity's key in the gateway's maps: `<kind prefix>:<name>`. */
  readonly key: string;
  /** Certificate CN, user name, token or rule name. */
  readonly name: string;
  readonly field: string;
  /** Static tenant (identities that do not claim one). */
  readonly tenant?: string;
  /** Tenants of reads; [tenant] unless federated; empty when claimed. */
  readonly readTenants: readonly string[];
  readonly permissions: ReadonlySet<GatewayPermission>;
  /** The caller names the tenant (trusted proxies: X-Scope-OrgID; JWT rules: a claim). */
  readonly claimed: boolean;
  /** Claimed tenants: those it may name (undefined: any), and whether it may send a list. */
  readonly allowedTenants?: readonly string[];
  readonly allowFederation?: boolean;
}

/** Identities that present a certificate of the gateway's clients CA (client certificates and trusted proxies). */
export const presentsCertificate = (i: CheckedIdentity) => i.kind === 'certificate' || i.kind === 'proxy';
/** Identities the gateway's JavaScript resolves from the Authorization header (basic auth, tokens, JWT). */
export const presentsCredential = (i: CheckedIdentity) => i.kind === 'basic' || i.kind === 'token' || i.kind === 'jwt';

export interface CheckedJwtRule {
  readonly key: string;
  readonly match?: { readonly claim: string; readonly value: string };
  readonly tenantClaim?: string;
}

export interface CheckedJwt {
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly JwtAlgorithm[];
  readonly clockSkewSeconds: number;
  readonly keySet: { readonly secretName?: string; readonly configMapName?: string; readonly key: string };
  readonly rules: readonly CheckedJwtRule[];
}

export interface CheckedAuthentication {
  readonly identities: readonly CheckedIdentity[];
  readonly basicAuth?: { readonly secretName: string };
  readonly bearerTokens?: { readonly secretName: string };
  readonly jwt?: CheckedJwt;
}

type Entry = [any, string];

export function checkAuthentication(problems: Problems, auth: any): CheckedAuthentication {
  const out: CheckedIdentity[] = [];
  for (const [c, field] of list(problems, 'gateway.authentication.clientCertificates', auth.clientCertificates)) {
    checkKeys(problems, field, c, ['name', ...IDENTITY_KEYS]);
    out.push(staticIdentity(problems, 'certificate', field, nameOf(problems, field, c.name), c, [GatewayPermission.READ, GatewayPermission.WRITE]));
  }
  const basicAuth = credentialSection(problems, 'gateway.authentication.basicAuth', auth.basicAuth, 'users', (u, field) => {
    checkKeys(problems, field, u, ['username', ...IDENTITY_KEYS]);
    if (typeof u.username !== 'string' || !USERNAME.test(u.username)) problems.add(`${field}.username`, `is ${show(u.username)}`, 'Use 1 to 64 letters, digits and . _ -');
    out.push(staticIdentity(problems, 'basic', field, String(u.username), u, [GatewayPermission.READ, GatewayPermission.WRITE]));
  });
  const bearerTokens = credentialSection(problems, 'gateway.authentication.bearerTokens', auth.bearerTokens, 'tokens', (t, field) => {
    checkKeys(problems, field, t, ['name', ...IDENTITY_KEYS]);
    out.push(staticIdentity(problems, 'token', field, nameOf(problems, field, t.name), t, [GatewayPermission.READ, GatewayPermission.WRITE]));
  });
  const jwt = auth.jwt === undefined ? undefined : checkJwt(problems, auth.jwt, out);
  for (const [p, field] of list(problems, 'gateway.authentication.trustedProxies', auth.trustedProxies)) {
    checkKeys(problems, field, p, ['name', 'allowedTenants', 'allowFederation', 'permissions']);
    out.push(claimedIdentity(problems, 'proxy', field, nameOf(problems, field, p.name), p));
  }
  refuseCollisions(problems, out);
  return { identities: out, basicAuth, bearerTokens, jwt };
}

/** A Secret of digests and the identities it names (basic auth, bearer tokens). */
function credentialSection(problems: Problems, field: string, value: any, listKey: string, each: (e: any, field: string) => void): { secretName: string } | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    problems.add(field, `is ${show(value)}`, `Give { secretName, ${listKey} }`);
    return undefined;
  }
  checkKeys(problems, field, value, ['secretName', listKey]);
  const secretName = requireString(problems, `${field}.secretName`, value.secretName, 'Name the Secret holding the digests');
  if (secretName && !isDnsSubdomain(secretName)) problems.add(`${field}.secretName`, `is "${secretName}", not a Secret name`, 'Use the name of a Secret in the cluster\'s namespace');
  const entries = list(problems, `${field}.${listKey}`, value[listKey]);
  if (entries.length === 0) problems.add(`${field}.${listKey}`, 'is empty, so no credential could be accepted', `List the ${listKey} the Secret's digests name`);
  entries.forEach(([e, f]) => each(e, f));
  return secretName ? { secretName } : undefined;
}

function checkJwt(problems: Problems, j: any, out: CheckedIdentity[]): CheckedJwt | undefined {
  const field = 'gateway.authentication.jwt';
  if (!isPlainObject(j)) {
    problems.add(field, `is ${show(j)}`, 'Give { issuer, audience, keySet, rules }');
    return undefined;
  }
  checkKeys(problems, field, j, ['issuer', 'audience', 'keySet', 'algorithms', 'clockSkewSeconds', 'rules']);
  const issuer = requireString(problems, `${field}.issuer`, j.issuer, 'Give the issuer URL your identity provider writes in "iss"') ?? '';
  const audience = requireString(problems, `${field}.audience`, j.audience, 'Give the audience ("aud") the tokens are issued for, e.g. the client ID') ?? '';
  const algorithms: JwtAlgorithm[] = j.algorithms ?? [JwtAlgorithm.RS256, JwtAlgorithm.ES256];
  if (!Array.isArray(algorithms) || algorithms.length === 0 || algorithms.some((a) => !Object.values(JwtAlgorithm).includes(a))) {
    problems.add(`${field}.algorithms`, `is ${show(j.algorithms)}`, `Give a non-empty list of ${Object.values(JwtAlgorithm).join(', ')} (none and HMAC are never accepted)`);
  }
  const skew = j.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  if (!Number.isInteger(skew) || skew < 0 || skew > 600) problems.add(`${field}.clockSkewSeconds`, `is ${show(skew)}`, 'Use a whole number of seconds from 0 to 600');
  const rules = list(problems, `${field}.rules`, j.rules);
  if (rules.length === 0) problems.add(`${field}.rules`, 'is empty, so no token could be accepted', 'Give at least one rule mapping claims to a tenant');
  const checkedRules = rules.map(([r, f]) => jwtRule(problems, f, r, out));
  return { issuer, audience, algorithms: Array.isArray(algorithms) ? algorithms : [], clockSkewSeconds: skew, keySet: keySetOf(problems, `${field}.keySet`, j.keySet), rules: checkedRules };
}

function keySetOf(problems: Problems, field: string, k: any): CheckedJwt['keySet'] {
  if (!isPlainObject(k)) {
    problems.add(field, `is ${show(k)}`, 'Give { secretName } or { configMapName } of the JWKS document');
    return { key: DEFAULT_JWKS_KEY };
  }
  checkKeys(problems, field, k, ['secretName', 'configMapName', 'key']);
  if ((k.secretName === undefined) === (k.configMapName === undefined)) problems.add(field, 'names neither or both of secretName and configMapName', 'Name exactly one place holding the JWKS document');
  for (const n of ['secretName', 'configMapName']) if (k[n] !== undefined && (typeof k[n] !== 'string' || !isDnsSubdomain(k[n]))) problems.add(`${field}.${n}`, `is ${show(k[n])}`, 'Use the name of an object in the cluster\'s namespace');
  const key = k.key ?? DEFAULT_JWKS_KEY;
  if (typeof key !== 'string' || !SECRET_KEY.test(key)) problems.add(`${field}.key`, `is ${show(key)}`, 'Use a key name of letters, digits and - . _');
  return { secretName: k.secretName, configMapName: k.configMapName, key };
}

function jwtRule(problems: Problems, field: string, r: any, out: CheckedIdentity[]): CheckedJwtRule {
  checkKeys(problems, field, r, ['name', 'match', 'tenant', 'federatedReadTenants', 'tenantClaim', 'allowedTenants', 'allowFederation', 'permissions']);
  const name = nameOf(problems, field, r.name);
  const match = r.match === undefined ? undefined : claimMatch(problems, `${field}.match`, r.match);
  if ((r.tenant === undefined) === (r.tenantClaim === undefined)) problems.add(field, 'names neither or both of tenant and tenantClaim', 'Give a fixed tenant, or the claim that names it');
  if (r.tenantClaim !== undefined) {
    if (typeof r.tenantClaim !== 'string' || r.tenantClaim === '') problems.add(`${field}.tenantClaim`, `is ${show(r.tenantClaim)}`, 'Name the claim holding the tenant');
    for (const k of ['federatedReadTenants']) if (r[k] !== undefined) problems.add(`${field}.${k}`, 'is set with tenantClaim', 'Use allowedTenants and allowFederation with a claimed tenant');
    out.push(claimedIdentity(problems, 'jwt', field, name, r));
    return { key: `j:${name}`, match, tenantClaim: r.tenantClaim };
  }
  for (const k of ['allowedTenants', 'allowFederation']) if (r[k] !== undefined) problems.add(`${field}.${k}`, 'is set with a fixed tenant', 'Use federatedReadTenants with a fixed tenant');
  out.push(staticIdentity(problems, 'jwt', field, name, r, [GatewayPermission.READ]));
  return { key: `j:${name}`, match };
}

function claimMatch(problems: Problems, field: string, m: any): CheckedJwtRule['match'] {
  if (!isPlainObject(m) || typeof m.claim !== 'string' || m.claim === '' || typeof m.value !== 'string') {
    problems.add(field, `is ${show(m)}`, 'Give { claim, value }, e.g. { claim: "groups", value: "team-a-writers" }');
    return undefined;
  }
  checkKeys(problems, field, m, ['claim', 'value']);
  return { claim: m.claim, value: m.value };
}

function staticIdentity(problems: Problems, kind: IdentityKind, field: string, name: string, o: GatewayIdentityOptions, defaults: GatewayPermission[]): CheckedIdentity {
  const tenantProblem = tenantIdProblem(o.tenant);
  if (tenantProblem) problems.add(`${field}.tenant`, tenantProblem, 'Give the tenant this identity writes to and reads from');
  const federated = o.federatedReadTenants === undefined ? undefined
    : stringList(problems, `${field}.federatedReadTenants`, o.federatedReadTenants, (t) => tenantIdProblem(t) === undefined, 'Use tenant IDs');
  if (federated && federated.length < 2) problems.add(`${field}.federatedReadTenants`, `lists ${federated.length} tenant`, 'List at least two tenants, or leave it out to read the identity\'s tenant only');
  return {
    kind, key: `${KEY_PREFIX[kind]}:${name}`, name, field, claimed: false, tenant: o.tenant,
    readTenants: federated && federated.length ? federated : [o.tenant], permissions: permissionsOf(problems, field, o.permissions, defaults),
  };
}

function claimedIdentity(problems: Problems, kind: IdentityKind, field: string, name: string, p: any): CheckedIdentity {
  const allowedTenants = p.allowedTenants === undefined ? undefined : stringList(problems, `${field}.allowedTenants`, p.allowedTenants, (t) => tenantIdProblem(t) === undefined, 'Use tenant IDs');
  if (allowedTenants && allowedTenants.length === 0) problems.add(`${field}.allowedTenants`, 'is empty, so no tenant could be named', 'List its tenants, or leave allowedTenants out to allow any');
  const allowFederation = optionalBoolean(problems, `${field}.allowFederation`, p.allowFederation) ?? false;
  return {
    kind, key: `${KEY_PREFIX[kind]}:${name}`, name, field, claimed: true, readTenants: [], allowedTenants, allowFederation,
    permissions: permissionsOf(problems, field, p.permissions, [GatewayPermission.READ]),
  };
}

/** Names must differ in more than letter case: within a kind (exact matching), and certificates with proxies (one DN map). */
function refuseCollisions(problems: Problems, ids: readonly CheckedIdentity[]): void {
  const seen = new Map<string, CheckedIdentity>();
  for (const id of ids) {
    const space = id.kind === 'proxy' ? 'certificate' : id.kind;
    const key = `${space}:${id.name.toLowerCase()}`;
    const other = seen.get(key);
    if (!other) seen.set(key, id);
    else if (other.name === id.name) problems.add(id.field, `has the same name as ${other.field} ("${id.name}")`, 'Give every identity its own name');
    else problems.add(id.field, `has the name "${id.name}", which differs from ${other.field} ("${other.name}") only in letter case`, 'Give identities names that differ in more than case: the gateway compares them exactly, and a look-alike name invites mistakes');
  }
}

export function stringList(problems: Problems, field: string, value: unknown, valid: (s: string) => boolean, fix: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(field, `is ${show(value)}, not a list`, fix);
    return [];
  }
  value.forEach((v, i) => { if (typeof v !== 'string' || !valid(v)) problems.add(`${field}[${i}]`, `is ${show(v)}`, fix); });
  if (new Set(value).size !== value.length) problems.add(field, 'has duplicates', 'List each entry once');
  return value.filter((v) => typeof v === 'string');
}

function list(problems: Problems, field: string, value: unknown): Entry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(field, `is ${show(value)}, not a list`, 'Give a list of identities');
    return [];
  }
  return value.map((v, i) => [v, `${field}[${i}]`] as Entry).filter(([v, f]) => {
    if (!isPlainObject(v)) problems.add(f, `is ${show(v)}`, 'Give an object');
    return isPlainObject(v);
  });
}

function nameOf(problems: Problems, field: string, name: unknown): string {
  if (typeof name !== 'string' || !isDnsLabel(name) || name.length > 40) {
    problems.add(`${field}.name`, `is ${show(name)}`, 'Use 1 to 40 lower-case letters, digits and "-" (a certificate\'s Common Name, a Secret value, a log field)');
    return 'invalid';
  }
  return name;
}

function permissionsOf(problems: Problems, field: string, value: unknown, defaults: GatewayPermission[]): ReadonlySet<GatewayPermission> {
  if (value === undefined) return new Set(defaults);
  if (!Array.isArray(value) || value.length === 0 || value.some((p) => !Object.values(GatewayPermission).includes(p))) {
    problems.add(`${field}.permissions`, `is ${show(value)}`, `Give a non-empty list of ${Object.values(GatewayPermission).join(', ')}`);
    return new Set();
  }
  return new Set(value as GatewayPermission[]);
}
