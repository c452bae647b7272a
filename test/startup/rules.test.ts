// Every startup rule the library checks: an extraFlags input that breaks it fails at synth time, naming the
// extraFlags entry, the rule and the fix; the same input on Mimir 2.11.0 fails too wherever 2.11 has the flags.
import { ClusterSize, MimirVersion } from '../../src';
import { FLAG_CATALOGS } from '../../src/core/flags/catalog.generated';
import { FLAG_FIELDS } from '../../src/core/flags/fields.generated';
import { resolveCluster } from '../../src/core/resolve';
import { MIMIR_STARTUP_RULES } from '../../src/core/startup/mimir';
import { FlagValues } from '../../src/core/startup/values';
import { BASE, errorOf } from '../_helpers';

type Case = [id: string, component: string, extraFlags: { [flag: string]: string }, props?: any];
const SPREAD = { 'ingester.ring.token-generation-strategy': 'spread-minimizing', 'ingester.ring.tokens-file-path': '' };
const BS = 'blocks-storage.bucket-store';

const CASES: Case[] = [
  ['GEN-02', 'querier', { 'querier.timeout': '5m' }],
  ['SRV-11', 'distributor', { 'server.log-source-ips-header': 'X-Forwarded-For' }],
  ['SRV-11', 'distributor', { 'server.log-source-ips-header': 'X-Forwarded-For', 'server.log-source-ips-regex': '(unclosed' }],
  ['GRPC-01', 'distributor', { 'ingester.client.grpc-compression': 'zstd' }],
  ['GRPC-02', 'querier', { 'querier.frontend-client.grpc-compression': 'zstd' }],
  ['GRPC-02', 'querier', { 'querier.scheduler-client.grpc-compression': 'zstd' }],
  ['GRPC-03', 'queryFrontend', { 'query-frontend.grpc-client-config.grpc-compression': 'lz4' }],
  ['GRPC-04', 'ruler', { 'ruler.client.grpc-compression': 'lz4' }],
  ['GRPC-05', 'querier', { 'querier.store-gateway-client.grpc-compression': 'lz4' }],
  ['US-01', 'compactor', { 'usage-stats.installation-mode': 'operator' }],
  ['OE-01', 'overridesExporter', { 'overrides-exporter.enabled-metrics': 'ingestion_rate,not_a_limit' }],
  ['OE-01', 'overridesExporter', { 'overrides-exporter.enabled-metrics': 'ingestion_rate,ruler_alertmanager_client_config' }],
  ['OE-02', 'overridesExporter', { 'overrides-exporter.ring.wait-stability-min-duration': '2m', 'overrides-exporter.ring.wait-stability-max-duration': '1m' }],
  ['ZONE-01', 'alertmanager', { 'alertmanager.sharding-ring.zone-awareness-enabled': 'true' }, { zones: [] }],
  ['ZONE-02', 'ingester', { 'ingester.ring.zone-awareness-enabled': 'true' }, { zones: [] }],
  ['ZONE-02', 'storeGateway', { 'store-gateway.sharding-ring.zone-awareness-enabled': 'true' }, { zones: [] }],
  ['TOK-01', 'ingester', { 'ingester.ring.token-generation-strategy': 'even' }],
  ['TOK-02', 'ingester', { 'ingester.ring.spread-minimizing-join-ring-in-order': 'true' }],
  ['TOK-03', 'ingester', { 'ingester.ring.token-generation-strategy': 'spread-minimizing', 'ingester.ring.spread-minimizing-zones': 'zone-a,zone-b,zone-c' }],
  ['TOK-04', 'ingester', SPREAD],
  ['TOK-05', 'ingester', { ...SPREAD, 'ingester.ring.spread-minimizing-zones': 'zone-x,zone-y' }],
  ['TOK-06', 'ingester', { ...SPREAD, 'ingester.ring.spread-minimizing-zones': 'zone-a,zone-b,zone-c', 'ingester.ring.instance-id': 'ingester' }],
  ['TOK-07', 'ingester', { 'ingester.error-sample-rate': '-1' }],
  ['QF-01', 'queryFrontend', { 'query-frontend.query-sharding-target-series-per-shard': '2500' }, { size: ClusterSize.DEV }],
  ['QF-02', 'queryFrontend', { 'query-frontend.cache-results': 'true' }, { caches: { results: { enabled: false } } }],
  ['QF-04', 'queryFrontend', { 'query-frontend.split-queries-by-interval': '0' }],
  ['QF-05', 'querier', { 'query-frontend.cache-results': 'true', 'query-frontend.results-cache.backend': 'redis' }],
  ['QF-06', 'querier', { 'query-frontend.cache-results': 'true', 'query-frontend.results-cache.backend': 'memcached' }],
  ['QF-07', 'queryFrontend', { 'query-frontend.results-cache.memcached.max-async-concurrency': '0' }],
  ['QF-08', 'queryFrontend', { 'query-frontend.results-cache.compression': 'zstd' }],
  ['QF-10', 'queryFrontend', { 'query-frontend.results-cache.memcached.dns-ignore-startup-failures': 'false' }],
  ['QF-11', 'queryFrontend', { 'query-frontend.query-result-response-format': 'xml' }],
  ['QF-12', 'queryFrontend', { 'query-frontend.enable-remote-execution': 'true', 'query-frontend.query-engine': 'prometheus' }],
  ['QF-13', 'queryFrontend', { 'query-frontend.use-mimir-query-engine-for-sharding': 'true' }],
  ['QF-14', 'queryFrontend', { 'query-frontend.query-engine': 'thanos' }],
  ['QF-15', 'queryFrontend', { 'query-frontend.remote-execution-batch-size': '0' }],
  ['SCH-02', 'queryScheduler', { 'query-scheduler.max-used-instances': '2' }],
  ['SCH-03', 'queryScheduler', { 'query-scheduler.max-used-instances': '-1' }],
  ['QR-01', 'querier', { 'querier.query-engine': 'thanos' }],
  ['QR-02', 'querier', { 'querier.streaming-chunks-per-ingester-buffer-size': '0' }],
  ['QR-03', 'querier', { 'querier.streaming-chunks-per-store-gateway-buffer-size': '0' }],
  ['QR-04', 'querier', { 'querier.query-store-after': '14h' }],
  ['QR-05', 'querier', { 'querier.mimir-query-engine.enable-eliminate-deduplicate-and-merge': 'true', 'querier.enable-delayed-name-removal': 'true' }],
  ['BS-04', 'querier', { [`${BS}.index-cache.backend`]: 'redis' }],
  ['BS-05', 'querier', { [`${BS}.index-cache.backend`]: 'memcached' }],
  ['BS-06', 'querier', { [`${BS}.chunks-cache.backend`]: 'memcached' }],
  ['BS-06', 'querier', { [`${BS}.chunks-cache.backend`]: 'redis' }],
  ['BS-07', 'distributor', { [`${BS}.metadata-cache.backend`]: 'memcached' }],
  ['RUL-04', 'querier', { 'ruler-storage.cache.backend': 'redis' }],
  ['RUL-05', 'querier', { 'ruler-storage.cache.backend': 'memcached' }],
  ['BS-11', 'storeGateway', { [`${BS}.chunks-cache.memcached.dns-ignore-startup-failures`]: 'false' }],
  ['OBJ-02', 'querier', { 'blocks-storage.storage-prefix': 'my-prefix' }],
  ['OBJ-03', 'querier', { 'blocks-storage.s3.signature-version': 'v3' }],
  ['OBJ-04', 'querier', { 'blocks-storage.s3.endpoint': 'blocks.s3.amazonaws.com' }],
  ['OBJ-05', 'querier', { 'blocks-storage.s3.sts-endpoint': 'not a url' }],
  ['OBJ-06', 'querier', { 'blocks-storage.s3.storage-class': 'COLD' }],
  ['OBJ-09', 'querier', { 'blocks-storage.s3.endpoint': '' }],
  ['OBJ-10', 'querier', { 'blocks-storage.s3.native-aws-auth-enabled': 'true', 'blocks-storage.s3.access-key-id': 'AKIA' }],
  ['OBJ-11', 'querier', { 'blocks-storage.s3.access-key-id': 'AKIA' }],
  ['OBJ-13', 'querier', { 'blocks-storage.s3.list-objects-version': 'v3' }],
  ['FLG-09', 'querier', { 'blocks-storage.s3.bucket-lookup-type': 'dns' }],
  ['TSDB-01', 'ingester', { 'blocks-storage.tsdb.ship-concurrency': '0' }],
  ['TSDB-02', 'ingester', { 'blocks-storage.tsdb.head-compaction-interval': '20m' }],
  ['TSDB-03', 'ingester', { 'blocks-storage.tsdb.head-compaction-concurrency': '0' }],
  ['TSDB-04', 'ingester', { 'blocks-storage.tsdb.head-chunks-write-buffer-size-bytes': '1000' }],
  ['TSDB-05', 'ingester', { 'blocks-storage.tsdb.stripe-size': '1000' }],
  ['TSDB-07', 'ingester', { 'blocks-storage.tsdb.wal-segment-size-bytes': '0' }],
  ['TSDB-08', 'ingester', { 'blocks-storage.tsdb.wal-replay-concurrency': '-1' }],
  ['TSDB-09', 'ingester', { 'blocks-storage.tsdb.early-head-compaction-min-in-memory-series': '100', 'ingester.active-series-metrics-enabled': 'false' }],
  ['TSDB-10', 'ingester', { 'blocks-storage.tsdb.early-head-compaction-min-estimated-series-reduction-percentage': '150' }],
  ['TSDB-11', 'ingester', { 'blocks-storage.tsdb.index-lookup-planning.enabled': 'true', 'blocks-storage.tsdb.index-lookup-planning.statistics-collection-frequency': '0' }],
  ['BS-01', 'storeGateway', { [`${BS}.batch-series-size`]: '0' }],
  ['BS-02', 'storeGateway', { [`${BS}.ignore-deletion-marks-while-querying-delay`]: '2h' }],
  ['BS-03', 'storeGateway', { [`${BS}.sync-interval`]: '30m' }],
  ['BS-08', 'storeGateway', { [`${BS}.series-fetch-preference`]: '0' }],
  ['BS-09', 'storeGateway', { [`${BS}.index-header.lazy-loading-concurrency`]: '-1' }],
  ['SG-01', 'storeGateway', { 'store-gateway.tenant-shard-size': '-1' }],
  ['SG-02', 'storeGateway', { 'store-gateway.dynamic-replication.enabled': 'true', 'store-gateway.dynamic-replication.max-time-threshold': '30m' }],
  ['SG-03', 'storeGateway', { 'store-gateway.dynamic-replication.enabled': 'true', 'store-gateway.dynamic-replication.multiple': '1' }],
  ['CMP-01', 'compactor', { 'compactor.block-ranges': '2h0m0s,3h0m0s' }],
  ['CMP-02', 'compactor', { 'compactor.max-opening-blocks-concurrency': '0' }],
  ['CMP-03', 'compactor', { 'compactor.max-closing-blocks-concurrency': '0' }],
  ['CMP-04', 'compactor', { 'compactor.symbols-flushers-concurrency': '0' }],
  ['CMP-05', 'compactor', { 'compactor.max-block-upload-validation-concurrency': '-1' }],
  ['CMP-06', 'compactor', { 'compactor.compaction-jobs-order': 'random' }],
  ['DIST-01', 'distributor', { 'distributor.ingestion-tenant-shard-size': '-1' }],
  ['DIST-02', 'distributor', { 'distributor.retry-after-header.min-backoff': '500ms' }],
  ['RUL-01', 'ruler', { 'ruler.tenant-shard-size': '-1' }],
  ['RUL-02', 'ruler', { 'ruler.query-frontend.query-result-response-format': 'yaml' }],
  ['RUL-03', 'ruler', { 'ruler.independent-rule-evaluation-concurrency-min-duration-percentage': '-1' }],
  ['AM-01', 'alertmanager', { 'alertmanager.web.external-url': 'http://alerts.example.com/' }],
  ['AM-01', 'alertmanager', { 'alertmanager.web.external-url': 'alerts.example.com/alertmanager' }],
  ['AM-05', 'alertmanager', { 'alertmanager.persist-interval': '0' }],
  ['LIM-01', 'distributor', { 'validation.name-validation-scheme': 'ascii' }],
  ['LIM-02', 'distributor', { 'distributor.otel-translation-strategy': 'Foo' }],
  ['LIM-03', 'distributor', { 'distributor.otel-translation-strategy': 'NoTranslation' }],
  ['LIM-04', 'distributor', { 'distributor.otel-translation-strategy': 'UnderscoreEscapingWithSuffixes' }],
  ['LIM-06', 'querier', { 'querier.max-estimated-fetched-chunks-per-query-multiplier': '0.5' }],
  ['LIM-07', 'distributor', { 'distributor.ha-tracker.failover-timeout': '10s' }],
  ['LIM-09', 'distributor', { 'validation.label-value-length-over-limit-strategy': 'truncate', 'validation.max-length-label-value': '50' }],
  ['LIM-10', 'distributor', { 'validation.label-value-length-over-limit-strategy': 'cut' }],
  ['FLG-03', 'querier', { 'querier.shuffle-sharding-ingesters-enabled': 'yes' }],
  ['FLG-04', 'querier', { 'querier.timeout': '5' }],
  ['FLG-05', 'distributor', { 'distributor.ha-tracker.update-timeout-jitter-max': '-1s' }],
  ['LIM-08', 'distributor', { 'distributor.ha-tracker.update-timeout-jitter-max': '-1s' }],
  ['FLG-06', 'querier', { 'log.level': 'trace' }],
  ['FLG-07', 'querier', { 'ingester.client.initial-stream-window-size': 'abc' }],
  ['FLG-08', 'ruler', { 'ruler.external.url': '::bad' }],
  ['FLG-10', 'compactor', { 'compactor.block-ranges': '2h0m0s,xyz' }],
  ['FLG-11', 'ingester', { 'ingester.active-series-custom-trackers': 'no-braces' }],
  ['FLG-NUM', 'querier', { 'querier.max-concurrent': 'many' }],
];

