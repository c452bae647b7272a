// A real nginx (Debian's) running the gateway's rendered configuration on loopback, unprivileged, in front of one
// mutual-TLS stub per upstream component that echoes what reached it. Only file paths and upstream addresses differ
// from the synthesized config: the same renderer runs with the test's locations.
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import { goProgram } from '../tls/_go';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { NginxInput, renderNginxConfig } from '../../src/core/gateway/nginx';
import { ResolvedGateway, upstreamName } from '../../src/core/gateway/plan';
import { renderScript, scriptConfig } from '../../src/core/gateway/script';
import { MimirRoute } from './_mimir-routes';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
export const UNPRIVILEGED = 65534;

export interface Pem { readonly cert: string; readonly key: string; readonly ca: string }

/** What a stub upstream saw. */
export interface Echo {
  readonly component: string;
  /** The Mimir route template that matched ('' when the stub does not route, '-' for none). */
  readonly route: string;
  /** Bytes of the request body. */
  readonly body: number;
  readonly method: string;
  readonly url: string;
  /** Every header line as received (raw, so repeated lines stay visible). */
  readonly raw: [string, string][];
  readonly orgIds: string[];
  readonly peerCn?: string;
  readonly peerSerial?: string;
  readonly sni?: string;
}

/** How a stub serves: as dskit configures a component's HTTP server from its -server.http-tls-* flags. */
export interface StubServer {
  /** Mimir's routes: the stub then routes as Mimir's HTTP server does and echoes the route that matched. */
  readonly routes?: readonly MimirRoute[];
  /** Certificate and key; absent: plain HTTP. */
  readonly cert?: string;
  readonly key?: string;
  /** CA of client certificates. */
  readonly clientCa?: string;
  /** `-server.http-tls-client-auth`. */
  readonly clientAuth?: string;
  readonly minVersion?: string;
  readonly cipherSuites?: string[];
}

/** A component's HTTP server stand-in: Go's crypto/tls and net/http (test/tls/go `serve`), echoing each request. */
export class Stub {
  private proc?: ChildProcess;
  private output = '';
  constructor(public readonly component: string, private readonly server: StubServer) {}

  public listen(): Promise<number> {
    const side = {
      certPem: this.server.cert ?? '', keyPem: this.server.key ?? '', caPem: this.server.clientCa ?? '',
      clientAuth: this.server.clientAuth ?? 'NoClientCert', minVersion: this.server.minVersion ?? '', cipherSuites: this.server.cipherSuites ?? [],
      routes: this.server.routes,
    };
    // The servers' own logs (handshake errors the negative rows provoke) are not the test's output.
    const proc = spawn(goProgram(), ['serve', this.component, JSON.stringify(side)], { stdio: ['ignore', 'pipe', 'ignore'] });
    this.proc = proc;
    return new Promise((resolve, reject) => {
      proc.stdout!.on('data', (d) => {
        const first = !this.output.includes('\n');
        this.output += d;
        if (first && this.output.includes('\n')) resolve(Number(this.output.split('\n')[0]));
      });
      proc.on('exit', (code) => reject(new Error(`stub ${this.component} exited with ${code}`)));
    });
  }

  /** Closes idle keep-alive connections: the next request makes the gateway connect and hand-shake again. */
  public async dropConnections(): Promise<void> {
    const before = this.output.split('dropped').length;
    this.proc!.kill('SIGUSR1');
    for (let i = 0; i < 100 && this.output.split('dropped').length === before; i++) await new Promise((r) => setTimeout(r, 10));
  }

  public async close(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => { proc.removeAllListeners('exit'); proc.on('exit', () => resolve()); proc.kill('SIGTERM'); });
  }
}

/** The gateway's files in a scratch directory, readable by the unprivileged user nginx runs as. */
export interface GatewayFiles {
  readonly dir: string;
  readonly server: Pem;
  readonly upstream: Pem;
  readonly clientsCa?: string;
  /** Secrets of digests (key: digest, value: name), as the kubelet lays them out: one file per key. */
  readonly basicDigests?: { [digest: string]: string };
  readonly tokenDigests?: { [digest: string]: string };
  readonly jwks?: string;
}

/** Replaces a digest directory's content, as a Secret update does. */
export function writeDigests(dir: string, digests: { [digest: string]: string }): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const f of fs.readdirSync(dir)) if (!(f in digests)) fs.rmSync(path.join(dir, f));
  for (const [k, v] of Object.entries(digests)) writeFile(path.join(dir, k), v);
}

