import { Chart, Testing } from 'cdk8s';
import { CertificateIssuer, IssuerKind, MimirCluster, MimirComponent, TrustSource } from '../../src';
import { argsOf, BASE, errorOf, findObject, mimirContainer, objectsOfKind, synth, workloadOf, workloadsOf } from '../_helpers';

const STATEFUL = ['ingester', 'store-gateway', 'compactor', 'alertmanager'];
const ZONED = ['ingester', 'store-gateway', 'alertmanager'];
const CACHES = ['chunks-cache', 'index-cache', 'metadata-cache', 'results-cache'];
const CLUSTER_SCOPED = ['ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'Bundle'];
const ALL = ['distributor', 'ingester', 'querier', 'query-frontend', 'query-scheduler', 'store-gateway', 'compactor', 'ruler', 'alertmanager', 'overrides-exporter'];

describe('MimirCluster', () => {
  const { manifests, cluster } = synth();

  test('one workload per component, one StatefulSet per zone for the zone-aware three', () => {
    for (const id of ALL) {
      const ws = workloadsOf(manifests, 'mimir', id);
      expect([id, ws.map((w) => w.metadata.name)]).toEqual([id, ZONED.includes(id) ? ['zone-a', 'zone-b', 'zone-c'].map((z) => `mimir-${id}-${z}`) : [`mimir-${id}`]]);
      for (const w of ws) {
        expect([id, w.kind]).toEqual([id, STATEFUL.includes(id) ? 'StatefulSet' : 'Deployment']);
        expect(argsOf(w).get('target')).toBe(id);
      }
    }
    expect(cluster.components.map((c) => c.target)).toEqual(ALL);
  });

  test('every namespaced object is in the cluster namespace', () => {
    for (const m of manifests) {
      expect([m.kind, m.metadata.name, m.metadata.namespace]).toEqual([m.kind, m.metadata.name, CLUSTER_SCOPED.includes(m.kind) ? undefined : 'mimir']);
    }
  });

  test('CA bootstrap: SelfSigned Issuer → ECDSA P-256 CA Certificate that never rotates its key → CA Issuer', () => {
    expect(findObject(manifests, 'Issuer', 'mimir-selfsigned').spec).toEqual({ selfSigned: {} });
    const ca = findObject(manifests, 'Certificate', 'mimir-ca').spec;
    expect(ca).toMatchObject({
      isCA: true, secretName: 'mimir-ca', duration: '87600h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Never' },
      issuerRef: { name: 'mimir-selfsigned', kind: 'Issuer', group: 'cert-manager.io' },
    });
    expect(findObject(manifests, 'Issuer', 'mimir-ca').spec).toEqual({ ca: { secretName: 'mimir-ca' } });
  });

  test('one leaf Certificate per component, issued by the cluster CA, with explicit usages and a rotating ECDSA key', () => {
    for (const id of ALL) {
      const spec = findObject(manifests, 'Certificate', `mimir-${id}`).spec;
      expect(spec).toMatchObject({
        secretName: `mimir-${id}-tls`,
        usages: ['digital signature', 'server auth', 'client auth'],
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        duration: '2160h', renewBefore: '720h',
        issuerRef: { name: 'mimir-ca', kind: 'Issuer', group: 'cert-manager.io' },
      });
      expect(spec.dnsNames).toEqual(expect.arrayContaining([
        `mimir-${id}.mimir.svc`, `mimir-${id}.mimir.svc.cluster.local`,
        `mimir-${id}-headless.mimir.svc.cluster.local`, `*.mimir-${id}-headless.mimir.svc.cluster.local`, 'localhost',
      ]));
      expect(spec.commonName).toBeUndefined();
    }
    // + the CA, + the gateway's server and upstream-client certificates
    expect(objectsOfKind(manifests, 'Certificate')).toHaveLength(ALL.length + CACHES.length + 1 + 2);
  });

  test('Services: ClusterIP and headless per component, one per zone, one headless gossip Service', () => {
    for (const id of ALL) {
      expect(findObject(manifests, 'Service', `mimir-${id}`).spec.type).toBe('ClusterIP');
      const headless = findObject(manifests, 'Service', `mimir-${id}-headless`).spec;
      expect(headless).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    }
    const gossip = findObject(manifests, 'Service', 'mimir-gossip-ring').spec;
    expect(gossip).toMatchObject({ clusterIP: 'None', ports: [{ name: 'memberlist', port: 7946, targetPort: 7946 }] });
    expect(gossip.selector).toEqual({ 'app.kubernetes.io/name': 'mimir', 'app.kubernetes.io/instance': 'mimir', 'app.kubernetes.io/part-of': 'memberlist' });
    for (const id of ZONED) {
      for (const z of ['zone-a', 'zone-b', 'zone-c']) {
        expect(findObject(manifests, 'Service', `mimir-${id}-${z}`).spec.selector.zone).toBe(z);
      }
    }
    // components ×2, zones, gossip, caches, rollout-operator webhook Service, gateway
    expect(objectsOfKind(manifests, 'Service')).toHaveLength(ALL.length * 2 + ZONED.length * 3 + 1 + CACHES.length + 1 + 1);
  });

  test('a PodDisruptionBudget per component and a ServiceAccount without an API token', () => {
    for (const id of ALL) {
      expect(findObject(manifests, 'PodDisruptionBudget', `mimir-${id}`).spec).toEqual({
        maxUnavailable: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'mimir', 'app.kubernetes.io/instance': 'mimir', 'app.kubernetes.io/component': id } },
      });
      expect(findObject(manifests, 'ServiceAccount', `mimir-${id}`).automountServiceAccountToken).toBe(false);
      for (const w of workloadsOf(manifests, 'mimir', id)) expect(w.spec.template.spec.serviceAccountName).toBe(`mimir-${id}`);
    }
  });

  test('stateful components get a volume claim named like the mount, and no placeholder volume', () => {
    const ingester = findObject(manifests, 'StatefulSet', 'mimir-ingester-zone-b');
    expect(ingester.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } },
    }]);
    expect(ingester.spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('data');
    expect(mimirContainer(ingester).volumeMounts.map((m: any) => m.name)).toContain('data');
    expect(workloadOf(manifests, 'mimir', 'querier').spec.template.spec.volumes.find((v: any) => v.name === 'data')).toEqual({ name: 'data', emptyDir: {} });
  });

  test('object storage credentials come from the Secret as environment variables, never as flags', () => {
    const c = mimirContainer(workloadOf(manifests, 'mimir', 'ingester'));
    expect(c.env).toEqual(expect.arrayContaining([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3-credentials', key: 'AWS_ACCESS_KEY_ID' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 's3-credentials', key: 'AWS_SECRET_ACCESS_KEY' } } },
    ]));
    expect([...argsOf(workloadOf(manifests, 'mimir', 'ingester')).keys()].filter((k) => /access-key|secret/.test(k))).toEqual([]);
    expect(mimirContainer(workloadOf(manifests, 'mimir', 'distributor')).env.map((e: any) => e.name)).not.toContain('AWS_ACCESS_KEY_ID');
  });

  test('workloads roll when their certificate Secret changes (Reloader), unless switched off', () => {
    expect(workloadOf(manifests, 'mimir', 'querier').metadata.annotations).toEqual({ 'secret.reloader.stakater.com/reload': 'mimir-querier-tls' });
    const off = synth({ certificates: { reloadOnRotation: false }, tls: { acknowledgeWeakerSecurity: true } });
    expect(workloadOf(off.manifests, 'mimir', 'querier').metadata.annotations).toBeUndefined();
  });

  test('component(target) finds a component and names the choices when it cannot', () => {
    expect(cluster.component('ruler').target).toBe('ruler');
    expect(errorOf(() => cluster.component('gateway')).message).toMatch(/target: "gateway" is not an enabled component.*distributor/);
  });
});

