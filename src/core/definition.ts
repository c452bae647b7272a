// The user-facing definition of a Mimir cluster: the props of MimirCluster. Plain data, jsii structs.
// Every optional field documents its default; the values live in defaults.ts and are applied once, in resolve.ts.
import { CortexVersion, MimirVersion } from './version';
import type { AlertmanagerFirewallOptions, ClusterValidationOptions, GatewayOptions, NetworkPeerOptions, RuntimeConfigOptions, StorageEncryptionOptions, TenancyOptions } from './front-door';
import type { EgressOptions } from './network-options';

/** S3-compatible object storage shared by blocks, ruler and alertmanager storage. */
export interface ObjectStorageOptions {
  /**
   * S3 endpoint as `host` or `host:port`, without a scheme (Mimir always speaks HTTPS to it).
   */
  readonly endpoint: string;

  /**
   * Bucket holding the TSDB blocks.
   */
  readonly blocksBucket: string;

  /**
   * Bucket holding the ruler's rule groups.
   */
  readonly rulerBucket: string;

  /**
   * Bucket holding the alertmanager's per-tenant configuration and state.
   */
  readonly alertmanagerBucket: string;

  /**
   * Name of an existing Secret in the cluster's namespace with the S3 access key pair.
   *
   * Its keys are exposed as `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` environment variables, which
   * Mimir's S3 client reads when no key is given by flag, so no secret ever appears in a manifest or argv.
   */
  readonly credentialsSecret: string;

  /**
   * Key of the access key id in `credentialsSecret`.
   *
   * @default 'AWS_ACCESS_KEY_ID'
   */
  readonly accessKeyIdKey?: string;

  /**
   * Key of the secret access key in `credentialsSecret`.
   *
   * @default 'AWS_SECRET_ACCESS_KEY'
   */
  readonly secretAccessKeyKey?: string;

  /**
   * S3 region.
   *
   * @default - none; the S3 client discovers it
   */
  readonly region?: string;

  /**
   * TLS to an S3 endpoint with a private CA or requiring client certificates (Mimir 3.0 and later).
   *
   * @default - the image's public roots, no client certificate
   */
  readonly tls?: ObjectStorageTlsOptions;

  /**
   * Server-side encryption of everything Mimir uploads (blocks, rules, Alertmanager state); per tenant through
   * `runtimeConfig.overrides`.
   *
   * @default - none (the bucket's own default encryption applies)
   */
  readonly encryption?: StorageEncryptionOptions;
}

/** TLS to the object storage endpoint (`-common.storage.s3.http.tls-*`). */
export interface ObjectStorageTlsOptions {
  /** Secret with the endpoint's CA as `ca.crt`. */
  readonly caSecretName: string;

  /**
   * Secret with a client certificate as `tls.crt` / `tls.key`.
   *
   * @default - no client certificate
   */
  readonly clientCertSecretName?: string;

  /**
   * Name to verify in the endpoint's certificate.
   *
   * @default - the endpoint's host
   */
  readonly serverName?: string;
}

/** CPU and memory for one component's Mimir container. */
export interface ResourceOptions {
  /**
   * CPU request, in Kubernetes quantity syntax (`'500m'`, `'2'`). No CPU limit is set, as in Grafana's tools.
   *
   * @default - per component, see the README's table
   */
  readonly cpu?: string;

  /**
   * Memory request, in Kubernetes quantity syntax (`'512Mi'`, `'4Gi'`).
   *
   * @default - per component, see the README's table
   */
  readonly memory?: string;

  /**
   * Memory limit, in Kubernetes quantity syntax.
   *
   * @default - twice the memory request
   */
  readonly memoryLimit?: string;
}

/** Options shared by every component. */
export interface ComponentOptions {
  /**
   * Deploy this component. Only ruler, alertmanager and overrides-exporter may be switched off; the read and
   * write paths need all others.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Number of pods.
   *
   * @default - per component: 3 for ingester, store-gateway and alertmanager, 1 for compactor and
   * overrides-exporter, 2 for the others
   */
  readonly replicas?: number;

  /**
   * Resource requests and limits of the Mimir container.
   *
   * @default - per component, see the README's table
   */
  readonly resources?: ResourceOptions;

  /**
   * Size of the persistent volume of a stateful component (ingester, store-gateway, compactor,
   * alertmanager). Rejected on stateless components.
   *
   * @default - per component: ingester 50Gi, store-gateway 10Gi, compactor 50Gi, alertmanager 1Gi
   */
  readonly storageSize?: string;

