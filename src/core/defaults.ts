// Every default of the definition, as a named constant with the reason for its value.
import { ClientAuth, PrivateKeyAlgorithm, RuleEvaluation, TlsVersion } from './definition';

/** The default name and namespace of a cluster: its product's name (the dialect's `appName`). */
export const DEFAULT_NAME = 'mimir';
/**
 * The newest 3.0 patch release confirmed in Mimir's public changelog: 3.0.3 added the ruler's path-traversal checks
 * on namespace and group names (#14245) and Go 1.25.7 (CVE-2025-61726); 3.0.4 to 3.0.7 brought Go, gRPC and
 * OpenTelemetry CVE fixes (3.0.7: Go 1.26.4, a remote-write 2.0 nil-pointer panic fixed, Debian 13 base images).
 * Patch releases share the 3.0 flag catalog.
 */
export const DEFAULT_VERSION = '3.0.7';
export const DEFAULT_IMAGE_REPOSITORY = 'grafana/mimir';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
/** Mimir's default; remote evaluation is opt-in, as in Grafana's Helm chart. */
export const DEFAULT_RULE_EVALUATION = RuleEvaluation.LOCAL;

/** Probes come from the kubelet without a client certificate, so HTTP may not require one (facts §5). */
export const DEFAULT_HTTP_CLIENT_AUTH = ClientAuth.VERIFY_CLIENT_CERT_IF_GIVEN;
/** Every gRPC caller is a component with a certificate of the cluster's CA. */
export const DEFAULT_GRPC_CLIENT_AUTH = ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT;
export const DEFAULT_TLS_MIN_VERSION = TlsVersion.TLS12;
/** Forward-secret AEAD suites only; Go's TLS 1.3 suites are always on and not configurable. */
export const DEFAULT_CIPHER_SUITES: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];

export const DEFAULT_KEY_ALGORITHM = PrivateKeyAlgorithm.ECDSA;
export const DEFAULT_KEY_SIZE: { readonly [alg in PrivateKeyAlgorithm]: number } = { ECDSA: 256, RSA: 2048 };
/** cert-manager's own default lifetime (90 days). */
export const DEFAULT_CERT_DURATION = '2160h';
/** One third of the lifetime, as cert-manager renews when unset. */
export const DEFAULT_CERT_RENEW_BEFORE = '720h';
/** A CA outlives many leaves; its key never rotates (rotationPolicy Never), see facts §4. */
export const DEFAULT_CA_DURATION = '87600h';
/** cert-manager's lower bounds. */
export const MIN_CERT_DURATION_MS = 60 * 60 * 1000;
export const MIN_RENEW_BEFORE_MS = 5 * 60 * 1000;

export const DEFAULT_S3_ACCESS_KEY_ID_KEY = 'AWS_ACCESS_KEY_ID';
export const DEFAULT_S3_SECRET_ACCESS_KEY_KEY = 'AWS_SECRET_ACCESS_KEY';

/** Mimir runs as this uid/gid in Grafana's Helm chart; the image's files are readable by it. */
export const RUN_AS_ID = 10001;

/** The gateway: the nginx image Grafana's Helm chart uses (unprivileged, uid 101), pinned; two replicas keep the
 * front door up through a rollout; small requests (nginx proxies, it does not buffer whole bodies). */
export const DEFAULT_GATEWAY_IMAGE = 'docker.io/nginxinc/nginx-unprivileged:1.29.3-alpine';
export const DEFAULT_GATEWAY_REPLICAS = 2;
export const DEFAULT_GATEWAY_RESOURCES = { cpu: '250m', memory: '128Mi' } as const;
export const GATEWAY_UID = 101;
/** Failed authentications per second from one address: far above a mistyped password, far below a guessing script. */
export const DEFAULT_GATEWAY_FAILED_AUTH_RATE = 10;
/** A verified credential is remembered this long: revocation within half a minute, JavaScript on one request in thousands. */
export const DEFAULT_GATEWAY_CREDENTIAL_CACHE_SECONDS = 30;
/** The gateway's /tmp (memory-backed): the pid file and nginx's cache of verified credentials (at most 16 MiB);
 * nginx buffers neither requests nor responses to it. */
export const GATEWAY_TMP_SIZE_MEBIBYTES = 64;
/** Mimir's own default no-auth tenant. */
export const DEFAULT_NO_AUTH_TENANT = 'anonymous';