export function writeFile(file: string, content: string): void {
  // An atomic replace, as the kubelet swaps a Secret volume's symlink.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o644 });
  fs.renameSync(tmp, file);
}

export function layout(files: GatewayFiles): NginxInput['files'] {
  const p = (n: string) => path.join(files.dir, n);
  writeFile(p('server.crt'), files.server.cert);
  writeFile(p('server.key'), files.server.key);
  writeFile(p('upstream.crt'), files.upstream.cert);
  writeFile(p('upstream.key'), files.upstream.key);
  writeFile(p('upstream-ca.crt'), files.upstream.ca);
  if (files.clientsCa) writeFile(p('clients-ca.crt'), files.clientsCa);
  if (files.basicDigests) writeDigests(p('basic'), files.basicDigests);
  if (files.tokenDigests) writeDigests(p('tokens'), files.tokenDigests);
  if (files.jwks !== undefined) writeFile(p('jwks.json'), files.jwks);
  return {
    serverCert: p('server.crt'), serverKey: p('server.key'), upstreamCert: p('upstream.crt'), upstreamKey: p('upstream.key'),
    upstreamCa: p('upstream-ca.crt'), clientsCa: files.clientsCa ? p('clients-ca.crt') : undefined, tmp: p('tmp'),
    basicDigests: files.basicDigests ? p('basic') : undefined, tokenDigests: files.tokenDigests ? p('tokens') : undefined,
    jwks: files.jwks !== undefined ? p('jwks.json') : undefined, script: p('gateway.js'), jsModule: JS_MODULE,
  };
}

/** Debian's libnginx-mod-http-js puts the module where the nginx images do; the synthesized path is used as is. */
export const JS_MODULE = '/usr/lib/nginx/modules/ngx_http_js_module.so';

/** The gateway's config (and script) with local files, a local port and the stubs' addresses. */
export function localConfig(gateway: ResolvedGateway, files: NginxInput['files'], port: number, addresses: Map<string, number>, credentialPort = port + 1): string {
  const upstreams = gateway.nginx.upstreams.map((u) => {
    const component = gateway.upstreams.find((x) => upstreamName(x.component) === u.name)!.component;
    return { ...u, address: `127.0.0.1:${addresses.get(component)}` };
  });
  if (gateway.script) {
    const config = scriptConfig(gateway.nginx.identities, gateway.nginx.jwt, { basic: files.basicDigests, tokens: files.tokenDigests, jwks: files.jwks });
    writeFile(files.script!, renderScript(config, gateway.nginx.credentialCacheSeconds));
  }
  return renderNginxConfig({ ...gateway.nginx, listenPort: port, credentialPort, files: gateway.script ? files : { ...files, script: undefined, jsModule: undefined }, upstreams });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;
const unprivileged = (args: string[]) => (asRoot ? ['setpriv', [`--reuid=${UNPRIVILEGED}`, `--regid=${UNPRIVILEGED}`, '--clear-groups', NGINX!, ...args]] : [NGINX!, args]) as [string, string[]];

/** `nginx -t` on a config; returns nginx's output and whether the test passed. */
export function nginxTest(config: string, dir: string): { ok: boolean; output: string } {
  const file = path.join(dir, 'nginx.conf');
  writeFile(file, config);
  const [cmd, args] = unprivileged(['-t', '-e', 'stderr', '-p', dir, '-c', file]);
  const out = logFileFor(dir, 'nginx-t.log');
  const r = spawnSync(cmd, args, { stdio: ['ignore', out.fd, out.fd] });
  fs.closeSync(out.fd);
  return { ok: r.status === 0, output: fs.readFileSync(out.file, 'utf8') };
}

/** A file for nginx's stdout and stderr, as a container runtime gives one: nginx opens /dev/stdout, which a socket would refuse. */
function logFileFor(dir: string, name: string): { file: string; fd: number } {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w', 0o666);
  if (asRoot) fs.fchownSync(fd, UNPRIVILEGED, UNPRIVILEGED);
  return { file, fd };
}

export class RunningNginx {
  private constructor(private readonly proc: ChildProcess, private readonly logFile: string) {}

  /** What nginx wrote to stdout (access log) and stderr (error log). */
  public get log(): string {
    return fs.readFileSync(this.logFile, 'utf8');
  }

  /** Starts nginx as an unprivileged user and waits until it accepts connections. */
  public static async start(config: string, dir: string, port: number): Promise<RunningNginx> {
    const file = path.join(dir, 'nginx.conf');
    writeFile(file, config);
    const [cmd, args] = unprivileged(['-e', 'stderr', '-p', dir, '-c', file]);
    const { file: logFile, fd } = logFileFor(dir, 'nginx.log');
    const n = new RunningNginx(spawn(cmd, args, { stdio: ['ignore', fd, fd] }), logFile);
    fs.closeSync(fd);
    for (let i = 0; i < 100; i++) {
      if (await connects(port)) return n;
      if (n.proc.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    n.stop();
    throw new Error(`nginx did not start:\n${n.log}`);
  }

  public stop(): void {
    this.proc.kill('SIGTERM');
  }
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

/** A scratch directory nginx's unprivileged user may read and write (tmp) in. */
export function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-'));
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'tmp'), { mode: 0o755 });
  if (asRoot) execFileSync('chown', [`${UNPRIVILEGED}:${UNPRIVILEGED}`, path.join(dir, 'tmp')]);
  return dir;
}

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly echo?: Echo;
  readonly serverSerial?: string;
}