/** Rules whose flags only the library writes (and refuses in extraFlags): broken inputs are fed to the rule itself. */
const RF0 = 'ReplicationFactor must be greater than zero: 0';
const OWNED_FLAG_CASES: [id: string, target: string, flags: { [flag: string]: string }, error: string][] = [
  // Cluster validation is written by the library (clusterValidation) and refused in extraFlags.
  ['SRV-09', 'distributor', { 'server.cluster-validation.grpc.enabled': 'true', 'server.cluster-validation.label': '' }, 'no cluster labels provided'],
  ['RING-08', 'distributor', { 'ingester.ring.replication-factor': '0' }, RF0],
  ['RING-09', 'querier', { 'store-gateway.sharding-ring.replication-factor': '0' }, RF0],
  ['RING-10', 'alertmanager', { 'alertmanager.sharding-ring.replication-factor': '0' }, RF0],
  // Encryption and ruler federation come from storage.encryption and tenancy (checked there); the rules still hold.
  ['OBJ-07', 'querier', { 'common.storage.backend': 's3', 'ruler-storage.s3.sse.type': 'SSE-C' }, 'SSE'],
  ['OBJ-08', 'querier', { 'common.storage.backend': 's3', 'alertmanager-storage.s3.sse.kms-encryption-context': '{bad' }, 'encryption context'],
  ['OBJ-12', 'ruler', { 'common.storage.backend': 's3', 'ruler-storage.s3.sse.type': 'SSE-KMS' }, 'kms_key_id'],
  ['RUL-07', 'ruler', { 'ruler.tenant-federation.enabled': 'true' }, 'federation'],
];

