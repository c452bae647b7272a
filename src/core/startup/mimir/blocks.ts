// §8 and §9 of the startup-constraints reference: TSDB, bucket store, store-gateway, compactor and distributor.
// All sit in Config.Validate: a flag passed to any component is validated there.
import { formatGoDuration } from '../../validate';
import { invalid, oneOf, rule, StartupRule } from '../rule';
import { FlagValues } from '../values';

const TSDB = 'blocks-storage.tsdb';
const BS = 'blocks-storage.bucket-store';
const tsdb = (e: string) => invalid('invalid TSDB config', e);

/** A number that must satisfy `ok` whenever the flag is written. */
function bound(id: string, flag: string, ok: (n: number) => boolean, error: string, fix: string, opts: { duration?: boolean; when?: (v: FlagValues) => boolean } = {}): StartupRule {
  return rule({
    id, flags: [flag],
    check: (v) => {
      if (!v.isSet(flag) || (opts.when && !opts.when(v))) return undefined;
      const n = opts.duration ? v.ms(flag) : v.num(flag);
      return n !== undefined && !ok(n) ? error : undefined;
    },
    fix,
  });
}

const positive = (n: number) => n > 0;
const nonNegative = (n: number) => n >= 0;

const TSDB_RULES: StartupRule[] = [
  bound('TSDB-01', `${TSDB}.ship-concurrency`, positive, tsdb('invalid TSDB ship concurrency'), 'Keep the ship concurrency positive', { when: (v) => (v.ms(`${TSDB}.ship-interval`) ?? 0) > 0 }),
  bound('TSDB-02', `${TSDB}.head-compaction-interval`, (n) => n > 0 && n <= 15 * 60e3, tsdb('invalid TSDB compaction interval'), 'Use a head compaction interval above 0 and at most 15m', { duration: true }),
  bound('TSDB-03', `${TSDB}.head-compaction-concurrency`, positive, tsdb('invalid TSDB compaction concurrency'), 'Keep the head compaction concurrency positive'),
  bound('TSDB-04', `${TSDB}.head-chunks-write-buffer-size-bytes`, (n) => n % 1024 === 0 && n >= 65536 && n <= 8388608,
    tsdb('head chunks write buffer size must be a multiple of 1024 between 65536 and 8388608'), 'Use a multiple of 1024 between 65536 and 8388608'),
  bound('TSDB-05', `${TSDB}.stripe-size`, (n) => n > 1 && Number.isInteger(Math.log2(n)), tsdb('invalid TSDB stripe size'), 'Use a power of two above 1'),
  bound('TSDB-07', `${TSDB}.wal-segment-size-bytes`, positive, tsdb('invalid TSDB WAL segment size bytes'), 'Keep the WAL segment size positive'),
  bound('TSDB-08', `${TSDB}.wal-replay-concurrency`, nonNegative, tsdb('invalid TSDB WAL replay concurrency'), 'Use 0 (automatic) or a positive WAL replay concurrency'),
  rule({
    id: 'TSDB-09', flags: [`${TSDB}.early-head-compaction-min-in-memory-series`, 'ingester.active-series-metrics-enabled'],
    check: (v) => ((v.num(`${TSDB}.early-head-compaction-min-in-memory-series`) ?? 0) > 0 && !v.bool('ingester.active-series-metrics-enabled')
      ? tsdb('early compaction requires -ingester.active-series-metrics-enabled to be enabled') : undefined),
    fix: 'Keep -ingester.active-series-metrics-enabled on with early head compaction',
  }),
  bound('TSDB-10', `${TSDB}.early-head-compaction-min-estimated-series-reduction-percentage`, (n) => n >= 0 && n <= 100,
    tsdb('early compaction minimum series reduction percentage must be a value between 0 and 100 (included)'), 'Use a percentage from 0 to 100'),
  rule({
    id: 'TSDB-11', flags: [`${TSDB}.index-lookup-planning.enabled`, `${TSDB}.index-lookup-planning.statistics-collection-frequency`],
    check: (v) => (v.bool(`${TSDB}.index-lookup-planning.enabled`) && (v.ms(`${TSDB}.index-lookup-planning.statistics-collection-frequency`) ?? 1) <= 0
      ? tsdb('head statistics collection frequency must be a non-negative duration. 0 to disable') : undefined),
    fix: 'Give index lookup planning a positive statistics collection frequency',
  }),
];

