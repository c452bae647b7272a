// The gateway section: whether it is deployed, its pod, its certificates' names and issuer, who may reach it, and
// the identities (client certificates, basic-auth users, trusted proxies) with their tenants and permissions.
import * as D from '../defaults';
import { CertificateIssuer, ClusterSize, IssuerKind, MimirClusterProps } from '../definition';
import { Problems } from '../errors';
import { GatewayServiceType } from '../front-door';
import { IssuerRefPlan } from '../certs/plan';
import { ResolvedResources } from '../model';
import { isDnsSubdomain, isPlainObject, isPositiveInt, show } from '../validate';
import { checkAuthentication, CheckedIdentity, CheckedJwt, presentsCertificate, presentsCredential, stringList } from './gateway-identities';
import { checkKeys, optionalBoolean } from './helpers';
import { resolveResources } from './resources';
import { CheckedPeer, peers } from './peers';
import { FederationNeeds } from './tenancy';


const GATEWAY_KEYS = ['enabled', 'replicas', 'image', 'resources', 'hostnames', 'serverIssuer', 'serviceType', 'allowedClients', 'failedAuthRatePerSecond', 'credentialCacheSeconds', 'authentication'];
const AUTH_KEYS = ['clientCertificates', 'basicAuth', 'bearerTokens', 'jwt', 'trustedProxies'];

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
  readonly basicAuth?: { readonly secretName: string };
  readonly bearerTokens?: { readonly secretName: string };
  readonly jwt?: CheckedJwt;
  /** Failed authentications per second and client address before 429. */
  readonly failedAuthRate: number;
  /** Seconds a verified credential's verdict is cached (0: none). */
  readonly credentialCacheSeconds: number;
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
  const failedAuthRate = g.failedAuthRatePerSecond ?? D.DEFAULT_GATEWAY_FAILED_AUTH_RATE;
  if (!isPositiveInt(failedAuthRate)) problems.add('gateway.failedAuthRatePerSecond', `is ${show(failedAuthRate)}`, 'Use a whole number of at least 1');
  const credentialCacheSeconds = g.credentialCacheSeconds ?? D.DEFAULT_GATEWAY_CREDENTIAL_CACHE_SECONDS;
  if (!Number.isInteger(credentialCacheSeconds) || credentialCacheSeconds < 0 || credentialCacheSeconds > 300) {
    problems.add('gateway.credentialCacheSeconds', `is ${show(credentialCacheSeconds)}`, 'Use a whole number of seconds from 0 (check every request) to 300');
  }
  return {
    replicas, image, hostnames, serverIssuer, serviceType, allowedClients, failedAuthRate, credentialCacheSeconds,
    ...checkAuthentication(problems, isPlainObject(auth) ? auth : {}),
    resources: resolveResources(problems, 'gateway.resources', g.resources, { replicas: D.DEFAULT_GATEWAY_REPLICAS, ...D.DEFAULT_GATEWAY_RESOURCES }),
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


/** Identities that present a certificate of the gateway's clients CA (client certificates and trusted proxies). */
export function certificateIdentities(gateway: CheckedGateway): CheckedIdentity[] {
  return gateway.identities.filter(presentsCertificate);
}

/** Identities the gateway's JavaScript resolves from the Authorization header (basic auth, tokens, JWT). */
export function credentialIdentities(gateway: CheckedGateway): CheckedIdentity[] {
  return gateway.identities.filter(presentsCredential);
}

/** What tenancy must allow for these identities. */
export function federationNeeds(gateway: CheckedGateway | undefined): FederationNeeds {
  const ids = gateway?.identities ?? [];
  const lists = ids.filter((i) => i.readTenants.length > 1).map((i) => i.readTenants.length);
  const proxies = ids.filter((i) => i.claimed && i.allowFederation);
  const unbounded = proxies.some((p) => !p.allowedTenants);
  const maxTenants = unbounded ? undefined : Math.max(0, ...lists, ...proxies.map((p) => p.allowedTenants!.length));
  return { federated: lists.length > 0 || proxies.length > 0, maxTenants: maxTenants || undefined };
}
