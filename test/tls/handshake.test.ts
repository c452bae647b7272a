// Every edge of the example cluster, handshaken by two real TLS stacks with certificates issued exactly as
// cert-manager would from the synthesized specs, plus the mistakes both stacks must refuse.
import { Testing } from 'cdk8s';
import { CertificateIssuer, PrivateKeyAlgorithm, TrustSource } from '../../src';
import { IssuedCertificate, issueCertificate, issueFromManifests } from '../../src/issuer/local-issuer';
import { ProductionMimirChart } from '../../examples/main';
import { CortexChart } from '../../examples/cortex';
import { synth } from '../_helpers';
import { edgeCases, HandshakeCase, HandshakeResult, withCert } from './_cases';
import { goHandshakes, haveGo } from './_go';
import { nodeHandshake } from './_node';

const HOUR = 3600e3;
const now = new Date();

// The example cluster, with certificates from its own cert-manager objects.
const app = Testing.app();
const chart = new ProductionMimirChart(app, 'mimir');
const manifests = Testing.synth(chart);
const edges = chart.mimir.edges;
const issued = issueFromManifests(manifests, { now });
const positive = edgeCases(manifests, edges, issued.secrets);

// The Cortex example: its clients carry no minimum version or suites (Go's client defaults), its servers do.
const cortex = new CortexChart(Testing.app(), 'cortex');
const cortexManifests = Testing.synth(cortex);
const cortexCases = edgeCases(cortexManifests, cortex.cortex.edges, issueFromManifests(cortexManifests, { now }).secrets).map((c) => ({ ...c, id: `cortex: ${c.id}` }));

// Variants: RSA keys with trust from a trust-manager Bundle ConfigMap; static issuance.
const rsa = synth({ certificates: { privateKeyAlgorithm: PrivateKeyAlgorithm.RSA, trust: TrustSource.trustManagerBundle({ sourceSecretName: 'ca-src' }) } });
const rsaIssued = issueFromManifests(rsa.manifests, { now });
const rsaCa = rsaIssued.secrets.get('mimir-ca')!['tls.crt'];
const rsaCases = edgeCases(rsa.manifests, rsa.cluster.edges, rsaIssued.secrets, { 'mimir-mimir-ca-bundle': { 'ca.crt': rsaCa } })
  .map((c) => ({ ...c, id: `rsa+bundle: ${c.id}` }));

// Static issuance warns on every synth that keys are in the manifests; expected here.
const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
const staticCluster = synth({ certificates: { issuer: CertificateIssuer.staticSecrets() } });
warn.mockRestore();
const staticSecrets = new Map(staticCluster.manifests.filter((m) => m.kind === 'Secret').map((s) => [s.metadata.name,
  Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v as string, 'base64').toString()])) as any]));
const staticCases = edgeCases(staticCluster.manifests, staticCluster.cluster.edges, staticSecrets).map((c) => ({ ...c, id: `static: ${c.id}` }));

// Negative cases, derived from the distributor → ingester edge (gRPC, RequireAndVerifyClientCert).
const base = positive.find((c) => c.id.startsWith('distributor -> ingester'))!;
const ca = issued.certificates.get('mimir-ca')!;
const leaf = (dnsNames: string[], usages: string[], opts: { commonName?: string; signer?: IssuedCertificate; from?: Date; to?: Date } = {}) =>
  issueCertificate({
    commonName: opts.commonName, dnsNames, isCA: false, usages, algorithm: 'ECDSA', size: 256,
    notBefore: opts.from ?? now, notAfter: opts.to ?? new Date(now.getTime() + 24 * HOUR),
  }, opts.signer ?? ca);
const otherCa = issueCertificate({ commonName: 'some other CA', dnsNames: [], isCA: true, usages: ['cert sign', 'digital signature'], algorithm: 'ECDSA', size: 256, notBefore: now, notAfter: new Date(now.getTime() + 48 * HOUR) });
const serverName = base.client.serverName!;
const BOTH = ['digital signature', 'server auth', 'client auth'];

