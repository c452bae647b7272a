// A development cluster: the DEV preset (one replica of everything, replication factor 1, no zones, no caches),
// certificates from an existing ClusterIssuer, no overrides-exporter.
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CertificateIssuer, ClusterSize, EgressTarget, IssuerKind, MimirCluster } from '../src';

export class SmallMimirChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new MimirCluster(this, 'Mimir', {
      name: 'mimir-dev',
      namespace: 'mimir-dev',
      storage: {
        endpoint: 's3.us-east-1.amazonaws.com',
        region: 'us-east-1',
        blocksBucket: 'blocks',
        rulerBucket: 'ruler',
        alertmanagerBucket: 'alertmanager',
        credentialsSecret: 'dev-s3-credentials',
      },
      // Pods connect only to each other, DNS and these: S3's addresses change, so any public address on 443.
      egress: { objectStorage: EgressTarget.anyPublicAddress([443]) },
      size: ClusterSize.DEV,
      components: {
        ingester: { storageSize: '10Gi' },
        overridesExporter: { enabled: false },
      },
      certificates: { issuer: CertificateIssuer.fromIssuerRef({ name: 'internal-ca', kind: IssuerKind.CLUSTER_ISSUER }) },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new SmallMimirChart(app, 'mimir-dev');
  app.synth();
}
