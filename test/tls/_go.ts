import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandshakeCase, HandshakeResult } from './_cases';

/** True when a Go toolchain is on PATH. CI installs Debian's golang-go in .ci/run. */
export function haveGo(): boolean {
  return spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
}

let binary: string | undefined;

/** The test/tls/go program, built once per test process. */
export function goProgram(): string {
  // Go needs a cache and a module path even for a program without dependencies; CI may run without HOME.
  const env = {
    ...process.env,
    GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'cdk8s-mimir-gocache'),
    GOPATH: process.env.GOPATH ?? join(tmpdir(), 'cdk8s-mimir-gopath'),
    GOFLAGS: '-mod=mod',
    // gorilla/mux comes from Debian's package (go.mod replaces it with its directory): nothing is downloaded.
    GOPROXY: 'off',
    CGO_ENABLED: '0',
  };
  if (!binary) {
    binary = join(tmpdir(), `cdk8s-mimir-handshake-${process.pid}`);
    // From test/tls, or from the benchmark's compiled copy under .bench/test/tls.
    const source = [join(__dirname, 'go'), join(__dirname, '..', '..', '..', 'test', 'tls', 'go')].find((d) => existsSync(join(d, 'main.go')))!;
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: source, env, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return binary;
}

/** Runs the cases through test/tls/go (Go's crypto/tls, configured as dskit does). */
export function goHandshakes(cases: HandshakeCase[]): HandshakeResult[] {
  const out = execFileSync(goProgram(), [], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out);
}