const NEGATIVE: HandshakeCase[] = [
  { id: 'client without a certificate on a RequireAndVerifyClientCert server', server: base.server, client: withCert(base.client, undefined) },
  { id: 'CN-only server leaf (no SANs)', server: withCert(base.server, leaf([], BOTH, { commonName: serverName })), client: base.client },
  { id: 'server-auth-only leaf used as a client', server: base.server, client: withCert(base.client, leaf(['mimir-distributor.mimir.svc'], ['digital signature', 'server auth'])) },
  { id: 'wrong server name', server: base.server, client: { ...base.client, serverName: 'mimir-querier.observability.svc.cluster.local' } },
  { id: 'client leaf from a different CA', server: base.server, client: withCert(base.client, leaf(['x'], BOTH, { signer: otherCa })) },
  { id: 'server leaf from a different CA', server: withCert(base.server, leaf([serverName], BOTH, { signer: otherCa })), client: base.client },
  { id: 'expired server leaf', server: withCert(base.server, leaf([serverName], BOTH, { from: new Date(now.getTime() - 48 * HOUR), to: new Date(now.getTime() - 24 * HOUR) })), client: base.client },
  { id: 'TLS 1.1 client against the default minimum', server: base.server, client: { ...base.client, minVersion: undefined, maxVersion: 'VersionTLS11', cipherSuites: undefined } },
];

// Policy cases that must succeed in both stacks: what each client-auth type lets through.
const POLICY_OK: HandshakeCase[] = [
  { id: 'probe without a client certificate on the HTTP server (VerifyClientCertIfGiven)', server: { ...base.server, clientAuth: 'VerifyClientCertIfGiven' }, client: withCert(base.client, undefined) },
  { id: 'NoClientCert accepts a client without a certificate', server: { ...base.server, clientAuth: 'NoClientCert' }, client: withCert(base.client, undefined) },
  { id: 'RequestClientCert accepts a client without a certificate', server: { ...base.server, clientAuth: 'RequestClientCert' }, client: withCert(base.client, undefined) },
  { id: 'RequireAnyClientCert without a CA accepts a client certificate of another CA', server: { ...base.server, clientAuth: 'RequireAnyClientCert', caPem: undefined }, client: withCert(base.client, leaf(['x'], BOTH, { signer: otherCa })) },
  { id: 'TLS 1.3 client and server', server: { ...base.server, minVersion: 'VersionTLS13' }, client: { ...base.client, minVersion: 'VersionTLS13' } },
];
const POLICY_FAIL: HandshakeCase[] = [
  { id: 'RequireAnyClientCert refuses a client without a certificate', server: { ...base.server, clientAuth: 'RequireAnyClientCert' }, client: withCert(base.client, undefined) },
];

// Where the stacks differ, for a reason that matters: when the server has a CA (Mimir sends its names in the
// CertificateRequest), Go's client only offers a certificate issued by one of those CAs and otherwise sends
// none, while OpenSSL sends whatever it has. So a foreign certificate never reaches a Go server at all.
const STACK_DEPENDENT: { c: HandshakeCase; node: boolean; go: boolean }[] = [
  {
    c: { id: 'RequireAnyClientCert with a CA, client certificate of another CA', server: { ...base.server, clientAuth: 'RequireAnyClientCert' }, client: withCert(base.client, leaf(['x'], BOTH, { signer: otherCa })) },
    node: true, go: false, // Go client withholds the foreign certificate, the server requires one
  },
  {
    c: { id: 'VerifyClientCertIfGiven, client certificate of another CA', server: { ...base.server, clientAuth: 'VerifyClientCertIfGiven' }, client: withCert(base.client, leaf(['x'], BOTH, { signer: otherCa })) },
    node: false, go: true, // OpenSSL sends it and it fails verification; Go sends none, which this policy allows
  },
];

const ALL_OK = [...positive, ...rsaCases, ...staticCases, ...cortexCases, ...POLICY_OK];
const ALL_FAIL = [...NEGATIVE, ...POLICY_FAIL];

const expectAll = (results: HandshakeResult[], ok: boolean) => {
  const wrong = results.filter((r) => r.ok !== ok).map((r) => `${r.id}: client=${r.clientErr ?? ''} server=${r.serverErr ?? ''}`);
  expect(wrong).toEqual([]);
};