/** Where Mimir 2.11.0 differs from the 3.0.2 reference, as its flags and config descriptor show. */
const DIFFERS_IN_2_11: { [id: string]: { rule?: string; why: string } } = {
  'BS-03': { why: 'no -blocks-storage.bucket-store.ignore-deletion-marks-while-querying-delay in 2.11, so the sync interval is not bounded by it' },
  'FLG-05': { rule: 'LIM-08', why: 'the HA tracker timeouts are Go durations in 2.11 (not per-tenant limits): a negative jitter parses and is refused by validation' },
};

const fixesOf = (id: string) => MIMIR_STARTUP_RULES.filter((r) => r.id === id).map((r) => r.fix);

function withExtra(component: string, extraFlags: { [flag: string]: string }, props: any = {}, version = MimirVersion.V3_0_2) {
  return { ...BASE, version, ...props, components: { ...props.components, [component]: { ...props.components?.[component], extraFlags } } };
}

describe.each(CASES)('%s: %s with %j', (id, component, extraFlags, props) => {
  test('fails at synth naming the extraFlags entry, the rule and the fix', () => {
    const message = errorOf(() => resolveCluster(withExtra(component, extraFlags, props))).message;
    expect(message).toMatch(new RegExp(`components\\.${component}\\.extraFlags\\.[^:]+: breaks Mimir 3\\.0\\.2's startup rule ${id}\\b`));
    expect(fixesOf(id).some((fix) => message.includes(fix))).toBe(true);
  });

  test('Mimir 2.11.0: the same, wherever 2.11 has the flags', () => {
    const has = (f: string) => FLAG_CATALOGS['2.11.0'].includes(f);
    if (!Object.keys(extraFlags).every(has)) {
      const message = errorOf(() => resolveCluster(withExtra(component, extraFlags, props, MimirVersion.V2_11_0))).message;
      expect(message).toMatch(/is not a flag of Mimir 2\.11\.0/);
      return;
    }
    const differs = DIFFERS_IN_2_11[id];
    const def = withExtra(component, extraFlags, props, MimirVersion.V2_11_0);
    if (differs && !differs.rule) {
      expect(() => resolveCluster(def)).not.toThrow(new RegExp(`startup rule ${id}\\b`));
      return;
    }
    const message = errorOf(() => resolveCluster(def)).message;
    expect(message).toMatch(new RegExp(`components\\.${component}\\.extraFlags\\.[^:]+: breaks Mimir 2\\.11\\.0's startup rule ${differs?.rule ?? id}\\b`));
  });
});

