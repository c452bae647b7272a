// What the tests that run a real cache server with synthesized arguments share: a port to give it, waiting until
// it listens, and its pod's mounted Secrets laid out on disk.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TlsSecretData } from '../../src/issuer/local-issuer';

export { freePort } from '../gateway/_nginx';

/** Resolves once something accepts connections on the port (10 s at most). */
export function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 10000;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = new Socket();
      sock.once('connect', () => { sock.destroy(); resolve(); });
      sock.once('error', () => { sock.destroy(); if (Date.now() > deadline) reject(new Error(`nothing listens on ${port}`)); else setTimeout(attempt, 100); });
      sock.connect(port, '127.0.0.1');
    };
    attempt();
  });
}

/** Lays out a container's mounted Secrets under a temporary root (other volumes as empty directories), readable by an unprivileged user. */
export function layOutMounts(sts: any, container: any, secrets: Map<string, TlsSecretData>): string {
  const root = mkdtempSync(join(tmpdir(), `${sts.metadata.name}-`));
  chmodSync(root, 0o755);
  for (const m of container.volumeMounts) {
    const volume = sts.spec.template.spec.volumes.find((v: any) => v.name === m.name);
    mkdirSync(join(root, m.mountPath), { recursive: true, mode: 0o755 });
    if (volume.secret) for (const [k, v] of Object.entries(secrets.get(volume.secret.secretName)!)) writeFileSync(join(root, m.mountPath, k), v, { mode: 0o644 });
    for (let d = m.mountPath; d !== '/'; d = d.slice(0, d.lastIndexOf('/')) || '/') chmodSync(join(root, d), 0o755);
  }
  return root;
}