  /**
   * StorageClass of the persistent volume of a stateful component.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * Extra Mimir flags, name without the leading dash (`{ 'ingester.max-global-series-per-user': '0' }`).
   *
   * Each name is checked against the flag catalog of the chosen version; flags the library sets itself
   * (TLS, addresses, paths, ports, storage) are refused so that nothing can quietly undo the wiring.
   *
   * @default - none
   */
  readonly extraFlags?: { [flag: string]: string };

  /**
   * An existing `kubernetes.io/tls` Secret (keys `tls.crt`, `tls.key`, `ca.crt`) to use instead of a
   * certificate the library requests. It must carry the component's DNS names (see the README) and the
   * `server auth` and `client auth` extended key usages.
   *
   * @default - a certificate from the cluster's issuer
   */
  readonly tlsSecretName?: string;

  /**
   * Seconds Kubernetes waits for the pods to stop before killing them.
   *
   * @default - per component, from Grafana's Helm chart and jsonnet (e.g. ingester 1200, distributor 100)
   */
  readonly terminationGracePeriodSeconds?: number;

  /**
   * `GOMAXPROCS` of the Mimir container.
   *
   * @default - derived from the CPU request for distributor, ingester, querier and store-gateway (Grafana's
   * formulas); unset for the others
   */
  readonly goMaxProcs?: number;

  /**
   * TLS of this component's servers, and versions and suites of its clients.
   *
   * @default - the cluster's `tls` settings
   */
  readonly tls?: ServerTlsOptions;
}

/** Per-component options. Keys are the components' camel-cased `-target` names. */
export interface ComponentsOptions {
  /** @default - defaults of ComponentOptions */
  readonly distributor?: ComponentOptions;
  /** @default - defaults of ComponentOptions */
  readonly ingester?: ComponentOptions;
  /** @default - defaults of ComponentOptions */
  readonly querier?: ComponentOptions;
  /** @default - defaults of ComponentOptions */
  readonly queryFrontend?: ComponentOptions;
  /** @default - defaults of ComponentOptions */
  readonly queryScheduler?: ComponentOptions;
  /** @default - defaults of ComponentOptions */
  readonly storeGateway?: ComponentOptions;
  /** @default - defaults of ComponentOptions */
  readonly compactor?: ComponentOptions;
  /** @default - defaults of ComponentOptions */
  readonly ruler?: ComponentOptions;
  /** @default - defaults of ComponentOptions */
  readonly alertmanager?: ComponentOptions;
  /** @default - defaults of ComponentOptions */
  readonly overridesExporter?: ComponentOptions;
}

/** Starting points for replicas, resources and caches; any field of `components` or `caches` overrides them. */
export enum ClusterSize {
  /** One replica of everything, replication factor 1, no zones, no caches: for a laptop or CI. */
  DEV = 'dev',
  /** About 1 million active series: three zones, replication factor 3, all four caches. */
  SMALL = 'small',
  /** About 10 million active series. */
  LARGE = 'large',
}

/** One availability zone of the zone-aware components (ingester, store-gateway, alertmanager). */
export interface ZoneOptions {
  /** Zone name, used in object names and as `-…instance-availability-zone`; a DNS-1123 label. */
  readonly name: string;

  /**
   * Node labels the zone's pods must run on (rendered as required node affinity), e.g.
   * `{ 'topology.kubernetes.io/zone': 'eu-west-1a' }`.
   *
   * @default - no node constraint
   */
  readonly nodeSelector?: { [key: string]: string };
}

/** Grafana's rollout-operator, which rolls zone-aware StatefulSets one zone at a time. */
export interface RolloutOperatorOptions {
  /**
   * Deploy it. Zone StatefulSets use the OnDelete update strategy only when it runs; without it they roll
   * with RollingUpdate, one pod at a time per zone.
   *
   * @default - true when the cluster is zone-aware
   */
  readonly enabled?: boolean;

  /**
   * Container image.
   *
   * @default 'grafana/rollout-operator:v0.32.1'
   */
  readonly image?: string;

  /**
   * Deploy its admission webhooks (no-downscale, prepare-downscale, pod-eviction, zpdb-validation). They need
   * the ZoneAwarePodDisruptionBudget CRD from the rollout-operator project in the cluster.
   *
   * @default true
   */
  readonly webhooks?: boolean;
}

/** One memcached cache. */
export interface CacheOptions {
  /**
   * Deploy this cache and point its clients at it.
   *
   * @default - true, except in ClusterSize.DEV
   */
  readonly enabled?: boolean;

