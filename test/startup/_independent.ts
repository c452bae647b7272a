// An independent checker of Mimir's startup rules over synthesized manifests. Written from the reference
// (startup-constraints-3.0.2.md, section 18 and the rows it cites), not from the library: its own arg parsing, its own
// defaults read from the config descriptor, its own duration parsing. A violation names the rule, the pod and the flags.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SHARED = join(__dirname, '..', '..', '..', 'shared', 'reference', 'mimir');
const defaultsCache = new Map<string, Map<string, unknown>>();

/** Defaults by flag from config-fields-<version>.json (durations in ns, as the descriptor has them). */
function defaults(version: string): Map<string, unknown> {
  const key = version.startsWith('2.') ? '2.11.0' : '3.0.2';
  let map = defaultsCache.get(key);
  if (!map) {
    const fields = JSON.parse(readFileSync(join(SHARED, `config-fields-${key}.json`), 'utf8')).fields as any[];
    map = new Map(fields.filter((f) => f.flag).map((f) => [f.flag, f.type === 'duration' && typeof f.default === 'number' ? `${f.default / 1e6}ms` : f.default]));
    defaultsCache.set(key, map);
  }
  return map;
}

function ms(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (text === '0') return 0;
  const units: { [u: string]: number } = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8, y: 3.1536e10 };
  let total = 0;
  let rest = text;
  while (rest.length) {
    const m = /^([0-9.]+)(ns|us|ms|s|m|h|d|w|y)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}

export interface Pod {
  readonly name: string;
  readonly version: string;
  readonly args: ReadonlyMap<string, string>;
  readonly mounts: readonly { path: string; readOnly: boolean }[];
}

class View {
  constructor(private readonly pod: Pod) {}
  public has(f: string) { return this.pod.args.has(f); }
  public get(f: string): string { return this.pod.args.get(f) ?? String(defaults(this.pod.version).get(f) ?? ''); }
  public num(f: string) { const v = this.get(f); return v === '' ? undefined : Number(v); }
  public dur(f: string) { return ms(this.get(f)); }
  public on(f: string) { return ['true', '1', 't', 'T', 'TRUE', 'True'].includes(this.get(f)); }
  public get target() { return this.get('target'); }
  public names() { return [...this.pod.args.keys()]; }
}

type Check = (v: View, pod: Pod) => string | undefined;
const RULES: [id: string, check: Check][] = [];
const rule = (id: string, check: Check) => RULES.push([id, check]);

// 1, 2, 3: the results cache
rule('QF-01', (v) => (v.target === 'query-frontend' && (v.num('query-frontend.query-sharding-target-series-per-shard') ?? 0) > 0 && v.get('query-frontend.results-cache.backend') === ''
  ? 'target-series-per-shard > 0 without a results-cache backend' : undefined));
