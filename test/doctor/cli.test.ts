// The cdk8s-mimir command line: doctor on files, directories and standard input, its formats and exit codes;
// graph as a table, Mermaid, DOT and SVG, from manifests or from a definition.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, Yaml } from 'cdk8s';
import { main } from '../../src/cli/main';
import { ProductionMimirChart } from '../../examples/main';
import { BASE } from '../_helpers';

const root = join(__dirname, '..', '..');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => { out += s; return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { err += s; return true; });
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'cli-'));
const example = join(dir, 'mimir.k8s.yaml');
writeFileSync(example, Yaml.stringify(...Testing.synth(new ProductionMimirChart(Testing.app(), 'mimir'))));
const broken = join(dir, 'broken.yaml');
writeFileSync(broken, readFileSync(example, 'utf8').replace('- -querier.max-concurrent=16', '- -querier.max-concurrent=16\n            - -querier.timeout=5m'));

test('doctor: a clean cluster exits 0 and says so', async () => {
  const r = await run(['doctor', dir.replace(/$/, '/mimir.k8s.yaml')]);
  expect(r).toMatchObject({ code: 0 });
  // The headline first: workloads, edges by TLS state, findings by severity.
  expect(r.out.split('\n')[0]).toMatch(/^16 Mimir workloads; \d+ edges: \d+ mutual, \d+ server-only; 0 errors, 0 warnings, 0 infos$/);
});

test('doctor: an error exits 1, in text, JSON and SARIF', async () => {
  const text = await run(['doctor', broken]);
  expect(text.code).toBe(1);
  expect(text.out).toMatch(/^ERROR startup\.GEN-02 .*broken\.yaml:\d+ mimir-querier/m);
  expect(text.out).toMatch(/fix: Keep -querier\.timeout at most -server\.http-write-timeout/);
  const json = JSON.parse((await run(['doctor', broken, '--format', 'json'])).out);
  expect(json.findings.map((f: any) => f.check)).toEqual(['startup.GEN-02']);
  expect(json.workloads).toHaveLength(16);
  const sarif = JSON.parse((await run(['doctor', broken, '--format=sarif'])).out);
  expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'startup.GEN-02', level: 'error' });
});

test('doctor: --fail-on warning, directories and bad usage', async () => {
  expect((await run(['doctor', dir])).code).toBe(1);
  expect((await run(['doctor'])).code).toBe(2);
  expect((await run(['doctor', example, '--format', 'xml'])).err).toMatch(/--format xml is not one of text, json, sarif/);
  expect((await run(['lint', example])).code).toBe(2);
});

test('graph: table, Mermaid, DOT and SVG', async () => {
  const table = (await run(['graph', example])).out;
  expect(table).toMatch(/^client\s+server\s+protocol:port\s+client prefix\s+TLS\s+client auth\s+verified name$/m);
  expect(table).toMatch(/mimir-querier\s+mimir-query-scheduler\s+grpc:9095\s+querier\.scheduler-client\s+mutual\s+RequireAndVerifyClientCert/);
  expect(table).toMatch(/mimir-distributor\s+memberlist \(gossip\)\s+memberlist:7946\s+memberlist\s+server-only/);
  const mermaid = (await run(['graph', example, '--format', 'mermaid'])).out;
  expect(mermaid).toMatch(/^flowchart LR$/m);
  expect(mermaid).toMatch(/mimir_ruler ==>\|"http:8080 mutual \(VerifyClientCertIfGiven\)"\| mimir_alertmanager_zone_a/);
  const svg = (await run(['graph', example, '--format', 'svg'])).out;
  expect(svg).toMatch(/^<\?xml/);
  expect(svg).toMatch(/<svg[^>]+viewBox/);
  expect(svg).toContain('mimir&#45;query&#45;scheduler');
});

test('graph --definition: the edges of a definition, without manifests', async () => {
  const def = join(dir, 'cluster.json');
  writeFileSync(def, JSON.stringify({ ...BASE, size: 'dev', tls: { acknowledgeWeakerSecurity: true, memberlist: false } }));
  const table = (await run(['graph', '--definition', def])).out;
  expect(table).toMatch(/distributor\s+ingester\s+grpc:9095\s+ingester\.client\s+mutual\s+RequireAndVerifyClientCert\s+mimir-ingester\.mimir\.svc\.cluster\.local/);
  expect(table).toMatch(/querier\s+memberlist \(gossip\)\s+memberlist:7946\s+memberlist\s+plaintext/);
});