  /**
   * Number of cache pods. memcached (Mimir): any number, the clients spread keys over every pod. Redis (Cortex):
   * one, since Cortex's Redis client spreads keys only over a Redis Cluster, which the library does not deploy.
   *
   * @default - from the size preset (Redis: 1)
   */
  readonly replicas?: number;

  /**
   * Memory the cache may use for items, in whole mebibytes (memcached `-m`, Redis `maxmemory` with least recently
   * used keys evicted). The container requests 20% more (memcached) or 30% more (Redis).
   *
   * @default - from the size preset
   */
  readonly memoryMebibytes?: number;

  /**
   * Serve TLS only, client certificates required (memcached `-Z`; Redis `tls-port` with `tls-auth-clients yes`
   * and no plaintext port), and configure every client with `…memcached.tls-*` / `…redis.tls-*`. The official
   * images are built with TLS.
   *
   * @default true
   */
  readonly tls?: boolean;

  /**
   * Use an existing memcached instead of deploying one.
   *
   * @default - deploy memcached in the cluster
   */
  readonly external?: ExternalCacheOptions;
}

/** A cache server the cluster does not deploy (memcached for Mimir, Redis for Cortex). */
export interface ExternalCacheOptions {
  /**
   * Addresses as `host:port`; for memcached also the `dns+` / `dnssrv+` forms. Cortex's Redis client dials them as
   * given: one address is one server, several are the nodes of one Redis Cluster.
   */
  readonly addresses: string[];

  /**
   * Secret with the cache's CA as `ca.crt` and, if it requires client certificates, `tls.crt` / `tls.key`.
   * Without it the connection is plaintext, which needs `tls.acknowledgeWeakerSecurity`.
   *
   * @default - plaintext
   */
  readonly tlsSecretName?: string;

  /**
   * Name to verify in the cache's certificate.
   *
   * @default - the host of the first address
   */
  readonly serverName?: string;

  /**
   * Present a client certificate from `tlsSecretName` (`tls.crt`, `tls.key`).
   *
   * @default false
   */
  readonly clientCertificate?: boolean;
}

/** The caches of Grafana's deployment tools (Mimir: memcached), or Cortex's Redis caches. */
export interface CachesOptions {
  /** Chunks cache of the store-gateway (Cortex: also of the querier and the ruler). @default - see CacheOptions */
  readonly chunks?: CacheOptions;
  /** Index cache of the store-gateway. @default - see CacheOptions */
  readonly index?: CacheOptions;
  /** Bucket metadata cache (store-gateway, querier, ruler) and, for Mimir, the ruler-storage cache. @default - see CacheOptions */
  readonly metadata?: CacheOptions;
  /** Query results cache of the query-frontend (Mimir only: refused for Cortex, whose results-cache clients have no mutual TLS). @default - see CacheOptions */
  readonly results?: CacheOptions;
}

/** Prometheus Operator objects for the cluster. */
export interface MonitoringOptions {
  /**
   * A ServiceMonitor per component and cache. Mimir's metrics are scraped over HTTPS, verifying the component's
   * Service name against the cluster's CA; the memcached exporters over HTTP.
   *
   * @default false
   */
  readonly serviceMonitors?: boolean;

  /**
   * Secret (in the cluster's namespace) with a client certificate (`tls.crt`, `tls.key`) for Prometheus; needed
   * only when a component's HTTP server requires client certificates.
   *
   * @default - no client certificate
   */
  readonly clientCertSecretName?: string;

  /**
   * A PrometheusRule alerting on certificates of the cluster that expire within 21 days or are not ready.
   *
   * @default false
   */
  readonly certificateAlerts?: boolean;

  /**
   * Labels on the ServiceMonitors and PrometheusRule, for the Prometheus selecting them.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Pods that scrape the components' metrics on the HTTP port (8080); with NetworkPolicies on, nothing else but
   * the gateway and the components' own HTTP callers reaches that port. A scraper admitted there can also call
   * Mimir's API with any tenant: keep the selector narrow. Required with `serviceMonitors`.
   *
   * @default - none
   */
  readonly scrapers?: NetworkPeerOptions[];
}

/** How the ruler evaluates rule queries. */
export enum RuleEvaluation {
  /** In-process querier: the ruler dials ingesters and store-gateways itself (Mimir's default). */
  LOCAL = 'local',
  /** Through the query-frontend (`-ruler.query-frontend.address`), which adds caching and sharding. */
  REMOTE = 'remote',
}

