// The TLS policy surface: every choice reachable from the definition, checked on the resolved flags.
import {
  ClientAuth, ClusterSize, EdgeTlsMode, KvStore, MimirVersion, ProbeMode, TlsVersion,
} from '../../src';
import { resolveCluster, ResolvedCluster } from '../../src/core/resolve';
import { FLAG_CATALOGS } from '../../src/core/flags/catalog.generated';
import { BASE, EGRESS_ETCD, EGRESS_EXTERNAL_CACHES, errorOf } from '../_helpers';

const ACK = { acknowledgeWeakerSecurity: true };
const flagsOf = (m: ResolvedCluster, id: string) => new Map(m.components.find((c) => c.id === id)!.flags.map((f) => [f.name, f.value]));
const resolve = (patch: any) => resolveCluster({ ...BASE, ...patch });
const fails = (patch: any, ...patterns: RegExp[]) => {
  const message = errorOf(() => resolve(patch)).message;
  for (const p of patterns) expect(message).toMatch(p);
};

describe('server client-auth per protocol and per component', () => {
  test('defaults: gRPC RequireAndVerifyClientCert, HTTP VerifyClientCertIfGiven, both with the CA', () => {
    const f = flagsOf(resolve({}), 'querier');
    expect([f.get('server.grpc-tls-client-auth'), f.get('server.http-tls-client-auth')]).toEqual(['RequireAndVerifyClientCert', 'VerifyClientCertIfGiven']);
    expect(f.get('server.grpc-tls-ca-path')).toBe('/etc/mimir/tls/ca.crt');
  });

  test.each(Object.values(ClientAuth))('gRPC %s on one component is rendered, weaker ones only with acknowledgement', (auth) => {
    const patch = { components: { ingester: { tls: { grpcClientAuth: auth } } } };
    if (auth !== ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT) fails(patch, /components\.ingester\.tls\.grpcClientAuth: is .*weaker than the default/);
    const m = resolve({ ...patch, tls: ACK });
    const f = flagsOf(m, 'ingester');
    expect(f.get('server.grpc-tls-client-auth')).toBe(auth);
    // A CA with NoClientCert makes Mimir refuse to start: the CA goes only where certificates are verified.
    expect(f.has('server.grpc-tls-ca-path')).toBe(auth !== ClientAuth.NO_CLIENT_CERT);
    expect(flagsOf(m, 'querier').get('server.grpc-tls-client-auth')).toBe('RequireAndVerifyClientCert');
  });

  test.each([ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT, ClientAuth.REQUIRE_ANY_CLIENT_CERT])('HTTP %s fails without a TCP probe, naming the probe mode', (auth) => {
    fails({ components: { alertmanager: { tls: { httpClientAuth: auth } } } }, /components\.alertmanager\.tls\.httpClientAuth: .*kubelet presents no client certificate.*ProbeMode\.TCP_SOCKET/);
    const m = resolve({ components: { alertmanager: { tls: { httpClientAuth: auth, probe: ProbeMode.TCP_SOCKET } } } });
    expect(m.components.find((c) => c.id === 'alertmanager')!.probe.mode).toBe('tcpSocket');
    expect(flagsOf(m, 'alertmanager').get('server.http-tls-client-auth')).toBe(auth);
  });

  test.each([ClientAuth.NO_CLIENT_CERT, ClientAuth.REQUEST_CLIENT_CERT])('HTTP %s is weaker and needs acknowledgement', (auth) => {
    fails({ tls: { httpClientAuth: auth } }, /tls\.httpClientAuth: .*weaker than the default/);
    expect(flagsOf(resolve({ tls: { httpClientAuth: auth, ...ACK } }), 'distributor').get('server.http-tls-client-auth')).toBe(auth);
  });
});

