// The same handshake with Node's TLS stack (OpenSSL). Server policy follows Go's ClientAuthType semantics;
// the client verifies DNS SANs only, as Go does (Node alone would fall back to the Common Name).
import * as tls from 'node:tls';
import { AddressInfo } from 'node:net';
import { OPENSSL_SUITE_NAMES as OPENSSL_SUITES } from '../../src/core/tls/ciphers';
import { HandshakeCase, HandshakeResult } from './_cases';

const VERSIONS: { [go: string]: tls.SecureVersion } = {
  VersionTLS10: 'TLSv1', VersionTLS11: 'TLSv1.1', VersionTLS12: 'TLSv1.2', VersionTLS13: 'TLSv1.3',
};

function ciphers(names: string[] | undefined, legacy: boolean): string | undefined {
  if (!names) return legacy ? 'DEFAULT@SECLEVEL=0' : undefined;
  const list = names.map((n) => {
    const o = OPENSSL_SUITES[n];
    if (!o) throw new Error(`no OpenSSL name for ${n}`);
    return o;
  }).join(':');
  return legacy ? `${list}:@SECLEVEL=0` : list;
}

function goLikeServerIdentity(host: string, cert: tls.PeerCertificate): Error | undefined {
  if (!cert.subjectaltname) return new Error('x509: certificate relies on legacy Common Name field, use SANs instead');
  return tls.checkServerIdentity(host, cert);
}

/** Dials a real server with the client side, sends the probe request and checks the reply. */
function nodeProbe(c: HandshakeCase): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    const [host, port] = c.probe!.address.split(':');
    let data = '';
    let settled = false;
    const finish = (r: Partial<HandshakeResult>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ id: c.id, ok: false, ...r });
    };
    const timer = setTimeout(() => finish({ clientErr: 'timeout' }), 5000);
    const socket = tls.connect({
      host, port: Number(port), servername: c.client.serverName, ca: c.client.caPem ? [c.client.caPem] : undefined,
      cert: c.client.certPem, key: c.client.keyPem, minVersion: VERSIONS[c.client.minVersion ?? 'VersionTLS12'],
      maxVersion: c.client.maxVersion ? VERSIONS[c.client.maxVersion] : undefined,
      ciphers: ciphers(c.client.cipherSuites, c.client.maxVersion !== undefined && VERSIONS[c.client.maxVersion] < 'TLSv1.2'),
      checkServerIdentity: goLikeServerIdentity,
    }, () => socket.write(c.probe!.send));
    socket.setEncoding('utf8');
    socket.on('data', (d) => {
      data += d;
      if (data.includes('\n')) finish(data.startsWith(c.probe!.expect) ? { ok: true } : { clientErr: `unexpected reply ${data}` });
    });
    socket.on('error', (err) => finish({ clientErr: err.message }));
    socket.on('close', () => finish({ clientErr: `closed (${data})` }));
  });
}

export function nodeHandshake(c: HandshakeCase): Promise<HandshakeResult> {
  if (c.probe) return nodeProbe(c);
  return new Promise((resolve) => {
    const result: HandshakeResult = { id: c.id, ok: false };
    let settled = false;
    const finish = (patch: Partial<HandshakeResult>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      server.close();
      resolve({ ...result, ...patch });
    };
    const auth = c.server.clientAuth ?? 'NoClientCert';
    const legacyClient = c.client.maxVersion !== undefined && VERSIONS[c.client.maxVersion] < 'TLSv1.2';
    const server = tls.createServer({
      cert: c.server.certPem, key: c.server.keyPem, ca: c.server.caPem ? [c.server.caPem] : undefined,
      requestCert: auth !== 'NoClientCert',
      rejectUnauthorized: auth === 'RequireAndVerifyClientCert',
      minVersion: VERSIONS[c.server.minVersion ?? 'VersionTLS12'],
      ciphers: ciphers(c.server.cipherSuites, false),
    }, (socket) => {
      const peer = socket.getPeerCertificate();
      const hasCert = peer && Object.keys(peer).length > 0;
      if (auth === 'RequireAnyClientCert' && !hasCert) return socket.destroy();
      if (auth === 'VerifyClientCertIfGiven' && hasCert && !socket.authorized) return socket.destroy();
      socket.end('ok\n');
    });
    let serverErr: string | undefined;
    server.on('tlsClientError', (err) => { serverErr = err.message; });
    const timer = setTimeout(() => finish({ clientErr: 'timeout', serverErr }), 5000);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      let data = '';
      const socket = tls.connect({
        host: '127.0.0.1', port, servername: c.client.serverName,
        ca: c.client.caPem ? [c.client.caPem] : undefined, cert: c.client.certPem, key: c.client.keyPem,
        minVersion: VERSIONS[c.client.minVersion ?? (legacyClient ? c.client.maxVersion! : 'VersionTLS12')],
        maxVersion: c.client.maxVersion ? VERSIONS[c.client.maxVersion] : undefined,
        ciphers: ciphers(c.client.cipherSuites, legacyClient),
        checkServerIdentity: goLikeServerIdentity,
      });
      socket.setEncoding('utf8');
      socket.on('data', (d) => { data += d; });
      socket.on('error', (err) => finish({ clientErr: err.message, serverErr }));
      socket.on('close', () => finish(data.trim() === 'ok' ? { ok: true } : { clientErr: `connection closed without reply (${data})`, serverErr }));
    });
  });
}
