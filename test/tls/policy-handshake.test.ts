// Handshakes over the policy example (TLS 1.3 on part of the read path, custom suites, an overridden server
// name, an HTTP server that requires client certificates) and over a cluster with a server-only edge, with
// certificates issued from their synthesized specs, in Go's crypto/tls and in Node.
import { Testing } from 'cdk8s';
import { ClientAuth, EdgeTlsMode, MimirVersion } from '../../src';
import { issueFromManifests } from '../../src/issuer/local-issuer';
import { PolicyMimirChart } from '../../examples/policy';
import { synth } from '../_helpers';
import { edgeCases, HandshakeCase, HandshakeResult } from './_cases';
import { goHandshakes, haveGo } from './_go';
import { nodeHandshake } from './_node';

function casesOf(manifests: any[], edges: any[], label: string): HandshakeCase[] {
  const issued = issueFromManifests(manifests);
  return edgeCases(manifests, edges.filter((e) => e.protocol !== 'memcached'), issued.secrets).map((c) => ({ ...c, id: `${label}: ${c.id}` }));
}

const policy = new PolicyMimirChart(Testing.app(), 'policy', MimirVersion.V3_0_2);
const policyCases = casesOf(Testing.synth(policy), policy.mimir.edges, 'policy');

const serverOnly = synth({
  components: { ingester: { tls: { grpcClientAuth: ClientAuth.VERIFY_CLIENT_CERT_IF_GIVEN } } },
  tls: { acknowledgeWeakerSecurity: true, edges: [{ prefix: 'ingester.client', from: 'querier', mode: EdgeTlsMode.SERVER_ONLY }] },
});
const serverOnlyCases = casesOf(serverOnly.manifests, serverOnly.cluster.edges, 'server-only');

const ALL = [...policyCases, ...serverOnlyCases];
const expectAllOk = (results: HandshakeResult[]) =>
  expect(results.filter((r) => !r.ok).map((r) => `${r.id}: client=${r.clientErr ?? ''} server=${r.serverErr ?? ''}`)).toEqual([]);

test('the cases include the overridden name, TLS 1.3 servers and a certificate-less client', () => {
  expect(policyCases.find((c) => c.id === 'policy: querier -> ingester [ingester.client]')!.client.serverName).toBe('ingesters.secure-metrics.internal');
  expect(policyCases.find((c) => c.id === 'policy: querier -> store-gateway [querier.store-gateway-client]')!.server.minVersion).toBe('VersionTLS13');
  expect(policyCases.find((c) => c.id === 'policy: querier -> store-gateway [querier.store-gateway-client]')!.client.minVersion).toBe('VersionTLS13');
  expect(policyCases.find((c) => c.id === 'policy: ruler -> alertmanager [ruler.alertmanager-client]')!.server.clientAuth).toBe('RequireAndVerifyClientCert');
  expect(serverOnlyCases.find((c) => c.id === 'server-only: querier -> ingester [ingester.client]')!.client.certPem).toBeUndefined();
});

test('every edge handshakes in Node', async () => {
  expectAllOk(await Promise.all(ALL.map(nodeHandshake)));
});

(haveGo() ? test : test.skip)('every edge handshakes in Go', () => {
  expectAllOk(goHandshakes(ALL));
});