test.each(OWNED_FLAG_CASES)('%s: a broken value of a library-owned flag is caught by the rule', (id, target, flags, error) => {
  const rules = MIMIR_STARTUP_RULES.filter((r) => r.id === id);
  const values = new FlagValues(target as any, Object.entries(flags).map(([name, value]) => ({ name, value, role: 'ring' })), FLAG_FIELDS['3.0.2'], '3.0.2');
  const found = rules.map((r) => r.check(values)).filter((x) => x !== undefined).map((x) => (typeof x === 'string' ? x : x!.error));
  expect(found).toEqual([expect.stringContaining(error)]);
});

test('every checked rule has a failing input here', () => {
  const tested = new Set([...CASES.map((c) => c[0]), ...OWNED_FLAG_CASES.map((c) => c[0])]);
  expect([...new Set(MIMIR_STARTUP_RULES.map((r) => r.id))].filter((id) => !tested.has(id))).toEqual([]);
});

test('the violation is reported once per component, not once per zone', () => {
  const message = errorOf(() => resolveCluster(withExtra('ingester', { 'ingester.error-sample-rate': '-1' }))).message;
  expect(message.match(/startup rule TOK-07/g)).toHaveLength(1);
});

/** FlagValues that records every flag a rule reads. */
class Recording extends FlagValues {
  public readonly read = new Set<string>();
  public override isSet(flag: string): boolean { this.read.add(flag); return super.isSet(flag); }
  public override raw(flag: string): string | undefined { this.read.add(flag); return super.raw(flag); }
}

