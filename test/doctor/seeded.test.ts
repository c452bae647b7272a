// Copies of the anchors with TLS added by hand (clean), then one mistake seeded per copy: each is caught by its
// check, naming the workload and, for edges, the edge.
import * as YAML from 'yaml';
import { runDoctor } from '../../src/doctor/doctor';
import { fromDoctor } from '../../src/doctor/edge-table';
import { Finding } from '../../src/doctor/finding';
import { K8sObject } from '../../src/doctor/manifests';
import { anchor, ANCHORS, withAnchors } from './_anchors';
import { container, withTls } from './_tls';

const base = () => withTls(anchor(ANCHORS[2]));
const without = (args: string[], prefix: string) => args.filter((a) => !a.startsWith(prefix));
const set = (args: string[], flag: string, value: string) => [...without(args, `-${flag}=`), `-${flag}=${value}`];
const cert = (objects: any[], workload: string) => objects.find((o) => o.kind === 'Certificate' && o.spec.secretName === `${workload}-tls`);

type Seed = [name: string, mutate: (o: any[]) => void, expected: { check: string; severity: Finding['severity']; component: string; edge?: string }];
const SEEDS: Seed[] = [
  ['the HTTP port left open to every pod', (o) => { o.splice(o.findIndex((x) => x.kind === 'NetworkPolicy'), 1); }, { check: 'network.http-open', severity: 'warning', component: 'distributor' }],
  ['a NetworkPolicy admitting anyone on the HTTP port', (o) => { o.find((x) => x.kind === 'NetworkPolicy').spec.ingress[0].from = undefined; }, { check: 'network.http-open', severity: 'warning', component: 'querier' }],
  ['a flag the version lacks', (o) => container(o, 'querier').args.push('-querier.frontend-address=query-frontend:9095'), { check: 'version.unknown-flag', severity: 'error', component: 'querier' }],
  ['a startup rule broken', (o) => container(o, 'querier').args.push('-querier.timeout=5m'), { check: 'startup.GEN-02', severity: 'error', component: 'querier' }],
  ['verification switched off', (o) => container(o, 'distributor').args.push('-ingester.client.tls-insecure-skip-verify=true'), { check: 'tls.insecure-skip-verify', severity: 'warning', component: 'distributor' }],
  ['a file no volume provides', (o) => { const c = container(o, 'ruler'); c.args = set(c.args, 'runtime-config.file', '/etc/elsewhere/overrides.yaml'); }, { check: 'files.not-mounted', severity: 'error', component: 'ruler' }],
  ['certificates mounted by subPath', (o) => {
    const c = container(o, 'querier');
    c.volumeMounts = [...c.volumeMounts.filter((m: any) => m.name !== 'tls'), ...['tls.crt', 'tls.key', 'ca.crt'].map((f) => ({ name: 'tls', mountPath: `/etc/mimir/tls/${f}`, subPath: f }))];
  }, { check: 'files.subpath', severity: 'warning', component: 'querier' }],
  ['a read-only root with the default activity log', (o) => { const c = container(o, 'distributor'); c.args = without(c.args, '-activity-tracker.filepath='); c.securityContext = { readOnlyRootFilesystem: true }; }, { check: 'files.read-only-root', severity: 'error', component: 'distributor' }],
  ['a server key missing', (o) => { const c = container(o, 'compactor'); c.args = without(c.args, '-server.http-tls-key-path='); }, { check: 'server.tls-pair', severity: 'warning', component: 'compactor' }],
  ['a CA without a client-auth policy', (o) => { const c = container(o, 'querier'); c.args = without(c.args, '-server.grpc-tls-client-auth='); }, { check: 'server.client-auth', severity: 'error', component: 'querier' }],
  ['an HTTP probe on an HTTPS server', (o) => { container(o, 'compactor').readinessProbe.httpGet.scheme = 'HTTP'; }, { check: 'probe.scheme', severity: 'error', component: 'compactor' }],
  ['client certificates required on HTTP with an HTTPS probe', (o) => { const c = container(o, 'query-frontend'); c.args = set(c.args, 'server.http-tls-client-auth', 'RequireAndVerifyClientCert'); }, { check: 'probe.client-auth', severity: 'error', component: 'query-frontend' }],
  ['a plaintext client of a TLS server', (o) => { const c = container(o, 'distributor'); c.args = without(c.args, '-ingester.client.tls-enabled='); }, { check: 'tls.plaintext-client', severity: 'error', component: 'distributor', edge: '[ingester.client]' }],
  ['a TLS client of a plaintext server', (o) => { const c = container(o, 'store-gateway-zone-b'); c.args = without(without(c.args, '-server.grpc-tls-cert-path='), '-server.grpc-tls-key-path='); }, { check: 'tls.plaintext-server', severity: 'error', component: 'store-gateway-zone-b', edge: '[querier.store-gateway-client]' }],
  ['a client block without a CA', (o) => { const c = container(o, 'querier'); c.args = without(c.args, '-querier.scheduler-client.tls-ca-path='); }, { check: 'tls.client-block', severity: 'error', component: 'querier', edge: '[querier.scheduler-client]' }],
  ['no client certificate for a server that requires one', (o) => { const c = container(o, 'query-frontend'); c.args = without(without(c.args, '-query-frontend.grpc-client-config.tls-cert-path='), '-query-frontend.grpc-client-config.tls-key-path='); },
    { check: 'tls.client-certificate', severity: 'error', component: 'query-frontend', edge: '[query-frontend.grpc-client-config]' }],
  ['a pod-IP edge without a server name', (o) => { const c = container(o, 'querier'); c.args = without(c.args, '-querier.store-gateway-client.tls-server-name='); }, { check: 'tls.server-name', severity: 'error', component: 'querier', edge: '[querier.store-gateway-client]' }],
  ['a server name not in the certificate', (o) => { const c = container(o, 'ruler'); c.args = set(c.args, 'ingester.client.tls-server-name', 'ingesters.example.com'); }, { check: 'tls.server-name', severity: 'error', component: 'ruler', edge: '[ingester.client]' }],
  ['an http:// URL to an HTTPS server', (o) => { const c = container(o, 'ruler'); c.args = c.args.map((a: string) => a.replace('alertmanager-url=https://', 'alertmanager-url=http://')); }, { check: 'tls.url-scheme', severity: 'error', component: 'ruler', edge: '[ruler.alertmanager-client]' }],
  ['memberlist TLS on some members only', (o) => { const c = container(o, 'compactor'); c.args = without(c.args, '-memberlist.tls-enabled='); }, { check: 'memberlist.mixed-tls', severity: 'error', component: 'compactor' }],
  ['memberlist TLS without a certificate', (o) => { const c = container(o, 'distributor'); c.args = without(without(c.args, '-memberlist.tls-cert-path='), '-memberlist.tls-key-path='); }, { check: 'tls.client-block', severity: 'error', component: 'distributor', edge: '[memberlist]' }],
  ['a plaintext cache client of a TLS memcached', (o) => { const c = container(o, 'querier'); c.args = without(c.args, '-blocks-storage.bucket-store.metadata-cache.memcached.tls-enabled='); },
    { check: 'cache.plaintext-client', severity: 'error', component: 'querier', edge: '[blocks-storage.bucket-store.metadata-cache.memcached]' }],
  ['a TLS cache client of a plaintext memcached', (o) => { const m = o.find((x) => x.kind === 'StatefulSet' && x.metadata.name === 'memcached-frontend'); m.spec.template.spec.containers[0].args = m.spec.template.spec.containers[0].args.filter((a: string) => a !== '-Z'); },
    { check: 'cache.plaintext-server', severity: 'error', component: 'query-frontend', edge: '[query-frontend.results-cache.memcached]' }],
  ['a cache name not in the memcached certificate', (o) => { container(o, 'ruler').args.push('-ruler-storage.cache.memcached.tls-server-name=cache.example.com'); },
    { check: 'tls.server-name', severity: 'error', component: 'ruler', edge: '[ruler-storage.cache.memcached]' }],
  ['a client block without its tls-enabled, to a plaintext server', (o) => {
    const sg = container(o, 'store-gateway-zone-a'); sg.args = without(without(sg.args, '-server.grpc-tls-cert-path='), '-server.grpc-tls-key-path=');
    const q = container(o, 'querier'); q.args = without(q.args, '-querier.store-gateway-client.tls-enabled=');
  }, { check: 'tls.ignored-client-block', severity: 'warning', component: 'querier', edge: '[querier.store-gateway-client]' }],
  ['a CN-only certificate', (o) => { delete cert(o, 'ruler').spec.dnsNames; cert(o, 'ruler').spec.commonName = 'ruler'; }, { check: 'certificate.cn-only', severity: 'error', component: 'ruler' }],
  ['a server-auth-only certificate', (o) => { cert(o, 'querier').spec.usages = ['digital signature', 'server auth']; }, { check: 'certificate.usages', severity: 'error', component: 'querier' }],
  ['a leaf key that never rotates', (o) => { cert(o, 'ingester-zone-a').spec.privateKey.rotationPolicy = 'Never'; }, { check: 'certificate.key-rotation', severity: 'warning', component: 'ingester-zone-a' }],
  ['a CA key that rotates', (o) => {
    const leaf = cert(o, 'querier');
    o.push({ ...leaf, metadata: { name: 'mimir-ca', namespace: 'default' }, spec: { isCA: true, secretName: 'mimir-ca', commonName: 'Mimir CA', privateKey: { rotationPolicy: 'Always' }, issuerRef: { name: 'selfsigned' } } });
  }, { check: 'certificate.ca-key-rotation', severity: 'warning', component: '' }],
];