test('the example cluster has every edge of facts §3 (including remote rule evaluation) and memberlist pairs', () => {
  const prefixes = new Set(edges.map((e) => e.prefix));
  expect([...prefixes].sort()).toEqual([
    'alertmanager.alertmanager-client',
    'blocks-storage.bucket-store.chunks-cache.memcached', 'blocks-storage.bucket-store.index-cache.memcached',
    'blocks-storage.bucket-store.metadata-cache.memcached',
    'ingester.client', 'memberlist', 'querier.frontend-client', 'querier.scheduler-client',
    'querier.store-gateway-client', 'query-frontend.grpc-client-config', 'query-scheduler.grpc-client-config',
    'query-frontend.results-cache.memcached',
    'ruler-storage.cache.memcached', 'ruler.alertmanager-client', 'ruler.client', 'ruler.query-frontend.grpc-client-config',
  ].sort());
  expect(positive).toHaveLength(edges.length);
});

test('the Cortex example has every Cortex edge, and its clients set no minimum version or suites', () => {
  expect([...new Set(cortex.cortex.edges.map((e) => e.prefix))].sort()).toEqual([
    'alertmanager.alertmanager-client',
    'blocks-storage.bucket-store.chunks-cache.redis', 'blocks-storage.bucket-store.index-cache.redis', 'blocks-storage.bucket-store.metadata-cache.redis',
    'frontend.grpc-client-config', 'ingester.client', 'memberlist', 'querier.frontend-client',
    'querier.store-gateway-client', 'query-scheduler.grpc-client-config', 'ruler.alertmanager-client', 'ruler.client', 'ruler.frontendClient',
  ]);
  expect(cortexCases).toHaveLength(cortex.cortex.edges.length);
  expect(cortexCases.every((c) => c.client.minVersion === undefined && c.client.cipherSuites === undefined)).toBe(true);
  // Memberlist serves with its client settings, which have no minimum in Cortex.
  expect(cortexCases.filter((c) => !c.id.includes('[memberlist]')).every((c) => c.server.minVersion === 'VersionTLS12')).toBe(true);
});

describe('Node TLS (OpenSSL)', () => {
  test(`every edge of the example cluster handshakes`, async () => {
    expectAll(await Promise.all(ALL_OK.map(nodeHandshake)), true);
  });
  test.each(ALL_FAIL.map((c) => [c.id, c]))('refuses: %s', async (_id, c) => {
    expectAll([await nodeHandshake(c as HandshakeCase)], false);
  });
  test.each(STACK_DEPENDENT.map((x) => [x.c.id, x]))('as OpenSSL does: %s', async (_id, x) => {
    expectAll([await nodeHandshake((x as any).c)], (x as any).node);
  });
});

const goAvailable = haveGo();
if (!goAvailable && process.env.CI) throw new Error('Go is required in CI for the crypto/tls conformance suite (.ci/run installs golang-go)');
const describeGo = goAvailable ? describe : describe.skip;

describeGo('Go crypto/tls (the stack Mimir uses)', () => {
  let results: Map<string, HandshakeResult>;
  beforeAll(() => {
    results = new Map(goHandshakes([...ALL_OK, ...ALL_FAIL, ...STACK_DEPENDENT.map((x) => x.c)]).map((r) => [r.id, r]));
  }, 120000);

  test('every edge of the example cluster handshakes', () => {
    expectAll(ALL_OK.map((c) => results.get(c.id)!), true);
  });
  test.each(ALL_FAIL.map((c) => [c.id, c]))('refuses: %s', (_id, c) => {
    expectAll([results.get((c as HandshakeCase).id)!], false);
  });
  test.each(STACK_DEPENDENT.map((x) => [x.c.id, x]))('as Go does: %s', (_id, x) => {
    expectAll([results.get((x as any).c.id)!], (x as any).go);
  });
  test('Go refuses the CN-only leaf for the reason Mimir users see', () => {
    expect(results.get('CN-only server leaf (no SANs)')!.clientErr).toMatch(/legacy Common Name|doesn't contain any IP SANs|not valid for any names/);
  });
  test('Go refuses the server-auth-only client leaf for its key usage', () => {
    expect(results.get('server-auth-only leaf used as a client')!.serverErr).toMatch(/incompatible key usage/);
  });
});