/** `-server.*-tls-client-auth` values: Go's tls.ClientAuthType names, as Mimir parses them. */
export enum ClientAuth {
  NO_CLIENT_CERT = 'NoClientCert',
  REQUEST_CLIENT_CERT = 'RequestClientCert',
  REQUIRE_ANY_CLIENT_CERT = 'RequireAnyClientCert',
  VERIFY_CLIENT_CERT_IF_GIVEN = 'VerifyClientCertIfGiven',
  REQUIRE_AND_VERIFY_CLIENT_CERT = 'RequireAndVerifyClientCert',
}

/** TLS protocol versions, as Mimir's `tls-min-version` flags spell them. */
export enum TlsVersion {
  /** Refused unless `tls.acknowledgeWeakerSecurity` is set. */
  TLS10 = 'VersionTLS10',
  /** Refused unless `tls.acknowledgeWeakerSecurity` is set. */
  TLS11 = 'VersionTLS11',
  TLS12 = 'VersionTLS12',
  TLS13 = 'VersionTLS13',
}

/** How the kubelet checks that a Mimir pod is ready. */
export enum ProbeMode {
  /** `GET /ready` on the HTTP port, over HTTPS when the HTTP server serves TLS. */
  HTTP_GET = 'httpGet',
  /**
   * A TCP connection to the HTTP port: works when the HTTP server requires client certificates (the kubelet
   * has none), but only shows that the port is open, not that the component is ready.
   */
  TCP_SOCKET = 'tcpSocket',
}

/** TLS of a component's servers: for the whole cluster (`tls`) or one component (`components.<c>.tls`). */
export interface ServerTlsOptions {
  /**
   * Serve TLS on the HTTP port (8080). Off is weaker than the default and needs `tls.acknowledgeWeakerSecurity`.
   *
   * @default true
   */
  readonly httpTls?: boolean;

  /**
   * Serve TLS on the gRPC port (9095). Off is weaker than the default and needs `tls.acknowledgeWeakerSecurity`.
   *
   * @default true
   */
  readonly grpcTls?: boolean;

  /**
   * `-server.http-tls-client-auth`. RequireAndVerifyClientCert and RequireAnyClientCert need
   * `probe: ProbeMode.TCP_SOCKET` (the kubelet presents no client certificate); NoClientCert and
   * RequestClientCert are weaker than the default.
   *
   * @default ClientAuth.VERIFY_CLIENT_CERT_IF_GIVEN
   */
  readonly httpClientAuth?: ClientAuth;

  /**
   * `-server.grpc-tls-client-auth`. Anything else is weaker than the default.
   *
   * @default ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT
   */
  readonly grpcClientAuth?: ClientAuth;

  /**
   * Lowest TLS version: `-server.tls-min-version` and every client flag of this scope. Below TLS 1.2 needs
   * `tls.acknowledgeWeakerSecurity`.
   *
   * @default TlsVersion.TLS12
   */
  readonly minVersion?: TlsVersion;

  /**
   * TLS 1.2 cipher suites as Go constant names: `-server.tls-cipher-suites` and every client flag of this scope.
   * TLS 1.3 suites are fixed by Go and cannot be chosen; suites Go marks insecure need
   * `tls.acknowledgeWeakerSecurity`.
   *
   * @default - the six ECDHE AEAD suites (AES-GCM and ChaCha20-Poly1305, ECDSA and RSA)
   */
  readonly cipherSuites?: string[];

  /**
   * Readiness probe.
   *
   * @default ProbeMode.HTTP_GET
   */
  readonly probe?: ProbeMode;
}

/** How one client edge uses TLS. */
export enum EdgeTlsMode {
  /** Client and server certificates, both verified (the default). */
  MUTUAL = 'mutual',
  /** The client verifies the server but presents no certificate; refused when the server requires one. */
  SERVER_ONLY = 'server-only',
  /** Plaintext; only possible when the server does not serve TLS on that port. */
  DISABLED = 'disabled',
}

/** TLS of one client edge, named by its client flag prefix and client component. */
export interface EdgeTlsOptions {
  /** Client flag prefix, e.g. `ingester.client` (see `MimirCluster.edges`). */
  readonly prefix: string;

  /** Client component (`-target`), e.g. `querier`. */
  readonly from: string;

  /**
   * TLS mode of the edge. Anything but MUTUAL is weaker than the default.
   *
   * @default EdgeTlsMode.MUTUAL
   */
  readonly mode?: EdgeTlsMode;

