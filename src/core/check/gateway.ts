// The gateway section: whether it is deployed, its pod, its certificates' names and issuer, who may reach it, and
// the identities (client certificates, basic-auth users, trusted proxies) with their tenants and permissions.
import * as D from '../defaults';
import { CertificateIssuer, ClusterSize, IssuerKind, MimirClusterProps } from '../definition';
import { Problems } from '../errors';
import { GatewayIdentityOptions, GatewayPermission, GatewayServiceType } from '../front-door';
import { IssuerRefPlan } from '../certs/plan';
import { ResolvedResources } from '../model';
import { isDnsLabel, isDnsSubdomain, isPlainObject, isPositiveInt, show } from '../validate';
import { checkKeys, optionalBoolean, requireString } from './helpers';
import { resolveResources } from './resources';
import { CheckedPeer, peers } from './peers';
import { FederationNeeds, tenantIdProblem } from './tenancy';

const GATEWAY_KEYS = ['enabled', 'replicas', 'image', 'resources', 'hostnames', 'serverIssuer', 'serviceType', 'allowedClients', 'authentication'];
const AUTH_KEYS = ['clientCertificates', 'basicAuth', 'trustedProxies'];
const IDENTITY_KEYS = ['tenant', 'federatedReadTenants', 'permissions'];
const USERNAME = /^[A-Za-z0-9._@+-]{1,64}$/;

export type IdentityKind = 'certificate' | 'basic' | 'proxy';

export interface CheckedIdentity {
  readonly kind: IdentityKind;
  /** The identity's key in the gateway's maps: `c:<name>`, `b:<user>` or `p:<name>`. */
  readonly key: string;
  /** Certificate CN or user name. */
  readonly name: string;
  readonly field: string;
  /** Static tenant (certificate and basic identities). */
  readonly tenant?: string;
  /** Tenants of reads; [tenant] unless federated. */
  readonly readTenants: readonly string[];
  readonly permissions: ReadonlySet<GatewayPermission>;
  /** Trusted proxies: the tenants it may name (undefined: any), and whether it may send a list. */
  readonly allowedTenants?: readonly string[];
  readonly allowFederation?: boolean;
}

export interface CheckedGateway {
  readonly replicas: number;
  readonly image: string;
  readonly resources: ResolvedResources;
  readonly hostnames: readonly string[];
  readonly serverIssuer?: IssuerRefPlan;
  readonly serviceType: GatewayServiceType;
  /** Undefined: anyone. */
  readonly allowedClients?: readonly CheckedPeer[];
  readonly identities: readonly CheckedIdentity[];
  readonly basicAuth?: { readonly secretName: string; readonly key: string };
}

export function checkGateway(problems: Problems, def: MimirClusterProps, size: ClusterSize, certificates: MimirClusterProps['certificates'], byDefault = true): CheckedGateway | undefined {
  const g: any = def.gateway ?? {};
  if (!isPlainObject(g)) {
    problems.add('gateway', `is ${show(g)}`, 'Give an object of GatewayOptions');
    return undefined;
  }
  checkKeys(problems, 'gateway', g, GATEWAY_KEYS);
  if (!(optionalBoolean(problems, 'gateway.enabled', g.enabled) ?? (byDefault && size !== ClusterSize.DEV))) return undefined;
  const replicas = g.replicas ?? D.DEFAULT_GATEWAY_REPLICAS;
  if (!isPositiveInt(replicas)) problems.add('gateway.replicas', `is ${show(replicas)}`, 'Use a whole number of at least 1 (2 or more keep the front door up during a rollout)');
  const image = g.image ?? D.DEFAULT_GATEWAY_IMAGE;
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) problems.add('gateway.image', `is ${show(image)}`, 'Give an nginx image reference');
  const hostnames = stringList(problems, 'gateway.hostnames', g.hostnames, isDnsSubdomain, 'Use DNS names such as "mimir.example.com"');
  const serverIssuer = issuerOf(problems, g.serverIssuer, hostnames, (certificates?.issuer as CertificateIssuer | undefined)?.isStatic === true);
  const serviceType = g.serviceType ?? GatewayServiceType.CLUSTER_IP;
  if (!Object.values(GatewayServiceType).includes(serviceType)) problems.add('gateway.serviceType', `is ${show(serviceType)}`, `Use one of ${Object.values(GatewayServiceType).join(', ')}`);
  const allowedClients = g.allowedClients === undefined ? undefined : peers(problems, 'gateway.allowedClients', g.allowedClients);
  const auth: any = g.authentication ?? {};
  if (!isPlainObject(auth)) problems.add('gateway.authentication', `is ${show(auth)}`, 'Give { clientCertificates, basicAuth, trustedProxies }');
  else checkKeys(problems, 'gateway.authentication', auth, AUTH_KEYS);
  const identities = checkIdentities(problems, isPlainObject(auth) ? auth : {});
  return {
    replicas, image, hostnames, serverIssuer, serviceType, allowedClients, identities,
    resources: resolveResources(problems, 'gateway.resources', g.resources, { replicas: D.DEFAULT_GATEWAY_REPLICAS, ...D.DEFAULT_GATEWAY_RESOURCES }),
    basicAuth: auth.basicAuth && isPlainObject(auth.basicAuth)
      ? { secretName: auth.basicAuth.secretName, key: auth.basicAuth.secretKey ?? D.DEFAULT_HTPASSWD_KEY } : undefined,
  };
}

