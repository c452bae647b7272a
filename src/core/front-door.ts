// The definition of the front door and of tenant security: the authenticating gateway, tenancy switches, the
// runtime configuration (per-tenant overrides), encryption at rest and the Alertmanager receivers firewall.
// Plain typed options, as in definition.ts; checked in check/gateway.ts and check/tenancy.ts.
import type { IssuerRefOptions, ResourceOptions } from './definition';

/** What an identity may do through the gateway. */
export enum GatewayPermission {
  /** Push samples: `/api/v1/push` and `/otlp/v1/metrics`, for exactly one tenant. */
  WRITE = 'write',
  /**
   * Query (federated over the identity's read tenants), read rules and alerts, read the Alertmanager API and UI,
   * and `GET` the rule and Alertmanager configurations.
   */
  READ = 'read',
  /** Change rule groups, Alertmanager configurations and silences (`POST`, `PUT`, `DELETE`), for one tenant. */
  MANAGE = 'manage',
  /**
   * Cross-tenant admin paths: the distributor's ring, user statistics and HA tracker pages, the ruler's ring, and
   * the tenant deletion endpoints of the ruler, the alertmanager and the compactor (for the identity's tenant).
   */
  ADMIN = 'admin',
}

/** The tenants an identity acts for, and what it may do. */
export interface GatewayIdentityOptions {
  /**
   * The tenant (`X-Scope-OrgID`) the gateway sends for this identity: always for writes and changes, and for reads
   * unless `federatedReadTenants` is given. With multi-tenancy off it must be the no-auth tenant.
   */
  readonly tenant: string;

  /**
   * Tenants this identity reads across (tenant federation): read paths get them joined with `|`. Writes still go
   * to `tenant` only. Turns `-tenant-federation.enabled` on.
   *
   * @default - reads are for `tenant` only
   */
  readonly federatedReadTenants?: string[];

  /**
   * What the identity may do.
   *
   * @default [GatewayPermission.READ, GatewayPermission.WRITE]
   */
  readonly permissions?: GatewayPermission[];
}

/** A client (Prometheus, Alloy, a service) authenticated by a certificate from the gateway's clients CA. */
export interface GatewayClientCertificateOptions extends GatewayIdentityOptions {
  /**
   * The identity: the certificate's Common Name, and part of its Secret's name (`<cluster>-gateway-client-<name>`).
   * Lower-case letters, digits and `-`.
   */
  readonly name: string;
}

/** A user of basic authentication, and the tenants it maps to. */
export interface GatewayBasicAuthUserOptions extends GatewayIdentityOptions {
  /** User name: 1 to 64 letters, digits and `.` `_` `-`, compared exactly (case included). */
  readonly username: string;
}

/**
 * Basic authentication against SHA-256 digests in an existing Secret. Each key of the Secret is the hex SHA-256 of
 * `<username>:<password>` and its value the user name; `GatewayCredentials.basicAuth()` makes both. Passwords must
 * be generated secrets (the helper draws 256 random bits): a fast digest protects them as well as bcrypt protects a
 * human password, and lets the gateway check a password in microseconds, so no flood of wrong passwords can starve
 * other callers, and unknown users, wrong passwords and right ones take the same time.
 */
export interface GatewayBasicAuthOptions {
  /** Secret (in the cluster's namespace) holding the digests; users are added and revoked without a restart. */
  readonly secretName: string;

  /** Every user the gateway admits, with its tenants; a digest naming a user not listed here gets 401. */
  readonly users: GatewayBasicAuthUserOptions[];
}

/** A caller authenticated by a bearer token (Prometheus `authorization`, Alloy `bearer_token`, mimirtool `--auth-token`). */
export interface GatewayTokenOptions extends GatewayIdentityOptions {
  /** The identity: the value its tokens' digests map to in the Secret. Lower-case letters, digits and `-`. */
  readonly name: string;
}

/**
 * Bearer tokens, verified against SHA-256 digests in an existing Secret: each key is the hex SHA-256 of a token and
 * its value the token's name (`GatewayCredentials.token()` makes both). Several tokens may name one identity, so a
 * token is rotated by adding the new digest before removing the old; changes need no restart.
 */