  /**
   * Name the client verifies instead of the server's Service name; the library adds it to the server's
   * certificate (a server with `tlsSecretName` must carry it in its own Secret).
   *
   * @default - the Service (or headless Service) name the client dials
   */
  readonly serverName?: string;

  /** @default - the client component's or the cluster's */
  readonly minVersion?: TlsVersion;

  /** @default - the client component's or the cluster's */
  readonly cipherSuites?: string[];
}

/** TLS settings of the cluster: server defaults for every component, memberlist, per-edge overrides. */
export interface TlsOptions extends ServerTlsOptions {
  /**
   * Encrypt memberlist gossip. Mimir's gossip listener never asks for a client certificate, so this is
   * encryption plus server verification, not mutual authentication. Off needs `acknowledgeWeakerSecurity`.
   *
   * @default true
   */
  readonly memberlist?: boolean;

  /**
   * Per-edge overrides.
   *
   * @default - every edge mutual, with the cluster's versions and suites
   */
  readonly edges?: EdgeTlsOptions[];

  /**
   * Accept choices weaker than the defaults (TLS off, weaker client auth, server-only or plaintext edges,
   * insecure suites, versions below TLS 1.2, plaintext caches or etcd). Without it each such choice is an error
   * naming the field.
   *
   * @default false
   */
  readonly acknowledgeWeakerSecurity?: boolean;
}

/** An external etcd cluster for the hash rings. */
export interface EtcdOptions {
  /** Endpoints as `host:port`. */
  readonly endpoints: string[];

  /**
   * Secret with `ca.crt` (etcd's CA) and `tls.crt` / `tls.key` (a client certificate etcd accepts).
   * Without it the connection is plaintext, which needs `tls.acknowledgeWeakerSecurity`.
   *
   * @default - plaintext
   */
  readonly tlsSecretName?: string;

  /**
   * Name to verify in etcd's certificate.
   *
   * @default - the host of the first endpoint
   */
  readonly serverName?: string;
}

/** Where the hash rings live. */
export class KvStore {
  /** Memberlist gossip between the components (the default): no external dependency. */
  public static memberlist(): KvStore {
    return new KvStore(undefined);
  }

  /**
   * An external etcd for every ring of the version (`-<ring>.store=etcd` with `<ring>.etcd.*` and
   * `<ring>.etcd.tls-*`); the components then run no memberlist.
   */
  public static etcd(options: EtcdOptions): KvStore {
    return new KvStore(options);
  }

  /** The etcd options; undefined for memberlist. */
  public readonly etcdOptions?: EtcdOptions;

  private constructor(etcd: EtcdOptions | undefined) {
    this.etcdOptions = etcd;
  }
}

/** cert-manager private key algorithms. */
export enum PrivateKeyAlgorithm {
  ECDSA = 'ECDSA',
  RSA = 'RSA',
}

/** Kinds of cert-manager issuer a Certificate can reference. */
export enum IssuerKind {
  ISSUER = 'Issuer',
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** A reference to an existing cert-manager issuer (Vault, an internal ACME, a shared CA...). */
export interface IssuerRefOptions {
  /** Name of the issuer. */
  readonly name: string;

  /**
   * Kind of the issuer.
   *
   * @default IssuerKind.ISSUER
   */
  readonly kind?: IssuerKind;

  /**
   * API group of the issuer (for external issuers).
   *
   * @default 'cert-manager.io'
   */
  readonly group?: string;
}

/** Who signs the components' certificates. */
export class CertificateIssuer {
  /**
   * A CA dedicated to this cluster, bootstrapped by cert-manager in the cluster's namespace:
   * SelfSigned Issuer → CA Certificate → CA Issuer. dskit trusts every certificate of the CA it is given,
   * so a CA shared with other workloads would let them all in.
   */
  public static selfSignedCa(): CertificateIssuer {
    return new CertificateIssuer(undefined, false);
  }

  /** An issuer that already exists; the library then creates no CA. */
  public static fromIssuerRef(ref: IssuerRefOptions): CertificateIssuer {
    return new CertificateIssuer(ref, false);
  }

  /**
   * No cert-manager: the library issues the CA and every leaf itself at synth time, exactly as cert-manager
   * would from the same Certificate specs, and writes them as `kubernetes.io/tls` Secrets.
   *
   * WARNING: the private keys are then part of the synthesized manifests, and every synth issues new ones.
   * Meant for tests, demos and clusters without cert-manager whose manifests are stored as secrets.
   */
  public static staticSecrets(): CertificateIssuer {
    return new CertificateIssuer(undefined, true);
  }