describe('TLS off per protocol', () => {
  test('HTTP off on the alertmanager: plaintext URL and tls-enabled=false for the ruler, HTTP probes', () => {
    fails({ components: { alertmanager: { tls: { httpTls: false } } } }, /components\.alertmanager\.tls\.httpTls: serves HTTP in plaintext/);
    const m = resolve({ components: { alertmanager: { tls: { httpTls: false } } }, tls: ACK });
    const ruler = flagsOf(m, 'ruler');
    expect(ruler.get('ruler.alertmanager-url')).toBe('http://mimir-alertmanager.mimir.svc.cluster.local:8080/alertmanager');
    expect(ruler.get('ruler.alertmanager-client.tls-enabled')).toBe('false');
    expect(ruler.has('ruler.alertmanager-client.tls-ca-path')).toBe(false);
    const am = flagsOf(m, 'alertmanager');
    expect(am.has('server.http-tls-cert-path')).toBe(false);
    expect(am.has('server.grpc-tls-cert-path')).toBe(true);
    expect(m.components.find((c) => c.id === 'alertmanager')!.probe.scheme).toBe('HTTP');
    expect(m.edges.find((e) => e.prefix === 'ruler.alertmanager-client')!.tls).toBe('disabled');
  });

  test('gRPC off on the ingester: every ingester client is plaintext, other edges stay mutual', () => {
    const m = resolve({ components: { ingester: { tls: { grpcTls: false } } }, tls: ACK });
    for (const from of ['distributor', 'querier', 'ruler']) {
      expect(flagsOf(m, from).get('ingester.client.tls-enabled')).toBe('false');
      expect(flagsOf(m, from).has('ingester.client.tls-cert-path')).toBe(false);
    }
    expect(m.edges.filter((e) => e.to === 'ingester' && e.protocol === 'grpc').every((e) => e.tls === 'disabled')).toBe(true);
    expect(m.edges.filter((e) => e.to === 'store-gateway' && e.protocol === 'grpc').every((e) => e.tls === 'mutual')).toBe(true);
  });
});

describe('cipher suites and minimum versions', () => {
  const suites = ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'];

  test('cluster-wide: servers and every client, comma-separated without spaces', () => {
    const m = resolve({ tls: { cipherSuites: suites, minVersion: TlsVersion.TLS13 } });
    const f = flagsOf(m, 'querier');
    expect(f.get('server.tls-cipher-suites')).toBe(suites.join(','));
    expect(f.get('ingester.client.tls-cipher-suites')).toBe(suites.join(','));
    expect(f.get('server.tls-min-version')).toBe('VersionTLS13');
    expect(f.get('memberlist.tls-min-version')).toBe('VersionTLS13');
  });

  test('per component: its servers and its clients; others keep the cluster\'s', () => {
    const m = resolve({ components: { querier: { tls: { minVersion: TlsVersion.TLS13 } } } });
    expect(flagsOf(m, 'querier').get('server.tls-min-version')).toBe('VersionTLS13');
    expect(flagsOf(m, 'querier').get('ingester.client.tls-min-version')).toBe('VersionTLS13');
    expect(flagsOf(m, 'distributor').get('ingester.client.tls-min-version')).toBe('VersionTLS12');
  });

  test('per edge: only that client prefix of that component', () => {
    const m = resolve({ tls: { edges: [{ prefix: 'querier.store-gateway-client', from: 'querier', cipherSuites: suites, minVersion: TlsVersion.TLS13 }] } });
    expect(flagsOf(m, 'querier').get('querier.store-gateway-client.tls-cipher-suites')).toBe(suites.join(','));
    expect(flagsOf(m, 'querier').get('querier.store-gateway-client.tls-min-version')).toBe('VersionTLS13');
    expect(flagsOf(m, 'querier').get('ingester.client.tls-min-version')).toBe('VersionTLS12');
  });

  test('insecure suites and old versions need acknowledgement; TLS 1.3 and unknown suites never pass', () => {
    fails({ components: { querier: { tls: { cipherSuites: ['TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA'] } } } }, /components\.querier\.tls\.cipherSuites: contains TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA, which Go marks insecure/);
    expect(flagsOf(resolve({ tls: { minVersion: TlsVersion.TLS11, ...ACK } }), 'querier').get('server.tls-min-version')).toBe('VersionTLS11');
    fails({ tls: { cipherSuites: ['TLS_AES_256_GCM_SHA384'], ...ACK } }, /TLS 1\.3 suite TLS_AES_256_GCM_SHA384.*cannot be configured/);
    fails({ tls: { edges: [{ prefix: 'ingester.client', from: 'querier', cipherSuites: ['AES256-SHA'] }] } }, /tls\.edges\[0\]\.cipherSuites: contains "AES256-SHA", not a Go cipher suite name/);
  });
});