export interface GatewayBearerTokensOptions {
  /** Secret (in the cluster's namespace) holding the digests. */
  readonly secretName: string;

  /** The identities the tokens name. */
  readonly tokens: GatewayTokenOptions[];
}

/** Signature algorithms the gateway accepts on JSON Web Tokens. */
export enum JwtAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256 (keys of `kty: RSA`, 2048 bits or more). */
  RS256 = 'RS256',
  /** ECDSA on P-256 with SHA-256 (keys of `kty: EC`, `crv: P-256`). */
  ES256 = 'ES256',
}

/** Where the gateway reads the identity provider's JSON Web Key Set. Exactly one of secretName and configMapName. */
export interface GatewayJwksOptions {
  /**
   * Secret holding the JWKS document.
   *
   * @default - none
   */
  readonly secretName?: string;

  /**
   * ConfigMap holding the JWKS document.
   *
   * @default - none
   */
  readonly configMapName?: string;

  /**
   * Key of the document.
   *
   * @default 'jwks.json'
   */
  readonly key?: string;
}

/** A claim test: the claim equals `value`, or is a list that contains it. */
export interface GatewayJwtClaimMatchOptions {
  /** Claim name, e.g. `groups`. */
  readonly claim: string;
  /** The value the claim must hold. */
  readonly value: string;
}

/**
 * One rule mapping verified tokens to an identity. Rules are tried in order; the first whose `match` holds decides.
 * The tenant is fixed (`tenant`, `federatedReadTenants`) or read from a claim (`tenantClaim`, limited by
 * `allowedTenants`); exactly one of `tenant` and `tenantClaim`.
 */
export interface GatewayJwtRuleOptions {
  /** The identity's name (logs and errors). Lower-case letters, digits and `-`. */
  readonly name: string;

  /**
   * The claim a token must carry for this rule.
   *
   * @default - every valid token
   */
  readonly match?: GatewayJwtClaimMatchOptions;

  /**
   * Fixed tenant of the identity.
   *
   * @default - none: tenantClaim names it
   */
  readonly tenant?: string;

  /**
   * Fixed tenants of reads (federation), with `tenant`.
   *
   * @default - reads are for `tenant` only
   */
  readonly federatedReadTenants?: string[];

  /**
   * Claim holding the tenant (a string, or a list of tenants for federated reads).
   *
   * @default - none: tenant names it
   */
  readonly tenantClaim?: string;

  /**
   * Tenants the claim may name, with `tenantClaim`.
   *
   * @default - any valid tenant ID
   */
  readonly allowedTenants?: string[];

  /**
   * With `tenantClaim`: a list claim may federate reads across its tenants. Writes always take exactly one.
   *
   * @default false
   */
  readonly allowFederation?: boolean;

  /**
   * What the identity may do.
   *
   * @default [GatewayPermission.READ]
   */
  readonly permissions?: GatewayPermission[];
}

/**
 * OIDC / JWT bearer tokens: signatures (RS256, ES256) verified against the identity provider's key set, then issuer,
 * audience, expiry and not-before checked, then claims mapped to an identity by rules.
 */
export interface GatewayJwtOptions {
  /** The `iss` every token must carry, exactly. */
  readonly issuer: string;

  /** The `aud` every token must carry (or contain). */
  readonly audience: string;

  /** The key set (JWKS). It is read on every request: a refreshed Secret or ConfigMap applies within the kubelet's sync period. */
  readonly keySet: GatewayJwksOptions;

  /**
   * Accepted algorithms; `none` and HMAC are never accepted.
   *
   * @default [JwtAlgorithm.RS256, JwtAlgorithm.ES256]
   */
  readonly algorithms?: JwtAlgorithm[];

  /**
   * Clock skew tolerated on `exp` and `nbf`, in seconds.
   *
   * @default 60
   */
  readonly clockSkewSeconds?: number;

  /** Claim rules, in order. */
  readonly rules: GatewayJwtRuleOptions[];
}

/**
 * An upstream proxy (Grafana, an OIDC proxy) that authenticates its own users and names the tenant itself in
 * `X-Scope-OrgID`. It is identified by a certificate from the gateway's clients CA.
 */
