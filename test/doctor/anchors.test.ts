// The doctor on Grafana's own rendered manifests, unchanged: no crash, a useful report (plaintext edges, an HTTP port
// every pod reaches), and no error but the one the small-values render really has (S3 as backend without an
// endpoint, which Mimir refuses).
import { runDoctor } from '../../src/doctor/doctor';
import { anchor, ANCHORS, withAnchors } from './_anchors';

const summary = (file: string) => {
  const report = runDoctor(anchor(file));
  return { report, checks: [...new Set(report.findings.map((f) => `${f.severity} ${f.check}`))].sort() };
};

withAnchors.each(ANCHORS)('%s: every Mimir workload found, its edges derived, plaintext reported as info', (file) => {
  const { report, checks } = summary(file);
  expect(report.workloads.length).toBeGreaterThanOrEqual(13);
  expect(new Set(report.workloads.flatMap((w) => w.targets))).toEqual(new Set(['alertmanager', 'compactor', 'distributor', 'ingester', 'querier', 'query-frontend', 'query-scheduler', 'ruler', 'store-gateway', ...(file.startsWith('helm') ? ['overrides-exporter', 'continuous-test'] : [])]));
  expect(report.edges.length).toBeGreaterThan(50);
  expect(checks).toContain('info tls.plaintext-edge');
  const plaintext = report.findings.filter((f) => f.check === 'tls.plaintext-edge');
  expect(plaintext.some((f) => f.edge?.includes('[ingester.client]'))).toBe(true);
  expect(plaintext.some((f) => f.edge?.includes('[memberlist]'))).toBe(true);
});

withAnchors('Helm small-values: plaintext infos, the assumed version, the plaintext Kafka write path, and only the missing S3 endpoint as errors', () => {
  const { report, checks } = summary(ANCHORS[0]);
  expect(checks).toEqual(['error startup.OBJ-09', 'info tls.plaintext-edge', 'info version.assumed', 'warning ingest.kafka-plaintext', 'warning network.http-open']);
  expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.components[0]).sort()).toEqual(expect.arrayContaining(['small-values-mimir-compactor', 'small-values-mimir-querier']));
  // The flags come from the YAML file the chart mounts, not from the arguments.
  const ingester = report.workloads.find((w) => w.name.endsWith('ingester-zone-a'))!;
  expect(ingester.config).toMatchObject({ path: '/etc/mimir/mimir.yaml', found: true, unknownKeys: [] });
  expect(ingester.flags.get('blocks-storage.tsdb.dir')).toBe('/data/tsdb');
  expect(ingester.flags.get('ingester.ring.instance-availability-zone')).toBe('zone-a');
});

withAnchors('Helm with Vault agent values and jsonnet multi-zone: no error; as warnings the HTTP port open to every pod (neither renders a NetworkPolicy) and, in the Helm render (ingest storage), the plaintext Kafka write path', () => {
  for (const file of ANCHORS.slice(1)) {
    const { report, checks } = summary(file);
    expect([file, checks.filter((c) => !c.startsWith('info'))]).toEqual([file, [...(file.startsWith('helm-') ? ['warning ingest.kafka-plaintext'] : []), 'warning network.http-open']]);
    const open = report.findings.find((f) => f.check === 'network.http-open')!;
    // Every serving workload; the smoke-test Job (-target=continuous-test) serves no tenant API and is not listed.
    const serving = report.workloads.filter((w) => w.object.kind !== 'Job');
    expect(open.components.length).toBe(serving.length);
    expect(report.workloads.filter((w) => w.object.kind === 'Job').every((w) => !open.components.includes(w.name))).toBe(true);
    expect(open.message).toMatch(/no NetworkPolicy selects its pods/);
  }
});

withAnchors('jsonnet: flags from arguments, versions from images', () => {
  const { report } = summary(ANCHORS[2]);
  expect(report.workloads.every((w) => w.versionFromImage && w.version.version === '3.0.2')).toBe(true);
  expect(report.workloads.find((w) => w.name === 'querier')!.flags.get('querier.max-concurrent')).toBeDefined();
});

withAnchors.each(ANCHORS.filter((f) => f.startsWith('helm-')))('ingest storage in %s: the Kafka write path is drawn and reported as plaintext; no distributor → ingester pushes', (file) => {
  const { runDoctor } = require('../../src/doctor/doctor');
  const { fromDoctor } = require('../../src/doctor/edge-table');
  const report = runDoctor(anchor(file));
  const graph = fromDoctor(report);
  const kafka = graph.filter((e: any) => e.protocol === 'kafka');
  const roles = new Set(kafka.map((e: any) => e.client.replace(/^.*-mimir-/, '').replace(/-zone-[a-z]$/, '')));
  expect([...roles].sort()).toEqual(['distributor', 'ingester', 'query-frontend', 'ruler']);
  expect(kafka.every((e: any) => e.tls === 'plaintext' && e.port === 9092)).toBe(true);
  expect(graph.filter((e: any) => e.prefix === 'ingester.client' && /distributor/.test(e.client))).toEqual([]);
  const f = report.findings.filter((x: any) => x.check === 'ingest.kafka-plaintext');
  expect(f.length).toBe(kafka.length);
  expect(f[0].message).toMatch(/Mimir 3\.0\.2's Kafka client has SASL but no TLS flags/);
  expect(f[0].fix).toMatch(/ingest_storage\.enabled: false \(-ingest-storage\.enabled=false\)/);
});