rule('QF-02', (v) => (v.target === 'query-frontend' && v.on('query-frontend.cache-results') && v.get('query-frontend.results-cache.backend') === '' ? 'cache-results without a backend' : undefined));
rule('QF-06', (v) => (v.get('query-frontend.results-cache.backend') === 'memcached' && v.get('query-frontend.results-cache.memcached.addresses') === '' ? 'memcached results cache without addresses' : undefined));
rule('QF-04', (v) => (v.on('query-frontend.cache-results') && (v.dur('query-frontend.split-queries-by-interval') ?? 1) <= 0 ? 'cache-results without a split interval' : undefined));
// 4, 5, 6: server TLS
for (const p of ['http', 'grpc']) {
  rule('SRV-03', (v) => (v.has(`server.${p}-tls-ca-path`) && ['', 'NoClientCert'].includes(v.get(`server.${p}-tls-client-auth`)) ? `${p} CA without a client-auth policy` : undefined));
  rule('SRV-04', (v) => (v.has(`server.${p}-tls-client-auth`) && !['RequestClientCert', 'RequireAnyClientCert', 'RequireClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert', 'NoClientCert', ''].includes(v.get(`server.${p}-tls-client-auth`)) ? 'unknown client auth' : undefined));
  rule('SRV-07', (v) => (v.has(`server.${p}-tls-cert-path`) !== v.has(`server.${p}-tls-key-path`) ? `${p} cert and key not paired` : undefined));
}
rule('SRV-01', (v) => (/,\s|^\s/.test(v.get('server.tls-cipher-suites')) || /(^|,)(ECDHE|AES|DHE)-/.test(v.get('server.tls-cipher-suites')) ? 'spaces or OpenSSL names in the cipher list' : undefined));
rule('SRV-02', (v) => v.names().filter((f) => f.endsWith('tls-min-version')).map((f) => (['VersionTLS12', 'VersionTLS13', 'VersionTLS10', 'VersionTLS11'].includes(v.get(f)) ? undefined : `-${f}=${v.get(f)}`)).find((x) => x));
// 7, 8: memberlist and client TLS hygiene
rule('ML-01', (v) => (v.on('memberlist.tls-enabled') && !(v.has('memberlist.tls-cert-path') && v.has('memberlist.tls-key-path')) ? 'memberlist TLS without certificate and key' : undefined));
rule('GRPC-07', (v) => v.names().filter((f) => /\.tls-(cert|key|ca)-path$/.test(f) && !f.startsWith('server.') && !/\.s3\.http\./.test(f)).map((f) => {
  const prefix = f.replace(/\.tls-(cert|key|ca)-path$/, '');
  if (!v.on(`${prefix}.tls-enabled`) && prefix !== 'ruler.alertmanager-client') return `-${f} without -${prefix}.tls-enabled=true`;
  return v.has(`${prefix}.tls-cert-path`) !== v.has(`${prefix}.tls-key-path`) ? `${prefix} cert and key not paired` : undefined;
}).find((x) => x));
// 9: compression values
rule('GRPC-01', (v) => v.names().filter((f) => f.endsWith('.grpc-compression')).map((f) => (['', 'gzip', 'snappy', 's2'].includes(v.get(f)) ? undefined : `-${f}=${v.get(f)}`)).find((x) => x));
// 10: timeouts
rule('GEN-02', (v) => ((v.dur('querier.timeout') ?? 0) > (v.dur('server.http-write-timeout') ?? Infinity) ? 'querier timeout above the HTTP write timeout' : undefined));
// 11: the scheduler
rule('QF-16', (v) => (v.target === 'query-frontend' && v.get('query-scheduler.service-discovery-mode') !== 'ring' && v.get('query-frontend.scheduler-address') === '' ? 'no scheduler address' : undefined));
rule('SCH-02', (v) => ((v.num('query-scheduler.max-used-instances') ?? 0) > 0 && v.get('query-scheduler.service-discovery-mode') !== 'ring' ? 'max-used-instances outside ring mode' : undefined));
// 12, 13, 14: object storage
rule('GEN-04', (v) => {
  const bucket = (s: string) => v.get(`${s}.s3.bucket-name`) || v.get('common.storage.s3.bucket-name');
  const prefix = (s: string) => v.get(`${s}.storage-prefix`) || v.get('common.storage.storage-prefix');
  return ['ruler-storage', 'alertmanager-storage'].map((s) => (bucket(s) !== '' && bucket(s) === bucket('blocks-storage') && prefix(s) === prefix('blocks-storage') ? `${s} shares the blocks bucket` : undefined)).find((x) => x);
});
rule('OBJ-02', (v) => v.names().filter((f) => f.endsWith('storage-prefix')).map((f) => (/^[0-9A-Za-z]*$/.test(v.get(f)) ? undefined : `-${f}=${v.get(f)}`)).find((x) => x));
rule('OBJ-04', (v) => ['blocks-storage', 'ruler-storage', 'alertmanager-storage'].map((s) => {
  const endpoint = v.get(`${s}.s3.endpoint`) || v.get('common.storage.s3.endpoint');
  const bucket = v.get(`${s}.s3.bucket-name`);
  return bucket !== '' && endpoint.split('.')[0] === bucket ? `${s} endpoint starts with its bucket` : undefined;
}).find((x) => x));
rule('OBJ-09', (v) => (v.get('common.storage.backend') === 's3' && v.get('common.storage.s3.endpoint') === '' && v.get('blocks-storage.s3.endpoint') === '' ? 'no S3 endpoint' : undefined));
rule('OBJ-11', (v) => (v.has('common.storage.s3.access-key-id') !== v.has('common.storage.s3.secret-access-key') ? 'half an access key' : undefined));
// 15: directories
rule('GEN-03', (v) => {
  const dirs = ['blocks-storage.tsdb.dir', 'blocks-storage.bucket-store.sync-dir', 'compactor.data-dir', 'ruler.rule-path', 'alertmanager.storage.path'].filter((f) => v.has(f)).map((f) => v.get(f));
  return dirs.find((a, i) => dirs.some((b, j) => i !== j && (a === b || a.startsWith(`${b}/`))));
});
rule('GEN-07', (v, pod) => {
  const path = v.get('activity-tracker.filepath');
  if (path === '') return undefined;
  return pod.mounts.some((m) => path.startsWith(`${m.path}/`) && !m.readOnly) ? undefined : `activity tracker at ${path || './metrics-activity.log'}, not in a writable volume`;
});
// 16, 17: kv stores and replication factors
rule('RING-01', (v) => v.names().filter((f) => f.endsWith('.store') && !f.includes('storage')).map((f) => (['consul', 'etcd', 'inmemory', 'memberlist', 'multi'].includes(v.get(f)) ? undefined : `-${f}=${v.get(f)}`)).find((x) => x));
rule('RING-05', (v) => v.names().filter((f) => f.endsWith('.store') && v.get(f) === 'etcd').map((f) => (v.get(f.replace(/\.store$/, '.etcd.endpoints')) === '' ? `${f} etcd without endpoints` : undefined)).find((x) => x));
rule('RING-08', (v) => v.names().filter((f) => f.endsWith('.replication-factor')).map((f) => ((v.num(f) ?? 1) <= 0 ? `-${f}=${v.get(f)}` : undefined)).find((x) => x));
// 18: zones
for (const [ring, target] of [['ingester.ring', 'ingester'], ['store-gateway.sharding-ring', 'store-gateway'], ['alertmanager.sharding-ring', 'alertmanager']]) {
  rule('ZONE-01', (v) => (v.target === target && v.on(`${ring}.zone-awareness-enabled`) && v.get(`${ring}.instance-availability-zone`) === '' ? `${ring} zone-aware without the instance zone` : undefined));
}
rule('TOK-03', (v) => (v.target === 'ingester' && v.get('ingester.ring.token-generation-strategy') === 'spread-minimizing' && v.get('ingester.ring.tokens-file-path') !== '' ? 'spread-minimizing with a tokens file' : undefined));
// 19: memberlist addresses and ports
rule('ML-06', (v) => ['memberlist.bind-addr', 'memberlist.advertise-addr'].filter((f) => v.has(f) && v.get(f) !== '').map((f) => (/^[0-9.:a-f]+$/.test(v.get(f)) ? undefined : `-${f}=${v.get(f)}`)).find((x) => x));
rule('GEN-09', (v) => {
  const ports = [v.get('server.http-listen-port'), v.get('server.grpc-listen-port'), ...(v.names().some((f) => f.startsWith('memberlist.')) ? [v.get('memberlist.bind-port')] : [])];
  return new Set(ports).size !== ports.length ? `ports ${ports.join(', ')} are not distinct` : undefined;
});
// 20: coupled durations
rule('QR-04', (v) => {
  const after = v.dur('querier.query-store-after') ?? 0;
  const within = v.dur('querier.query-ingesters-within') ?? 0;
  return after !== 0 && within !== 0 && after >= within ? 'query-store-after not below query-ingesters-within' : undefined;
});
rule('BS-02', (v) => (v.has('blocks-storage.bucket-store.ignore-deletion-marks-while-querying-delay') || defaults('3.0.2').has('blocks-storage.bucket-store.ignore-deletion-marks-while-querying-delay')) && (v.dur('blocks-storage.bucket-store.ignore-deletion-marks-while-querying-delay') ?? 0) >= (v.dur('blocks-storage.bucket-store.ignore-deletion-marks-delay') ?? Infinity) ? 'while-querying delay not below the deletion marks delay' : undefined);
rule('BS-03', (v) => {
  const querying = v.dur('blocks-storage.bucket-store.ignore-deletion-marks-while-querying-delay');
  return querying !== undefined && querying <= 3 * (v.dur('blocks-storage.bucket-store.sync-interval') ?? 0) ? 'while-querying delay not above 3 × the sync interval' : undefined;
});
// "also worth checking"
rule('AM-04', (v) => (v.target === 'alertmanager' && v.has('alertmanager.web.external-url') && v.get('alertmanager.web.external-url').endsWith('/') ? 'external URL ends with /' : undefined));
rule('LIM-07', (v) => ((v.dur('distributor.ha-tracker.failover-timeout') ?? Infinity) < (v.dur('distributor.ha-tracker.update-timeout') ?? 0) + (v.dur('distributor.ha-tracker.update-timeout-jitter-max') ?? 0) + 1000 ? 'HA tracker failover timeout too short' : undefined));
rule('SRV-11', (v) => ((v.get('server.log-source-ips-header') === '') !== (v.get('server.log-source-ips-regex') === '') ? 'source IP header without regex or the reverse' : undefined));
rule('SRV-09', (v) => ((v.on('server.cluster-validation.grpc.enabled') || v.on('server.cluster-validation.http.enabled')) && v.get('server.cluster-validation.label') === '' ? 'cluster validation without a label' : undefined));
// The engine flag exists from 3.0 on: an empty value means the version has none.
rule('QF-14', (v) => (v.target === 'query-frontend' && !['', 'mimir', 'prometheus'].includes(v.get('query-frontend.query-engine')) ? 'unknown query engine' : undefined));

/** Mimir containers of the manifests, each with its args, version and mounts. */
export function mimirPods(manifests: any[]): Pod[] {
  return manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet').flatMap((w) => {
    const c = w.spec.template.spec.containers.find((x: any) => /grafana\/mimir:/.test(x.image ?? ''));
    if (!c) return [];
    const args = new Map<string, string>();
    for (const a of c.args as string[]) {
      const m = /^-([^=]+)=(.*)$/s.exec(a);
      if (m) args.set(m[1], m[2]);
    }
    return [{ name: w.metadata.name, version: /mimir:([0-9.]+)/.exec(c.image)![1], args, mounts: (c.volumeMounts ?? []).map((m: any) => ({ path: m.mountPath, readOnly: m.readOnly === true })) }];
  });
}

/** Every violation as `RULE pod: what (flags)`. */
export function violations(manifests: any[]): string[] {
  const out: string[] = [];
  for (const pod of mimirPods(manifests)) {
    const view = new View(pod);
    for (const [id, check] of RULES) {
      const found = check(view, pod);
      if (found) out.push(`${id} ${pod.name}: ${found}`);
    }
  }
  return out;
}

export const RULE_COUNT = () => new Set(RULES.map((r) => r[0])).size;