export interface GatewayTrustedProxyOptions {
  /** The identity: the certificate's Common Name (Secret `<cluster>-gateway-client-<name>`). */
  readonly name: string;

  /**
   * Tenants the proxy may name.
   *
   * @default - any valid tenant ID
   */
  readonly allowedTenants?: string[];

  /**
   * May send a federated list (`a|b`) on read paths. Write paths always take exactly one tenant.
   *
   * @default false
   */
  readonly allowFederation?: boolean;

  /**
   * What the proxy may do.
   *
   * @default [GatewayPermission.READ]
   */
  readonly permissions?: GatewayPermission[];
}

/** How the gateway authenticates callers and picks their tenant. Several modes work side by side. */
export interface GatewayAuthenticationOptions {
  /**
   * Clients with certificates from the gateway's own clients CA (a CA of its own, not the cluster's); the library
   * issues one Certificate per entry.
   *
   * @default - none
   */
  readonly clientCertificates?: GatewayClientCertificateOptions[];

  /**
   * Basic authentication.
   *
   * @default - none
   */
  readonly basicAuth?: GatewayBasicAuthOptions;

  /**
   * Trusted upstream proxies that pass the tenant through.
   *
   * @default - none
   */
  readonly trustedProxies?: GatewayTrustedProxyOptions[];

  /**
   * Bearer tokens.
   *
   * @default - none
   */
  readonly bearerTokens?: GatewayBearerTokensOptions;

  /**
   * OIDC / JWT bearer tokens.
   *
   * @default - none
   */
  readonly jwt?: GatewayJwtOptions;
}

/** Pods allowed in by a NetworkPolicy: a namespace selector, a pod selector, or both (pods in those namespaces). */
export interface NetworkPeerOptions {
  /**
   * Labels of the namespaces, e.g. `{ 'kubernetes.io/metadata.name': 'monitoring' }`.
   *
   * @default - the cluster's namespace
   */
  readonly namespaceLabels?: { [key: string]: string };

  /**
   * Labels of the pods.
   *
   * @default - every pod of the namespaces
   */
  readonly podLabels?: { [key: string]: string };
}

/** The gateway's Service type. */
export enum GatewayServiceType {
  CLUSTER_IP = 'ClusterIP',
  /** A cloud load balancer passing TLS through, so client certificates reach the gateway. */
  LOAD_BALANCER = 'LoadBalancer',
}

/** The authenticating front door: nginx speaking HTTPS to callers and mutual TLS to every Mimir component. */
export interface GatewayOptions {
  /**
   * Deploy the gateway.
   *
   * @default - true, except in ClusterSize.DEV
   */
  readonly enabled?: boolean;

  /**
   * Replicas.
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * nginx image. It must run nginx 1.21 or later without root (the config needs no root, listens on 8443 and
   * writes only to /tmp).
   *
   * @default 'docker.io/nginxinc/nginx-unprivileged:1.29.3-alpine'
   */
  readonly image?: string;

  /**
   * Requests (and memory limit).
   *
   * @default - 250m CPU, 128Mi memory
   */
  readonly resources?: ResourceOptions;

  /**
   * Public DNS names of the gateway, added to its server certificate.
   *
   * @default - only the gateway Service's names
   */
  readonly hostnames?: string[];

  /**
   * Issuer of the gateway's server certificate, e.g. an ACME ClusterIssuer for the public names. Its certificate
   * then carries `hostnames` only (public CAs refuse cluster-internal names).
   *
   * @default - the cluster's issuer, with the Service names and `hostnames`
   */
  readonly serverIssuer?: IssuerRefOptions;

  /**
   * Type of the gateway Service (port 443 → 8443).
   *
   * @default GatewayServiceType.CLUSTER_IP
   */
  readonly serviceType?: GatewayServiceType;

  /**
   * Who may connect to the gateway's port (its NetworkPolicy).
   *
   * @default - anyone
   */
  readonly allowedClients?: NetworkPeerOptions[];

  /**
   * Most failed authentications per second from one client address before it gets 429 (bursts of five times as
   * many pass). Behind a load balancer that hides client addresses, they share one budget.
   *
   * @default 10
   */
  readonly failedAuthRatePerSecond?: number;

