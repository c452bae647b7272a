// Cache clients (§6 QF-10, §8 BS-04 to BS-07 and BS-11, §10 RUL-04 and RUL-05): backends, addresses and
// concurrency are validated on every target; DNS failures stop a client that does not ignore them.
import { invalid, rule, StartupRule } from '../rule';

const BS = 'blocks-storage.bucket-store';

interface CacheClient {
  readonly prefix: string;
  /** Rule ids of the backend check and of the memcached settings check. */
  readonly ids: readonly [string, string];
  readonly backends: readonly string[];
  readonly context: string;
}

const CLIENTS: readonly CacheClient[] = [
  { prefix: `${BS}.index-cache`, ids: ['BS-04', 'BS-05'], backends: ['inmemory', 'memcached'], context: 'invalid TSDB config: index-cache configuration' },
  { prefix: `${BS}.chunks-cache`, ids: ['BS-06', 'BS-06'], backends: ['', 'memcached'], context: 'invalid TSDB config: chunks-cache configuration' },
  { prefix: `${BS}.metadata-cache`, ids: ['BS-07', 'BS-07'], backends: ['', 'memcached'], context: 'invalid TSDB config: metadata-cache configuration' },
  { prefix: 'ruler-storage.cache', ids: ['RUL-04', 'RUL-05'], backends: ['', 'memcached'], context: 'invalid rulestore config' },
];

function clientRules(c: CacheClient): StartupRule[] {
  const backend = `${c.prefix}.backend`;
  const m = `${c.prefix}.memcached`;
  return [
    rule({
      id: c.ids[0], flags: [backend],
      check: (v) => (v.isSet(backend) && !c.backends.includes(v.str(backend))
        ? invalid(c.context, c.prefix.endsWith('index-cache') ? 'unsupported index cache backend' : `unsupported cache backend: ${v.str(backend)}`) : undefined),
      fix: `Set -${backend} to ${c.backends.filter((b) => b).join(' or ')}; the library sets memcached where the cache is deployed`,
    }),
    rule({
      id: c.ids[1], flags: [backend, `${m}.addresses`, `${m}.max-async-concurrency`],
      check: (v) => {
        if (v.str(backend) !== 'memcached') return undefined;
        if (v.str(`${m}.addresses`) === '') return invalid(c.context, 'no memcached addresses provided');
        return (v.num(`${m}.max-async-concurrency`) ?? 1) <= 0 ? invalid(c.context, 'max async concurrency must be positive') : undefined;
      },
      fix: 'Deploy the cache (caches.<cache>) or give an external one (caches.<cache>.external) rather than setting its backend; keep max-async-concurrency positive',
    }),
  ];
}

/** A memcached client that does not ignore DNS failures stops while its cache has no resolvable pod. */
function dnsFailures(id: string, prefix: string): StartupRule {
  const flag = `${prefix}.memcached.dns-ignore-startup-failures`;
  return rule({
    id, flags: [flag],
    check: (v) => (v.isSet(flag) && !v.bool(flag) && v.str(`${prefix}.memcached.addresses`) !== '' ? 'no memcached server addresses were resolved (whenever the cache has no resolvable pod at start)' : undefined),
    fix: `Leave -${flag} at its default (true)`,
  });
}

export const CACHE_RULES: readonly StartupRule[] = [
  ...CLIENTS.flatMap(clientRules),
  dnsFailures('QF-10', 'query-frontend.results-cache'),
  ...['index-cache', 'chunks-cache', 'metadata-cache'].map((c) => dnsFailures('BS-11', `${BS}.${c}`)),
];
