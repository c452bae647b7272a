// Handshake cases built from synthesized manifests: each side is configured only from the flags Mimir would
// read and the files its pod mounts, so a wrong flag, path, name or certificate fails the handshake.
import { OPENSSL_SUITE_NAMES } from '../../src/core/tls/ciphers';
import { IssuedCertificate, TlsSecretData } from '../../src/issuer/local-issuer';
import { argsOf, mimirContainer } from '../_helpers';

export interface TlsSide {
  certPem?: string;
  keyPem?: string;
  caPem?: string;
  clientAuth?: string;
  serverName?: string;
  minVersion?: string;
  maxVersion?: string;
  cipherSuites?: string[];
}

export interface HandshakeCase {
  id: string;
  server: TlsSide;
  client: TlsSide;
  /** Dial this real server instead of starting one from `server`; send `send`, expect a reply starting with `expect`. */
  probe?: { address: string; send: string; expect: string };
}

export interface HandshakeResult {
  id: string;
  ok: boolean;
  clientErr?: string;
  serverErr?: string;
}

export interface EdgeLike {
  prefix: string;
  from: string;
  to: string;
  protocol: string;
  tls?: string;
}

/** Reads the file a flag names from the volumes mounted in the pod: Secrets by name, ConfigMaps from `configMaps`. */
export function podFiles(workload: any, secrets: Map<string, TlsSecretData>, configMaps: { [name: string]: { [key: string]: string } } = {}, container = 'mimir') {
  const spec = workload.spec.template.spec;
  const c = container === 'mimir' ? mimirContainer(workload) : spec.containers.find((x: any) => x.name === container);
  return (path: string): string => {
    for (const m of c.volumeMounts) {
      if (!path.startsWith(`${m.mountPath}/`)) continue;
      const key = path.slice(m.mountPath.length + 1);
      const volume = spec.volumes.find((v: any) => v.name === m.name);
      const data: any = volume?.secret ? secrets.get(volume.secret.secretName) : volume?.configMap ? configMaps[volume.configMap.name] : undefined;
      if (data?.[key] === undefined) throw new Error(`${workload.metadata.name}: ${path} is not a file of a mounted Secret or ConfigMap`);
      return data[key];
    }
    throw new Error(`${workload.metadata.name}: ${path} is not under any volume mount`);
  };
}

function workloadFor(manifests: any[], target: string): any {
  return manifests.find((m) => (m.kind === 'Deployment' || m.kind === 'StatefulSet') && m.metadata.labels['app.kubernetes.io/component'] === target);
}

/** One case per edge: server from the target's server (or memberlist) flags, client from the edge prefix's flags. */
export function edgeCases(manifests: any[], edges: readonly EdgeLike[], secrets: Map<string, TlsSecretData>, configMaps = {}): HandshakeCase[] {
  return edges.filter((e) => e.tls !== 'disabled').map((e) => {
    const server = workloadFor(manifests, e.to);
    const client = workloadFor(manifests, e.from);
    const ca = argsOf(client);
    const cf = podFiles(client, secrets, configMaps);
    const split = (v: string | undefined) => (v ? v.split(',') : undefined);
    const serverSide: TlsSide = e.protocol === 'memcached' ? memcachedServer(server, secrets, configMaps)
      : e.protocol === 'redis' ? redisServer(server, secrets, configMaps) : mimirServer(e, server, secrets, configMaps);
    // A block without tls-enabled (Cortex's ruler → alertmanager client) follows its URL's scheme.
    if (ca.has(`${e.prefix}.tls-enabled`) ? ca.get(`${e.prefix}.tls-enabled`) !== 'true' : !ca.has(`${e.prefix}.tls-ca-path`)) throw new Error(`${e.from}: ${e.prefix} has no TLS on`);
    const file = (flag: string) => (ca.has(flag) ? cf(ca.get(flag)!) : undefined);
    const clientSide: TlsSide = {
      // A server-only edge has no client certificate flags.
      certPem: file(`${e.prefix}.tls-cert-path`), keyPem: file(`${e.prefix}.tls-key-path`),
      caPem: cf(ca.get(`${e.prefix}.tls-ca-path`)!), serverName: ca.get(`${e.prefix}.tls-server-name`),
      minVersion: ca.get(`${e.prefix}.tls-min-version`), cipherSuites: split(ca.get(`${e.prefix}.tls-cipher-suites`)),
    };
    return { id: `${e.from} -> ${e.to} [${e.prefix}]`, server: serverSide, client: clientSide };
  });
}