const run = (objects: any[]) => runDoctor(objects as K8sObject[]).findings;

withAnchors('the jsonnet anchor with TLS added by hand: no finding at all', () => {
  expect(run(base()).map((f) => `${f.severity} ${f.check} ${f.components.join(',')}: ${f.message}`)).toEqual([]);
});

withAnchors.each(SEEDS)('%s is caught', (_name, mutate, expected) => {
  const objects = base();
  mutate(objects);
  const found = run(objects).filter((f) => f.check === expected.check);
  expect(found.length).toBeGreaterThan(0);
  const f = found.find((x) => x.severity === expected.severity && (expected.component === '' || x.components.includes(expected.component)) && (!expected.edge || x.edge?.includes(expected.edge)));
  expect(f ?? found.map((x) => `${x.severity} ${x.components} ${x.edge}`)).toMatchObject({ severity: expected.severity });
  expect(f!.fix.length).toBeGreaterThan(10);
});

// One truth: the graph's edge states come from the findings, so every TLS error the doctor reports shows as a broken
// edge of the graph (the edge it names, or the edges of the workload whose certificate or TLS server it is about).
const TLS_CHECKS = /^(tls|cache|certificate|memberlist)\.|^server\.client-auth$/;
withAnchors.each(SEEDS.filter((s) => s[2].severity === 'error' && TLS_CHECKS.test(s[2].check)))('the graph draws %s as broken', (_name, mutate, expected) => {
  const objects = base();
  expect(fromDoctor(runDoctor(objects as K8sObject[])).filter((e) => e.tls === 'broken')).toEqual([]);
  mutate(objects);
  const report = runDoctor(objects as K8sObject[]);
  const graph = fromDoctor(report);
  for (const f of report.findings.filter((x) => x.severity === 'error' && x.check === expected.check)) {
    const drawn = f.edge
      ? graph.filter((e) => f.edge!.startsWith(`${e.client} → `) && f.edge!.endsWith(`[${e.prefix}]`) && (e.server === 'memberlist (gossip)' || f.edge!.includes(` → ${e.server} `)))
      : graph.filter((e) => e.tls !== 'plaintext' && (f.components.includes(e.client) || f.components.includes(e.server)) && (f.check !== 'memberlist.mixed-tls' || e.protocol === 'memberlist'));
    expect([f.edge ?? f.components.join(','), drawn.length > 0, drawn.every((e) => e.tls === 'broken' && e.reason!.includes(f.check))]).toEqual([f.edge ?? f.components.join(','), true, true]);
  }
});

