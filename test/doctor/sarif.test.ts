// SARIF output validated against a JSON schema generated from the maintained SARIF 2.1.0 type definitions.
import Ajv from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';
import { runDoctor } from '../../src/doctor/doctor';
import { sarifReport } from '../../src/doctor/report/sarif';
import { anchor, ANCHORS, withAnchors } from './_anchors';
import { container, withTls } from './_tls';

const schema = createGenerator({ path: require.resolve('@types/sarif/index.d.ts'), type: 'Log', skipTypeCheck: true, expose: 'all' }).createSchema('Log');

withAnchors('doctor SARIF is a valid SARIF 2.1.0 log with a rule per check and a located result per finding', () => {
  const objects = withTls(anchor(ANCHORS[2]));
  container(objects, 'querier').args.push('-querier.timeout=5m', '-querier.frontend-address=x:9095');
  const report = runDoctor(objects);
  const log = JSON.parse(sarifReport(report, '0.1.0'));
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  expect(log.version).toBe('2.1.0');
  const results = log.runs[0].results;
  expect(results).toHaveLength(report.findings.length);
  expect(results.map((r: any) => r.ruleId).sort()).toEqual(['startup.GEN-02', 'version.unknown-flag']);
  for (const r of results) {
    expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(r.level).toBe('error');
    expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe(ANCHORS[2]);
    expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
  }
});

test('the schema itself rejects a broken log (the validation can fail)', () => {
  const validate = new Ajv({ strict: false }).compile(schema);
  expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
  expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
});

test('every check the doctor can report has a name, a summary and a help text (SARIF rules, --list-checks)', () => {
  const { readdirSync, readFileSync } = require('node:fs');
  const { join } = require('node:path');
  const { CHECK_CATALOG, describeCheck } = require('../../src/doctor/check-catalog');
  const dir = join(__dirname, '..', '..', 'src', 'doctor', 'checks');
  const source = readdirSync(dir).map((f: string) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const ids = new Set([...source.matchAll(/(?:check: |'(?:error|warning|info)', )'([a-z-]+\.[a-z.-]+)'/g)].map((m: RegExpMatchArray) => m[1]));
  expect(ids.size).toBeGreaterThan(25);
  expect([...ids].filter((id) => !CHECK_CATALOG[id]).sort()).toEqual([]);
  expect(Object.keys(CHECK_CATALOG).filter((id) => !ids.has(id)).sort()).toEqual([]);
  expect(describeCheck('startup.GEN-02')).toMatchObject({ name: 'StartupGEN02', summary: expect.stringContaining('startup rule GEN-02') });
});

test('SARIF rules carry a name, descriptions and help; locations are relative URIs', () => {
  const { join } = require('node:path');
  const objects = withTls(anchor(ANCHORS[2])).map((o: any) => ({ ...o, source: { ...o.source, file: join('/repo/deploy', o.source.file) } }));
  container(objects, 'querier').args.push('-querier.timeout=5m', '-querier.frontend-address=x:9095');
  const log = JSON.parse(sarifReport(runDoctor(objects), '0.1.0', '/repo'));
  for (const rule of log.runs[0].tool.driver.rules) {
    expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    expect(rule.shortDescription.text.length).toBeGreaterThan(10);
    expect(rule.fullDescription.text).toContain(rule.shortDescription.text);
    expect(rule.help.text.length).toBeGreaterThan(10);
  }
  expect(new Set(log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri))).toEqual(new Set([`deploy/${ANCHORS[2]}`]));
});