test('Mimir\'s defaults pass every rule, on every target of both versions (so a rule none of whose flags is written holds)', () => {
  for (const version of ['3.0.2', '2.11.0']) {
    for (const target of ['distributor', 'ingester', 'querier', 'query-frontend', 'query-scheduler', 'store-gateway', 'compactor', 'ruler', 'alertmanager', 'overrides-exporter']) {
      const values = new FlagValues(target as any, [{ name: 'target', value: target, role: 'target' }], FLAG_FIELDS[version], version);
      const broken = MIMIR_STARTUP_RULES.filter((r) => (!r.targets || r.targets.includes(target as any)) && r.check(values) !== undefined).map((r) => r.id);
      expect([version, target, broken]).toEqual([version, target, []]);
    }
  }
});

test('every rule reads only the flags it lists (the check skips rules none of whose flags is written)', () => {
  const model = resolveCluster({ ...BASE, caches: { results: { enabled: true } } });
  for (const c of model.components) {
    for (const rule of MIMIR_STARTUP_RULES.filter((r) => r.flags.length > 0)) {
      const values = new Recording(c.id, c.flags, FLAG_FIELDS['3.0.2'], '3.0.2');
      rule.check(values);
      expect([rule.id, [...values.read].filter((f) => !rule.flags.includes(f))]).toEqual([rule.id, []]);
    }
  }
});