describe('per-edge control', () => {
  test('server-only edge: no client certificate flags; refused while the server requires one, naming both components', () => {
    const edge = { prefix: 'ingester.client', from: 'querier', mode: EdgeTlsMode.SERVER_ONLY };
    fails({ tls: { edges: [edge], ...ACK } }, /tls\.edges\[0\]\.mode: is server-only, but ingester requires a client certificate on grpc .* so querier would be refused/);
    const m = resolve({ tls: { edges: [edge], ...ACK }, components: { ingester: { tls: { grpcClientAuth: ClientAuth.VERIFY_CLIENT_CERT_IF_GIVEN } } } });
    const f = flagsOf(m, 'querier');
    expect(f.get('ingester.client.tls-enabled')).toBe('true');
    expect(f.has('ingester.client.tls-cert-path')).toBe(false);
    expect(f.get('ingester.client.tls-ca-path')).toBeDefined();
    expect(flagsOf(m, 'distributor').has('ingester.client.tls-cert-path')).toBe(true);
    expect(m.edges.find((e) => e.prefix === 'ingester.client' && e.from === 'querier')!.tls).toBe('server-only');
  });

  test('disabled edge to a TLS server is refused, naming both components', () => {
    fails({ tls: { edges: [{ prefix: 'ruler.client', from: 'ruler', mode: EdgeTlsMode.DISABLED }], ...ACK } }, /tls\.edges\[0\]\.mode: is disabled, but ruler serves grpc over TLS, so ruler could not connect/);
  });

  test('an overridden server name is verified and added to the server\'s certificate', () => {
    const m = resolve({ tls: { edges: [{ prefix: 'querier.scheduler-client', from: 'querier', serverName: 'scheduler.example.internal' }] } });
    expect(flagsOf(m, 'querier').get('querier.scheduler-client.tls-server-name')).toBe('scheduler.example.internal');
    expect(m.components.find((c) => c.id === 'query-scheduler')!.certificate.dnsNames).toContain('scheduler.example.internal');
    expect(flagsOf(m, 'query-frontend').get('query-frontend.grpc-client-config.tls-server-name')).toBe('mimir-query-scheduler-headless.mimir.svc.cluster.local');
  });

  test('an override naming no edge lists the edges there are', () => {
    fails({ tls: { edges: [{ prefix: 'ingester.client', from: 'compactor' }] } }, /tls\.edges\[0\]: names ingester\.client from compactor, which is no edge.*ingester\.client from distributor/);
  });

  test('cache edges are governed by the cache, not by tls.edges', () => {
    fails({ tls: { edges: [{ prefix: 'query-frontend.results-cache.memcached', from: 'query-frontend', mode: EdgeTlsMode.DISABLED }], ...ACK } },
      /tls\.edges\[0\]: names a cache client .* whose TLS follows the cache.*caches\.<cache>\.tls/);
  });

  test('memberlist cannot be overridden per edge; tls.memberlist turns it off for all, with acknowledgement', () => {
    fails({ tls: { edges: [{ prefix: 'memberlist', from: 'ingester' }] } }, /tls\.edges\[0\]\.prefix: is memberlist.*tls\.memberlist/);
    fails({ tls: { memberlist: false } }, /tls\.memberlist: sends gossip in plaintext/);
    const m = resolve({ tls: { memberlist: false, ...ACK } });
    expect(flagsOf(m, 'ingester').get('memberlist.tls-enabled')).toBe('false');
    expect(m.edges.filter((e) => e.protocol === 'memberlist').every((e) => e.tls === 'disabled')).toBe(true);
  });
});

