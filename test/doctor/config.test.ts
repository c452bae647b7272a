// The YAML configuration file and argument parsing behind the doctor's view of a workload.
import { FLAG_FIELDS, YAML_ONLY_FIELDS } from '../../src/core/flags/fields.generated';
import { configFlags, expandEnv } from '../../src/doctor/config-file';
import { parseArgs } from '../../src/doctor/workloads';

const fields = FLAG_FIELDS['3.0.2'];
const yamlOnly = YAML_ONLY_FIELDS['3.0.2'];

test('YAML paths map onto flags; lists join with commas; maps and YAML-only fields are taken whole', () => {
  const r = configFlags(`
server:
  http_listen_port: 8080
  grpc_tls_config:
    cert_file: /tls/tls.crt
memberlist:
  join_members: [a:7946, b:7946]
limits:
  max_global_series_per_user: 150000
  metric_relabel_configs: [{ source_labels: [x] }]
frontend:
  results_cache:
    backend: memcached
`, fields, yamlOnly);
  expect(r.unknownKeys).toEqual([]);
  expect(Object.fromEntries(r.flags)).toEqual({
    'server.http-listen-port': '8080',
    'server.grpc-tls-cert-path': '/tls/tls.crt',
    'memberlist.join': 'a:7946,b:7946',
    'ingester.max-global-series-per-user': '150000',
    'query-frontend.results-cache.backend': 'memcached',
  });
});

test('unknown keys are reported with their path; hidden options are known', () => {
  const r = configFlags('blocks_storage:\n  tsdb:\n    dirr: /x\n    block_ranges_period: [2h]\ningester:\n  push_grpc_method_enabled: false\nnot_a_section: 1\n', fields, yamlOnly);
  expect(r.unknownKeys).toEqual(['blocks_storage.tsdb.dirr', 'not_a_section']);
});

test('a file that is not YAML says why', () => {
  expect(configFlags('a: [b', fields, yamlOnly).parseError).toMatch(/flow sequence|Missing|end/i);
});

test('-config.expand-env: literal env values replace ${VAR}, $VAR and ${VAR:-default}; others stay', () => {
  const env = new Map([['ZONE', 'zone-a'], ['PORT', '9095']]);
  expect(expandEnv('zone: ${ZONE}\nport: $PORT\nx: ${MISSING:-dflt}\ny: ${SECRET}', env)).toBe('zone: zone-a\nport: 9095\nx: dflt\ny: ${SECRET}');
});

test('arguments: -name=value, --name=value, -name value, bare booleans', () => {
  const args = parseArgs(['-target=ingester', '--config.file=/etc/mimir.yaml', '-log.level', 'debug', '-config.expand-env', '-querier.timeout=1m'], fields);
  expect(Object.fromEntries(args)).toEqual({ 'target': 'ingester', 'config.file': '/etc/mimir.yaml', 'log.level': 'debug', 'config.expand-env': 'true', 'querier.timeout': '1m' });
});