  /** The external issuer; undefined for the cluster's own CA. */
  public readonly issuerRef?: IssuerRefOptions;

  /** True when certificates are issued at synth time instead of by cert-manager. */
  public readonly isStatic: boolean;

  private constructor(issuerRef: IssuerRefOptions | undefined, isStatic: boolean) {
    this.issuerRef = issuerRef;
    this.isStatic = isStatic;
  }
}

/** Options of a trust-manager Bundle that distributes the CA. */
export interface TrustManagerBundleOptions {
  /**
   * Name of the Secret in trust-manager's trust namespace (by default `cert-manager`) that holds the CA
   * certificate(s). During a CA rotation it holds the old and the new CA.
   */
  readonly sourceSecretName: string;

  /**
   * Key of the CA certificate(s) in that Secret.
   *
   * @default 'ca.crt'
   */
  readonly sourceKey?: string;
}

/** Where components read the CA certificates they trust (every `*-ca-path` flag). */
export class TrustSource {
  /**
   * The `ca.crt` that cert-manager writes into each component's own certificate Secret.
   *
   * Works with the bootstrapped CA and with issuers that fill `ca.crt`; it holds one CA only, so a CA
   * rotation needs a Bundle or ConfigMap with both CAs.
   */
  public static issuedSecret(): TrustSource {
    return new TrustSource('issued-secret', undefined, undefined, undefined);
  }

  /** An existing ConfigMap in the cluster's namespace with the CA bundle (e.g. kept by trust-manager). */
  public static fromConfigMap(name: string, key?: string): TrustSource {
    return new TrustSource('config-map', name, key, undefined);
  }

  /**
   * A trust-manager Bundle emitted by the library; it writes a ConfigMap with `ca.crt` into the cluster's
   * namespace only, and the components mount it.
   */
  public static trustManagerBundle(options: TrustManagerBundleOptions): TrustSource {
    return new TrustSource('bundle', undefined, undefined, options);
  }

  private constructor(
    /** @internal */ public readonly _kind: 'issued-secret' | 'config-map' | 'bundle',
    /** @internal */ public readonly _configMapName: string | undefined,
    /** @internal */ public readonly _configMapKey: string | undefined,
    /** @internal */ public readonly _bundle: TrustManagerBundleOptions | undefined,
  ) {}
}

/** Certificates of the components and of the cluster's CA. */
export interface CertificateOptions {
  /**
   * Who signs the components' certificates.
   *
   * @default CertificateIssuer.selfSignedCa()
   */
  readonly issuer?: CertificateIssuer;

  /**
   * Where the trusted CA certificates come from.
   *
   * @default TrustSource.issuedSecret()
   */
  readonly trust?: TrustSource;

  /**
   * Private key algorithm of every leaf (and of the bootstrapped CA).
   *
   * @default PrivateKeyAlgorithm.ECDSA
   */
  readonly privateKeyAlgorithm?: PrivateKeyAlgorithm;

  /**
   * Key size: 256 or 384 for ECDSA, 2048 to 8192 for RSA.
   *
   * @default - 256 for ECDSA, 2048 for RSA
   */
  readonly privateKeySize?: number;

  /**
   * Lifetime of each component certificate, Go duration syntax, at least 1h.
   *
   * Go and dskit never check revocation, so short-lived leaves are the only way to retire a key.
   *
   * @default '2160h' (90 days, cert-manager's own default)
   */
  readonly duration?: string;

  /**
   * How long before expiry cert-manager renews a leaf; shorter than `duration`, at least 5m.
   *
   * @default '720h' (30 days, one third of the default duration)
   */
  readonly renewBefore?: string;

  /**
   * Lifetime of the bootstrapped CA certificate (ignored with an external issuer, which is an error).
   *
   * @default '87600h' (10 years)
   */
  readonly caDuration?: string;

  /**
   * Roll pods when their certificate or CA changes, through Stakater Reloader annotations on every workload.
   *
   * @default true
   * @deprecated use `rotation` (`false` is `CertificateRotation.none()`)
   */
  readonly reloadOnRotation?: boolean;

  /**
   * How renewed certificates take effect. Mimir reads CA files, the memberlist certificate and the HTTP
   * certificate once at startup, so a renewal must restart the pods or it is ignored until the old certificate
   * expires.
   *
   * @default CertificateRotation.reloaderAnnotations()
   */
  readonly rotation?: CertificateRotation;

