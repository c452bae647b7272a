// The complete example cluster: `npx cdk8s synth` writes it to dist/.
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { MimirCluster, MimirVersion, RuleEvaluation } from '../src';

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
