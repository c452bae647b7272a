// The shipped catalog must be exactly what the generator makes from Mimir's help texts.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLAG_CATALOGS } from '../../src/core/flags/catalog.generated';

const root = join(__dirname, '..', '..');
const reference = join(root, '..', 'shared', 'reference', 'mimir');
const withReference = existsSync(reference) ? test : test.skip;

withReference('src/core/flags/catalog.generated.ts is current with ../shared/reference/mimir', () => {
  const copy = mkdtempSync(join(tmpdir(), 'catalog-'));
  cpSync(join(root, 'scripts'), join(copy, 'scripts'), { recursive: true });
  execFileSync('mkdir', ['-p', join(copy, 'src', 'core', 'flags')]);
  execFileSync('node', [join(copy, 'scripts', 'gen-flag-catalog.mjs'), reference]);
  expect(readFileSync(join(copy, 'src', 'core', 'flags', 'catalog.generated.ts'), 'utf8'))
    .toBe(readFileSync(join(root, 'src', 'core', 'flags', 'catalog.generated.ts'), 'utf8'));
});

withReference('every flag line of each help text is in its catalog, and nothing else', () => {
  for (const [version, flags] of Object.entries(FLAG_CATALOGS)) {
    const text = readFileSync(join(reference, `help-all-${version}.txt`), 'utf8');
    const lines = text.split('\n').filter((l) => /^ {2}-[a-z0-9]/.test(l)).length;
    expect([version, flags.length]).toEqual([version, lines]);
  }
});

test('catalogs know the version differences the library relies on', () => {
  expect(FLAG_CATALOGS['3.0.2']).not.toContain('querier.frontend-address');
  expect(FLAG_CATALOGS['2.11.0']).toContain('querier.frontend-address');
  expect(FLAG_CATALOGS['3.0.2']).toContain('querier.scheduler-client.tls-enabled');
  expect(FLAG_CATALOGS['3.0.2']).not.toContain('blocks-storage.tsdb.block-ranges-period'); // hidden flag
});
