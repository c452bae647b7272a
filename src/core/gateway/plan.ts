// The gateway as the constructs render it: pod, Service, certificates (server, client to Mimir, its clients CA and
// one certificate per client identity), mounts, the upstream edges, and the rendered nginx.conf.
import { createHash } from 'crypto';
import { ComponentId } from '../catalog/components';
import { CheckedDefinition } from '../check/check';
import { certificateIdentities, CheckedGateway, credentialIdentities } from '../check/gateway';
import { CheckedPeer } from '../check/peers';
import { CaPlan, clientUsages, IssuerRefPlan, LeafCertificatePlan, serverUsages } from '../certs/plan';
import { GatewayPermission, GatewayServiceType } from '../front-door';
import * as D from '../defaults';
import { ResolvedResources, ResolvedTrust } from '../model';
import { GATEWAY_PATHS, GATEWAY_PORTS, PORTS, TLS_SECRET_KEYS } from '../names';
import { opensslCipherList, opensslProtocolsFrom } from '../tls/ciphers';
import { VersionInfo } from '../version';
import { NginxFiles, NginxInput, NginxUpstream, renderNginxConfig, usesScript } from './nginx';
import { renderScript, scriptConfig } from './script';
import { GatewayRoute, gatewayRoutes } from './routes';

/** One HTTPS edge from the gateway to a component. */
export interface GatewayUpstream {
  readonly component: ComponentId;
  readonly service: string;
  readonly port: number;
  /** The name nginx verifies (proxy_ssl_name) and sends as SNI: the component Service's FQDN, one of its SANs. */
  readonly serverName: string;
  /** The component's HTTP server serves TLS (off only as an acknowledged weaker choice): https, else http. */
  readonly tls: boolean;
}

export interface ResolvedGateway {
  readonly name: string;
  /** The gateway Service's DNS name in the cluster. */
  readonly serviceFqdn: string;
  readonly labels: { readonly [key: string]: string };
  readonly selector: { readonly [key: string]: string };
  readonly replicas: number;
  readonly image: string;
  readonly resources: ResolvedResources;
  readonly serviceType: GatewayServiceType;
  readonly port: number;
  readonly servicePort: number;
  readonly allowedClients?: readonly CheckedPeer[];
  readonly serverCertificate: LeafCertificatePlan;
  readonly upstreamCertificate: LeafCertificatePlan;
  readonly clientsCa?: CaPlan;
  readonly clientCertificates: readonly LeafCertificatePlan[];
  /** Secrets of credential digests, and where the JWKS document is. */
  readonly basicAuth?: { readonly secretName: string };
  readonly bearerTokens?: { readonly secretName: string };
  readonly jwks?: { readonly secretName?: string; readonly configMapName?: string; readonly key: string };
  readonly upstreams: readonly GatewayUpstream[];
  readonly routes: readonly GatewayRoute[];
  /** What nginx.conf is rendered from (tests render it again with loopback addresses and local files). */
  readonly nginx: NginxInput;
  readonly config: string;
  /** The gateway's JavaScript (credential checks); undefined when no identity needs it. */
  readonly script?: string;
  /** sha256 of config and script: a pod-template annotation, so a changed mapping rolls the pods (nginx reads maps once). */
  readonly configChecksum: string;
}

export interface GatewayInput {
  readonly checked: CheckedDefinition;
  readonly gateway: CheckedGateway;
  readonly version: VersionInfo;
  readonly issuerRef: IssuerRefPlan;
  readonly trust: ResolvedTrust;
  readonly baseLabels: { readonly [key: string]: string };
  readonly rulerApi: boolean;
  readonly alertmanagerApi: boolean;
}

export function resolveGateway(input: GatewayInput): ResolvedGateway {
  const { checked, gateway } = input;
  const { names } = checked;
  const name = names.gateway;
  const deployed = new Set(checked.components.map((c) => c.spec.id));
  const routes = gatewayRoutes({
    version: input.version, deployed, rulerApi: input.rulerApi, alertmanagerApi: input.alertmanagerApi,
    admins: gateway.identities.some((i) => i.permissions.has(GatewayPermission.ADMIN)),
  });
  const upstreams = [...new Set(routes.map((r) => r.component))].map((component) => {
    const service = names.component(component);
    const tls = checked.components.find((c) => c.spec.id === component)!.serverTls.http.tls;
    return { component, service, port: PORTS.http.port, serverName: names.fqdn(service), tls };
  });
  const nginx = nginxInput(input, routes, upstreams);
  const config = renderNginxConfig(nginx);
  const files = nginx.files;
  const script = usesScript(nginx)
    ? renderScript(scriptConfig(gateway.identities, gateway.jwt, { basic: files.basicDigests, tokens: files.tokenDigests, jwks: files.jwks }), gateway.credentialCacheSeconds)
    : undefined;
  const selector = { ...input.baseLabels, 'app.kubernetes.io/component': 'gateway' };
  return {
    name, serviceFqdn: names.fqdn(name), labels: selector, selector, replicas: gateway.replicas, image: gateway.image, resources: gateway.resources,
    serviceType: gateway.serviceType, port: GATEWAY_PORTS.https, servicePort: GATEWAY_PORTS.service,
    allowedClients: gateway.allowedClients,
    ...certificates(input),
    clientsCa: certificateIdentities(gateway).length ? clientsCaPlan(input) : undefined,
    basicAuth: gateway.basicAuth, bearerTokens: gateway.bearerTokens, jwks: gateway.jwt?.keySet, upstreams, routes, nginx, config, script,
    configChecksum: createHash('sha256').update(config).update(script ?? '').digest('hex'),
  };
}

