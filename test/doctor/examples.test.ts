// The library's own output: the doctor finds nothing to report on any example or shared definition.
import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { runDoctor } from '../../src/doctor/doctor';
import { parseManifests } from '../../src/doctor/manifests';
import { DEFINITION_CASES, GOLDEN_ONLY_CASES } from '../_definitions';

// The doctor checks Mimir; Cortex's containers are skipped (the last test).
test.each(DEFINITION_CASES.filter((c) => !c.slug.includes('cortex')).map((c) => [c.name, c]))('%s: no finding', (_n, c) => {
  const text = Testing.synth((c as any).make()).map((m) => YAML.stringify(m)).join('---\n');
  const report = runDoctor(parseManifests(text, 'synth.yaml'));
  expect(report.workloads.length).toBeGreaterThan(5);
  expect(report.findings.map((f) => `${f.severity} ${f.check}: ${f.message}`)).toEqual([]);
});

test.each(GOLDEN_ONLY_CASES.map((c) => [c.name, c]))('%s (weaker choices): no error', (_n, c) => {
  const text = Testing.synth((c as any).make()).map((m) => YAML.stringify(m)).join('---\n');
  const report = runDoctor(parseManifests(text, 'synth.yaml'));
  expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.check}: ${f.message}`)).toEqual([]);
});

test('Cortex containers are not taken for Mimir ones (their catalog and rules differ)', () => {
  const c = DEFINITION_CASES.find((x) => x.slug === 'example-cortex-1.21.1')!;
  const report = runDoctor(Testing.synth(c.make()).map((o: any) => ({ ...o, source: { file: 'x', index: 0 } })));
  expect(report.workloads).toEqual([]);
  expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
});

test('a folder with the usual Grafana stack: Loki, Tempo, Pyroscope and Cortex are listed as skipped, never judged', () => {
  const example = DEFINITION_CASES.find((x) => x.slug === 'example-main')!;
  const deployment = (name: string, image: string, args: string[]) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'observability' },
    spec: { template: { spec: { containers: [{ name: 'app', image, args, volumeMounts: [{ name: 'config', mountPath: '/etc/app' }] }], volumes: [{ name: 'config', configMap: { name: `${name}-config` } }] } } },
  });
  const others = [
    deployment('loki-distributor', 'grafana/loki:3.5.3', ['-target=distributor', '-config.file=/etc/app/config.yaml']),
    deployment('tempo-querier', 'grafana/tempo:2.8.2', ['-target=querier', '-config.file=/etc/app/config.yaml']),
    deployment('pyroscope', 'grafana/pyroscope:1.14.0', ['-target=all', '-config.file=/etc/app/config.yaml']),
    deployment('cortex-ingester', 'quay.io/cortexproject/cortex:v1.21.1', ['-target=ingester']),
    // Loki's own keys in its config file: once reported as keys "Mimir 3.0.2 does not know".
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'loki-distributor-config', namespace: 'observability' }, data: { 'config.yaml': 'auth_enabled: true\nschema_config: {}\n' } },
  ];
  const text = [...Testing.synth(example.make()), ...others].map((m) => YAML.stringify(m)).join('---\n');
  const report = runDoctor(parseManifests(text, 'stack.yaml'));
  expect(report.findings.map((f) => `${f.severity} ${f.check}: ${f.message}`)).toEqual([]);
  expect(report.workloads.every((w) => w.id.includes('mimir'))).toBe(true);
  expect(report.skipped.map((s) => `${s.id} ${s.image}`)).toEqual([
    'Deployment/loki-distributor grafana/loki:3.5.3', 'Deployment/tempo-querier grafana/tempo:2.8.2',
    'Deployment/pyroscope grafana/pyroscope:1.14.0', 'Deployment/cortex-ingester quay.io/cortexproject/cortex:v1.21.1',
  ]);
});

test('the gateway\'s edges are read from its nginx configuration: mutual TLS to each upstream; without its client certificate, server-only; over http, plaintext', () => {
  const { fromDoctor } = require('../../src/doctor/edge-table');
  const { ProductionMimirChart } = require('../../examples/main');
  const text = Testing.synth(new ProductionMimirChart(Testing.app(), 'mimir')).map((m) => YAML.stringify(m)).join('---\n');
  const gatewayOf = (t: string) => fromDoctor(runDoctor(parseManifests(t, 'g.yaml'))).filter((e: any) => e.prefix === 'gateway');
  const edges = gatewayOf(text);
  expect([...new Set(edges.map((e: any) => e.server.replace(/-zone-[a-z]$/, '')))].sort()).toEqual(['mimir-alertmanager', 'mimir-distributor', 'mimir-querier', 'mimir-query-frontend', 'mimir-ruler']);
  expect(edges.every((e: any) => e.tls === 'mutual' && e.port === 8080)).toBe(true);
  expect(gatewayOf(text.replace(/proxy_ssl_certificate \$gw_upstream_cert;/g, '')).every((e: any) => e.tls === 'server-only')).toBe(true);
  expect(gatewayOf(text.replace(/proxy_pass https:\/\/mimir_/g, 'proxy_pass http://mimir_')).every((e: any) => e.tls === 'plaintext')).toBe(true);
  // It verifies each component's Service name; without proxy_ssl_name it would verify the upstream block's name.
  expect(edges.find((e: any) => e.server === 'mimir-distributor').verifiedName).toBe('mimir-distributor.observability.svc.cluster.local');
  const unnamed = text.replace(/ *proxy_ssl_name [^;]+;\n/g, '');
  const findings = runDoctor(parseManifests(unnamed, 'g.yaml')).findings.filter((f) => f.check === 'tls.server-name');
  expect(findings.map((f) => f.edge)).toContain('mimir-gateway → mimir-distributor [gateway]');
  expect(findings[0].message).toMatch(/verifies "mimir_[a-z_]+", which mimir-[a-z-]+'s certificate does not name/);
  expect(gatewayOf(unnamed).every((e: any) => e.tls === 'broken' && e.reason === 'tls.server-name')).toBe(true);
});

test('a folder with the same cluster in two namespaces: edges stay within each cluster, names are qualified, one ring each', () => {
  const { fromDoctor, dotOf } = require('../../src/doctor/edge-table');
  const { ProductionMimirChart } = require('../../examples/main');
  const one = Testing.synth(new ProductionMimirChart(Testing.app(), 'mimir')).map((m) => YAML.stringify(m)).join('---\n');
  const two = ['ns-a', 'ns-b'].map((ns) => one.replace(/namespace: observability/g, `namespace: ${ns}`).replace(/\.observability\.svc/g, `.${ns}.svc`)).join('---\n');
  const single = runDoctor(parseManifests(one, 'one.yaml'));
  const report = runDoctor(parseManifests(two, 'two.yaml'));
  expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  expect(report.edges.length).toBe(2 * single.edges.length);
  expect(report.edges.every((e) => e.client.namespace === e.server.namespace)).toBe(true);
  const graph = fromDoctor(report);
  expect(graph.length).toBe(2 * fromDoctor(single).length);
  expect(graph.every((e: any) => e.client.split('/')[0] === e.server.split('/')[0])).toBe(true);
  expect(dotOf(graph).match(/memberlist ring/g)).toHaveLength(2);
});