describe('memberlist', () => {
  test('encrypted and server-verified, never mutual: every gossip edge is server-only', () => {
    const m = resolve({});
    const gossip = m.edges.filter((e) => e.protocol === 'memberlist');
    expect(gossip.length).toBeGreaterThan(0);
    expect(new Set(gossip.map((e) => e.tls))).toEqual(new Set(['server-only']));
    // The listener serves with the member's own certificate, so cert and key are still configured.
    expect(flagsOf(m, 'ingester').get('memberlist.tls-cert-path')).toBe('/etc/mimir/tls/tls.crt');
  });
});

describe('etcd kv store', () => {
  const etcd = KvStore.etcd({ endpoints: ['etcd.infra.svc:2379'], tlsSecretName: 'etcd-client' });

  test.each([['3.0.2', MimirVersion.V3_0_2], ['2.11.0', MimirVersion.V2_11_0]])('Mimir %s: every ring prefix of the version on etcd with mutual TLS; no memberlist', (v, version) => {
    const m = resolve({ kvStore: etcd, version, egress: EGRESS_ETCD });
    const rings = FLAG_CATALOGS[v].filter((f) => f.endsWith('.etcd.endpoints') && !f.startsWith('distributor.ha-tracker')).map((f) => f.replace('.etcd.endpoints', ''));
    expect(rings.length).toBeGreaterThanOrEqual(8);
    const f = flagsOf(m, 'ingester');
    for (const r of rings) {
      expect([r, f.get(`${r}.store`), f.get(`${r}.etcd.endpoints`), f.get(`${r}.etcd.tls-enabled`)]).toEqual([r, 'etcd', 'etcd.infra.svc:2379', 'true']);
      expect(f.get(`${r}.etcd.tls-ca-path`)).toBe('/etc/mimir/etcd/ca.crt');
      expect(f.get(`${r}.etcd.tls-server-name`)).toBe('etcd.infra.svc');
    }
    expect([...f.keys()].filter((k) => k.startsWith('memberlist.'))).toEqual([]);
    expect(m.gossip.members).toEqual([]);
    expect(m.edges.filter((e) => e.protocol === 'memberlist')).toEqual([]);
    expect(m.components.find((c) => c.id === 'ingester')!.extraMounts).toContainEqual({ name: 'etcd', secretName: 'etcd-client', path: '/etc/mimir/etcd' });
    expect(flagsOf(m, 'query-frontend').has('ingester.ring.store')).toBe(false);
  });

  test('plaintext etcd needs acknowledgement; bad endpoints are refused', () => {
    fails({ kvStore: KvStore.etcd({ endpoints: ['etcd:2379'] }), egress: EGRESS_ETCD }, /kvStore\.tlsSecretName: is not set, so the rings are read and written over plaintext/);
    fails({ kvStore: KvStore.etcd({ endpoints: ['https://etcd:2379'], tlsSecretName: 'x' }), egress: EGRESS_ETCD }, /kvStore\.endpoints: .*host:port/);
  });
});

describe('memcached caches', () => {
  test('in-cluster caches serve TLS with the cluster\'s minimum version and suites', () => {
    const m = resolve({ tls: { minVersion: TlsVersion.TLS13 } });
    const args = m.caches.find((c) => c.id === 'chunks-cache')!.args.join(' ');
    expect(args).toContain('-Z');
    expect(args).toMatch(/ssl_verify_mode=2,ssl_min_version=3,ssl_ciphers=ECDHE-ECDSA-AES128-GCM-SHA256:/);
  });

  test('an external cache with its own CA: client flags, a mounted Secret, nothing deployed', () => {
    const m = resolve({ caches: { index: { external: { addresses: ['memcached.shared.svc:11211'], tlsSecretName: 'shared-cache-ca' } } }, egress: EGRESS_EXTERNAL_CACHES });
    const f = flagsOf(m, 'store-gateway');
    const p = 'blocks-storage.bucket-store.index-cache.memcached';
    expect(f.get(`${p}.addresses`)).toBe('memcached.shared.svc:11211');
    expect(f.get(`${p}.tls-enabled`)).toBe('true');
    expect(f.get(`${p}.tls-ca-path`)).toBe('/etc/mimir/index-cache/ca.crt');
    expect(f.get(`${p}.tls-server-name`)).toBe('memcached.shared.svc');
    expect(f.has(`${p}.tls-cert-path`)).toBe(false);
    expect(m.components.find((c) => c.id === 'store-gateway')!.extraMounts).toContainEqual({ name: 'index-cache', secretName: 'shared-cache-ca', path: '/etc/mimir/index-cache' });
    expect(m.edges.some((e) => e.to === 'index-cache')).toBe(false);
    fails({ caches: { index: { external: { addresses: ['memcached:11211'] } } } }, /caches\.index\.external\.tlsSecretName: is not set, so the cache is reached in plaintext/);
    fails({ caches: { index: { replicas: 3, external: { addresses: ['memcached:11211'], tlsSecretName: 'x' } } } }, /caches\.index\.replicas: is set, but the cache is external/);
  });

  test('a plaintext in-cluster cache needs acknowledgement and has a disabled edge', () => {
    fails({ caches: { results: { tls: false } } }, /caches\.results\.tls: serves the cache in plaintext/);
    const m = resolve({ caches: { results: { tls: false } }, tls: ACK });
    expect(m.edges.find((e) => e.to === 'results-cache')!.tls).toBe('disabled');
    expect(flagsOf(m, 'query-frontend').has('query-frontend.results-cache.memcached.tls-enabled')).toBe(false);
  });
});