  /**
   * Seconds a verified password, token or JWT is remembered (by nginx, in the pod's memory), so that a known
   * caller's request runs no JavaScript. A revoked credential or a key removed from the JWKS stops working within
   * this time; a JWT is never remembered past its expiry; failures are never remembered. 0 checks every request.
   *
   * @default 30
   */
  readonly credentialCacheSeconds?: number;

  /**
   * Callers, their tenants and permissions. Without any, every request but `/ready` gets 401.
   *
   * @default - no identities
   */
  readonly authentication?: GatewayAuthenticationOptions;
}

/** Mimir's tenancy switches. */
export interface TenancyOptions {
  /**
   * Multi-tenancy (`-auth.multitenancy-enabled`). Off, Mimir puts every request in `noAuthTenant`.
   *
   * @default true
   */
  readonly multitenancy?: boolean;

  /**
   * Tenant of every request when multi-tenancy is off (`-auth.no-auth-tenant`).
   *
   * @default 'anonymous'
   */
  readonly noAuthTenant?: string;

  /**
   * Tenant federation on every component (`-tenant-federation.enabled`).
   *
   * @default - on when a gateway identity reads several tenants or a trusted proxy may federate
   */
  readonly federation?: boolean;

  /**
   * Most tenants in one federated query (`-tenant-federation.max-tenants`, Mimir 2.12 and later; 0 = no limit).
   *
   * @default - the longest federated list of an identity; no limit when a trusted proxy may federate any tenant
   */
  readonly maxFederatedTenants?: number;

  /**
   * Federated rule groups (`-ruler.tenant-federation.enabled`): a rule group's `source_tenants` reads other
   * tenants, which the gateway cannot see in a request body. Weaker: needs `tls.acknowledgeWeakerSecurity`.
   *
   * @default false
   */
  readonly rulerFederation?: boolean;

  /**
   * The ruler's configuration API (`-ruler.enable-api`).
   *
   * @default true
   */
  readonly rulerApi?: boolean;

  /**
   * The alertmanager's configuration API (`-alertmanager.enable-api`).
   *
   * @default true
   */
  readonly alertmanagerApi?: boolean;
}

/** Server-side encryption types Mimir's S3 client supports. */
export enum ServerSideEncryption {
  /** Keys managed by S3. */
  SSE_S3 = 'SSE-S3',
  /** Keys in AWS KMS (`kmsKeyId`, optional encryption context). */
  SSE_KMS = 'SSE-KMS',
}

/** Encryption at rest of what Mimir uploads to S3. */
export interface StorageEncryptionOptions {
  /** The encryption type. SSE-C is not supported by Mimir. */
  readonly type: ServerSideEncryption;

  /**
   * KMS key ID or ARN; required with SSE-KMS only.
   *
   * @default - none
   */
  readonly kmsKeyId?: string;

  /**
   * KMS encryption context (rendered as a JSON object); SSE-KMS only.
   *
   * @default - none
   */
  readonly kmsEncryptionContext?: { [key: string]: string };
}

/** The Alertmanager receivers firewall: addresses notifications may not be sent to. */
export interface AlertmanagerFirewallOptions {
  /**
   * Block private, loopback and link-local addresses. Off is weaker and needs `tls.acknowledgeWeakerSecurity`.
   *
   * @default true
   */
  readonly blockPrivateAddresses?: boolean;

  /**
   * Further CIDR networks to block.
   *
   * @default - none
   */
  readonly blockCidrNetworks?: string[];
}

