// Golden outputs: the YAML of every shared definition, and digests of the YAML and error messages of a fixed
// sample of random definitions. A refactor must leave them byte-identical; a change of output updates them on
// purpose with `UPDATE_GOLDENS=1 npx jest test/golden.test.ts`, and the diff shows what changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, Yaml } from 'cdk8s';
import fc from 'fast-check';
import { MimirCluster } from '../src';
import { DEFINITION_CASES, GOLDEN_ONLY_CASES } from './_definitions';
import { CORRUPTIONS, definitionArb } from './_arbitraries';
import { BASE } from './_helpers';
import { resolveCluster } from '../src/core/resolve';

const DIR = join(__dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDENS === '1';
/** The random sample is fixed, whatever FC_SEED the property tests run with. */
const SAMPLE = { seed: 20261201, numRuns: 120 };

function compare(file: string, actual: string): void {
  const path = join(DIR, file);
  if (UPDATE) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`no golden file ${file}: run UPDATE_GOLDENS=1 npx jest test/golden.test.ts`);
  // Line by line, so a failure names the first line that differs.
  const expected = readFileSync(path, 'utf8');
  if (actual !== expected) {
    const a = actual.split('\n');
    const e = expected.split('\n');
    const line = a.findIndex((l, i) => l !== e[i]);
    expect({ file, line: line + 1, actual: a[line] }).toEqual({ file, line: line + 1, actual: e[line] });
    expect(actual).toBe(expected);
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

describe.each([...DEFINITION_CASES, ...GOLDEN_ONLY_CASES])('golden output of $name', (c) => {
  test('synthesizes byte-identically', () => {
    compare(`${c.slug}.k8s.yaml`, Yaml.stringify(...Testing.synth(c.make())));
  });
});

test('a fixed sample of random valid definitions synthesizes byte-identically', () => {
  const samples = fc.sample(definitionArb, { seed: SAMPLE.seed, numRuns: SAMPLE.numRuns });
  const lines = samples.map((def, i) => {
    const chart = Testing.chart();
    new MimirCluster(chart, 'Mimir', def as any);
    return `${i} ${def.name} ${digest(Yaml.stringify(...Testing.synth(chart)))}`;
  });
  compare('random-valid.digests', `${lines.join('\n')}\n`);
});

test('a fixed sample of invalid definitions gives the same error messages', () => {
  const lines: string[] = [];
  CORRUPTIONS.forEach(([field, apply, arb], k) => {
    for (const value of fc.sample(arb, { seed: SAMPLE.seed + k, numRuns: 20 })) {
      let message = '(no error)';
      try {
        resolveCluster(apply(BASE, value));
      } catch (e) {
        message = (e as Error).message;
      }
      lines.push(`## ${field}\n${message}`);
    }
  });
  compare('invalid.messages', `${lines.join('\n')}\n`);
});
