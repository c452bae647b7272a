#!/usr/bin/env node
// Fails when API.md is not what jsii-docgen makes from the current build (.jsii). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'api-md-')), 'API.md');
execFileSync('npx', ['--no-install', 'jsii-docgen', '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
const fresh = readFileSync(out, 'utf8');
let committed = '';
try { committed = readFileSync('API.md', 'utf8'); } catch { /* missing counts as stale */ }
if (fresh !== committed) {
  console.error('API.md is stale: run `npm run build && npm run docgen` and commit the result.');
  process.exit(1);
}
console.log('API.md is current.');