function issuerOf(problems: Problems, ref: any, hostnames: readonly string[], isStatic: boolean): IssuerRefPlan | undefined {
  if (ref === undefined) return undefined;
  if (!isPlainObject(ref) || typeof ref.name !== 'string' || !isDnsSubdomain(ref.name)) {
    problems.add('gateway.serverIssuer', `is ${show(ref)}`, 'Give { name, kind } of an existing cert-manager Issuer or ClusterIssuer');
    return undefined;
  }
  const kind = ref.kind ?? IssuerKind.ISSUER;
  if (!Object.values(IssuerKind).includes(kind)) problems.add('gateway.serverIssuer.kind', `is ${show(kind)}`, 'Use IssuerKind.ISSUER or IssuerKind.CLUSTER_ISSUER');
  if (hostnames.length === 0) problems.add('gateway.hostnames', 'is empty while gateway.serverIssuer is set, so the server certificate would have no name', 'Give the public DNS names the issuer may sign');
  if (isStatic) problems.add('gateway.serverIssuer', 'is set while certificates are issued at synth time (CertificateIssuer.staticSecrets()), which cannot ask another issuer', 'Remove gateway.serverIssuer, or issue with cert-manager');
  return { name: ref.name, kind, group: ref.group ?? 'cert-manager.io' };
}

function stringList(problems: Problems, field: string, value: unknown, valid: (s: string) => boolean, fix: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(field, `is ${show(value)}, not a list`, fix);
    return [];
  }
  value.forEach((v, i) => { if (typeof v !== 'string' || !valid(v)) problems.add(`${field}[${i}]`, `is ${show(v)}`, fix); });
  if (new Set(value).size !== value.length) problems.add(field, 'has duplicates', 'List each entry once');
  return value.filter((v) => typeof v === 'string');
}

function checkIdentities(problems: Problems, auth: any): CheckedIdentity[] {
  const out: CheckedIdentity[] = [];
  list(problems, 'gateway.authentication.clientCertificates', auth.clientCertificates).forEach(([c, field]) => {
    checkKeys(problems, field, c, ['name', ...IDENTITY_KEYS]);
    const name = certName(problems, field, c.name);
    out.push({ kind: 'certificate', key: `c:${name}`, name, field, ...tenantsOf(problems, field, c, [GatewayPermission.READ, GatewayPermission.WRITE]) });
  });
  const basic = auth.basicAuth;
  if (basic !== undefined) {
    if (!isPlainObject(basic)) problems.add('gateway.authentication.basicAuth', `is ${show(basic)}`, 'Give { secretName, users }');
    else {
      checkKeys(problems, 'gateway.authentication.basicAuth', basic, ['secretName', 'secretKey', 'users']);
      const s = requireString(problems, 'gateway.authentication.basicAuth.secretName', basic.secretName, 'Name the Secret holding the htpasswd file');
      if (s && !isDnsSubdomain(s)) problems.add('gateway.authentication.basicAuth.secretName', `is "${s}", not a Secret name`, 'Use the name of a Secret in the cluster\'s namespace');
      if (basic.secretKey !== undefined && (typeof basic.secretKey !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(basic.secretKey))) problems.add('gateway.authentication.basicAuth.secretKey', `is ${show(basic.secretKey)}`, 'Give the key of the htpasswd file in the Secret');
      list(problems, 'gateway.authentication.basicAuth.users', basic.users).forEach(([u, field]) => {
        checkKeys(problems, field, u, ['username', ...IDENTITY_KEYS]);
        if (typeof u.username !== 'string' || !USERNAME.test(u.username)) problems.add(`${field}.username`, `is ${show(u.username)}`, 'Use 1 to 64 letters, digits and . _ @ + -');
        out.push({ kind: 'basic', key: `b:${u.username}`, name: u.username, field, ...tenantsOf(problems, field, u, [GatewayPermission.READ, GatewayPermission.WRITE]) });
      });
    }
  }
  list(problems, 'gateway.authentication.trustedProxies', auth.trustedProxies).forEach(([p, field]) => out.push(trustedProxy(problems, field, p)));
  const seen = new Map<string, string>();
  for (const id of out) {
    const dnKey = id.kind === 'basic' ? id.key : `cert:${id.name}`;
    if (seen.has(dnKey)) problems.add(id.field, `has the same ${id.kind === 'basic' ? 'user name' : 'certificate name'} as ${seen.get(dnKey)}`, 'Give every identity its own name');
    else seen.set(dnKey, id.field);
  }
  return out;
}

