// The synthesized Redis caches of the Cortex example (both supported versions), run by a real Redis (Debian's,
// built with TLS) with the exact arguments of the StatefulSets and certificates issued from their Certificate
// specs; dialled by every cache client configured from its `…redis.tls-*` flags through Go's crypto/tls (as
// Cortex's Redis client configures it: the CA as roots, the server name, a client certificate) and Node's; and
// scraped by a real redis_exporter (Debian's) with the sidecar's arguments.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { Testing } from 'cdk8s';
import { CortexVersion } from '../../src';
import { REDIS } from '../../src/core/catalog/caches';
import { issueCertificate, issueFromManifests } from '../../src/issuer/local-issuer';
import { CortexChart } from '../../examples/cortex';
import { edgeCases, HandshakeCase, HandshakeResult, withCert } from './_cases';
import { goHandshakes, haveGo } from './_go';
import { nodeHandshake } from './_node';
import { freePort, layOutMounts, waitForPort } from './_servers';

const haveRedis = /v=[0-9]/.test(spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout ?? '');
const EXPORTER = '/usr/bin/prometheus-redis-exporter';
const haveExporter = spawnSync(EXPORTER, ['-version'], { encoding: 'utf8' }).status === 0;
if ((!haveRedis || !haveExporter) && process.env.CI) throw new Error('redis-server and prometheus-redis-exporter are required in CI (.ci/run installs Debian\'s)');
const describeIf = haveRedis ? describe : describe.skip;

/** Sends RESP commands over a verified TLS connection with the given files; resolves with the raw replies. */
function redisCommands(port: number, client: { certPem?: string; keyPem?: string; caPem?: string; serverName?: string }, commands: string[][]): Promise<string> {
  const resp = commands.map((c) => `*${c.length}\r\n${c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`).join('');
  return new Promise((resolve, reject) => {
    const sock = tls.connect({ host: '127.0.0.1', port, servername: client.serverName, ca: client.caPem, cert: client.certPem, key: client.keyPem }, () => sock.write(resp));
    let out = '';
    sock.on('data', (d) => { out += d.toString(); });
    sock.setTimeout(3000, () => sock.destroy());
    sock.on('close', () => resolve(out));
    sock.on('error', reject);
    setTimeout(() => sock.end(), 500);
  });
}

