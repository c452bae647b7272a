// Every rule of the startup-constraints reference is accounted for: checked at synth, refused in extraFlags,
// owned by the library, or out of scope with a reason; and every extraFlags refusal says which rules it keeps.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCluster } from '../../src/core/resolve';
import { BEYOND_REFERENCE, MIMIR_STARTUP_RULES, NOT_CHECKED } from '../../src/core/startup/mimir';
import { MIMIR_REFUSED_EXTRA_FLAGS } from '../../src/core/startup/mimir/refused';
import { BASE, errorOf } from '../_helpers';

const REFERENCE = join(__dirname, '..', '..', '..', 'shared', 'reference', 'mimir', 'startup-constraints-3.0.2.md');
const withReference = existsSync(REFERENCE) || process.env.CI ? test : test.skip;
const checked = new Set(MIMIR_STARTUP_RULES.map((r) => r.id));

function referenceIds(): string[] {
  return [...readFileSync(REFERENCE, 'utf8').matchAll(/^\| ([A-Z]+-[0-9]+) /gm)].map((m) => m[1]);
}

withReference('every rule of the reference is checked, refused, owned or out of scope, and only once', () => {
  const ids = referenceIds();
  expect(ids.length).toBeGreaterThan(200);
  expect(ids.filter((id) => !checked.has(id) && !NOT_CHECKED[id])).toEqual([]);
  expect(ids.filter((id) => checked.has(id) && NOT_CHECKED[id])).toEqual([]);
  expect(Object.keys(NOT_CHECKED).filter((id) => !ids.includes(id))).toEqual([]);
  expect([...checked].filter((id) => !ids.includes(id) && !BEYOND_REFERENCE[id])).toEqual([]);
});

test('every rule kept by refusing flags names a refusal that lists it', () => {
  const refusedIds = new Set(MIMIR_REFUSED_EXTRA_FLAGS.flatMap((f) => f.rules));
  const claimed = Object.entries(NOT_CHECKED).filter(([, c]) => c.how === 'refused').map(([id]) => id);
  expect(claimed.filter((id) => !refusedIds.has(id))).toEqual([]);
});

test.each([
  ['ingester', 'ingester.ring.store', 'consul', /kv store/],
  ['distributor', 'distributor.ha-tracker.store', 'etcd', /kv store/],
  ['distributor', 'distributor.ha-tracker.enable', 'true', /HA tracker/],
  ['querier', 'blocks-storage.backend', 'filesystem', /object storage/],
  ['ruler', 'ruler-storage.local.directory', '/data/rules', /object storage/],
  ['ingester', 'ingest-storage.enabled', 'true', /ingest-storage/],
  ['querier', 'vault.enabled', 'true', /Vault/],
  ['querier', 'runtime-config.file', '/etc/overrides.yaml', /runtime configuration/],
  ['alertmanager', 'alertmanager.configs.fallback', '/etc/am.yaml', /fallback/],
  ['queryFrontend', 'query-scheduler.service-discovery-mode', 'ring', /query-scheduler/],
])('extraFlags may not set %s\'s -%s', (component, flag, value, why) => {
  const message = errorOf(() => resolveCluster({ ...BASE, components: { [component]: { extraFlags: { [flag]: value } } } })).message;
  expect(message).toMatch(new RegExp(`^components\\.${component}\\.extraFlags\\.${flag.replace(/\./g, '\\.')}: .*\\(startup rules [A-Z]`));
  expect(message).toMatch(why);
});