  /**
   * A staged rotation of the CA, from the issuer that signs the leaves now to the next one.
   *
   * @default - no CA rotation
   */
  readonly caRotation?: CaRotationOptions;
}

/** Options of the Reloader the library deploys. */
export interface ReloaderOptions {
  /**
   * Reloader image.
   *
   * @default 'ghcr.io/stakater/reloader:v1.4.17'
   */
  readonly image?: string;
}

/** How renewed certificates take effect in pods that read them only at start. */
export class CertificateRotation {
  /**
   * Stakater Reloader annotations on every workload; Reloader must run in the cluster and watch the cluster's
   * namespace (the synthesized NOTES ConfigMap says so).
   */
  public static reloaderAnnotations(): CertificateRotation {
    return new CertificateRotation('reloader-annotations', undefined);
  }

  /**
   * The annotations, plus a Reloader deployed with the cluster: it watches only the cluster's namespace, with a
   * namespaced Role, in a restricted pod.
   */
  public static deployReloader(options: ReloaderOptions = {}): CertificateRotation {
    return new CertificateRotation('deployed-reloader', options);
  }

  /**
   * Nothing restarts pods on renewal: CA, memberlist and HTTP certificates keep their old version until each pod
   * restarts for another reason. A weaker choice: needs `tls.acknowledgeWeakerSecurity`.
   */
  public static none(): CertificateRotation {
    return new CertificateRotation('none', undefined);
  }

  private constructor(
    /** @internal */ public readonly _strategy: 'reloader-annotations' | 'deployed-reloader' | 'none',
    /** @internal */ public readonly _reloader: ReloaderOptions | undefined,
  ) {}
}

/** A stage of a CA rotation; each is deployed, and every pod rolled, before the next. */
export enum CaRotationStage {
  /** Trust both CAs; leaves still come from the current issuer. */
  TRUST_BOTH = 'trust-both',
  /** Leaves come from the next issuer; both CAs still trusted. */
  ISSUE_FROM_NEXT = 'issue-from-next',
  /** Only the next CA is trusted: the same objects as the next issuer without rotation. */
  DROP_PREVIOUS = 'drop-previous',
}

/** One CA of a rotation: the issuer that signs with it, and its certificate for trust-manager. */
export interface CaRotationCa {
  /** The cert-manager issuer (usually a ClusterIssuer) that signs with this CA. */
  readonly issuer: IssuerRefOptions;

  /** Secret in trust-manager's trust namespace holding this CA's certificate. */
  readonly caSecretName: string;

  /**
   * Key of the CA certificate in that Secret.
   *
   * @default 'ca.crt'
   */
  readonly caSecretKey?: string;
}

/**
 * A staged CA rotation: trust both CAs, then issue from the next, then drop the previous. The library cannot see
 * the cluster, so the definition says which stage was deployed before; a skipped stage is refused.
 */
export interface CaRotationOptions {
  /** The stage to synthesize. */
  readonly stage: CaRotationStage;

  /**
   * The stage deployed (and rolled out) before this one.
   *
   * @default - none: the cluster runs on the current CA alone
   */
  readonly previousStage?: CaRotationStage;

  /** The CA the leaves are signed by before the rotation. */
  readonly current: CaRotationCa;

  /** The CA the leaves are signed by after it. */
  readonly next: CaRotationCa;
}

/**
 * The definition every cluster of the library is synthesized from, whatever the product (MimirClusterProps and
 * CortexClusterProps add the release and image).
 */
export interface ClusterProps {
  /**
   * Prefix of every object name (`<name>-ingester`); a DNS-1123 label.
   *
   * @default - 'mimir' (Mimir), 'cortex' (Cortex)
   */
  readonly name?: string;

  /**
   * Namespace of every object; must exist. A DNS-1123 label.
   *
   * @default - 'mimir' (Mimir), 'cortex' (Cortex)
   */
  readonly namespace?: string;

  /**
   * Kubernetes cluster DNS domain, used in Service FQDNs, certificate SANs and server names.
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;

  /** Object storage. */
  readonly storage: ObjectStorageOptions;

  /**
   * Replication factor of the ingester, store-gateway and alertmanager rings. Each of those components needs
   * at least this many replicas, and a zone-aware cluster at least this many zones.
   *
   * @default - 3; 1 in ClusterSize.DEV
   */
  readonly replicationFactor?: number;

  /**
   * How the ruler evaluates rule queries.
   *
   * @default RuleEvaluation.LOCAL
   */
  readonly ruleEvaluation?: RuleEvaluation;

