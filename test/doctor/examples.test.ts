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