test('the README\'s picture is the example cluster\'s graph, current', async () => {
  const svg = (await run(['graph', example, '--format', 'svg'])).out;
  expect(svg).toBe(readFileSync(join(root, 'examples', 'edge-graph.svg'), 'utf8'));
});

const bin = join(root, 'lib', 'cli', 'main.js');
(existsSync(bin) ? test : test.skip)('the installed bin runs with node and reads standard input', () => {
  const r = spawnSync('node', [bin, 'doctor', '-'], { input: readFileSync(broken), encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/ERROR startup\.GEN-02 stdin\.yaml:\d+ mimir-querier/);
  expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});

describe('credential', () => {
  test('a token and a basic-auth password, each shown once with the digest its Secret holds', async () => {
    const { createHash } = require('node:crypto');
    const t = await run(['credential', 'token', 'alloy-team-b', '--secret', 'mimir-gateway-tokens', '--namespace', 'observability']);
    expect(t.code).toBe(0);
    const token = /^token: (mgw_[\w-]{43})$/m.exec(t.out)![1];
    const digest = /^digest: ([0-9a-f]{64})$/m.exec(t.out)![1];
    expect(createHash('sha256').update(token).digest('hex')).toBe(digest);
    expect(t.out).toContain(`kubectl -n observability patch secret mimir-gateway-tokens --type merge -p '{"stringData":{"${digest}":"alloy-team-b"}}'`);
    const b = await run(['credential', 'basic', 'sre']);
    const password = /^password: ([\w-]{43})$/m.exec(b.out)![1];
    expect(createHash('sha256').update(`sre:${password}`).digest('hex')).toBe(/^digest: ([0-9a-f]{64})$/m.exec(b.out)![1]);
    // Two calls never give the same secret.
    expect(/^token: (\S+)$/m.exec((await run(['credential', 'token', 'alloy-team-b'])).out)![1]).not.toBe(token);
    expect((await run(['credential', 'pin', 'x'])).code).toBe(2);
    expect((await run(['credential', 'basic'])).err).toMatch(/needs a user name/);
  });
});

describe('command-line conventions', () => {
  test('--help and -h on every command print the usage (exit 0); --version prints the package version', async () => {
    for (const argv of [['--help'], ['-h'], ['doctor', '--help'], ['graph', '-h'], ['doctor', 'x.yaml', '--help']]) {
      const r = await run(argv);
      expect({ argv, code: r.code, usage: r.out.startsWith('usage:') }).toEqual({ argv, code: 0, usage: true });
    }
    const v = await run(['--version']);
    expect(v.out.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  test('an unknown --mimir-version is a usage error naming the versions the doctor knows (exit 2), not a crash', async () => {
    const r = await run(['doctor', example, '--mimir-version', '9.9.9']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--mimir-version 9\.9\.9: no flag catalog covers it \(the doctor knows Mimir .*3\.0\.x/);
  });

  test('-- ends the options', async () => {
    const r = await run(['doctor', '--format', 'json', '--', example]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).workloads.length).toBeGreaterThan(5);
  });
});

test('an image whose release has no catalog is judged by the nearest older one, saying so (never silently as the default)', () => {
  const { runDoctor } = require('../../src/doctor/doctor');
  const { parseManifests } = require('../../src/doctor/manifests');
  const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: querier, namespace: mimir }
spec: { template: { spec: { containers: [{ name: mimir, image: ${image}, args: ["-target=querier"] }] } } }
`;
  for (const [image, judged] of [['grafana/mimir:3.1.0', '3.0.2'], ['grafana/mimir:2.10.0', '2.11.0'], ['grafana/mimir:3.0.7', '3.0.7']]) {
    const report = runDoctor(parseManifests(deployment(image), 'x.yaml'));
    expect([image, report.workloads[0].version.version]).toEqual([image, judged]);
    const note = report.findings.find((f: any) => f.check === 'version.nearest');
    if (judged === '3.0.7') expect(note).toBeUndefined();
    else expect(note.message).toContain(`no flag catalog for Mimir ${image.split(':')[1]}: judged as Mimir ${judged}`);
  }
});

test('finding no Mimir workload is an input error (exit 2) unless --allow-empty', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'empty-'));
  const r = await run(['doctor', empty]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/no Mimir workload found in .*Pass --allow-empty if that is expected/);
  expect((await run(['doctor', empty, '--allow-empty'])).code).toBe(0);
});

test('inputs it cannot read are named in a sentence (exit 2): a missing path, a binary .yaml', async () => {
  const missing = await run(['doctor', join(dir, 'nope.yaml')]);
  expect(missing.code).toBe(2);
  expect(missing.err).toBe(`cdk8s-mimir: ${join(dir, 'nope.yaml')}: no such file or directory\n`);
  const binary = join(mkdtempSync(join(tmpdir(), 'binary-')), 'binary.yaml');
  writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
  const b = await run(['doctor', binary]);
  expect(b.code).toBe(2);
  expect(b.err).toMatch(/binary\.yaml: is not text \(it holds NUL bytes\)/);
});

test('doctor --list-checks lists every check with one line; standard input is reported under --stdin-name', async () => {
  const list = await run(['doctor', '--list-checks']);
  expect(list.code).toBe(0);
  expect(list.out).toMatch(/^tls\.client-block +A client's TLS block is incomplete/m);
  expect(list.out).toMatch(/^startup\.<RULE> /m);
  const yaml = readFileSync(broken, 'utf8');
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(root, 'src', 'cli', 'main.ts'), 'doctor', '-', '--format', 'sarif', '--stdin-name', 'rendered/mimir.yaml'], { input: yaml, encoding: 'utf8', cwd: root });
  const uris = JSON.parse(r.stdout).runs[0].results.map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri);
  expect(uris.length).toBeGreaterThan(0);
  expect(new Set(uris)).toEqual(new Set(['rendered/mimir.yaml']));
});

test('--require mtls: the example passes (memberlist, never mutual, is TLS); a cluster with a plaintext or broken edge fails, naming them', async () => {
  expect(await run(['doctor', example, '--require', 'mtls'])).toMatchObject({ code: 0 });
  const plain = join(dir, 'plain.yaml');
  writeFileSync(plain, readFileSync(example, 'utf8').replace(/            - -ingester\.client\.tls-[a-z-]+=.*\n/g, '').replace(/            - -server\.grpc-tls-[a-z-]+=.*\n/g, ''));
  const r = await run(['doctor', plain, '--require', 'mtls']);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/--require mtls: \d+ of \d+ edges are not mutual TLS \(.*plaintext.*\): mimir-distributor → mimir-ingester-zone-a \[ingester\.client\] plaintext/);
  expect(await run(['doctor', example, '--require', 'tls'])).toMatchObject({ code: 2 });
  expect((await run(['graph', example, '--require', 'mtls'])).code).toBe(2);
});

const anchorsDir = join(root, '..', 'shared', 'data', 'anchors');
(existsSync(anchorsDir) || process.env.CI ? test : test.skip)('Grafana\'s plain renders: --require mtls fails, the headline says no TLS, repeated findings fold', async () => {
  for (const f of ['helm-6.0.5-small-values.yaml', 'jsonnet-3.0.2-test-multi-zone.yaml']) {
    const r = await run(['doctor', join(anchorsDir, f), '--require', 'mtls']);
    expect([f, r.code]).toEqual([f, 1]);
    expect(r.out.split('\n')[0]).toMatch(/Mimir workloads; no TLS on any of \d+ edges;/);
    expect(r.err).toMatch(/--require mtls: (\d+) of \1 edges are not mutual TLS/);
  }
  const helm = (await run(['doctor', join(anchorsDir, 'helm-6.0.5-small-values.yaml')])).out;
  // One entry for the three ingester zones, not three.
  expect(helm).toMatch(/ERROR startup\.OBJ-09 \S+ 3 places: small-values-mimir-ingester-zone-a; small-values-mimir-ingester-zone-b; small-values-mimir-ingester-zone-c/);
  // No TLS anywhere: one entry for every plaintext edge, the places cut after five.
  expect(helm.match(/^INFO tls\.plaintext-edge /gm)).toHaveLength(1);
  expect(helm).toMatch(/no edge of these manifests speaks TLS \(\d+ edges, \d+ findings folded\)/);
  expect(helm).toMatch(/… \d+ more/);
  expect(helm.split('\n').length).toBeLessThan(50);
});

test('graph --definition reads a JSON definition whose version is a string; manifests alongside it are refused', async () => {
  const def = join(dir, 'versioned.json');
  writeFileSync(def, JSON.stringify({ ...BASE, version: '3.0.2', size: 'dev' }));
  const r = await run(['graph', '--definition', def]);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/distributor\s+ingester\s+grpc:9095/);
  expect(await run(['graph', '--definition', def, example])).toMatchObject({ code: 2 });
});
