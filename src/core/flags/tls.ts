// Server and client TLS flags. Composed names (`<prefix>.tls-*`) are checked against the version's
// catalog in resolve.ts like every other flag.
import { ClientAuth, EdgeTlsMode, TlsVersion } from '../definition';
import { ServerTlsPolicy } from '../tls/policy';
import { Flag } from './flag';

/** Files a TLS stack reads, as mounted in its pod. */
export interface TlsFiles {
  readonly certPath: string;
  readonly keyPath: string;
  readonly caPath: string;
}

export interface ProtocolPolicy {
  readonly minVersion: TlsVersion;
  readonly cipherSuites: readonly string[];
}

/** What a product's client blocks can say. */
export interface ClientBlockShape {
  /** `tls-min-version` and `tls-cipher-suites` exist (Mimir; not Cortex). */
  readonly policyFlags: boolean;
  /** `tls-enabled` exists; without it TLS follows the URL's scheme (Cortex's ruler → alertmanager client). */
  readonly enabledFlag: boolean;
}

export const FULL_CLIENT_BLOCK: ClientBlockShape = { policyFlags: true, enabledFlag: true };

/**
 * `-server.{http,grpc}-tls-*` plus the shared min-version and cipher flags. Mimir serves TLS only when both
 * cert and key are set, and refuses to start with a CA but no client-auth policy (or NoClientCert), so the CA
 * is written exactly when client certificates are verified.
 */
export function serverTlsFlags(files: TlsFiles, policy: ServerTlsPolicy): Flag[] {
  const flags: Flag[] = [];
  const server = (name: string, value: string) => flags.push({ name: `server.${name}`, value, role: 'server-tls' });
  for (const proto of ['http', 'grpc'] as const) {
    const p = policy[proto];
    if (!p.tls) continue;
    server(`${proto}-tls-cert-path`, files.certPath);
    server(`${proto}-tls-key-path`, files.keyPath);
    if (p.clientAuth !== ClientAuth.NO_CLIENT_CERT) server(`${proto}-tls-ca-path`, files.caPath);
    server(`${proto}-tls-client-auth`, p.clientAuth);
  }
  if (policy.http.tls || policy.grpc.tls) {
    server('tls-min-version', policy.minVersion);
    server('tls-cipher-suites', policy.cipherSuites.join(','));
  }
  return flags;
}

/**
 * The complete client block of one prefix. `tls-enabled` defaults to false (true for the ruler's
 * alertmanager client), and without it Mimir silently ignores every other tls-* flag, so it is always written.
 * The server name is explicit because ring and gossip peers are dialled by pod IP, which no certificate names.
 */
export function clientTlsFlags(prefix: string, files: Partial<TlsFiles> & { caPath: string }, serverName: string, policy: ProtocolPolicy, mode: EdgeTlsMode = EdgeTlsMode.MUTUAL, shape: ClientBlockShape = FULL_CLIENT_BLOCK): Flag[] {
  const client = (name: string, value: string): Flag => ({ name: `${prefix}.${name}`, value, role: 'client-tls' });
  if (mode === EdgeTlsMode.DISABLED) return shape.enabledFlag ? [client('tls-enabled', 'false')] : [];
  const flags = shape.enabledFlag ? [client('tls-enabled', 'true')] : [];
  if (mode === EdgeTlsMode.MUTUAL && files.certPath && files.keyPath) flags.push(client('tls-cert-path', files.certPath), client('tls-key-path', files.keyPath));
  flags.push(client('tls-ca-path', files.caPath), client('tls-server-name', serverName));
  if (shape.policyFlags) flags.push(client('tls-min-version', policy.minVersion), client('tls-cipher-suites', policy.cipherSuites.join(',')));
  return flags;
}