describe('issuers and trust', () => {
  test('an external issuer: no CA objects, every leaf references it', () => {
    const { manifests } = synth({ certificates: { issuer: CertificateIssuer.fromIssuerRef({ name: 'vault', kind: IssuerKind.CLUSTER_ISSUER, group: 'cert-manager.io' }) } });
    expect(objectsOfKind(manifests, 'Issuer')).toEqual([]);
    for (const cert of objectsOfKind(manifests, 'Certificate')) expect(cert.spec.issuerRef).toEqual({ name: 'vault', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });

  test('a trust-manager Bundle: only into this namespace, mounted as a ConfigMap, CA flags point at it', () => {
    const { manifests } = synth({ certificates: { trust: TrustSource.trustManagerBundle({ sourceSecretName: 'mimir-ca-source' }) } });
    const bundle = findObject(manifests, 'Bundle', 'mimir-mimir-ca-bundle');
    expect(bundle.spec).toEqual({
      sources: [{ secret: { name: 'mimir-ca-source', key: 'ca.crt' } }],
      target: { configMap: { key: 'ca.crt' }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mimir' } } },
    });
    const querier = workloadOf(manifests, 'mimir', 'querier');
    expect(querier.spec.template.spec.volumes).toContainEqual({ name: 'trust', configMap: { name: 'mimir-mimir-ca-bundle' } });
    expect(argsOf(querier).get('ingester.client.tls-ca-path')).toBe('/etc/mimir/ca/ca.crt');
    expect(argsOf(querier).get('server.grpc-tls-ca-path')).toBe('/etc/mimir/ca/ca.crt');
    expect(querier.metadata.annotations['configmap.reloader.stakater.com/reload']).toBe('mimir-mimir-ca-bundle');
  });

  test('RSA leaves add key encipherment', () => {
    const { manifests } = synth({ certificates: { privateKeyAlgorithm: 'RSA' as any } });
    expect(findObject(manifests, 'Certificate', 'mimir-querier').spec).toMatchObject({
      usages: ['digital signature', 'key encipherment', 'server auth', 'client auth'],
      privateKey: { algorithm: 'RSA', size: 2048 },
    });
  });
});

describe('MimirComponent', () => {
  test('refuses a target the cluster does not deploy, naming the choices', () => {
    const { cluster } = synth({ components: { alertmanager: { enabled: false } } });
    const err = errorOf(() => new MimirComponent(Testing.chart(), 'X', { cluster, target: 'alertmanager' }));
    expect(err.message).toMatch(/target: "alertmanager" is not an enabled component/);
  });

  test('exposes its objects for users to extend', () => {
    const { cluster, chart } = synth();
    cluster.component('querier').workload.metadata.addAnnotation('team', 'observability');
    expect(workloadOf(Testing.synth(chart), 'mimir', 'querier').metadata.annotations.team).toBe('observability');
  });
});

test('the BASE definition is a complete cluster', () => {
  expect(BASE.storage.credentialsSecret).toBe('s3-credentials');
});

describe('static issuance and existing Secrets', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const { manifests } = synth({ certificates: { issuer: CertificateIssuer.staticSecrets() } });
  afterAll(() => warn.mockRestore());

  test('warns that private keys are in the manifests', () => {
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/contain private keys/));
  });

  test('renders a kubernetes.io/tls Secret per component and no cert-manager object, and never the CA key', () => {
    expect(objectsOfKind(manifests, 'Certificate')).toEqual([]);
    expect(objectsOfKind(manifests, 'Issuer')).toEqual([]);
    const secrets = objectsOfKind(manifests, 'Secret');
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual([...ALL, ...CACHES, 'gateway-server', 'gateway-upstream'].map((id) => `mimir-${id}-tls`).sort());
    for (const s of secrets) {
      expect(s.type).toBe('kubernetes.io/tls');
      expect(Object.keys(s.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
      expect(s.metadata.annotations['cdk8s-mimir.io/private-key-in-manifest']).toBeDefined();
    }
    const caCerts = new Set(secrets.map((s) => s.data['ca.crt']));
    expect(caCerts.size).toBe(1);
  });

  test('the leaf carries the planned SANs and usages, signed by the CA in ca.crt', () => {
    const { X509Certificate } = require('node:crypto');
    const s = findObject(manifests, 'Secret', 'mimir-ingester-tls');
    const leaf = new X509Certificate(Buffer.from(s.data['tls.crt'], 'base64'));
    const ca = new X509Certificate(Buffer.from(s.data['ca.crt'], 'base64'));
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkHost('mimir-ingester.mimir.svc.cluster.local')).toBe('mimir-ingester.mimir.svc.cluster.local');
    expect(leaf.checkHost('mimir-0.mimir-ingester-headless.mimir.svc.cluster.local')).toBeDefined();
    expect(leaf.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
  });

  test('an existing Secret replaces a component\'s certificate and is what its pods mount', () => {
    const byo = synth({ components: { ingester: { tlsSecretName: 'corp-ingester-tls' } } });
    expect(objectsOfKind(byo.manifests, 'Certificate').map((c) => c.metadata.name)).not.toContain('mimir-ingester');
    const ingester = workloadOf(byo.manifests, 'mimir', 'ingester');
    expect(ingester.spec.template.spec.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'corp-ingester-tls' } });
    expect(ingester.metadata.name).toBe('mimir-ingester-zone-a');
    expect(byo.cluster.component('ingester').certificate).toBeUndefined();
    expect(ingester.metadata.annotations['secret.reloader.stakater.com/reload']).toBe('corp-ingester-tls');
  });
});