/** memcached's TLS server, from its `-o ssl_*` options: ssl_verify_mode=2 requires a verified client certificate. */
function memcachedServer(workload: any, secrets: Map<string, TlsSecretData>, configMaps: any): TlsSide {
  const args: string[] = workload.spec.template.spec.containers.find((x: any) => x.name === 'memcached').args;
  if (!args.includes('-Z')) throw new Error(`${workload.metadata.name}: memcached without -Z serves no TLS`);
  const opts = Object.fromEntries(args[args.indexOf('-o') + 1].split(',').map((kv) => kv.split('=')));
  const f = podFiles(workload, secrets, configMaps, 'memcached');
  const auth: { [mode: string]: string } = { 0: 'NoClientCert', 1: 'VerifyClientCertIfGiven', 2: 'RequireAndVerifyClientCert' };
  const version: { [v: string]: string } = { 2: 'VersionTLS12', 3: 'VersionTLS13' };
  const goName = Object.fromEntries(Object.entries(OPENSSL_SUITE_NAMES).map(([g, o]) => [o, g]));
  return {
    certPem: f(opts.ssl_chain_cert), keyPem: f(opts.ssl_key), caPem: f(opts.ssl_ca_cert), clientAuth: auth[opts.ssl_verify_mode],
    minVersion: version[opts.ssl_min_version], cipherSuites: opts.ssl_ciphers.split(':').map((o: string) => goName[o]),
  };
}

/** Redis' TLS server, from its arguments: `--tls-auth-clients yes` requires a verified client certificate. */
export function redisServer(workload: any, secrets: Map<string, TlsSecretData>, configMaps: any): TlsSide {
  const args: string[] = workload.spec.template.spec.containers.find((x: any) => x.name === 'redis').args;
  const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  if (arg('--port') !== '0' || !arg('--tls-port')) throw new Error(`${workload.metadata.name}: Redis serves a plaintext port`);
  const f = podFiles(workload, secrets, configMaps, 'redis');
  const auth: { [mode: string]: string } = { no: 'NoClientCert', optional: 'VerifyClientCertIfGiven', yes: 'RequireAndVerifyClientCert' };
  const version: { [v: string]: string } = { 'TLSv1.2': 'VersionTLS12', 'TLSv1.3': 'VersionTLS13' };
  const goName = Object.fromEntries(Object.entries(OPENSSL_SUITE_NAMES).map(([g, o]) => [o, g]));
  return {
    certPem: f(arg('--tls-cert-file')!), keyPem: f(arg('--tls-key-file')!), caPem: f(arg('--tls-ca-cert-file')!), clientAuth: auth[arg('--tls-auth-clients')!],
    minVersion: version[arg('--tls-protocols')!.split(' ')[0]], cipherSuites: arg('--tls-ciphers')!.split(':').map((o: string) => goName[o]),
  };
}

function mimirServer(e: EdgeLike, server: any, secrets: Map<string, TlsSecretData>, configMaps: any): TlsSide {
    const sa = argsOf(server);
    const sf = podFiles(server, secrets, configMaps);
    const split = (v: string | undefined) => (v ? v.split(',') : undefined);
    return e.protocol === 'memberlist'
      ? {
        // The gossip listener uses the member's client settings and never asks for a client certificate.
        certPem: sf(sa.get('memberlist.tls-cert-path')!), keyPem: sf(sa.get('memberlist.tls-key-path')!),
        caPem: sf(sa.get('memberlist.tls-ca-path')!), clientAuth: 'NoClientCert',
        minVersion: sa.get('memberlist.tls-min-version'), cipherSuites: split(sa.get('memberlist.tls-cipher-suites')),
      }
      : {
        certPem: sf(sa.get(`server.${e.protocol}-tls-cert-path`)!), keyPem: sf(sa.get(`server.${e.protocol}-tls-key-path`)!),
        caPem: sf(sa.get(`server.${e.protocol}-tls-ca-path`)!), clientAuth: sa.get(`server.${e.protocol}-tls-client-auth`),
        minVersion: sa.get('server.tls-min-version'), cipherSuites: split(sa.get('server.tls-cipher-suites')),
      };
}

/** Replaces the certificate and key of one side. */
export function withCert(side: TlsSide, cert: IssuedCertificate | undefined): TlsSide {
  return { ...side, certPem: cert?.certPem, keyPem: cert?.keyPem };
}
