// The complete example cluster: `npx cdk8s synth` writes it to dist/.
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressTarget, GatewayPermission, MimirCluster, MimirVersion, RuleEvaluation, ServerSideEncryption } from '../src';

export class ProductionMimirChart extends Chart {
  public readonly mimir: MimirCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.mimir = new MimirCluster(this, 'Mimir', {
      name: 'mimir',
      namespace: 'observability',
      version: MimirVersion.V3_0_2,
      storage: {
        endpoint: 's3.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        blocksBucket: 'acme-mimir-blocks',
        rulerBucket: 'acme-mimir-ruler',
        alertmanagerBucket: 'acme-mimir-alertmanager',
        credentialsSecret: 'mimir-s3-credentials',
        // Everything Mimir uploads is encrypted with this KMS key (per tenant below for team-b).
        encryption: { type: ServerSideEncryption.SSE_KMS, kmsKeyId: 'alias/mimir-blocks', kmsEncryptionContext: { cluster: 'mimir' } },
      },
      // Pods connect only to each other, DNS and these: S3's addresses change, so any public address on 443.
      egress: { objectStorage: EgressTarget.anyPublicAddress([443]) },
      // The front door: nginx speaking HTTPS to callers and mutual TLS to the components. Every request needs an
      // identity; the tenant comes from the identity, never from the caller.
      gateway: {
        hostnames: ['mimir.example.com'],
        authentication: {
          // Certificates from the gateway's own clients CA: Secrets mimir-gateway-client-<name>.
          clientCertificates: [
            { name: 'prometheus-team-a', tenant: 'team-a', permissions: [GatewayPermission.WRITE] },
            { name: 'prometheus-team-b', tenant: 'team-b', permissions: [GatewayPermission.WRITE] },
          ],
          // Basic auth for people and tools that only speak it: the Secret holds SHA-256 digests of generated
          // passwords (GatewayCredentials.basicAuth or `cdk8s-mimir credential basic <user>`).
          basicAuth: {
            secretName: 'mimir-gateway-users',
            users: [
              { username: 'team-a', tenant: 'team-a', permissions: [GatewayPermission.READ, GatewayPermission.MANAGE] },
              { username: 'sre', tenant: 'team-a', federatedReadTenants: ['team-a', 'team-b'], permissions: [GatewayPermission.READ] },
            ],
          },
          // Bearer tokens for agents (Alloy, Prometheus remote_write `authorization`): digests in a Secret.
          bearerTokens: {
            secretName: 'mimir-gateway-tokens',
            tokens: [{ name: 'alloy-team-b', tenant: 'team-b', permissions: [GatewayPermission.WRITE] }],
          },
          // Single sign-on: tokens of the company's OIDC provider, verified against its published keys.
          jwt: {
            issuer: 'https://sso.example.com/realms/observability',
            audience: 'mimir',
            keySet: { configMapName: 'sso-jwks' },
            rules: [
              { name: 'sso-oncall', match: { claim: 'groups', value: 'oncall' }, tenant: 'team-a', federatedReadTenants: ['team-a', 'team-b'] },
              { name: 'sso-teams', match: { claim: 'groups', value: 'engineering' }, tenantClaim: 'mimir_tenant', allowedTenants: ['team-a', 'team-b'] },
            ],
          },
          // Grafana authenticates its users itself and names the tenant (one data source per team).
          trustedProxies: [{ name: 'grafana', allowedTenants: ['team-a', 'team-b'] }],
        },
      },
      runtimeConfig: {
        overrides: {
          'team-a': { ingestionRate: 50000, ingestionBurstSize: 500000, maxGlobalSeriesPerUser: 1500000 },
          'team-b': {
            maxQueryLookback: '30d', compactorBlocksRetentionPeriod: '90d',
            encryption: { type: ServerSideEncryption.SSE_KMS, kmsKeyId: 'alias/mimir-team-b', kmsEncryptionContext: { tenant: 'team-b' } },
          },
        },
      },
      replicationFactor: 3,
      ruleEvaluation: RuleEvaluation.REMOTE,
      components: {
        distributor: { replicas: 3, resources: { cpu: '2', memory: '2Gi' } },
        ingester: { replicas: 3, resources: { cpu: '2', memory: '8Gi' }, storageSize: '100Gi' },
        querier: { replicas: 3, resources: { cpu: '1', memory: '2Gi' } },
        storeGateway: { replicas: 3, storageSize: '20Gi' },
        compactor: { storageSize: '100Gi', extraFlags: { 'compactor.blocks-retention-period': '1y' } },
      },
      certificates: { duration: '720h', renewBefore: '240h' },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new ProductionMimirChart(app, 'mimir');
  app.synth();
}