describe('object storage TLS', () => {
  test('Mimir 3.0: CA, client certificate and server name for every storage, from mounted Secrets', () => {
    const m = resolve({ storage: { ...BASE.storage, endpoint: 'minio.storage.svc:9000', tls: { caSecretName: 'minio-ca', clientCertSecretName: 'minio-client' } } });
    const f = flagsOf(m, 'store-gateway');
    expect(f.get('common.storage.s3.http.tls-ca-path')).toBe('/etc/mimir/s3-ca/ca.crt');
    expect(f.get('common.storage.s3.http.tls-cert-path')).toBe('/etc/mimir/s3-client/tls.crt');
    expect(f.get('common.storage.s3.http.tls-key-path')).toBe('/etc/mimir/s3-client/tls.key');
    expect(f.get('common.storage.s3.http.tls-server-name')).toBe('minio.storage.svc');
    expect(flagsOf(m, 'distributor').has('common.storage.s3.http.tls-ca-path')).toBe(false);
  });

  test('refused on Mimir 2.11, naming the version that has it', () => {
    fails({ version: MimirVersion.V2_11_0, storage: { ...BASE.storage, tls: { caSecretName: 'ca' } } }, /storage\.tls: needs -common\.storage\.s3\.http\.tls-\*, which Mimir 2\.11\.0 does not have.*Mimir 3\.0/);
  });
});

describe('version dialects', () => {
  test('a flag the version lacks names the versions that have it', () => {
    const err = errorOf(() => resolve({ version: MimirVersion.V2_11_0, storage: { ...BASE.storage, tls: { caSecretName: 'ca' } } }));
    expect(err.message).toMatch(/Mimir 2\.11\.0 has no flag -common\.storage\.s3\.http\.tls-ca-path.*Use Mimir 3\.0\.2 or main-a4f0dd5/);
  });

  test('2.11 leaves out tuning defaults it does not have, and keeps every wiring flag', () => {
    const m = resolve({ version: MimirVersion.V2_11_0 });
    expect(flagsOf(m, 'ingester').has('memberlist.abort-if-fast-join-fails')).toBe(false);
    expect(flagsOf(m, 'ingester').get('memberlist.tls-enabled')).toBe('true');
    expect(flagsOf(m, 'distributor').get('ingester.client.tls-enabled')).toBe('true');
  });

  test('forward check: every flag of the 3.0.2 example clusters exists in the 3.1 development catalog', () => {
    const next = new Set(FLAG_CATALOGS['main-a4f0dd5']);
    for (const patch of [{}, { size: ClusterSize.LARGE }, { kvStore: KvStore.etcd({ endpoints: ['e:2379'], tlsSecretName: 's' }), egress: EGRESS_ETCD }]) {
      const missing = resolve(patch).components.flatMap((c) => c.flags).map((f) => f.name).filter((n) => n !== 'target' && !next.has(n));
      expect([...new Set(missing)]).toEqual([]);
    }
  });
});
