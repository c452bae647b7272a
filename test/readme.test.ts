// Every TypeScript block of the README, as a consumer would meet it: type-checked against the package's API with the
// strictness of a `cdk8s init typescript-app` project (noUnusedLocals, noUnusedParameters, strict), then run. Blocks
// that continue the Usage block use its `chart` and `storage`; a block whose first line is
// `// fragment of MimirClusterProps` is wrapped in a MimirClusterProps object and synthesized on a base cluster.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import * as ts from 'typescript';
import { ClusterSize, MimirCluster } from '../src';
import { BASE } from './_helpers';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)].map((m, i) => ({ id: i, code: m[1] }));
const FRAGMENT = '// fragment of MimirClusterProps';

/** The block as a module: fragments wrapped, continuation blocks given the Usage block's chart and storage. */
function moduleOf(code: string): string {
  if (code.startsWith(FRAGMENT)) {
    const used = ['GatewayPermission', 'IssuerKind', 'EgressTarget', 'ClusterSize'].filter((n) => new RegExp(`\\b${n}\\.`).test(code.replace(/\/\/.*$/gm, '')));
    return [
      `import { ${['MimirCluster', 'MimirClusterProps', ...used].join(', ')} } from 'cdk8s-mimir';`,
      'import { Chart } from \'cdk8s\';',
      'declare const chart: Chart;',
      'declare const base: MimirClusterProps;',
      `const fragment: Partial<MimirClusterProps> = {\n${code}};`,
      'new MimirCluster(chart, \'Mimir\', { ...base, ...fragment });',
    ].join('\n');
  }
  if (/\bconst chart\b/.test(code)) return code;
  return ['import { Chart as UsageChart } from \'cdk8s\';', 'import type { ObjectStorageOptions as UsageStorage } from \'cdk8s-mimir\';',
    'declare const chart: UsageChart;', 'declare const storage: UsageStorage;', code].join('\n');
}

const OPTIONS: ts.CompilerOptions = {
  strict: true, noUnusedLocals: true, noUnusedParameters: true, noImplicitReturns: true, esModuleInterop: true,
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
  skipLibCheck: true, noEmit: true, types: ['node'], baseUrl: root, paths: { 'cdk8s-mimir': ['src/index.ts'] },
};

test('the README has its TypeScript blocks (Usage, TLS policy, the gateway fragment, Cortex)', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(4);
  expect(blocks.filter((b) => b.code.startsWith(FRAGMENT))).toHaveLength(1);
});

test('every block type-checks as a consumer\'s module', () => {
  const files = new Map(blocks.map((b) => [join(root, `readme-block-${b.id}.ts`), moduleOf(b.code)]));
  const host = ts.createCompilerHost(OPTIONS);
  const read = host.readFile.bind(host);
  host.readFile = (f) => files.get(f) ?? read(f);
  host.fileExists = (f) => files.has(f) || ts.sys.fileExists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v, ...rest) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, v) : getSource(f, v, ...rest));
  const program = ts.createProgram([...files.keys()], OPTIONS, host);
  const problems = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.has(d.file.fileName)).map((d) => {
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${d.file!.fileName.split('/').pop()}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(problems).toEqual([]);
}, 120000);

test.each(blocks.map((b) => [b.id, b]))('block %s runs and synthesizes', (_id, b) => {
  const chart = Testing.chart();
  const requireMapped = (m: string) => require(m === 'cdk8s-mimir' ? '../src' : m);
  // What the block declares without defining, from the test: the Usage block's chart and storage, a base cluster.
  const source = moduleOf((b as any).code).replace(/^declare const (\w+): .*$/gm, 'const $1 = env.$1;');
  const runnable = ts.transpileModule(source.replace(/new App\(\)/, `new App({ outdir: ${JSON.stringify(mkdtempSync(join(tmpdir(), 'readme-')))} })`), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  new Function('require', 'exports', 'env', runnable)(requireMapped, {}, { chart, storage: BASE.storage, base: BASE });
  // Blocks that build their own App synthesize it themselves; the others add to `chart`.
  if (!/\bnew App\(/.test((b as any).code)) expect(Testing.synth(chart).length).toBeGreaterThan(20);
});

/** Requests summed over every pod a preset deploys (with BASE's other settings): the README's preset table. */
function presetRows(): string[] {
  const cpu = (q: string) => (q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q));
  const units: { [u: string]: number } = { '': 1, 'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40 };
  const bytes = (q: string) => { const m = /^([0-9.]+)(Ki|Mi|Gi|Ti)?$/.exec(q)!; return Number(m[1]) * units[m[2] ?? '']; };
  const purpose: { [size: string]: string } = { dev: 'trying it', small: 'production (the default)', large: 'a large production cluster' };
  return [ClusterSize.DEV, ClusterSize.SMALL, ClusterSize.LARGE].map((size) => {
    const chart = Testing.chart();
    new MimirCluster(chart, 'Mimir', { ...BASE, size });
    let pods = 0; let c = 0; let m = 0; let v = 0;
    for (const w of Testing.synth(chart).filter((x) => x.kind === 'Deployment' || x.kind === 'StatefulSet')) {
      const r = w.spec.replicas ?? 1;
      pods += r;
      for (const k of w.spec.template.spec.containers) { c += r * cpu(k.resources?.requests?.cpu ?? '0'); m += r * bytes(k.resources?.requests?.memory ?? '0'); }
      for (const t of w.spec.volumeClaimTemplates ?? []) v += r * bytes(t.spec.resources.requests.storage);
    }
    return `| ${size.toUpperCase()} | ${pods} | ${c.toFixed(1)} | ${(m / 2 ** 30).toFixed(1)} GiB | ${(v / 2 ** 30).toFixed(0)} GiB | ${purpose[size]} |`;
  });
}

test('the README\'s preset table is what each preset synthesizes (UPDATE_README=1 rewrites it)', () => {
  const marker = '<!-- preset-resources -->';
  const header = '|---|---|---|---|---|---|\n';
  const start = readme.indexOf(header, readme.indexOf('| preset | pods |')) + header.length;
  const end = readme.indexOf(marker);
  const rows = presetRows().join('\n') + '\n';
  if (process.env.UPDATE_README) writeFileSync(join(root, 'README.md'), readme.slice(0, start) + rows + readme.slice(end));
  else expect(readme.slice(start, end)).toBe(rows);
});

test('the README\'s example error is the library\'s output for the definition it names', () => {
  const { resolveCluster } = require('../src/core/resolve');
  const shown = /A bad definition fails before any object exists[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)![1];
  let message = '';
  try { resolveCluster({ ...BASE, components: { ingester: { replicas: 2 } }, certificates: { duration: '2160h', renewBefore: '2160h' } }); } catch (e) { message = (e as Error).message; }
  expect(shown.trim()).toBe(message.trim());
});
