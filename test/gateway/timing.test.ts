// Timing, measured alone (npm test runs this file after the others, one suite at a time): unknown and known users
// answered in the same time, and a flood of wrong passwords starving neither a writer nor /ready.
import { spawn } from 'node:child_process';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import { bearer, cluster, describeIf, GATEWAY, running, PASSWORDS } from './_harness';
import { basicHeader } from './_nginx';

const PUSH = { method: 'POST', path: '/api/v1/push', body: 'x' };

describeIf('time tells nothing about credentials', () => {
  const c = cluster();
  const h = running(c);

  test('unknown users, known users with a wrong password and wrong tokens are answered in the same time', async () => {
    const kinds: [string, [string, string]][] = [
      ['unknown user', basicHeader('nobody', 'guess')],
      ['known user, wrong password', basicHeader('alice', 'guess')],
      ['user outside the definition', basicHeader('mallory', PASSWORDS.mallory.password)],
      ['wrong token', ['Authorization', 'Bearer mgw_guess']],
    ];
    const times = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
    // One kept-alive connection: the handshake's cost and noise stay out of the comparison.
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: h.ca, servername: GATEWAY } as https.AgentOptions);
    // Interleaved, so machine noise falls on all kinds alike; the rounds stay below the failures' rate limit
    // (10 per second and address by default).
    for (let round = 0; round < 25; round++) {
      // A warm-up request after the pause, then the kinds in a rotating order (the first of a burst is slower).
      await h.send({ path: '/ready', agent });
      for (const [kind, header] of [...kinds.slice(round % kinds.length), ...kinds.slice(0, round % kinds.length)]) {
        const t0 = performance.now();
        const r = await h.send({ method: 'POST', path: '/prometheus/api/v1/query', headers: [header], body: 'query=up', agent });
        times.get(kind)!.push(performance.now() - t0);
        expect(r.status).toBe(401);
      }
      await new Promise((res) => setTimeout(res, 420));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    agent.destroy();
    const medians = kinds.map(([k]) => median(times.get(k)!));
    // A bcrypt check would add milliseconds to the known user alone; here every kind costs one digest and one failed open.
    expect(Math.max(...medians) - Math.min(...medians)).toBeLessThan(Math.max(0.5, 0.25 * Math.min(...medians)));
  });
});

describeIf('a flood of wrong passwords', () => {
  const c = cluster();
  const h = running(c);

  test('is limited per client address (429) and leaves a writer\'s latency and /ready within 2x of quiet', async () => {
    // The writer keeps its connection, as Prometheus does.
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const writer = () => h.send({ ...PUSH, headers: [bearer('prometheus-b')], agent });
    const ready = () => h.send({ path: '/ready', agent });
    const timed = async (f: () => Promise<unknown>, n: number) => {
      const ts: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await f();
        ts.push(performance.now() - t0);
      }
      return ts.sort((a, b) => a - b)[Math.floor(n / 2)];
    };
    await timed(writer, 20);
    const quiet = { push: await timed(writer, 100), ready: await timed(ready, 100) };
    // Six parallel loops of one known user with a wrong password, in another process (so that the client's own
    // work does not slow the measuring one), each on a kept-alive connection for the highest rate.
    const flood = spawn(process.execPath, ['-e', FLOOD, String(h.port), h.ca], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    flood.stdout!.on('data', (d) => { out += d; });
    await new Promise((res) => setTimeout(res, 500));
    const loaded = { push: await timed(writer, 100), ready: await timed(ready, 100) };
    flood.kill('SIGTERM');
    await new Promise((res) => flood.on('exit', res));
    agent.destroy();
    const statuses = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    expect(statuses['429'] ?? 0).toBeGreaterThan(0);
    // Medians of 100 requests; below a millisecond a 2-core machine running the flood beside them is noise, so 1 ms
    // is the floor of "quiet" (a per-request bcrypt check made it hundreds of milliseconds).
    expect(loaded.push).toBeLessThan(2 * Math.max(quiet.push, 1));
    expect(loaded.ready).toBeLessThan(2 * Math.max(quiet.ready, 1));
  }, 60000);
});

/** The flood: six loops of wrong passwords on kept-alive connections; prints the status counts when stopped. */
const FLOOD = `
const https = require('node:https');
const [port, ca] = process.argv.slice(1);
const agent = new https.Agent({ keepAlive: true, maxSockets: 6 });
const counts = {};
let running = true;
const one = () => new Promise((resolve) => {
  const req = https.request({ host: '127.0.0.1', port, path: '/api/v1/push', method: 'POST', ca, servername: '${'mimir-gateway.mimir.svc.cluster.local'}', agent,
    headers: { Authorization: 'Basic ' + Buffer.from('alice:wrong').toString('base64'), 'Content-Length': 1 } }, (res) => {
    counts[res.statusCode] = (counts[res.statusCode] || 0) + 1;
    res.resume();
    res.on('end', resolve);
  });
  req.on('error', resolve);
  req.end('x');
});
const loop = async () => { while (running) await one(); };
for (let i = 0; i < 6; i++) loop();
process.on('SIGTERM', () => { running = false; console.log(JSON.stringify(counts)); process.exit(0); });
`;
