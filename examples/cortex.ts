// A Cortex 1.21.1 cluster from the same typed definition: mutual TLS on every edge, Cortex's flag names.
// `npx cdk8s synth --app "npx ts-node --transpile-only --project tsconfig.dev.json examples/cortex.ts"`
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CortexCluster, CortexVersion, EgressTarget, RuleEvaluation } from '../src';

export class CortexChart extends Chart {
  public readonly cortex: CortexCluster;

  constructor(scope: Construct, id: string, version: CortexVersion = CortexVersion.V1_21_1) {
    super(scope, id);
    this.cortex = new CortexCluster(this, 'Mimir', {
      name: 'cortex',
      namespace: 'cortex',
      version,
      storage: {
        endpoint: 's3.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        blocksBucket: 'acme-cortex-blocks',
        rulerBucket: 'acme-cortex-ruler',
        alertmanagerBucket: 'acme-cortex-alertmanager',
        credentialsSecret: 'cortex-s3-credentials',
      },
      // Pods connect only to each other, DNS and these: S3's addresses change, so any public address on 443.
      egress: { objectStorage: EgressTarget.anyPublicAddress([443]) },
      ruleEvaluation: RuleEvaluation.REMOTE,
      monitoring: {
        serviceMonitors: true,
        scrapers: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' }, podLabels: { 'app.kubernetes.io/name': 'prometheus' } }],
      },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new CortexChart(app, 'cortex');
  app.synth();
}
