// A large, three-zone cluster pinned to cloud availability zones: the LARGE preset, one StatefulSet per zone
// for ingester, store-gateway and alertmanager on that zone's nodes, the rollout-operator, all four caches,
// ServiceMonitors and certificate alerts, and its own namespaced Reloader for certificate rotation.
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CertificateRotation, ClusterSize, EgressTarget, MimirCluster, RuleEvaluation } from '../src';

export class ZonedMimirChart extends Chart {
  public readonly mimir: MimirCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const zone = (name: string, az: string) => ({ name, nodeSelector: { 'topology.kubernetes.io/zone': az } });
    this.mimir = new MimirCluster(this, 'Mimir', {
      name: 'metrics',
      namespace: 'metrics',
      size: ClusterSize.LARGE,
      zones: [zone('zone-a', 'eu-west-1a'), zone('zone-b', 'eu-west-1b'), zone('zone-c', 'eu-west-1c')],
      ruleEvaluation: RuleEvaluation.REMOTE,
      storage: {
        endpoint: 's3.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        blocksBucket: 'acme-metrics-blocks',
        rulerBucket: 'acme-metrics-ruler',
        alertmanagerBucket: 'acme-metrics-alertmanager',
        credentialsSecret: 'metrics-s3',
      },
      // Pods connect only to each other, DNS and these: S3's addresses change, so any public address on 443.
      egress: { objectStorage: EgressTarget.anyPublicAddress([443]) },
      components: {
        ingester: { storageClassName: 'gp3' },
        storeGateway: { storageClassName: 'gp3' },
      },
      caches: { chunks: { replicas: 9 } },
      // Renewals roll the pods through a Reloader deployed with the cluster (namespaced, nothing else to install).
      certificates: { rotation: CertificateRotation.deployReloader() },
      // Needs the Prometheus Operator CRDs: scrape over HTTPS with the cluster's CA, alert on certificates.
      monitoring: {
        serviceMonitors: true, certificateAlerts: true, labels: { release: 'prometheus' },
        // The Prometheus that scrapes 8080: nothing else but the gateway and Mimir's own HTTP callers reaches that port.
        scrapers: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' }, podLabels: { 'app.kubernetes.io/name': 'prometheus' } }],
      },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new ZonedMimirChart(app, 'metrics');
  app.synth();
}