for (const version of [CortexVersion.V1_21_1, CortexVersion.V1_19_0]) {
  describeIf(`real Redis with the synthesized arguments (Cortex ${version.version})`, () => {
    const now = new Date();
    const chart = new CortexChart(Testing.app(), 'cortex', version);
    const manifests = Testing.synth(chart);
    const issued = issueFromManifests(manifests, { now });
    const cacheEdges = chart.cortex.edges.filter((e) => e.protocol === 'redis');
    const clientCases = edgeCases(manifests, cacheEdges, issued.secrets);
    const children: ChildProcess[] = [];
    const probes: HandshakeCase[] = [];
    const negatives: HandshakeCase[] = [];
    const ports = new Map<string, { redis: number; exporter: number }>();

    beforeAll(async () => {
      for (const cache of [...new Set(cacheEdges.map((e) => e.to))]) {
        const sts = manifests.find((m) => m.kind === 'StatefulSet' && m.metadata.name === `cortex-${cache}`);
        const containers = sts.spec.template.spec.containers;
        const redis = containers.find((c: any) => c.name === 'redis');
        const exporter = containers.find((c: any) => c.name === 'exporter');
        const root = layOutMounts(sts, redis, issued.secrets);
        const port = await freePort();
        const metrics = await freePort();
        ports.set(cache, { redis: port, exporter: metrics });
        const args = (redis.args as string[]).map((a, i, all) => (all[i - 1] === '--tls-port' ? String(port) : a.startsWith('/etc/') ? join(root, a) : a));
        const child = spawn(redis.command[0], [...args, '--bind', '127.0.0.1', '--dir', join(root, redis.workingDir)], { stdio: ['ignore', 'ignore', 'pipe'] });
        children.push(child);
        await waitForPort(port);
        if (haveExporter) {
          const eargs = (exporter.args as string[]).map((a) => a.replace(/=(\/etc\/)/, `=${root}$1`).replace(`localhost:${REDIS.port}`, `localhost:${port}`).replace(`0.0.0.0:${REDIS.exporterPort}`, `127.0.0.1:${metrics}`));
          children.push(spawn(EXPORTER, eargs, { stdio: 'ignore' }));
          await waitForPort(metrics);
        }
        for (const c of clientCases.filter((x) => x.id.includes(`-> ${cache} `))) {
          probes.push({ ...c, probe: { address: `127.0.0.1:${port}`, send: 'PING\r\n', expect: '+PONG' } });
        }
        const base = probes.find((p) => p.id.includes(`-> ${cache} `))!;
        const otherCa = issueCertificate({ commonName: 'other', dnsNames: [], isCA: true, usages: ['cert sign'], algorithm: 'ECDSA', size: 256, notBefore: now, notAfter: new Date(now.getTime() + 864e5) });
        const leaf = issueCertificate({ dnsNames: ['x'], isCA: false, usages: ['digital signature', 'client auth'], algorithm: 'ECDSA', size: 256, notBefore: now, notAfter: new Date(now.getTime() + 864e5) }, otherCa);
        negatives.push(
          { ...base, id: `${cache}: client without a certificate`, client: withCert(base.client, undefined) },
          { ...base, id: `${cache}: client certificate of another CA`, client: withCert(base.client, leaf) },
          { ...base, id: `${cache}: wrong server name`, client: { ...base.client, serverName: 'cortex-ingester.cortex.svc.cluster.local' } },
          { ...base, id: `${cache}: TLS 1.1 client`, client: { ...base.client, minVersion: 'VersionTLS10', maxVersion: 'VersionTLS11', cipherSuites: undefined } },
        );
      }
    }, 60000);

    afterAll(() => children.forEach((s) => s.kill()));

    const expectAll = (results: HandshakeResult[], ok: boolean) =>
      expect(results.filter((r) => r.ok !== ok).map((r) => `${r.id}: ${r.clientErr ?? ''}`)).toEqual([]);

    test('the example deploys the three blocks-storage caches as Redis, each used by the components Cortex builds its clients in', () => {
      const by = (cache: string) => cacheEdges.filter((e) => e.to === cache).map((e) => e.from).sort();
      expect(by('index-cache')).toEqual(['store-gateway']);
      expect(by('chunks-cache')).toEqual(['querier', 'ruler', 'store-gateway']);
      expect(by('metadata-cache')).toEqual(['querier', 'ruler', 'store-gateway']);
      expect(cacheEdges.every((e) => e.tls === 'mutual')).toBe(true);
    });

    test('every cache client edge gets PONG over mutual TLS (Node)', async () => {
      expect(probes.length).toBe(cacheEdges.length);
      expectAll(await Promise.all(probes.map(nodeHandshake)), true);
    });

    test('Redis refuses clients without a valid certificate, with a wrong name or an old TLS version (Node)', async () => {
      expectAll(await Promise.all(negatives.map(nodeHandshake)), false);
    });

    (haveGo() ? test : test.skip)('the same, with Go\'s crypto/tls as Cortex\'s Redis client dials', () => {
      expectAll(goHandshakes(probes), true);
      expectAll(goHandshakes(negatives), false);
    });

    test('a client stores and reads; scripting and administration are refused; the server is not a cluster (the client then uses it alone)', async () => {
      const c = probes.find((p) => p.id.includes('-> chunks-cache '))!.client;
      const out = await redisCommands(ports.get('chunks-cache')!.redis, c, [
        ['HELLO', '3'], ['SET', 'k', 'v'], ['SETEX', 'k2', '60', 'w'], ['MGET', 'k', 'k2'],
        ['EVAL', 'return 1', '0'], ['CONFIG', 'SET', 'dir', '/tmp'], ['ACL', 'SETUSER', 'x', 'on'], ['MODULE', 'LIST'], ['REPLICAOF', '127.0.0.1', '1'], ['CLUSTER', 'SLOTS'],
      ]);
      expect(out).toMatch(/\+OK\r\n\+OK\r\n\*2\r\n\$1\r\nv\r\n\$1\r\nw\r\n/);
      for (const cmd of ['eval', 'config|set', 'acl|setuser', 'module|list', 'replicaof']) expect(out).toContain(`-NOPERM this user has no permissions to run the '${cmd}' command`);
      // rueidis falls back from cluster mode to one server when the reply mentions CLUSTER and one address is given.
      expect(out).toMatch(/-ERR This instance has cluster support disabled/);
    });

    (haveExporter ? test : test.skip)('the exporter sidecar\'s arguments scrape the cache over mutual TLS', async () => {
      const body = await (await fetch(`http://127.0.0.1:${ports.get('index-cache')!.exporter}/metrics`)).text();
      expect(body).toMatch(/^redis_up 1$/m);
      expect(body).toMatch(/^redis_exporter_last_scrape_error\{err=""\} 0$/m);
    });
  });
}