export interface RequestOptions {
  readonly method?: string;
  readonly path: string;
  /** Raw header lines (repeat a name to send it twice). */
  readonly headers?: [string, string][];
  readonly basic?: [string, string];
  readonly client?: { cert: string; key: string };
  readonly body?: string;
  /** Highest TLS version the caller offers. */
  readonly maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** A keep-alive agent (default: a new connection per request). */
  readonly agent?: https.Agent;
}

/** The Authorization header of basic authentication. */
export const basicHeader = (user: string, password: string): [string, string] => ['Authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`];

/** One HTTPS request to the gateway, verifying its certificate for `serverName` against `ca`. */
export function request(port: number, ca: string, serverName: string, o: RequestOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: string[] = ['Host', serverName];
    for (const [k, v] of o.headers ?? []) headers.push(k, v);
    if (o.basic) headers.push(...basicHeader(...o.basic));
    const req = https.request({
      host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, ca, servername: serverName,
      cert: o.client?.cert, key: o.client?.key, headers: headers as any, agent: o.agent ?? false, maxVersion: o.maxVersion,
    }, (res) => {
      const serverSerial = (res.socket as any).getPeerCertificate?.()?.serialNumber;
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        let echo: Echo | undefined;
        try { echo = res.headers['content-type'] === 'application/json' ? JSON.parse(body) : undefined; } catch { echo = undefined; }
        resolve({ status: res.statusCode!, body, echo, serverSerial });
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

export interface RawReply {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
  readonly echo?: Echo;
}

/**
 * Sends a request target exactly as given (no client-side normalization or validation), over TLS, and reads the
 * whole reply (the connection is closed after one request).
 */
export function rawRequest(port: number, ca: string, serverName: string, o: { method: string; target: string; headers?: [string, string][]; body?: string; client?: { cert: string; key: string } }): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: serverName, cert: o.client?.cert, key: o.client?.key }, () => {
      const lines = [`${o.method} ${o.target} HTTP/1.1`, `Host: ${serverName}`, 'Connection: close', ...(o.headers ?? []).map(([k, v]) => `${k}: ${v}`)];
      if (o.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(o.body)}`);
      // Written, not ended: a half-closed connection reads as a client that went away (499).
      socket.write(`${lines.join('\r\n')}\r\n\r\n${o.body ?? ''}`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    // nginx closes the connection on some malformed requests without an answer: nothing was forwarded then.
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? socket.emit('end') : reject(e)));
    socket.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const headers = text.slice(0, split);
      let body = text.slice(split + 4);
      if (/^transfer-encoding: *chunked/im.test(headers)) body = dechunk(body);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(headers)?.[1] ?? 0);
      let echo: Echo | undefined;
      try { echo = /^content-type: *application\/json/im.test(headers) ? JSON.parse(body) : undefined; } catch { echo = undefined; }
      resolve({ status, headers, body, echo });
    });
  });
}

function dechunk(s: string): string {
  let out = '';
  for (;;) {
    const eol = s.indexOf('\r\n');
    const size = parseInt(s.slice(0, eol), 16);
    if (!size) return out;
    out += s.slice(eol + 2, eol + 2 + size);
    s = s.slice(eol + 4 + size);
  }
}