  /**
   * Where the hash rings live.
   *
   * @default KvStore.memberlist()
   */
  readonly kvStore?: KvStore;

  /**
   * ServiceMonitors and certificate alerts for the Prometheus Operator.
   *
   * @default - none
   */
  readonly monitoring?: MonitoringOptions;

  /**
   * NetworkPolicies derived from the edge graph, one per pod plus a default-deny policy for all of the cluster's
   * pods. Ingress: gRPC, gossip and cache ports admit only the pods whose edges dial them; the HTTP port admits only
   * the gateway, the components that call it, the rollout-operator and `monitoring.scrapers` (the kubelet's probes
   * are always admitted). Egress: each pod may connect only to the servers its edges dial, DNS, and what `egress`
   * names. false removes them all.
   *
   * @default true
   */
  readonly networkPolicies?: boolean;

  /**
   * Where pods may connect beyond each other: object storage (required), DNS, the Kubernetes API, Alertmanager
   * receivers, etcd and external caches.
   *
   * @default - egress restricted; objectStorage must be given
   */
  readonly egress?: EgressOptions;

  /**
   * Size preset: replicas, resources, zones, caches and replication factor to start from.
   *
   * @default ClusterSize.SMALL
   */
  readonly size?: ClusterSize;

  /**
   * Availability zones of the ingester, store-gateway and alertmanager (one StatefulSet per zone). An empty
   * list turns zone-awareness off.
   *
   * @default - zone-a, zone-b and zone-c; none in ClusterSize.DEV
   */
  readonly zones?: ZoneOptions[];

  /**
   * The rollout-operator for zone-aware StatefulSets.
   *
   * @default - enabled when the cluster is zone-aware
   */
  readonly rolloutOperator?: RolloutOperatorOptions;

  /**
   * The caches: memcached for Mimir (all four); Redis for Cortex (index, chunks and metadata; Cortex's results-cache
   * clients cannot use mutual TLS, so `results` is refused).
   *
   * @default - all the product's caches, sized by the preset; none in ClusterSize.DEV
   */
  readonly caches?: CachesOptions;

  /**
   * Per-component options.
   *
   * @default - every component enabled with its defaults
   */
  readonly components?: ComponentsOptions;

  /**
   * TLS protocol settings.
   *
   * @default - TLS 1.2 minimum, ECDHE AEAD suites
   */
  readonly tls?: TlsOptions;

  /**
   * Certificates.
   *
   * @default - a dedicated self-signed CA, ECDSA P-256 leaves for 90 days
   */
  readonly certificates?: CertificateOptions;

  /**
   * The authenticating gateway in front of the cluster.
   *
   * @default - deployed except in ClusterSize.DEV, with no identities
   */
  readonly gateway?: GatewayOptions;

  /**
   * Multi-tenancy, federation and the configuration APIs.
   *
   * @default - multi-tenancy on, federation as the gateway's identities need, APIs on
   */
  readonly tenancy?: TenancyOptions;

  /**
   * Cluster validation of gRPC requests between the components (Mimir 3.0 and later).
   *
   * @default - on with the label `<name>.<namespace>` where the version has it
   */
  readonly clusterValidation?: ClusterValidationOptions;

  /**
   * The runtime configuration (per-tenant overrides), mounted on every component and reloaded without a restart.
   *
   * @default - an empty runtime configuration
   */
  readonly runtimeConfig?: RuntimeConfigOptions;

  /**
   * The Alertmanager receivers firewall.
   *
   * @default - private, loopback and link-local addresses blocked
   */
  readonly alertmanagerFirewall?: AlertmanagerFirewallOptions;
}


/** The one definition a Mimir cluster is synthesized from. */
export interface MimirClusterProps extends ClusterProps {
  /**
   * Mimir release; decides the flag catalog and dialect.
   *
   * @default MimirVersion.V3_0_7
   */
  readonly version?: MimirVersion;

  /**
   * Container image.
   *
   * @default - `grafana/mimir:<version>`
   */
  readonly image?: string;
}

/** The one definition a Cortex cluster is synthesized from. */
export interface CortexClusterProps extends ClusterProps {
  /**
   * Cortex release; decides the flag catalog.
   *
   * @default CortexVersion.V1_21_1
   */
  readonly version?: CortexVersion;

  /**
   * Container image.
   *
   * @default - `quay.io/cortexproject/cortex:v<version>`
   */
  readonly image?: string;
}
