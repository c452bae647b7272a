// A cluster exercising the TLS policy surface: rings in an external etcd over mutual TLS, memcached with TLS
// (one cache external, behind its own CA), TLS 1.3 on the gRPC-heavy read path, custom suites, a component whose
// HTTP port requires client certificates (probed over TCP), and an edge overridden to verify a custom name.
// Synthesizes for Mimir 3.0.2 and 2.11.0 (`POLICY_VERSION=2.11.0`).
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ClientAuth, ClusterSize, EgressTarget, KvStore, MimirCluster, MimirVersion, ProbeMode, TlsVersion,
} from '../src';

export class PolicyMimirChart extends Chart {
  public readonly mimir: MimirCluster;

  constructor(scope: Construct, id: string, version: MimirVersion = MimirVersion.V3_0_2) {
    super(scope, id);
    this.mimir = new MimirCluster(this, 'Mimir', {
      name: 'mimir',
      namespace: 'secure-metrics',
      version,
      size: ClusterSize.SMALL,
      kvStore: KvStore.etcd({
        endpoints: ['etcd-0.etcd.infra.svc.cluster.local:2379', 'etcd-1.etcd.infra.svc.cluster.local:2379'],
        tlsSecretName: 'mimir-etcd-client',
        serverName: 'etcd.infra.svc.cluster.local',
      }),
      storage: {
        endpoint: 'minio.storage.svc.cluster.local:9000',
        blocksBucket: 'blocks',
        rulerBucket: 'ruler',
        alertmanagerBucket: 'alertmanager',
        credentialsSecret: 'minio-credentials',
      },
      // Everything outside the cluster's own pods runs in the Kubernetes cluster: each reached by its pods' labels.
      egress: {
        objectStorage: EgressTarget.pods([{ namespaceLabels: { 'kubernetes.io/metadata.name': 'storage' }, podLabels: { 'app.kubernetes.io/name': 'minio' } }], [9000]),
        etcd: EgressTarget.pods([{ namespaceLabels: { 'kubernetes.io/metadata.name': 'infra' }, podLabels: { 'app.kubernetes.io/name': 'etcd' } }], [2379]),
        externalCaches: EgressTarget.pods([{ namespaceLabels: { 'kubernetes.io/metadata.name': 'shared-cache' }, podLabels: { 'app.kubernetes.io/name': 'memcached' } }], [11211]),
        // Receivers on the corporate network's webhook relay only.
        alertmanagerReceivers: EgressTarget.cidrs(['203.0.113.0/24'], [443]),
      },
      tls: {
        minVersion: TlsVersion.TLS12,
        cipherSuites: ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
        edges: [{ prefix: 'ingester.client', from: 'querier', serverName: 'ingesters.secure-metrics.internal' }],
      },
      components: {
        querier: { tls: { minVersion: TlsVersion.TLS13 } },
        storeGateway: { tls: { minVersion: TlsVersion.TLS13 } },
        // The alertmanager API only for certificate holders: the kubelet cannot present one, so probe over TCP.
        alertmanager: { tls: { httpClientAuth: ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT, probe: ProbeMode.TCP_SOCKET } },
      },
      caches: {
        results: { external: { addresses: ['dns+memcached.shared-cache.svc.cluster.local:11211'], tlsSecretName: 'shared-cache-tls', clientCertificate: true } },
      },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new PolicyMimirChart(app, 'policy', MimirVersion.of(process.env.POLICY_VERSION ?? '3.0.2'));
  app.synth();
}
