// Server and client TLS flags. Composed names (`<prefix>.tls-*`) are checked against the version's
// catalog in resolve.ts like every other flag.
import { ClientAuth, TlsVersion } from '../definition';
import { Flag } from './flag';

/** Files a component's TLS stack reads, as mounted in its pod. */
export interface TlsFiles {
  readonly certPath: string;
  readonly keyPath: string;
  readonly caPath: string;
}

export interface ProtocolPolicy {
  readonly minVersion: TlsVersion;
  readonly cipherSuites: readonly string[];
}

export interface ServerPolicy extends ProtocolPolicy {
  readonly httpClientAuth: ClientAuth;
  readonly grpcClientAuth: ClientAuth;
}

/**
 * `-server.{http,grpc}-tls-*` plus the shared min-version and cipher flags. Mimir serves TLS only when both
 * cert and key are set, and refuses to start with a CA but no client-auth policy, so all four go together.
 */
export function serverTlsFlags(files: TlsFiles, policy: ServerPolicy): Flag[] {
  const flags: Flag[] = [];
  const server = (name: string, value: string) => flags.push({ name: `server.${name}`, value, role: 'server-tls' });
  for (const [proto, auth] of [['http', policy.httpClientAuth], ['grpc', policy.grpcClientAuth]] as const) {
    server(`${proto}-tls-cert-path`, files.certPath);
    server(`${proto}-tls-key-path`, files.keyPath);
    server(`${proto}-tls-ca-path`, files.caPath);
    server(`${proto}-tls-client-auth`, auth);
  }
  server('tls-min-version', policy.minVersion);
  server('tls-cipher-suites', policy.cipherSuites.join(','));
  return flags;
}

/**
 * The complete client block of one prefix. `tls-enabled` defaults to false and without it Mimir silently
 * ignores every other tls-* flag of the prefix, so it is always written. The server name is explicit
 * because ring and gossip peers are dialled by pod IP, which no certificate names.
 */
export function clientTlsFlags(prefix: string, files: TlsFiles, serverName: string, policy: ProtocolPolicy): Flag[] {
  const client = (name: string, value: string): Flag => ({ name: `${prefix}.${name}`, value, role: 'client-tls' });
  return [
    client('tls-enabled', 'true'),
    client('tls-cert-path', files.certPath),
    client('tls-key-path', files.keyPath),
    client('tls-ca-path', files.caPath),
    client('tls-server-name', serverName),
    client('tls-min-version', policy.minVersion),
    client('tls-cipher-suites', policy.cipherSuites.join(',')),
  ];
}