describe('LocalIssuer', () => {
  test('issues the Secrets of synthesized manifests', () => {
    const { LocalIssuer } = require('../../src');
    const secrets = LocalIssuer.issueSecrets(synth().manifests);
    expect(secrets.map((s: any) => s.secretName).sort()).toEqual(['mimir-ca', ...[...ALL, ...CACHES, 'gateway-server', 'gateway-upstream'].map((id) => `mimir-${id}-tls`)].sort());
    expect(secrets.find((s: any) => s.secretName === 'mimir-querier-tls').tlsKey).toMatch(/BEGIN EC PRIVATE KEY/);
  });

  test('refuses certificates of issuers it does not have', () => {
    const { LocalIssuer } = require('../../src');
    const { manifests } = synth({ certificates: { issuer: CertificateIssuer.fromIssuerRef({ name: 'vault' }) } });
    expect(() => LocalIssuer.issueSecrets(manifests)).toThrow(/references Issuer vault/);
  });
});

describe('policy rendering', () => {
  const { PolicyMimirChart } = require('../../examples/policy');
  const manifests = Testing.synth(new PolicyMimirChart(Testing.app(), 'policy'));

  test('an HTTP server requiring client certificates is probed over TCP; the others over HTTPS', () => {
    for (const w of workloadsOf(manifests, 'mimir', 'alertmanager')) expect(mimirContainer(w).readinessProbe).toMatchObject({ tcpSocket: { port: 8080 } });
    expect(mimirContainer(workloadOf(manifests, 'mimir', 'querier')).readinessProbe.httpGet.scheme).toBe('HTTPS');
  });

  test('etcd: its client Secret mounted on ring members, no gossip Service, no memberlist port', () => {
    const ingester = workloadOf(manifests, 'mimir', 'ingester');
    expect(ingester.spec.template.spec.volumes).toContainEqual({ name: 'etcd', secret: { secretName: 'mimir-etcd-client' } });
    expect(mimirContainer(ingester).volumeMounts).toContainEqual({ name: 'etcd', mountPath: '/etc/mimir/etcd', readOnly: true });
    expect(objectsOfKind(manifests, 'Service').map((s) => s.metadata.name)).not.toContain('mimir-gossip-ring');
    expect(mimirContainer(ingester).ports.map((p: any) => p.containerPort)).not.toContain(7946);
    expect(ingester.spec.template.metadata.labels['app.kubernetes.io/part-of']).toBeUndefined();
  });

  test('an external cache: its Secret on the clients, no StatefulSet, no Certificate', () => {
    const qf = workloadOf(manifests, 'mimir', 'query-frontend');
    expect(qf.spec.template.spec.volumes).toContainEqual({ name: 'results-cache', secret: { secretName: 'shared-cache-tls' } });
    expect(objectsOfKind(manifests, 'StatefulSet').map((s) => s.metadata.name)).not.toContain('mimir-results-cache');
    expect(objectsOfKind(manifests, 'Certificate').map((s) => s.metadata.name)).not.toContain('mimir-results-cache');
  });

  test('the overridden server name is in the ingester certificate', () => {
    expect(findObject(manifests, 'Certificate', 'mimir-ingester').spec.dnsNames).toContain('ingesters.secure-metrics.internal');
  });
});