/** The upstream name in nginx.conf of a component. */
export const upstreamName = (component: ComponentId) => `mimir_${component.replace(/-/g, '_')}`;

/** The file paths inside the gateway pod. */
export function gatewayFiles(input: Pick<GatewayInput, 'trust' | 'gateway'>): NginxFiles {
  const { trust, gateway } = input;
  const credentials = credentialIdentities(gateway).length > 0;
  return {
    serverCert: `${GATEWAY_PATHS.serverTlsDir}/${TLS_SECRET_KEYS.cert}`,
    serverKey: `${GATEWAY_PATHS.serverTlsDir}/${TLS_SECRET_KEYS.key}`,
    upstreamCert: `${GATEWAY_PATHS.upstreamTlsDir}/${TLS_SECRET_KEYS.cert}`,
    upstreamKey: `${GATEWAY_PATHS.upstreamTlsDir}/${TLS_SECRET_KEYS.key}`,
    upstreamCa: trust.configMap ? `${GATEWAY_PATHS.trustDir}/${trust.configMap.key}` : `${GATEWAY_PATHS.upstreamTlsDir}/${TLS_SECRET_KEYS.ca}`,
    clientsCa: certificateIdentities(gateway).length ? `${GATEWAY_PATHS.clientsCaDir}/${TLS_SECRET_KEYS.ca}` : undefined,
    jsModule: credentials ? GATEWAY_PATHS.jsModule : undefined,
    script: credentials ? `${GATEWAY_PATHS.configDir}/${GATEWAY_PATHS.scriptFile}` : undefined,
    basicDigests: gateway.basicAuth ? GATEWAY_PATHS.basicDigestsDir : undefined,
    tokenDigests: gateway.bearerTokens ? GATEWAY_PATHS.tokenDigestsDir : undefined,
    jwks: gateway.jwt ? `${GATEWAY_PATHS.jwksDir}/${gateway.jwt.keySet.key}` : undefined,
    tmp: GATEWAY_PATHS.tmpDir,
  };
}

function nginxInput(input: GatewayInput, routes: readonly GatewayRoute[], upstreams: readonly GatewayUpstream[]): NginxInput {
  const nginxUpstreams = new Map<ComponentId, NginxUpstream>(upstreams.map((u) => [u.component, { name: upstreamName(u.component), address: `${u.serverName}:${u.port}`, serverName: u.serverName, tls: u.tls }]));
  const policy = input.checked.tls.policy;
  return {
    listenPort: GATEWAY_PORTS.https,
    credentialPort: GATEWAY_PORTS.credentials,
    tls: { protocols: opensslProtocolsFrom(policy.minVersion), ciphers: opensslCipherList(policy.cipherSuites) },
    files: gatewayFiles(input),
    identities: input.gateway.identities,
    jwt: input.gateway.jwt,
    failedAuthRate: input.gateway.failedAuthRate,
    credentialCacheSeconds: input.gateway.credentialCacheSeconds,
    routes: routes.map((r) => ({ ...r, upstream: nginxUpstreams.get(r.component)! })),
    upstreams: [...nginxUpstreams.values()],
    clusterLabel: input.checked.clusterValidation?.http ? input.checked.clusterValidation.label : undefined,
  };
}

function certificates(input: GatewayInput): Pick<ResolvedGateway, 'serverCertificate' | 'upstreamCertificate' | 'clientCertificates'> {
  const { checked, gateway, issuerRef } = input;
  const { names, certs } = checked;
  const service = names.gateway;
  const common = {
    privateKey: { algorithm: certs.algorithm, size: certs.size, rotationPolicy: 'Always' as const },
    duration: certs.duration, renewBefore: certs.renewBefore,
  };
  const internal = [service, names.svcShort(service), names.fqdn(service)];
  const clientsIssuer: IssuerRefPlan = { name: names.gatewayClientsCa.issuer, kind: 'Issuer', group: 'cert-manager.io' };
  return {
    serverCertificate: {
      name: `${service}-server`, secretName: `${service}-server-tls`, ...common,
      dnsNames: [...gateway.hostnames, ...(gateway.serverIssuer ? [] : internal.filter((n) => !gateway.hostnames.includes(n)))],
      usages: serverUsages(certs.algorithm), issuerRef: gateway.serverIssuer ?? issuerRef,
    },
    upstreamCertificate: {
      name: `${service}-upstream`, secretName: `${service}-upstream-tls`, commonName: service, ...common,
      dnsNames: [], usages: clientUsages(certs.algorithm), issuerRef,
    },
    clientCertificates: certificateIdentities(gateway).map((i) => ({
      name: names.gatewayClient(i.name), secretName: names.gatewayClient(i.name), commonName: i.name, ...common,
      dnsNames: [], usages: clientUsages(certs.algorithm), issuerRef: clientsIssuer,
    })),
  };
}

function clientsCaPlan(input: GatewayInput): CaPlan {
  const { names, certs } = input.checked;
  const ca = names.gatewayClientsCa;
  return {
    selfSignedIssuer: ca.bootstrap, certificateName: ca.ca, secretName: ca.ca, caIssuer: ca.issuer,
    commonName: `${names.cluster}.${names.namespace} gateway clients CA`,
    duration: certs.caDuration || D.DEFAULT_CA_DURATION,
    privateKey: { algorithm: certs.algorithm, size: certs.size, rotationPolicy: 'Never' },
  };
}
