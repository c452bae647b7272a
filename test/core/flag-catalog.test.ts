// The shipped catalog must be exactly what the generator makes from Mimir's help texts.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLAG_CATALOGS } from '../../src/core/flags/catalog.generated';
import { FLAG_FIELDS } from '../../src/core/flags/fields.generated';

const root = join(__dirname, '..', '..');
const reference = join(root, '..', 'shared', 'reference', 'mimir');
const withReference = existsSync(reference) ? test : test.skip;

withReference('src/core/flags/catalog.generated.ts and fields.generated.ts are current with ../shared/reference/mimir', () => {
  const copy = mkdtempSync(join(tmpdir(), 'catalog-'));
  cpSync(join(root, 'scripts'), join(copy, 'scripts'), { recursive: true });
  execFileSync('mkdir', ['-p', join(copy, 'src', 'core', 'flags')]);
  execFileSync('node', [join(copy, 'scripts', 'gen-flag-catalog.mjs'), reference]);
  for (const file of ['catalog.generated.ts', 'fields.generated.ts']) {
    expect(readFileSync(join(copy, 'src', 'core', 'flags', file), 'utf8')).toBe(readFileSync(join(root, 'src', 'core', 'flags', file), 'utf8'));
  }
});

withReference('every flag line of each help text is in its catalog, and nothing else', () => {
  for (const [version, flags] of Object.entries(FLAG_CATALOGS)) {
    const text = readFileSync(join(reference, `help-all-${version}.txt`), 'utf8');
    const lines = text.split('\n').filter((l) => /^ {2}-[a-z0-9]/.test(l)).length;
    expect([version, flags.length]).toEqual([version, lines]);
  }
});

test('fields give each flag its type and the default in flag syntax', () => {
  expect(FLAG_FIELDS['3.0.2']['querier.timeout']).toEqual(['duration', 'querier.timeout', '120000ms']);
  expect(FLAG_FIELDS['3.0.2']['query-frontend.query-sharding-target-series-per-shard']).toEqual(['int', 'frontend.query_sharding_target_series_per_shard', '0']);
  // A custom type without a descriptor default takes the one its help text prints.
  expect(FLAG_FIELDS['3.0.2']['validation.name-validation-scheme'][2]).toBe('legacy');
  expect(FLAG_FIELDS['2.11.0']['blocks-storage.bucket-store.ignore-deletion-marks-while-querying-delay']).toBeUndefined();
});

test('catalogs know the version differences the library relies on', () => {
  expect(FLAG_CATALOGS['3.0.2']).not.toContain('querier.frontend-address');
  expect(FLAG_CATALOGS['2.11.0']).toContain('querier.frontend-address');
  expect(FLAG_CATALOGS['3.0.2']).toContain('querier.scheduler-client.tls-enabled');
  expect(FLAG_CATALOGS['3.0.2']).not.toContain('blocks-storage.tsdb.block-ranges-period'); // hidden flag
});

const cortexReference = join(root, '..', 'shared', 'reference', 'cortex');
const withCortexReference = existsSync(cortexReference) ? test : test.skip;
if (!existsSync(cortexReference) && process.env.CI) throw new Error('the Cortex help texts (../shared/reference/cortex) are required in CI');

withCortexReference('src/core/flags/cortex-catalog.generated.ts is current with ../shared/reference/cortex, one entry per flag line', () => {
  const copy = mkdtempSync(join(tmpdir(), 'cortex-catalog-'));
  cpSync(join(root, 'scripts'), join(copy, 'scripts'), { recursive: true });
  execFileSync('mkdir', ['-p', join(copy, 'src', 'core', 'flags')]);
  execFileSync('node', [join(copy, 'scripts', 'gen-cortex-catalog.mjs'), cortexReference]);
  const file = join('src', 'core', 'flags', 'cortex-catalog.generated.ts');
  expect(readFileSync(join(copy, file), 'utf8')).toBe(readFileSync(join(root, file), 'utf8'));
  const { CORTEX_FLAG_CATALOGS } = require('../../src/core/flags/cortex-catalog.generated');
  for (const [version, flags] of Object.entries(CORTEX_FLAG_CATALOGS) as [string, string[]][]) {
    const text = readFileSync(join(cortexReference, `help-all-${version}.txt`), 'utf8');
    expect([version, flags.length]).toEqual([version, text.split('\n').filter((l) => /^ {2}-[a-zA-Z0-9]/.test(l)).length]);
  }
});