const BUCKET_STORE_RULES: StartupRule[] = [
  bound('BS-01', `${BS}.batch-series-size`, positive, tsdb('invalid store-gateway streaming batch size'), 'Keep the batch series size positive'),
  rule({
    id: 'BS-02', flags: [`${BS}.ignore-deletion-marks-while-querying-delay`, `${BS}.ignore-deletion-marks-delay`],
    check: (v) => {
      const querying = v.ms(`${BS}.ignore-deletion-marks-while-querying-delay`);
      const marks = v.ms(`${BS}.ignore-deletion-marks-delay`);
      return querying !== undefined && marks !== undefined && querying >= marks
        ? tsdb(`value for -${BS}.ignore-deletion-marks-while-querying-delay must be less than -${BS}.ignore-deletion-marks-delay`) : undefined;
    },
    fix: 'Keep the while-querying delay below the ignore-deletion-marks delay (defaults 50m and 1h)',
  }),
  rule({
    id: 'BS-03', flags: [`${BS}.ignore-deletion-marks-while-querying-delay`, `${BS}.sync-interval`],
    check: (v) => {
      const querying = v.ms(`${BS}.ignore-deletion-marks-while-querying-delay`);
      const sync = v.ms(`${BS}.sync-interval`);
      return querying !== undefined && sync !== undefined && querying <= 3 * sync
        ? tsdb(`value for -${BS}.ignore-deletion-marks-while-querying-delay must be greater than 3× -${BS}.sync-interval to ensure that newly compacted blocks are queried before old blocks are ignored`) : undefined;
    },
    fix: `Keep the while-querying delay above 3 × the sync interval (with the defaults, a sync interval below ${formatGoDuration(50 * 60e3 / 3)})`,
  }),
  bound('BS-08', `${BS}.series-fetch-preference`, positive, tsdb('invalid worst-case series preference; must be positive'), 'Keep the series fetch preference positive'),
  bound('BS-09', `${BS}.index-header.lazy-loading-concurrency`, nonNegative, tsdb('index-header configuration: invalid index-header lazy loading max concurrency; must be non-negative'), 'Use 0 or a positive concurrency'),
];

const sg = (e: string) => invalid('invalid store-gateway config', e);
const cmp = (e: string) => invalid('invalid compactor config', e);

function blockRanges(v: FlagValues): string | undefined {
  if (!v.isSet('compactor.block-ranges')) return undefined;
  const ranges = v.list('compactor.block-ranges').map((r) => v.msOf(r));
  for (let i = 1; i < ranges.length; i++) {
    const [prev, cur] = [ranges[i - 1], ranges[i]];
    if (prev !== undefined && cur !== undefined && cur % prev !== 0) {
      return cmp(`compactor block range periods should be divisible by the previous one, but ${formatGoDuration(cur)} is not divisible by ${formatGoDuration(prev)}`);
    }
  }
  return undefined;
}

const OTHER_RULES: StartupRule[] = [
  bound('SG-01', 'store-gateway.tenant-shard-size', nonNegative, sg('invalid tenant shard size, the value must be greater or equal to 0'), 'Use 0 (no shuffle sharding) or a positive shard size'),
  bound('SG-02', 'store-gateway.dynamic-replication.max-time-threshold', (n) => n >= 3600e3, sg('invalid dynamic replication max time threshold, the value must be at least one hour'),
    'Use a threshold of at least 1h', { duration: true, when: (v) => v.bool('store-gateway.dynamic-replication.enabled') }),
  bound('SG-03', 'store-gateway.dynamic-replication.multiple', (n) => n >= 2, sg('invalid dynamic replication factor, the value must be at least 2'),
    'Use a multiple of at least 2', { when: (v) => v.bool('store-gateway.dynamic-replication.enabled') }),
  rule({ id: 'CMP-01', flags: ['compactor.block-ranges'], check: blockRanges, fix: 'List block ranges each divisible by the one before, e.g. 2h0m0s,12h0m0s,24h0m0s' }),
  bound('CMP-02', 'compactor.max-opening-blocks-concurrency', (n) => n >= 1, cmp('invalid max-opening-blocks-concurrency value, must be positive'), 'Use at least 1'),
  bound('CMP-03', 'compactor.max-closing-blocks-concurrency', (n) => n >= 1, cmp('invalid max-closing-blocks-concurrency value, must be positive'), 'Use at least 1'),
  bound('CMP-04', 'compactor.symbols-flushers-concurrency', (n) => n >= 1, cmp('invalid symbols-flushers-concurrency value, must be positive'), 'Use at least 1'),
  bound('CMP-05', 'compactor.max-block-upload-validation-concurrency', nonNegative, cmp('invalid max-block-upload-validation-concurrency value, can\'t be negative'), 'Use 0 or more'),
  oneOf('CMP-06', 'compactor.compaction-jobs-order', ['smallest-range-oldest-blocks-first', 'newest-blocks-first'],
    () => cmp('unsupported compaction order (supported values: smallest-range-oldest-blocks-first, newest-blocks-first)')),
  bound('DIST-01', 'distributor.ingestion-tenant-shard-size', nonNegative, invalid('invalid distributor config', 'invalid tenant shard size, the value must be greater than or equal to zero'), 'Use 0 or a positive shard size'),
  ...['min', 'max'].map((m) => bound('DIST-02', `distributor.retry-after-header.${m}-backoff`, (n) => n >= 1000,
    invalid('invalid distributor config', `${m}-backoff should be greater than or equal to 1s`), 'Use at least 1s', { duration: true })),
];

export const BLOCKS_RULES: readonly StartupRule[] = [...TSDB_RULES, ...BUCKET_STORE_RULES, ...OTHER_RULES];