/** Per-tenant limits and settings of the runtime configuration. Unset fields keep the cluster's defaults. */
export interface TenantOverridesOptions {
  /** Samples per second (`ingestion_rate`). @default - the cluster's */
  readonly ingestionRate?: number;
  /** Samples per burst (`ingestion_burst_size`). @default - the cluster's */
  readonly ingestionBurstSize?: number;
  /** In-memory series across ingesters (`max_global_series_per_user`; 0 = no limit). @default - the cluster's */
  readonly maxGlobalSeriesPerUser?: number;
  /** Series per metric name (`max_global_series_per_metric`). @default - the cluster's */
  readonly maxGlobalSeriesPerMetric?: number;
  /** Exemplars kept in memory (`max_global_exemplars_per_user`). @default - the cluster's */
  readonly maxGlobalExemplarsPerUser?: number;
  /** Label names per series (`max_label_names_per_series`). @default - the cluster's */
  readonly maxLabelNamesPerSeries?: number;
  /** Out-of-order window, e.g. "30m" (`out_of_order_time_window`). @default - the cluster's */
  readonly outOfOrderTimeWindow?: string;
  /** Requests per second (`request_rate`). @default - the cluster's */
  readonly requestRate?: number;
  /** Series a query may fetch (`max_fetched_series_per_query`). @default - the cluster's */
  readonly maxFetchedSeriesPerQuery?: number;
  /** Chunks a query may fetch (`max_fetched_chunks_per_query`). @default - the cluster's */
  readonly maxFetchedChunksPerQuery?: number;
  /** Chunk bytes a query may fetch (`max_fetched_chunk_bytes_per_query`). @default - the cluster's */
  readonly maxFetchedChunkBytesPerQuery?: number;
  /** How far back queries reach, e.g. "30d" (`max_query_lookback`). @default - the cluster's */
  readonly maxQueryLookback?: string;
  /** Longest range of a query (`max_total_query_length`). @default - the cluster's */
  readonly maxTotalQueryLength?: string;
  /** Sub-queries scheduled at once per query (`max_query_parallelism`). @default - the cluster's */
  readonly maxQueryParallelism?: number;
  /** Queriers serving the tenant (`max_queriers_per_tenant`; 0 = all). @default - the cluster's */
  readonly maxQueriersPerTenant?: number;
  /** Rules per rule group (`ruler_max_rules_per_rule_group`). @default - the cluster's */
  readonly rulerMaxRulesPerRuleGroup?: number;
  /** Rule groups (`ruler_max_rule_groups_per_tenant`). @default - the cluster's */
  readonly rulerMaxRuleGroupsPerTenant?: number;
  /** Retention of blocks, e.g. "1y" (`compactor_blocks_retention_period`; 0 = forever). @default - the cluster's */
  readonly compactorBlocksRetentionPeriod?: string;
  /** Encryption of this tenant's uploads (`s3_sse_*`). @default - the cluster's `storage.encryption` */
  readonly encryption?: StorageEncryptionOptions;
  /** The receivers firewall for this tenant. @default - the cluster's `alertmanagerFirewall` */
  readonly alertmanagerFirewall?: AlertmanagerFirewallOptions;
}

/** The runtime configuration file: reloaded by every component without a restart. */
export interface RuntimeConfigOptions {
  /**
   * Per-tenant overrides, by tenant ID.
   *
   * @default - none
   */
  readonly overrides?: { [tenant: string]: TenantOverridesOptions };
}

/**
 * Cluster validation (dskit): every gRPC request between the components carries the cluster's label, and servers
 * refuse requests labelled for another cluster (or not labelled). With the library's own CA per cluster, mutual TLS
 * already keeps clusters apart; with an issuer shared by several clusters, this does. The flags are experimental in
 * Mimir 3.0; Mimir 2.11 and Cortex have none.
 */
export interface ClusterValidationOptions {
  /**
   * Label and validate gRPC requests.
   *
   * @default - true where the version has the flags (Mimir 3.0 and later)
   */
  readonly enabled?: boolean;

  /**
   * The label; the same on every component of the cluster, and different from any other cluster's.
   *
   * @default - the cluster's name and namespace, `<name>.<namespace>`
   */
  readonly label?: string;

  /**
   * Validate HTTP requests too (`-server.cluster-validation.http.enabled`): the gateway sends the label (`X-Cluster`)
   * on every request it forwards. Exempt, as Mimir exempts them: paths containing `/ready` (the kubelet's probes),
   * `/metrics` (scrapes) and `/debug/pprof`; and, on the alertmanager when a ruler runs, the ruler's notifications
   * (`alertmanager/api/v2/alerts`: Prometheus' notifier sends no label). A second line of defence, not a boundary:
   * Mimir matches the exemptions anywhere in the path, so a request whose path contains one (a rule namespace named
   * `metrics`) is not validated.
   *
   * @default false
   */
  readonly http?: boolean;
}