withAnchors('every check of the doctor is seeded at least once (here or in the Helm YAML cases)', () => {
  const seeded = new Set([...SEEDS.map((s) => s[2].check), ...HELM_SEEDS.map((s) => s[2])]);
  const all = ['version.unknown-flag', 'startup.GEN-02', 'tls.insecure-skip-verify', 'files.not-mounted', 'files.subpath', 'files.read-only-root', 'config.unknown-key', 'config.parse', 'config.not-mounted',
    'server.tls-pair', 'server.client-auth', 'probe.scheme', 'probe.client-auth', 'tls.plaintext-client', 'tls.plaintext-server', 'tls.client-block', 'tls.client-certificate', 'tls.server-name',
    'tls.url-scheme', 'tls.ignored-client-block', 'cache.plaintext-client', 'cache.plaintext-server', 'memberlist.mixed-tls', 'certificate.cn-only', 'certificate.usages', 'certificate.key-rotation', 'certificate.ca-key-rotation'];
  expect(all.filter((c) => !seeded.has(c))).toEqual([]);
});

// Mistakes in the YAML file the Helm chart mounts.
const helmConfig = (objects: any[]) => objects.find((o) => o.kind === 'ConfigMap' && o.data?.['mimir.yaml']);
const HELM_SEEDS: [name: string, mutate: (o: any[]) => void, check: string][] = [
  ['an unknown YAML key', (o) => { const cm = helmConfig(o); const doc = YAML.parse(cm.data['mimir.yaml']); doc.blocks_storage.tsdb.retention_periode = '1d'; cm.data['mimir.yaml'] = YAML.stringify(doc); }, 'config.unknown-key'],
  ['YAML that does not parse', (o) => { const cm = helmConfig(o); cm.data['mimir.yaml'] += '\n  bad: [unclosed\n'; }, 'config.parse'],
  ['a configuration file no volume provides', (o) => {
    const w = o.find((x) => x.kind === 'Deployment' && x.metadata.name.endsWith('-querier'));
    const c = w.spec.template.spec.containers[0];
    c.args = c.args.map((a: string) => (a.startsWith('-config.file=') ? '-config.file=/nowhere/mimir.yaml' : a));
  }, 'config.not-mounted'],
  ['a TLS client block in YAML without its CA', (o) => {
    const cm = helmConfig(o);
    const doc = YAML.parse(cm.data['mimir.yaml']);
    doc.ingester_client = { grpc_client_config: { tls_enabled: true, tls_cert_path: '/certs/tls.crt', tls_key_path: '/certs/tls.key' } };
    cm.data['mimir.yaml'] = YAML.stringify(doc);
  }, 'tls.plaintext-server'],
];

