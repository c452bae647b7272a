// The certificate alerts, evaluated by Prometheus's own promtool (Debian's) against synthetic series: a pod older
// than its certificates can be, a certificate that is not ready, one that expires soon; and what must not fire.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { ZonedMimirChart } from '../../examples/zones';
import { findObject, synth } from '../_helpers';

const havePromtool = spawnSync('promtool', ['--version']).status === 0;
// CI installs promtool (.ci/run): there the test runs or fails, never skips.
const withPromtool = havePromtool || process.env.CI ? test : test.skip;

function promtool(rules: any, tests: any): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  writeFileSync(join(dir, 'rules.yaml'), YAML.stringify({ groups: rules.spec.groups }));
  writeFileSync(join(dir, 'tests.yaml'), YAML.stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }));
  const r = spawnSync('promtool', ['test', 'rules', 'tests.yaml'], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const rule = (rules: any, alert: string) => rules.spec.groups[0].rules.find((r: any) => r.alert === alert);
const annotations = (rules: any, alert: string, pod?: string) => {
  const a = rule(rules, alert).annotations;
  return { summary: a.summary, description: pod ? a.description.replace('{{ $labels.pod }}', pod) : a.description };
};

withPromtool('examples/zones (90-day leaves): a pod alerts 1800h after its start, not before; other pods never', () => {
  const rules = findObject(Testing.synth(new ZonedMimirChart(Testing.app(), 'metrics')), 'PrometheusRule', 'metrics-certificates');
  const pod = 'metrics-ingester-zone-a-0';
  const r = promtool(rules, [{
    // Samples closer than Prometheus's 5m lookback, as kube-state-metrics is scraped.
    interval: '4m',
    // Pods that started 1780h before the test's time 0: 1800h old at 20h.
    input_series: [
      { series: `kube_pod_start_time{namespace="metrics",pod="${pod}"}`, values: `${-1780 * 3600}x600` },
      { series: 'kube_pod_start_time{namespace="metrics",pod="metrics-rollout-operator-7d9f-abcde"}', values: `${-1780 * 3600}x600` },
      { series: 'kube_pod_start_time{namespace="other",pod="metrics-querier-5c4-x"}', values: `${-1780 * 3600}x600` },
      // A pod started 100h later: still young at 21h.
      { series: 'kube_pod_start_time{namespace="metrics",pod="metrics-querier-5c4-x"}', values: `${-1680 * 3600}x600` },
    ],
    alert_rule_test: [
      { eval_time: '19h', alertname: 'MimirPodOutlivesCertificate', exp_alerts: [] },
      {
        eval_time: '21h', alertname: 'MimirPodOutlivesCertificate',
        exp_alerts: [{ exp_labels: { severity: 'critical', namespace: 'metrics', pod }, exp_annotations: annotations(rules, 'MimirPodOutlivesCertificate', pod) }],
      },
    ],
  }]);
  expect(r.out).toMatch(/SUCCESS/);
  expect(r.status).toBe(0);
});

withPromtool('short leaves: the threshold follows the definition (48h leaves renewed 12h before: 36h)', () => {
  const rules = findObject(synth({ monitoring: { certificateAlerts: true }, certificates: { duration: '48h', renewBefore: '12h' } }).manifests, 'PrometheusRule', 'mimir-certificates');
  const pod = 'mimir-distributor-6b7-q2w3e';
  const r = promtool(rules, [{
    interval: '2m',
    input_series: [{ series: `kube_pod_start_time{namespace="mimir",pod="${pod}"}`, values: '0x1200' }],
    alert_rule_test: [
      { eval_time: '35h50m', alertname: 'MimirPodOutlivesCertificate', exp_alerts: [] },
      { eval_time: '36h10m', alertname: 'MimirPodOutlivesCertificate', exp_alerts: [{ exp_labels: { severity: 'critical', namespace: 'mimir', pod }, exp_annotations: annotations(rules, 'MimirPodOutlivesCertificate', pod) }] },
    ],
  }]);
  expect(r.out).toMatch(/SUCCESS/);
});

withPromtool('cert-manager: not ready for 15m, and expiring within 21 days, fire; ready and far-off ones do not', () => {
  const rules = findObject(synth({ monitoring: { certificateAlerts: true } }).manifests, 'PrometheusRule', 'mimir-certificates');
  const day = 86400;
  const r = promtool(rules, [{
    interval: '1m',
    input_series: [
      { series: 'certmanager_certificate_ready_status{namespace="mimir",name="mimir-querier",condition="False"}', values: '1x120' },
      { series: 'certmanager_certificate_ready_status{namespace="mimir",name="mimir-querier",condition="True"}', values: '0x120' },
      { series: 'certmanager_certificate_ready_status{namespace="mimir",name="mimir-ruler",condition="True"}', values: '1x120' },
      { series: 'certmanager_certificate_expiration_timestamp_seconds{namespace="mimir",name="mimir-ingester"}', values: `${20 * day}x120` },
      { series: 'certmanager_certificate_expiration_timestamp_seconds{namespace="mimir",name="mimir-ruler"}', values: `${40 * day}x120` },
    ],
    alert_rule_test: [
      { eval_time: '10m', alertname: 'MimirCertificateNotReady', exp_alerts: [] },
      { eval_time: '20m', alertname: 'MimirCertificateNotReady', exp_alerts: [{ exp_labels: { severity: 'critical', namespace: 'mimir', name: 'mimir-querier', condition: 'False' }, exp_annotations: { summary: rule(rules, 'MimirCertificateNotReady').annotations.summary, description: 'Certificate mimir-querier in mimir is not ready; its pods cannot renew their TLS identity.' } }] },
      { eval_time: '61m', alertname: 'MimirCertificateExpiringSoon', exp_alerts: [{ exp_labels: { severity: 'warning', namespace: 'mimir', name: 'mimir-ingester' }, exp_annotations: { summary: rule(rules, 'MimirCertificateExpiringSoon').annotations.summary, description: 'Certificate mimir-ingester in mimir expires soon; check cert-manager.' } }] },
    ],
  }]);
  expect(r.out).toMatch(/SUCCESS/);
});

withPromtool('promtool refuses a wrong expectation (the harness can fail)', () => {
  const rules = findObject(synth({ monitoring: { certificateAlerts: true } }).manifests, 'PrometheusRule', 'mimir-certificates');
  const r = promtool(rules, [{
    interval: '2m',
    input_series: [{ series: 'kube_pod_start_time{namespace="mimir",pod="mimir-querier-1-a"}', values: '0x200' }],
    alert_rule_test: [{ eval_time: '5h', alertname: 'MimirPodOutlivesCertificate', exp_alerts: [{ exp_labels: { severity: 'critical', namespace: 'mimir', pod: 'mimir-querier-1-a' } }] }],
  }]);
  expect(r.status).not.toBe(0);
});