function trustedProxy(problems: Problems, field: string, p: any): CheckedIdentity {
  checkKeys(problems, field, p, ['name', 'allowedTenants', 'allowFederation', 'permissions']);
  const name = certName(problems, field, p.name);
  const allowedTenants = p.allowedTenants === undefined ? undefined : stringList(problems, `${field}.allowedTenants`, p.allowedTenants, (t) => tenantIdProblem(t) === undefined, 'Use tenant IDs');
  if (allowedTenants && allowedTenants.length === 0) problems.add(`${field}.allowedTenants`, 'is empty, so the proxy could name no tenant', 'List its tenants, or leave allowedTenants out to allow any');
  const allowFederation = optionalBoolean(problems, `${field}.allowFederation`, p.allowFederation) ?? false;
  return { kind: 'proxy', key: `p:${name}`, name, field, readTenants: [], allowedTenants, allowFederation, permissions: permissionsOf(problems, field, p.permissions, [GatewayPermission.READ]) };
}

function list(problems: Problems, field: string, value: unknown): [any, string][] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(field, `is ${show(value)}, not a list`, 'Give a list of identities');
    return [];
  }
  return value.map((v, i) => [v, `${field}[${i}]`] as [any, string]).filter(([v, f]) => {
    if (!isPlainObject(v)) problems.add(f, `is ${show(v)}`, 'Give an object');
    return isPlainObject(v);
  });
}

function certName(problems: Problems, field: string, name: unknown): string {
  if (typeof name !== 'string' || !isDnsLabel(name) || name.length > 40) {
    problems.add(`${field}.name`, `is ${show(name)}`, 'Use 1 to 40 lower-case letters, digits and "-" (it becomes the certificate\'s Common Name and part of its Secret name)');
    return 'invalid';
  }
  return name;
}

function tenantsOf(problems: Problems, field: string, o: GatewayIdentityOptions, defaults: GatewayPermission[]) {
  const tenantProblem = tenantIdProblem(o.tenant);
  if (tenantProblem) problems.add(`${field}.tenant`, tenantProblem, 'Give the tenant this identity writes to and reads from');
  const federated = o.federatedReadTenants === undefined ? undefined
    : stringList(problems, `${field}.federatedReadTenants`, o.federatedReadTenants, (t) => tenantIdProblem(t) === undefined, 'Use tenant IDs');
  if (federated && federated.length < 2) problems.add(`${field}.federatedReadTenants`, `lists ${federated.length} tenant`, 'List at least two tenants, or leave it out to read the identity\'s tenant only');
  return { tenant: o.tenant, readTenants: federated && federated.length ? federated : [o.tenant], permissions: permissionsOf(problems, field, o.permissions, defaults) };
}

function permissionsOf(problems: Problems, field: string, value: unknown, defaults: GatewayPermission[]): ReadonlySet<GatewayPermission> {
  if (value === undefined) return new Set(defaults);
  if (!Array.isArray(value) || value.length === 0 || value.some((p) => !Object.values(GatewayPermission).includes(p))) {
    problems.add(`${field}.permissions`, `is ${show(value)}`, `Give a non-empty list of ${Object.values(GatewayPermission).join(', ')}`);
    return new Set();
  }
  return new Set(value as GatewayPermission[]);
}

/** Identities that present a certificate of the gateway's clients CA (client certificates and trusted proxies). */
export function certificateIdentities(gateway: CheckedGateway): CheckedIdentity[] {
  return gateway.identities.filter((i) => i.kind !== 'basic');
}

/** What tenancy must allow for these identities. */
export function federationNeeds(gateway: CheckedGateway | undefined): FederationNeeds {
  const ids = gateway?.identities ?? [];
  const lists = ids.filter((i) => i.readTenants.length > 1).map((i) => i.readTenants.length);
  const proxies = ids.filter((i) => i.kind === 'proxy' && i.allowFederation);
  const unbounded = proxies.some((p) => !p.allowedTenants);
  const maxTenants = unbounded ? undefined : Math.max(0, ...lists, ...proxies.map((p) => p.allowedTenants!.length));
  return { federated: lists.length > 0 || proxies.length > 0, maxTenants: maxTenants || undefined };
}
