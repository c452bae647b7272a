// A small cluster: one replica where Mimir allows it, replication factor 1, an external CA issuer.
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CertificateIssuer, IssuerKind, MimirCluster } from '../src';

export class SmallMimirChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new MimirCluster(this, 'Mimir', {
      name: 'mimir-dev',
      namespace: 'mimir-dev',
      storage: {
        endpoint: 'minio.storage.svc.cluster.local:9000',
        blocksBucket: 'blocks',
        rulerBucket: 'ruler',
        alertmanagerBucket: 'alertmanager',
        credentialsSecret: 'minio-credentials',
      },
      replicationFactor: 1,
      components: {
        distributor: { replicas: 1 },
        ingester: { replicas: 1, storageSize: '5Gi' },
        querier: { replicas: 1 },
        queryFrontend: { replicas: 1 },
        queryScheduler: { replicas: 1 },
        storeGateway: { replicas: 1, storageSize: '1Gi' },
        alertmanager: { replicas: 1 },
        ruler: { replicas: 1 },
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
