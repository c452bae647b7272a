// §16 of the startup-constraints reference: values the flag parser refuses (exit code 2), for every written flag,
// by the type Mimir's config descriptor gives it.
import { rule, StartupRule } from '../rule';
import { FlagValues } from '../values';

const GO_DURATION = /^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h))+$/;
/** Prometheus model.Duration, which per-tenant limits use: no sign, no fractions, units up to years. */
const MODEL_DURATION = /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;
const BYTES = /^([0-9]+(\.[0-9]+)?([KMGTPE]i?B|B)?)+$/;
const BYTE_FLAGS = /(initial-(stream|connection)-window-size|max-grafana-(config|state)-size-bytes)$/;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
const TRACKERS = /^[^:;]+:\{[^}]*\}(;[^:;]+:\{[^}]*\})*$/;

const isLimit = (v: FlagValues, flag: string) => v.pathOf(flag)?.startsWith('limits.') === true;

/** The parse error of one written value, or undefined. */
function parseError(v: FlagValues, flag: string, value: string): string | undefined {
  const type = v.typeOf(flag);
  const bad = (why: string) => `invalid value "${value}" for flag -${flag}: ${why}`;
  if (type === 'boolean' && !FlagValues.isGoBool(value)) return `invalid boolean value "${value}" for -${flag}: parse error`;
  if (type === 'duration' && isLimit(v, flag)) {
    if (value.startsWith('-')) return bad(`not a valid duration string: "${value}"`);
    return value === '0' || (value !== '' && MODEL_DURATION.test(value)) ? undefined : bad(`not a valid duration string: "${value}"`);
  }
  if (type === 'duration') return value === '0' || GO_DURATION.test(value) ? undefined : bad('parse error');
  if (type === 'int' && BYTE_FLAGS.test(flag)) return BYTES.test(value) ? undefined : bad(`units: invalid ${value}`);
  if ((type === 'int' || type === 'float') && (value.trim() === '' || Number.isNaN(Number(value)))) return bad('parse error');
  if (type === 'url') return urlError(value, bad);
  if (type === 'list of durations' && value.split(',').some((d) => !GO_DURATION.test(d))) return bad(`time: invalid duration "${value.split(',').find((d) => !GO_DURATION.test(d))}"`);
  if (flag === 'log.level' && !LOG_LEVELS.includes(value)) return bad(`unrecognized log level "${value}"`);
  if (flag === 'ingester.active-series-custom-trackers' && value !== '' && !TRACKERS.test(value)) return bad('expected name:{matchers};...');
  return undefined;
}

/** What Go's url.Parse refuses: a missing scheme before a colon, control characters, broken escapes. */
function urlError(value: string, bad: (why: string) => string): string | undefined {
  if (value.startsWith(':')) return bad(`parse "${value}": missing protocol scheme`);
  if (/[\x00-\x1f\x7f]/.test(value)) return bad(`parse "${value}": net/url: invalid control character in URL`);
  const escape = /%(?![0-9A-Fa-f]{2})/.exec(value);
  if (escape) return bad(`parse "${value}": invalid URL escape "${value.slice(escape.index, escape.index + 3)}"`);
  const scheme = /^([^/?#]*?):/.exec(value)?.[1];
  if (scheme !== undefined && !/^[a-zA-Z][a-zA-Z0-9+.-]*$/.test(scheme)) return bad(`parse "${value}": first path segment in URL cannot contain colon`);
  return undefined;
}

/** Every written flag's parse error, computed once per component and shared by the rules below. */
const parsedCache = new WeakMap<FlagValues, { flag: string; error: string }[]>();
function parseErrors(v: FlagValues): { flag: string; error: string }[] {
  let list = parsedCache.get(v);
  if (!list) {
    list = [];
    for (const f of v.written()) {
      const error = parseError(v, f.name, f.value);
      if (error) list.push({ flag: f.name, error });
    }
    parsedCache.set(v, list);
  }
  return list;
}

/** One rule per parse error kind, so a violation names its reference row. */
function parsed(id: string, applies: (v: FlagValues, flag: string) => boolean, fix: string): StartupRule {
  return rule({
    id, flags: [],
    check: (v) => parseErrors(v).find((p) => applies(v, p.flag)),
    fix,
  });
}

export const VALUE_RULES: readonly StartupRule[] = [
  parsed('FLG-03', (v, f) => v.typeOf(f) === 'boolean', 'Write booleans as true or false'),
  parsed('FLG-04', (v, f) => v.typeOf(f) === 'duration' && !isLimit(v, f), 'Write durations with a unit, e.g. 30s, 5m or 1h'),
  parsed('FLG-05', (v, f) => v.typeOf(f) === 'duration' && isLimit(v, f), 'Write limit durations without a sign or fraction, e.g. 1h, 7d or 1y'),
  parsed('FLG-06', (_v, f) => f === 'log.level', 'Use debug, info, warn or error'),
  parsed('FLG-07', (v, f) => v.typeOf(f) === 'int' && BYTE_FLAGS.test(f), 'Write a size such as 64KiB'),
  parsed('FLG-08', (v, f) => v.typeOf(f) === 'url', 'Write a URL such as https://host/path (or a path such as /alertmanager)'),
  parsed('FLG-10', (v, f) => v.typeOf(f) === 'list of durations', 'List Go durations separated by commas, e.g. 2h0m0s,12h0m0s,24h0m0s'),
  parsed('FLG-11', (_v, f) => f === 'ingester.active-series-custom-trackers', 'Write trackers as name:{matchers};name:{matchers}'),
  parsed('FLG-NUM', (v, f) => (v.typeOf(f) === 'int' && !BYTE_FLAGS.test(f)) || v.typeOf(f) === 'float', 'Write a number'),
];
