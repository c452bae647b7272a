// The synthesized memcached TLS configuration, run by a real memcached (Debian's, built with TLS) with the
// exact arguments of the example's StatefulSets and certificates issued from its Certificate specs, and dialled
// by each cache client configured from its `…memcached.tls-*` flags, through Go's and Node's TLS stacks.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Testing } from 'cdk8s';
import { issueCertificate, issueFromManifests } from '../../src/issuer/local-issuer';
import { ProductionMimirChart } from '../../examples/main';
import { edgeCases, HandshakeCase, HandshakeResult, withCert } from './_cases';
import { goHandshakes, haveGo } from './_go';
import { nodeHandshake } from './_node';
import { freePort, layOutMounts, waitForPort } from './_servers';

const haveMemcached = spawnSync('memcached', ['-h'], { encoding: 'utf8' }).stdout?.includes('--enable-ssl') ?? false;
if (!haveMemcached && process.env.CI) throw new Error('memcached with TLS is required in CI (.ci/run installs Debian\'s memcached)');
const describeIf = haveMemcached ? describe : describe.skip;

describeIf('real memcached with the synthesized TLS arguments', () => {
  const now = new Date();
  const chart = new ProductionMimirChart(Testing.app(), 'mimir');
  const manifests = Testing.synth(chart);
  const issued = issueFromManifests(manifests, { now });
  const cacheEdges = chart.mimir.edges.filter((e) => e.protocol === 'memcached');
  const clientCases = edgeCases(manifests, cacheEdges, issued.secrets);
  const servers: ChildProcess[] = [];
  const probes: HandshakeCase[] = [];
  const negatives: HandshakeCase[] = [];

  beforeAll(async () => {
    for (const cache of [...new Set(cacheEdges.map((e) => e.to))]) {
      const sts = manifests.find((m) => m.kind === 'StatefulSet' && m.metadata.name === `mimir-${cache}`);
      const container = sts.spec.template.spec.containers.find((c: any) => c.name === 'memcached');
      // The pod's mounted files under a temporary root, readable by the unprivileged memcached user.
      const root = layOutMounts(sts, container, issued.secrets);
      const port = await freePort();
      const args = (container.args as string[]).map((a) => a.startsWith('--port=') ? `--port=${port}` : a.replace(/(=)(\/etc\/)/g, `$1${root}$2`));
      const child = spawn('memcached', [...args, '--listen=127.0.0.1', ...(process.getuid?.() === 0 ? ['-u', 'nobody'] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
      servers.push(child);
      await waitForPort(port);
      for (const c of clientCases.filter((x) => x.id.includes(`-> ${cache} `))) {
        probes.push({ ...c, probe: { address: `127.0.0.1:${port}`, send: 'version\r\n', expect: 'VERSION ' } });
      }
      const base = probes.find((p) => p.id.includes(`-> ${cache} `))!;
      const otherCa = issueCertificate({ commonName: 'other', dnsNames: [], isCA: true, usages: ['cert sign'], algorithm: 'ECDSA', size: 256, notBefore: now, notAfter: new Date(now.getTime() + 864e5) });
      const leaf = (signer: typeof otherCa) => issueCertificate({ dnsNames: ['x'], isCA: false, usages: ['digital signature', 'client auth'], algorithm: 'ECDSA', size: 256, notBefore: now, notAfter: new Date(now.getTime() + 864e5) }, signer);
      negatives.push(
        { ...base, id: `${cache}: client without a certificate`, client: withCert(base.client, undefined) },
        { ...base, id: `${cache}: client certificate of another CA`, client: withCert(base.client, leaf(otherCa)) },
        { ...base, id: `${cache}: wrong server name`, client: { ...base.client, serverName: 'mimir-ingester.observability.svc.cluster.local' } },
        { ...base, id: `${cache}: TLS 1.1 client`, client: { ...base.client, minVersion: 'VersionTLS10', maxVersion: 'VersionTLS11', cipherSuites: undefined } },
      );
    }
  }, 60000);

  afterAll(() => servers.forEach((s) => s.kill()));

  const expectAll = (results: HandshakeResult[], ok: boolean) =>
    expect(results.filter((r) => r.ok !== ok).map((r) => `${r.id}: ${r.clientErr ?? ''}`)).toEqual([]);

  test('every cache client edge gets a VERSION reply over mutual TLS (Node)', async () => {
    expect(probes.length).toBe(cacheEdges.length);
    expectAll(await Promise.all(probes.map(nodeHandshake)), true);
  });

  test('memcached refuses clients without a valid certificate, with a wrong name or an old TLS version (Node)', async () => {
    expectAll(await Promise.all(negatives.map(nodeHandshake)), false);
  });

  (haveGo() ? test : test.skip)('the same, with Go\'s crypto/tls as Mimir dials', () => {
    expectAll(goHandshakes(probes), true);
    expectAll(goHandshakes(negatives), false);
  });
});
