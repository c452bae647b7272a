// The only place object names, DNS names and in-pod paths are built. Everything else asks here.

/** Ports every Mimir component listens on (same defaults in every supported version). */
export const PORTS = {
  http: { name: 'http-metrics', port: 8080 },
  grpc: { name: 'grpc', port: 9095 },
  gossip: { name: 'memberlist', port: 7946 },
} as const;

/** Where the pieces of a pod are mounted. Whole directories: a subPath mount never sees a renewed file. */
export const PATHS = {
  tlsDir: '/etc/mimir/tls',
  trustDir: '/etc/mimir/ca',
  dataDir: '/data',
  tmpDir: '/tmp',
  /** Secrets of outside services: etcd's client certificate, the S3 endpoint's CA and client certificate. */
  etcdDir: '/etc/mimir/etcd',
  s3CaDir: '/etc/mimir/s3-ca',
  s3ClientDir: '/etc/mimir/s3-client',
  /** The runtime configuration ConfigMap (a directory: a subPath mount would never see a change). */
  runtimeConfigDir: '/etc/mimir/runtime',
  runtimeConfigFile: 'runtime.yaml',
} as const;

/** Where the gateway's pieces are mounted, and its ports. */
export const GATEWAY_PATHS = {
  configDir: '/etc/gateway/conf',
  configFile: 'nginx.conf',
  scriptFile: 'gateway.js',
  /** nginx's JavaScript module, where the nginx images (nginx-module-njs) and Debian (libnginx-mod-http-js) put it. */
  jsModule: '/usr/lib/nginx/modules/ngx_http_js_module.so',
  basicDigestsDir: '/etc/gateway/auth/basic',
  tokenDigestsDir: '/etc/gateway/auth/tokens',
  jwksDir: '/etc/gateway/auth/jwks',
  serverTlsDir: '/etc/gateway/tls/server',
  upstreamTlsDir: '/etc/gateway/tls/upstream',
  trustDir: '/etc/gateway/tls/trust',
  clientsCaDir: '/etc/gateway/tls/clients',
  tmpDir: '/tmp',
} as const;
/** credentials: the gateway's own credential checker, on loopback inside the pod. */
export const GATEWAY_PORTS = { https: 8443, service: 443, credentials: 8442 } as const;

/** Where the Secret of an external cache (its CA, and a client certificate if it wants one) is mounted. */
export function externalCacheDir(cacheId: string): string {
  return `/etc/mimir/${cacheId}`;
}

/** Ports of Grafana's rollout-operator: metrics and readiness, and its admission webhooks (TLS). */
export const ROLLOUT_OPERATOR_PORTS = { metrics: 8001, webhook: 8443 } as const;

/** Label of zone-aware pods; anti-affinity and per-zone Services select on it. */
export const ZONE_LABEL = 'zone';

/** Keys of a kubernetes.io/tls Secret written by cert-manager. */
export const TLS_SECRET_KEYS = { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt' } as const;

/** Label every gossip member carries; the gossip Service selects it. */
export const GOSSIP_MEMBER_LABEL = 'app.kubernetes.io/part-of';
export const GOSSIP_MEMBER_VALUE = 'memberlist';

/** Names derived from the cluster name, namespace and DNS domain. @internal */
export class ClusterNames {
  constructor(
    public readonly cluster: string,
    public readonly namespace: string,
    public readonly clusterDomain: string,
  ) {}

  /** Workload, ClusterIP Service, ServiceAccount, PDB and Certificate name of a component. */
  public component(id: string): string {
    return `${this.cluster}-${id}`;
  }

  public headless(id: string): string {
    return `${this.component(id)}-headless`;
  }

  public tlsSecret(id: string): string {
    return `${this.component(id)}-tls`;
  }

  public get gossipService(): string {
    return `${this.cluster}-gossip-ring`;
  }

  public get caIssuerBootstrap(): string {
    return `${this.cluster}-selfsigned`;
  }

  public get caCertificate(): string {
    return `${this.cluster}-ca`;
  }

  public get caSecret(): string {
    return `${this.cluster}-ca`;
  }

  public get caIssuer(): string {
    return `${this.cluster}-ca`;
  }

  public get trustBundle(): string {
    return `${this.cluster}-${this.namespace}-ca-bundle`;
  }

  /** The gateway's Deployment, Service, ServiceAccount, PDB and ConfigMap. */
  public get gateway(): string {
    return `${this.cluster}-gateway`;
  }

  /** The gateway's own CA for client certificates: bootstrap Issuer, CA Certificate/Secret, CA Issuer. */
  public get gatewayClientsCa(): { readonly bootstrap: string; readonly ca: string; readonly issuer: string } {
    return { bootstrap: `${this.gateway}-clients-selfsigned`, ca: `${this.gateway}-clients-ca`, issuer: `${this.gateway}-clients` };
  }

  /** Certificate and Secret of a gateway client identity. */
  public gatewayClient(name: string): string {
    return `${this.gateway}-client-${name}`;
  }

  /** The runtime configuration ConfigMap. */
  public get runtimeConfig(): string {
    return `${this.cluster}-runtime-config`;
  }

  /** `<svc>.<ns>.svc` */
  public svcShort(service: string): string {
    return `${service}.${this.namespace}.svc`;
  }

  /** `<svc>.<ns>.svc.<clusterDomain>`: what clients dial and verify. */
  public fqdn(service: string): string {
    return `${this.svcShort(service)}.${this.clusterDomain}`;
  }

  /** Per-pod names of a StatefulSet or headless Service: `*.<headless>.<ns>.svc.<clusterDomain>`. */
  public podWildcard(service: string): string {
    return `*.${this.fqdn(service)}`;
  }
}
