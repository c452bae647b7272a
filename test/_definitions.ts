// The definitions every cluster-wide test runs over: the examples and a few definitions that reach the
// branches the examples do not. The invariant tests and the golden outputs share this one list.
import { App, Chart, Testing } from 'cdk8s';
import { CertificateIssuer, CortexVersion, MimirCluster, MimirVersion, RuleEvaluation, TrustSource } from '../src';
import { ProductionMimirChart } from '../examples/main';
import { SmallMimirChart } from '../examples/small';
import { ZonedMimirChart } from '../examples/zones';
import { PolicyMimirChart } from '../examples/policy';
import { CortexChart } from '../examples/cortex';
import { BASE, EGRESS_ETCD } from './_helpers';

export interface DefinitionCase {
  readonly name: string;
  /** File name of the golden output. */
  readonly slug: string;
  /** The cluster keeps the default server policy (gRPC RequireAndVerify, HTTP VerifyIfGiven, TLS 1.2+). */
  readonly defaultPolicy: boolean;
  /** A fresh chart holding the cluster under the id `Mimir`. */
  readonly make: () => Chart;
}

function example(name: string, slug: string, make: (app: App) => Chart, defaultPolicy = true): DefinitionCase {
  return { name, slug, defaultPolicy, make: () => make(Testing.app()) };
}

function definition(name: string, slug: string, props: any): DefinitionCase {
  return {
    name, slug, defaultPolicy: true,
    make: () => {
      const chart = Testing.chart();
      new MimirCluster(chart, 'Mimir', { ...BASE, ...props });
      return chart;
    },
  };
}

export const DEFINITION_CASES: readonly DefinitionCase[] = [
  example('examples/main', 'example-main', (app) => new ProductionMimirChart(app, 'mimir')),
  example('examples/small', 'example-small', (app) => new SmallMimirChart(app, 'mimir-dev')),
  example('examples/zones', 'example-zones', (app) => new ZonedMimirChart(app, 'metrics')),
  example('examples/policy (3.0.2)', 'example-policy-3.0.2', (app) => new PolicyMimirChart(app, 'policy', MimirVersion.V3_0_2), false),
  example('examples/policy (2.11.0)', 'example-policy-2.11.0', (app) => new PolicyMimirChart(app, 'policy', MimirVersion.V2_11_0), false),
  example('examples/cortex (1.21.1)', 'example-cortex-1.21.1', (app) => new CortexChart(app, 'cortex', CortexVersion.V1_21_1)),
  example('examples/cortex (1.19.0)', 'example-cortex-1.19.0', (app) => new CortexChart(app, 'cortex', CortexVersion.V1_19_0)),
  definition('defaults, local rule evaluation', 'defaults', {}),
  definition('Mimir 2.11.0', 'mimir-2.11.0', { version: MimirVersion.V2_11_0, ruleEvaluation: RuleEvaluation.REMOTE }),
  definition('no alertmanager, no ruler', 'no-alertmanager-no-ruler', { components: { alertmanager: { enabled: false }, ruler: { enabled: false } } }),
  definition('RSA keys, trust-manager bundle', 'rsa-trust-manager', {
    certificates: { privateKeyAlgorithm: 'RSA', privateKeySize: 3072, trust: TrustSource.trustManagerBundle({ sourceSecretName: 'mimir-ca-source' }) },
  }),
  definition('external issuer, ConfigMap trust', 'external-issuer-configmap-trust', {
    certificates: { issuer: CertificateIssuer.fromIssuerRef({ name: 'vault' }), trust: TrustSource.fromConfigMap('corp-ca', 'bundle.pem') },
  }),
  definition('front door on Mimir 2.11.0', 'front-door-2.11.0', {
    version: MimirVersion.V2_11_0,
    storage: { ...BASE.storage, encryption: { type: 'SSE-S3' } },
    gateway: {
      hostnames: ['mimir.example.com'],
      allowedClients: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress' } }],
      authentication: {
        clientCertificates: [{ name: 'writer', tenant: 'a', permissions: ['write'] }, { name: 'admin', tenant: 'a', permissions: ['read', 'admin'] }],
        basicAuth: { secretName: 'users', users: [{ username: 'reader', tenant: 'a', federatedReadTenants: ['a', 'b', 'c'], permissions: ['read'] }] },
        bearerTokens: { secretName: 'tokens', tokens: [{ name: 'agent', tenant: 'b', permissions: ['write'] }] },
        jwt: {
          issuer: 'https://sso.example.com', audience: 'mimir', keySet: { secretName: 'sso-jwks', key: 'keys.json' }, algorithms: ['ES256'],
          rules: [{ name: 'sso', match: { claim: 'groups', value: 'observability' }, tenantClaim: 'tenant', allowedTenants: ['a', 'b'] }],
        },
        trustedProxies: [{ name: 'grafana', allowFederation: true, permissions: ['read', 'manage'] }],
      },
    },
    tenancy: { rulerApi: false, maxFederatedTenants: 10 },
    alertmanagerFirewall: { blockCidrNetworks: ['100.64.0.0/10', '169.254.169.254/32'] },
    monitoring: { serviceMonitors: true, scrapers: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' }, podLabels: { app: 'prometheus' } }] },
    runtimeConfig: {
      overrides: {
        a: { ingestionRate: 20000, maxFetchedChunksPerQuery: 1000000, outOfOrderTimeWindow: '10m', alertmanagerFirewall: { blockCidrNetworks: ['10.0.0.0/8'] } },
        b: { encryption: { type: 'SSE-KMS', kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/b', kmsEncryptionContext: { tenant: 'b' } }, compactorBlocksRetentionPeriod: '1y' },
      },
    },
  }),
];

/**
 * Definitions only the golden outputs cover: weaker choices (plaintext edges, server-only edges, plaintext caches,
 * etcd without TLS) that the invariants' secure-by-default assertions do not hold for.
 */
export const GOLDEN_ONLY_CASES: readonly DefinitionCase[] = [
  definition('weaker choices, acknowledged', 'weaker-acknowledged', {
    tls: {
      acknowledgeWeakerSecurity: true,
      grpcClientAuth: 'VerifyClientCertIfGiven',
      memberlist: false,
      edges: [{ prefix: 'ruler.client', from: 'ruler', mode: 'server-only' }, { prefix: 'querier.frontend-client', from: 'querier', mode: 'server-only' }],
    },
    caches: { chunks: { tls: false }, results: { enabled: false } },
    components: { compactor: { tls: { httpTls: false } }, overridesExporter: { enabled: false }, querier: { extraFlags: { 'querier.max-concurrent': '8', 'querier.timeout': '1m' } } },
  }),
  definition('etcd without TLS, DEV, results cache only', 'etcd-plaintext-dev', {
    size: 'dev',
    kvStore: { etcdOptions: { endpoints: ['etcd.infra.svc:2379'] } },
    egress: EGRESS_ETCD,
    tls: { acknowledgeWeakerSecurity: true },
    caches: { results: { enabled: true } },
  }),
];
