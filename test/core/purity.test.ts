// The core is plain TypeScript: no cdk8s, constructs or generated imports, so it can be tested and reused alone.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('src/core imports nothing from cdk8s, cdk8s-plus, constructs or src/imports', () => {
  const offenders = files(join(__dirname, '..', '..', 'src', 'core')).filter((f) =>
    /from '(cdk8s|cdk8s-plus-28|constructs)'|from '\.\.?\/(\.\.\/)*imports\//.test(readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});
