// §1, §2, §3 and §15 of the startup-constraints reference: process-wide, server, gRPC client, usage-stats and
// overrides-exporter rules.
import { formatGoDuration } from '../../validate';
import { invalid, oneOf, rule, StartupRule } from '../rule';
import { FlagValues } from '../values';

const COMPRESSIONS = ['', 'gzip', 'snappy', 's2'];

/** Compression of one gRPC client: validated at start for some clients, at every RPC for the others (GRPC-05). */
function compression(id: string, prefix: string, context: string | undefined): StartupRule {
  const flag = `${prefix}.grpc-compression`;
  return oneOf(id, flag, COMPRESSIONS, (v) => (context
    ? invalid(context, `unsupported compression type: "${v}"`)
    : `unsupported compression type: "${v}" (not checked at start: every RPC of this client fails)`));
}

function overridesExporterMetric(v: FlagValues, name: string): string | undefined {
  const type = v.limitType(name);
  if (type === undefined) return `unknown metric name '${name}' - must match a yaml tag in the Limits struct`;
  if (!['int', 'float', 'duration'].includes(type)) return `metric '${name}' has unsupported type ${type}`;
  return undefined;
}

export const PROCESS_RULES: readonly StartupRule[] = [
  rule({
    id: 'GEN-02', flags: ['querier.timeout', 'server.http-write-timeout'],
    check: (v) => {
      const q = v.ms('querier.timeout');
      const w = v.ms('server.http-write-timeout');
      return q !== undefined && w !== undefined && q > w
        ? `error validating config: querier timeout (${formatGoDuration(q)}) must be lower than or equal to HTTP server write timeout (${formatGoDuration(w)})` : undefined;
    },
    fix: 'Keep -querier.timeout at most -server.http-write-timeout (raise both together)',
  }),
  rule({
    id: 'SRV-09', flags: ['server.cluster-validation.grpc.enabled', 'server.cluster-validation.http.enabled', 'server.cluster-validation.label'],
    check: (v) => ((v.bool('server.cluster-validation.grpc.enabled') || v.bool('server.cluster-validation.http.enabled')) && v.str('server.cluster-validation.label') === ''
      ? 'panic: no cluster labels provided' : undefined),
    fix: 'Set -server.cluster-validation.label (the same on every component) or leave cluster validation off',
  }),
  rule({
    id: 'SRV-11', flags: ['server.log-source-ips-header', 'server.log-source-ips-regex'],
    check: (v) => {
      const header = v.str('server.log-source-ips-header');
      const regex = v.str('server.log-source-ips-regex');
      if ((header === '') !== (regex === '')) return 'error building http middleware: error setting up source IP extraction: either both a header field and a regex have to be given or neither';
      try {
        if (regex !== '') new RegExp(regex);
      } catch {
        return 'error building http middleware: error setting up source IP extraction: invalid regex given';
      }
      return undefined;
    },
    fix: 'Set -server.log-source-ips-header and -server.log-source-ips-regex together (a valid regular expression), or neither',
  }),
  compression('GRPC-01', 'ingester.client', 'invalid ingester_client config'),
  compression('GRPC-02', 'querier.frontend-client', 'invalid frontend_worker config'),
  compression('GRPC-02', 'querier.scheduler-client', 'invalid frontend_worker config'),
  compression('GRPC-03', 'query-frontend.grpc-client-config', 'invalid query-frontend config'),
  compression('GRPC-04', 'ruler.client', 'invalid ruler config: invalid ruler gRPC client config'),
  ...['query-scheduler.grpc-client-config', 'querier.store-gateway-client', 'alertmanager.alertmanager-client', 'ruler.query-frontend.grpc-client-config']
    .map((p) => compression('GRPC-05', p, undefined)),
  oneOf('US-01', 'usage-stats.installation-mode', ['custom', 'helm', 'jsonnet'], (v) => invalid('invalid usage stats config', `unsupported installation mode: "${v}"`)),
  rule({
    id: 'OE-01', flags: ['overrides-exporter.enabled-metrics'],
    check: (v) => {
      if (!v.isSet('overrides-exporter.enabled-metrics')) return undefined;
      for (const name of v.list('overrides-exporter.enabled-metrics')) {
        const error = overridesExporterMetric(v, name);
        if (error) return invalid('invalid overrides-exporter config', `enabled-metrics: ${error}`);
      }
      return undefined;
    },
    fix: 'List only numeric per-tenant limits by their YAML name, e.g. max_global_series_per_user',
  }),
  rule({
    id: 'OE-02', flags: ['overrides-exporter.ring.wait-stability-min-duration', 'overrides-exporter.ring.wait-stability-max-duration'],
    check: (v) => {
      const min = v.ms('overrides-exporter.ring.wait-stability-min-duration') ?? 0;
      const max = v.ms('overrides-exporter.ring.wait-stability-max-duration') ?? 0;
      return min > 0 && min > max ? invalid('invalid overrides-exporter config', 'invalid overrides-exporter.ring config: -overrides-exporter.ring.wait-stability-max-duration must be greater or equal to -overrides-exporter.ring.wait-stability-min-duration') : undefined;
    },
    fix: 'Keep the wait-stability maximum at least the minimum',
  }),
];
