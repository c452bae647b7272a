// §13 of the startup-constraints reference: the default per-tenant limits, validated on every target.
import { oneOf, rule, StartupRule } from '../rule';
import { formatGoDuration } from '../../validate';

const SCHEME = 'validation.name-validation-scheme';
const OTEL = 'distributor.otel-translation-strategy';
const SUFFIXES = 'distributor.otel-metric-suffixes-enabled';
const STRATEGIES = ['', 'UnderscoreEscapingWithSuffixes', 'UnderscoreEscapingWithoutSuffixes', 'NoUTF8EscapingWithSuffixes', 'NoTranslation'];

export const LIMITS_RULES: readonly StartupRule[] = [
  oneOf('LIM-01', SCHEME, ['legacy', 'utf8'], (x) => `invalid value "${x}" for flag -${SCHEME}: unrecognized ValidationScheme: "${x}"`),
  oneOf('LIM-02', OTEL, STRATEGIES, (x) => `invalid value "${x}" for flag -${OTEL}: unrecognized OTel translation strategy "${x}"`),
  rule({
    id: 'LIM-03', flags: [OTEL, SCHEME],
    check: (v) => {
      const s = v.str(OTEL);
      const needs = s.startsWith('UnderscoreEscaping') ? 'legacy' : s === 'NoUTF8EscapingWithSuffixes' || s === 'NoTranslation' ? 'utf8' : undefined;
      return needs && v.str(SCHEME) !== needs ? `error validating config: OTLP translation strategy ${s} is not allowed unless validation scheme is ${needs}` : undefined;
    },
    fix: `Match -${SCHEME} to the strategy (legacy for UnderscoreEscaping*, utf8 for NoUTF8EscapingWithSuffixes and NoTranslation)`,
  }),
  rule({
    id: 'LIM-04', flags: [OTEL, SUFFIXES],
    check: (v) => {
      const s = v.str(OTEL);
      if (s === '') return undefined;
      const wants = s.endsWith('WithSuffixes');
      return v.bool(SUFFIXES) !== wants ? `error validating config: OTLP translation strategy ${s} is not allowed unless metric suffixes are ${wants ? 'enabled' : 'disabled'}` : undefined;
    },
    fix: `Set -${SUFFIXES} to match the strategy (true for *WithSuffixes, false otherwise)`,
  }),
  rule({
    id: 'LIM-06', flags: ['querier.max-estimated-fetched-chunks-per-query-multiplier'],
    check: (v) => {
      const m = v.num('querier.max-estimated-fetched-chunks-per-query-multiplier') ?? 0;
      return m < 0 || (m > 0 && m < 1) ? 'error validating config: invalid value for -querier.max-estimated-fetched-chunks-per-query-multiplier: must be 0 or greater than or equal to 1' : undefined;
    },
    fix: 'Use 0 (off) or at least 1',
  }),
  rule({
    id: 'LIM-07', flags: ['distributor.ha-tracker.failover-timeout', 'distributor.ha-tracker.update-timeout', 'distributor.ha-tracker.update-timeout-jitter-max'],
    check: (v) => {
      const failover = v.ms('distributor.ha-tracker.failover-timeout');
      const update = v.ms('distributor.ha-tracker.update-timeout');
      const jitter = v.ms('distributor.ha-tracker.update-timeout-jitter-max');
      if (failover === undefined || update === undefined || jitter === undefined) return undefined;
      return failover < update + jitter + 1000
        ? `error validating config: HA Tracker failover timeout (${formatGoDuration(failover)}) must be at least 1s greater than update timeout - max jitter (${formatGoDuration(update + jitter)})` : undefined;
    },
    fix: 'Keep the HA tracker failover timeout at least update timeout + jitter + 1s (checked even with the HA tracker off)',
  }),
  rule({
    // 3.0.2 parses the jitter as a limit duration, which refuses a sign (FLG-05); 2.11.0 parses a Go duration
    // and refuses a negative one here.
    id: 'LIM-08', flags: ['distributor.ha-tracker.update-timeout-jitter-max'],
    check: (v) => ((v.ms('distributor.ha-tracker.update-timeout-jitter-max') ?? 0) < 0 ? 'error validating config: HA tracker max update timeout jitter shouldn\'t be negative' : undefined),
    fix: 'Use a jitter of 0 or more',
  }),
  rule({
    id: 'LIM-09', flags: ['validation.label-value-length-over-limit-strategy', 'validation.max-length-label-value'],
    check: (v) => {
      const s = v.str('validation.label-value-length-over-limit-strategy');
      const max = v.num('validation.max-length-label-value');
      return (s === 'truncate' || s === 'drop') && max !== undefined && max < 71
        ? `error validating config: cannot set -validation.label-value-length-over-limit-strategy to "${s}": label value hash suffix would exceed max label value length of ${max}` : undefined;
    },
    fix: 'Keep -validation.max-length-label-value at 71 or more with truncate or drop',
  }),
  oneOf('LIM-10', 'validation.label-value-length-over-limit-strategy', ['error', 'truncate', 'drop'],
    (x) => `invalid value "${x}" for flag -validation.label-value-length-over-limit-strategy: unrecognized LabelValueLengthOverLimitStrategy: "${x}"`),
];
