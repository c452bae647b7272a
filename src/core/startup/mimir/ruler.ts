// §10 and §11 of the startup-constraints reference: ruler and alertmanager.
import { invalid, oneOf, rule, StartupRule } from '../rule';

const ruler = (e: string) => invalid('invalid ruler config', e);
const am = (e: string) => invalid('invalid alertmanager config', e);
const URL_FLAG = 'alertmanager.web.external-url';

/** The alertmanager's external URL, as Mimir checks it (only with alertmanager in -target). */
function externalUrl(url: string): string | undefined {
  if (url === '') return am(`-${URL_FLAG} cannot be empty`);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/]*)(.*)$/.exec(url);
  if (!scheme && !url.startsWith('/')) return am('the configured external URL is invalid because it\'s missing the scheme (e.g. https://)');
  if (scheme && scheme[2] === '') return am('the configured external URL is invalid because it\'s missing the hostname');
  const path = scheme ? scheme[3] : url;
  return path.endsWith('/') ? am('the configured external URL is invalid: should not end with /') : undefined;
}

export const RULER_RULES: readonly StartupRule[] = [
  rule({
    id: 'RUL-01', flags: ['ruler.tenant-shard-size'],
    check: (v) => ((v.num('ruler.tenant-shard-size') ?? 0) < 0 ? ruler('invalid tenant shard size, the value must be greater or equal to 0') : undefined),
    fix: 'Use 0 or a positive shard size',
  }),
  oneOf('RUL-02', 'ruler.query-frontend.query-result-response-format', ['json', 'protobuf'],
    (x) => ruler(`invalid ruler query-frontend config: unknown query result response format '${x}'. Supported values: json, protobuf`)),
  rule({
    id: 'RUL-03', flags: ['ruler.independent-rule-evaluation-concurrency-min-duration-percentage'],
    check: (v) => ((v.num('ruler.independent-rule-evaluation-concurrency-min-duration-percentage') ?? 0) < 0
      ? ruler('invalid tenant minimum duration percentage for rule evaluation concurrency, the value must be greater or equal to 0') : undefined),
    fix: 'Use 0 or a positive percentage',
  }),
  rule({
    id: 'RUL-07', flags: ['ruler.tenant-federation.enabled', 'tenant-federation.enabled'], targets: ['ruler'],
    check: (v) => (v.bool('ruler.tenant-federation.enabled') && !v.bool('tenant-federation.enabled') && v.str('ruler.query-frontend.address') === ''
      ? '-ruler.tenant-federation.enabled=true requires -tenant-federation.enabled=true' : undefined),
    fix: 'Also set -tenant-federation.enabled=true on the ruler',
  }),
  rule({
    id: 'AM-01', flags: [URL_FLAG], targets: ['alertmanager'],
    check: (v) => (v.isSet(URL_FLAG) ? externalUrl(v.str(URL_FLAG)) : undefined),
    fix: 'Give the external URL with scheme and host and no trailing slash, e.g. https://alerts.example.com/alertmanager',
  }),
  rule({
    id: 'AM-05', flags: ['alertmanager.persist-interval'], targets: ['alertmanager'],
    check: (v) => ((v.ms('alertmanager.persist-interval') ?? 1) <= 0 ? am('invalid alertmanager persist interval, must be greater than zero') : undefined),
    fix: 'Keep the persist interval positive',
  }),
];
