// §6 of the startup-constraints reference: query-frontend, query-scheduler and querier.
import { invalid, oneOf, rule, StartupRule } from '../rule';
import { FlagValues } from '../values';

const QF = 'query-frontend';
const RC = 'query-frontend.results-cache';
const TARGET_SERIES = 'query-frontend.query-sharding-target-series-per-shard';
const CACHE_RESULTS = 'query-frontend.cache-results';
const qfConfig = 'invalid query-frontend config';
const rcConfig = `${qfConfig}: invalid query-frontend results cache config`;

/** The results-cache settings are validated (on every target) once one of these is on. */
const TRIGGERS = [CACHE_RESULTS, 'query-frontend.cache-errors', TARGET_SERIES];
const resultsCacheTriggered = (v: FlagValues) => v.bool(CACHE_RESULTS) || v.bool('query-frontend.cache-errors') || (v.num(TARGET_SERIES) ?? 0) > 0;
const NO_BACKEND = 'unsupported cache backend: "", supported values: [memcached]';

export const QUERY_RULES: readonly StartupRule[] = [
  rule({
    id: 'QF-01', flags: [TARGET_SERIES, `${RC}.backend`], targets: [QF],
    check: (v) => ((v.num(TARGET_SERIES) ?? 0) > 0 && v.str(`${RC}.backend`) === '' ? NO_BACKEND : undefined),
    fix: `Cardinality-based query sharding builds a results cache: deploy one (caches.results) or keep -${TARGET_SERIES}=0`,
  }),
  rule({
    id: 'QF-02', flags: [CACHE_RESULTS, `${RC}.backend`], targets: [QF],
    check: (v) => (v.bool(CACHE_RESULTS) && v.str(`${RC}.backend`) === '' ? NO_BACKEND : undefined),
    fix: `Deploy the results cache (caches.results), which turns result caching on, instead of -${CACHE_RESULTS}`,
  }),
  rule({
    id: 'QF-04', flags: [CACHE_RESULTS, 'query-frontend.split-queries-by-interval'],
    check: (v) => (v.bool(CACHE_RESULTS) && (v.ms('query-frontend.split-queries-by-interval') ?? 1) <= 0
      ? invalid(qfConfig, '-query-frontend.cache-results may only be enabled in conjunction with -query-frontend.split-queries-by-interval. Please set the latter') : undefined),
    fix: 'Keep -query-frontend.split-queries-by-interval positive (the default 24h) while results are cached',
  }),
  rule({
    id: 'QF-05', flags: [`${RC}.backend`, ...TRIGGERS],
    check: (v) => (resultsCacheTriggered(v) && !['', 'memcached'].includes(v.str(`${RC}.backend`))
      ? invalid(rcConfig, `unsupported cache backend: "${v.str(`${RC}.backend`)}", supported values: [memcached]`) : undefined),
    fix: 'The results cache is memcached, set by the library when caches.results is deployed',
  }),
  rule({
    id: 'QF-06', flags: [`${RC}.backend`, `${RC}.memcached.addresses`, ...TRIGGERS],
    check: (v) => (resultsCacheTriggered(v) && v.str(`${RC}.backend`) === 'memcached' && v.str(`${RC}.memcached.addresses`) === ''
      ? invalid(rcConfig, 'query-frontend results cache: no memcached addresses provided') : undefined),
    fix: 'Deploy the results cache (caches.results) or give an external one (caches.results.external)',
  }),
  rule({
    id: 'QF-07', flags: [`${RC}.memcached.max-async-concurrency`, `${RC}.backend`, ...TRIGGERS],
    check: (v) => (resultsCacheTriggered(v) && v.str(`${RC}.backend`) === 'memcached' && (v.num(`${RC}.memcached.max-async-concurrency`) ?? 1) <= 0
      ? invalid(rcConfig, 'query-frontend results cache: max async concurrency must be positive') : undefined),
    fix: `Keep -${RC}.memcached.max-async-concurrency positive`,
  }),
  rule({
    id: 'QF-08', flags: [`${RC}.compression`, ...TRIGGERS],
    check: (v) => (resultsCacheTriggered(v) && !['', 'snappy'].includes(v.str(`${RC}.compression`))
      ? invalid(rcConfig, 'query-frontend results cache: unsupported compression') : undefined),
    fix: `Set -${RC}.compression to snappy or leave it empty`,
  }),
  oneOf('QF-11', 'query-frontend.query-result-response-format', ['json', 'protobuf'],
    (x) => invalid(qfConfig, `unknown query result response format '${x}'. Supported values: json, protobuf`)),
  rule({
    id: 'QF-12', flags: ['query-frontend.enable-remote-execution', 'query-frontend.query-engine'],
    check: (v) => (v.bool('query-frontend.enable-remote-execution') && v.str('query-frontend.query-engine') !== 'mimir'
      ? invalid(qfConfig, 'remote execution is only supported when the Mimir query engine is in use') : undefined),
    fix: 'Keep -query-frontend.query-engine=mimir with remote execution',
  }),
  rule({
    id: 'QF-13', flags: ['query-frontend.parallelize-shardable-queries', 'query-frontend.use-mimir-query-engine-for-sharding', 'query-frontend.enable-remote-execution'],
    check: (v) => (v.bool('query-frontend.parallelize-shardable-queries') && v.bool('query-frontend.use-mimir-query-engine-for-sharding') && !v.bool('query-frontend.enable-remote-execution')
      ? invalid(qfConfig, 'using MQE for sharding is only supported when the Mimir query engine is in use and remote execution is enabled') : undefined),
    fix: 'Also set -query-frontend.enable-remote-execution=true, or leave MQE sharding off',
  }),
  oneOf('QF-14', 'query-frontend.query-engine', ['prometheus', 'mimir'], (x) => `panic: invalid config not caught by validation: unknown PromQL engine '${x}'`),
  rule({
    id: 'QF-15', flags: ['query-frontend.remote-execution-batch-size'],
    check: (v) => (v.isSet('query-frontend.remote-execution-batch-size') && v.num('query-frontend.remote-execution-batch-size') === 0
      ? invalid(qfConfig, 'remote execution batch size must be greater than 0') : undefined),
    fix: 'Keep -query-frontend.remote-execution-batch-size above 0',
  }),
  rule({
    id: 'SCH-02', flags: ['query-scheduler.max-used-instances'],
    check: (v) => ((v.num('query-scheduler.max-used-instances') ?? 0) > 0 && v.str('query-scheduler.service-discovery-mode') !== 'ring'
      ? invalid('invalid query-scheduler config', 'the query-scheduler max used instances can be set only when -query-scheduler.service-discovery-mode is set to \'ring\'') : undefined),
    fix: 'Remove -query-scheduler.max-used-instances: the library discovers schedulers by DNS',
  }),
  rule({
    id: 'SCH-03', flags: ['query-scheduler.max-used-instances'],
    check: (v) => ((v.num('query-scheduler.max-used-instances') ?? 0) < 0 ? invalid('invalid query-scheduler config', 'the query-scheduler max used instances can\'t be negative') : undefined),
    fix: 'Remove -query-scheduler.max-used-instances',
  }),
  oneOf('QR-01', 'querier.query-engine', ['prometheus', 'mimir'], (x) => invalid('invalid querier config', `unknown PromQL engine '${x}'`)),
  ...['querier.streaming-chunks-per-ingester-buffer-size', 'querier.streaming-chunks-per-store-gateway-buffer-size'].map((flag, i) => rule({
    id: i === 0 ? 'QR-02' : 'QR-03', flags: [flag],
    check: (v) => (v.isSet(flag) && v.num(flag) === 0 ? invalid('invalid querier config', `the -${flag} setting must be greater than 0`) : undefined),
    fix: `Keep -${flag} above 0`,
  })),
  rule({
    id: 'QR-04', flags: ['querier.query-store-after', 'querier.query-ingesters-within'],
    check: (v) => {
      const after = v.ms('querier.query-store-after') ?? 0;
      const within = v.ms('querier.query-ingesters-within') ?? 0;
      return after !== 0 && within !== 0 && after >= within
        ? invalid('invalid limits config for querier', 'the -querier.query-ingesters-within setting must be greater than -querier.query-store-after otherwise queries might return partial results') : undefined;
    },
    fix: 'Keep -querier.query-store-after below -querier.query-ingesters-within',
  }),
  rule({
    id: 'QR-05', flags: ['querier.mimir-query-engine.enable-eliminate-deduplicate-and-merge', 'querier.enable-delayed-name-removal'], targets: ['querier', 'ruler', QF],
    check: (v) => (v.bool('querier.mimir-query-engine.enable-eliminate-deduplicate-and-merge') && v.bool('querier.enable-delayed-name-removal')
      ? 'eliminating deduplicate and merge nodes is not supported with delayed name removal' : undefined),
    fix: 'Turn one of the two off',
  }),
];