withAnchors.each(HELM_SEEDS)('Helm: %s is caught', (_name, mutate, check) => {
  const objects = JSON.parse(JSON.stringify(anchor(ANCHORS[1])));
  expect(run(objects).filter((f) => f.check === check)).toEqual([]);
  mutate(objects);
  expect(run(objects).filter((f) => f.check === check).length).toBeGreaterThan(0);
});

withAnchors('fixes name the YAML key, and the file, where the workload configures that block in its YAML file', () => {
  const objects = JSON.parse(JSON.stringify(anchor(ANCHORS[1])));
  const cm = helmConfig(objects);
  const doc = YAML.parse(cm.data['mimir.yaml']);
  doc.ingester_client = { grpc_client_config: { tls_enabled: true, tls_cert_path: '/certs/tls.crt', tls_key_path: '/certs/tls.key' } };
  cm.data['mimir.yaml'] = YAML.stringify(doc);
  const f = run(objects).find((x) => x.check === 'tls.plaintext-server' && x.edge?.includes('[ingester.client]'))!;
  expect(f.fix).toMatch(/ingester_client\.grpc_client_config\.tls_enabled: false \(-ingester\.client\.tls-enabled=false\)/);
  expect(f.fix).toMatch(/ — in \/etc\/mimir\/mimir\.yaml$/);
  // Flags given as arguments stay flags.
  const args = base();
  const c = container(args, 'querier');
  c.args = without(c.args, '-querier.scheduler-client.tls-ca-path=');
  const g = run(args).find((x) => x.check === 'tls.client-block')!;
  expect(g.fix).toBe('Set -querier.scheduler-client.tls-ca-path to the CA that signed mimir-query-scheduler\'s certificate'.replace('mimir-query-scheduler', g.components[1]));
});
