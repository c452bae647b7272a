// What the real Cortex binaries refused (issue: ruler → store-gateway without TLS in remote evaluation; the 1.19
// querier writing its sync dir on the read-only root), and the classes behind them: every client a Cortex target
// starts gets its TLS block whatever the evaluation mode, and every path flag of each version's catalog is either
// pointed into the data volume for the targets that write it or known not to be written.
import { CortexVersion, RuleEvaluation } from '../../src';
import { CORTEX, CORTEX_PATH_FLAGS } from '../../src/core/dialect/cortex';
import { CORTEX_FLAG_CATALOGS } from '../../src/core/flags/cortex-catalog.generated';
import { PATHS } from '../../src/core/names';
import { resolveCluster } from '../../src/core/resolve';
import { BASE } from '../_helpers';

const VERSIONS = [CortexVersion.V1_21_1, CortexVersion.V1_19_0];
const MODES = [RuleEvaluation.LOCAL, RuleEvaluation.REMOTE];
const resolve = (version: CortexVersion, ruleEvaluation: RuleEvaluation) =>
  resolveCluster({ ...BASE, name: 'cortex', namespace: 'cortex', version: version as any, ruleEvaluation }, CORTEX);
const flagsOf = (m: ReturnType<typeof resolve>, id: string) => new Map(m.components.find((c) => c.id === id)!.flags.map((f) => [f.name, f.value]));

/** The clients each Cortex target starts (pkg/cortex/modules.go: the ruler depends on StoreQueryable always). */
const CLIENTS: { [target: string]: string[] } = {
  'distributor': ['ingester.client'],
  'querier': ['ingester.client', 'querier.store-gateway-client', 'querier.frontend-client'],
  'ruler': ['ingester.client', 'querier.store-gateway-client', 'ruler.client', 'ruler.alertmanager-client'],
  'query-frontend': ['frontend.grpc-client-config'],
  'query-scheduler': ['query-scheduler.grpc-client-config'],
  'alertmanager': ['alertmanager.alertmanager-client'],
};

describe.each(VERSIONS.map((v) => [v.version, v] as const))('Cortex %s', (_name, version) => {
  test.each(MODES)('every client a target starts has its full TLS block (%s rule evaluation)', (mode) => {
    const m = resolve(version, mode);
    for (const [target, prefixes] of Object.entries(CLIENTS)) {
      const flags = flagsOf(m, target);
      for (const prefix of [...prefixes, ...(target === 'ruler' && mode === RuleEvaluation.REMOTE ? ['ruler.frontendClient'] : [])]) {
        for (const key of ['tls-cert-path', 'tls-key-path', 'tls-ca-path', 'tls-server-name']) {
          expect({ target, flag: `${prefix}.${key}`, set: (flags.get(`${prefix}.${key}`) ?? '') !== '' }).toEqual({ target, flag: `${prefix}.${key}`, set: true });
        }
      }
    }
    // The edge the real ruler used without TLS: ruler → store-gateway, in both modes.
    expect(m.edges.some((e) => e.prefix === 'querier.store-gateway-client' && e.from === 'ruler' && e.to === 'store-gateway')).toBe(true);
  });

  test('every path flag of the catalog is pointed into the data volume for the targets that write it, or is known not to be written', () => {
    const catalog = CORTEX_FLAG_CATALOGS[version.version];
    const pathFlags = catalog.filter((f) => /(dir|directory|path)$/.test(f) && !/tls-(ca|cert|key)-path$/.test(f));
    const unknown = pathFlags.filter((f) => !(f in CORTEX_PATH_FLAGS));
    expect(unknown).toEqual([]);
    for (const mode of MODES) {
      const m = resolve(version, mode);
      for (const [flag, p] of Object.entries(CORTEX_PATH_FLAGS)) {
        if (!catalog.includes(flag)) continue;
        for (const c of m.components) {
          const value = flagsOf(m, c.id).get(flag) ?? '';
          if ('writers' in p && p.writers.includes(c.id)) {
            expect({ target: c.id, flag, value }).toEqual({ target: c.id, flag, value: p.path });
            expect(p.path.startsWith(`${PATHS.dataDir}/`)).toBe(true);
          } else {
            expect({ target: c.id, flag, value }).toEqual({ target: c.id, flag, value: '' });
          }
        }
      }
    }
  });
});

test('the querier keeps its meta fetchers in the data volume (the 1.19 crash: mkdir tsdb-sync on a read-only root)', () => {
  const m = resolve(CortexVersion.V1_19_0, RuleEvaluation.REMOTE);
  expect(flagsOf(m, 'querier').get('blocks-storage.bucket-store.sync-dir')).toBe(`${PATHS.dataDir}/tsdb-sync`);
  expect(flagsOf(m, 'ruler').get('blocks-storage.bucket-store.sync-dir')).toBe(`${PATHS.dataDir}/tsdb-sync`);
});
