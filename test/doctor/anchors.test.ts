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

withAnchors('Helm small-values: plaintext infos, the assumed version, and only the missing S3 endpoint as errors', () => {
  const { report, checks } = summary(ANCHORS[0]);
  expect(checks).toEqual(['error startup.OBJ-09', 'info tls.plaintext-edge', 'info version.assumed', 'warning network.http-open']);
  expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.components[0]).sort()).toEqual(expect.arrayContaining(['small-values-mimir-compactor', 'small-values-mimir-querier']));
  // The flags come from the YAML file the chart mounts, not from the arguments.
  const ingester = report.workloads.find((w) => w.name.endsWith('ingester-zone-a'))!;
  expect(ingester.config).toMatchObject({ path: '/etc/mimir/mimir.yaml', found: true, unknownKeys: [] });
  expect(ingester.flags.get('blocks-storage.tsdb.dir')).toBe('/data/tsdb');
  expect(ingester.flags.get('ingester.ring.instance-availability-zone')).toBe('zone-a');
});

withAnchors('Helm with Vault agent values and jsonnet multi-zone: no error, and as only warning the HTTP port open to every pod (neither renders a NetworkPolicy)', () => {
  for (const file of ANCHORS.slice(1)) {
    const { report, checks } = summary(file);
    expect([file, checks.filter((c) => !c.startsWith('info'))]).toEqual([file, ['warning network.http-open']]);
    const open = report.findings.find((f) => f.check === 'network.http-open')!;
    expect(open.components.length).toBe(report.workloads.length);
    expect(open.message).toMatch(/no NetworkPolicy selects its pods/);
  }
});

withAnchors('jsonnet: flags from arguments, versions from images', () => {
  const { report } = summary(ANCHORS[2]);
  expect(report.workloads.every((w) => w.versionFromImage && w.version.version === '3.0.2')).toBe(true);
  expect(report.workloads.find((w) => w.name === 'querier')!.flags.get('querier.max-concurrent')).toBeDefined();
});