describe('NetworkPolicies', () => {
  test('one per component, cache and rollout-operator by default; none when switched off', () => {
    const on = synth();
    expect(objectsOfKind(on.manifests, 'NetworkPolicy').map((p) => p.metadata.name).sort()).toEqual(
      [...ALL, ...CACHES, 'rollout-operator', 'gateway', 'default-deny'].map((id) => `mimir-${id}`).sort());
    const ingester = findObject(on.manifests, 'NetworkPolicy', 'mimir-ingester').spec;
    expect(ingester.policyTypes).toEqual(['Ingress', 'Egress']);
    const deny = findObject(on.manifests, 'NetworkPolicy', 'mimir-default-deny').spec;
    expect(deny).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'mimir' } }, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
    const grpc = ingester.ingress.find((r: any) => r.ports[0].port === 9095);
    expect(grpc.from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/component']).sort()).toEqual(['distributor', 'querier', 'ruler']);
    expect(objectsOfKind(synth({ networkPolicies: false }).manifests, 'NetworkPolicy')).toEqual([]);
  });
});

describe('monitoring', () => {
  const { ZonedMimirChart } = require('../../examples/zones');
  const manifests = Testing.synth(new ZonedMimirChart(Testing.app(), 'metrics'));

  test('a ServiceMonitor per component and cache, each selecting exactly one Service', () => {
    const monitors = objectsOfKind(manifests, 'ServiceMonitor');
    expect(monitors).toHaveLength(ALL.length + CACHES.length);
    for (const m of monitors) {
      const selected = objectsOfKind(manifests, 'Service').filter((s) => Object.entries(m.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v));
      expect([m.metadata.name, selected.map((s) => s.metadata.name)]).toEqual([m.metadata.name, [m.metadata.name]]);
      expect(m.metadata.labels.release).toBe('prometheus');
    }
  });

  test('Mimir is scraped over HTTPS verifying a name its certificate carries, with the CA from its Secret', () => {
    const m = findObject(manifests, 'ServiceMonitor', 'metrics-querier').spec.endpoints[0];
    expect(m).toMatchObject({ port: 'http-metrics', scheme: 'https', tlsConfig: { ca: { secret: { name: 'metrics-querier-tls', key: 'ca.crt' } }, serverName: 'metrics-querier.metrics.svc.cluster.local' } });
    expect(findObject(manifests, 'Certificate', 'metrics-querier').spec.dnsNames).toContain(m.tlsConfig.serverName);
    expect(findObject(manifests, 'ServiceMonitor', 'metrics-chunks-cache').spec.endpoints[0]).toEqual({ port: 'http-metrics', scheme: 'http' });
  });

  test('certificate alerts: expiry within 21 days, not-ready, and a pod older than its certificates, scoped to the namespace', () => {
    const rules = findObject(manifests, 'PrometheusRule', 'metrics-certificates').spec.groups[0].rules;
    expect(rules.map((r: any) => r.alert)).toEqual(['MimirCertificateExpiringSoon', 'MimirCertificateNotReady', 'MimirPodOutlivesCertificate']);
    expect(rules[0].expr).toBe('certmanager_certificate_expiration_timestamp_seconds{namespace="metrics"} - time() < 21 * 24 * 3600');
    expect(rules[1].expr).toBe('certmanager_certificate_ready_status{namespace="metrics",condition!="True"} == 1');
  });

  test('fails when a component requires client certificates on HTTP and Prometheus has none', () => {
    expect(errorOf(() => synth({ monitoring: { serviceMonitors: true }, components: { alertmanager: { tls: { httpClientAuth: 'RequireAndVerifyClientCert' as any, probe: 'tcpSocket' as any } } } })).message)
      .toMatch(/monitoring\.clientCertSecretName: is not set, but alertmanager requires a client certificate on HTTP/);
    const withCert = synth({ monitoring: { serviceMonitors: true, clientCertSecretName: 'prom-client', scrapers: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }] }, components: { alertmanager: { tls: { httpClientAuth: 'RequireAndVerifyClientCert' as any, probe: 'tcpSocket' as any } } } });
    expect(findObject(withCert.manifests, 'ServiceMonitor', 'mimir-alertmanager').spec.endpoints[0].tlsConfig.keySecret).toEqual({ name: 'prom-client', key: 'tls.key' });
  });

  test('fails when certificate alerts are asked for with static issuance', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(errorOf(() => synth({ monitoring: { certificateAlerts: true }, certificates: { issuer: CertificateIssuer.staticSecrets() } })).message).toMatch(/monitoring\.certificateAlerts: .*issued statically/);
    warn.mockRestore();
  });
});

describe('composition', () => {
  const twoClusters = (second: any) => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new MimirCluster(chart, 'A', { ...BASE });
    new MimirCluster(chart, 'B', { ...BASE, ...second });
    return app;
  };

  test('fails when two clusters share a name and namespace', () => {
    expect(() => twoClusters({ rolloutOperator: { enabled: false } }).synth()).toThrow(/name: "mimir" is also the name of c\/[AB] in namespace mimir/);
  });

  test('fails when two rollout-operators share a namespace', () => {
    expect(() => twoClusters({ name: 'other' }).synth()).toThrow(/rolloutOperator: c\/[AB] runs a rollout-operator in namespace mimir too/);
  });

  test('two clusters in one namespace with different names and one operator synthesize', () => {
    expect(() => twoClusters({ name: 'other', rolloutOperator: { enabled: false } }).synth()).not.toThrow();
  });
});
