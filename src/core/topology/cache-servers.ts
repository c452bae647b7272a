// The arguments of each cache server and its exporter: memcached (`-Z`, client certificates required) and Redis
// (TLS port only, client certificates required). Both serve the cluster's minimum TLS version and TLS 1.2 suites,
// in OpenSSL's words, and verify clients against the cluster's CA.
import { CacheEngine, CacheSpec, MEMCACHED_CONNECTION_LIMIT } from '../catalog/caches';
import { TlsVersion } from '../definition';
import { PATHS, TLS_SECRET_KEYS } from '../names';
import { opensslCipherList, opensslProtocolsFrom } from '../tls/ciphers';
import { ServerTlsPolicy } from '../tls/policy';

/** What a cache server's arguments depend on. */
export interface CacheServerInput {
  readonly spec: CacheSpec;
  readonly memoryMebibytes: number;
  readonly tls: boolean;
  /** The cache's DNS name, which its exporter verifies. */
  readonly fqdn: string;
  readonly policy: ServerTlsPolicy;
  /** The cluster's trust: with a trust ConfigMap, the CA bundle's path under the component trust dir. */
  readonly trust: { readonly configMap?: unknown; readonly caPath: string };
}

export interface CacheServerArgs {
  readonly args: string[];
  readonly exporterArgs: string[];
}

/** The files a cache pod reads: its certificate and key, and the CA its clients' certificates must chain to. */
export function cacheTlsFiles(engine: CacheEngine, trust: CacheServerInput['trust']) {
  const { tlsDir, trustDir } = engine.paths;
  return {
    ca: trust.configMap ? trust.caPath.replace(PATHS.trustDir, trustDir) : `${tlsDir}/${TLS_SECRET_KEYS.ca}`,
    cert: `${tlsDir}/${TLS_SECRET_KEYS.cert}`,
    key: `${tlsDir}/${TLS_SECRET_KEYS.key}`,
  };
}

export function cacheServerArgs(input: CacheServerInput): CacheServerArgs {
  return input.spec.engine.id === 'redis' ? redisArgs(input) : memcachedArgs(input);
}

function memcachedArgs(input: CacheServerInput): CacheServerArgs {
  const { spec, memoryMebibytes, tls, fqdn, policy } = input;
  const engine = spec.engine;
  const f = cacheTlsFiles(engine, input.trust);
  const args = ['-m', String(memoryMebibytes), '-I', spec.maxItemSize!.memcached, '-c', String(MEMCACHED_CONNECTION_LIMIT), '-v', `--port=${engine.port}`];
  // -Z serves TLS only; ssl_verify_mode=2 requires a client certificate from the CA (every client has one);
  // the cluster's minimum version and suites, in memcached's and OpenSSL's words.
  if (tls) {
    const minVersion = policy.minVersion === TlsVersion.TLS13 ? 3 : 2;
    args.push('-Z', '-o', `ssl_chain_cert=${f.cert},ssl_key=${f.key},ssl_ca_cert=${f.ca},ssl_verify_mode=2,ssl_min_version=${minVersion},ssl_ciphers=${opensslCipherList(policy.cipherSuites)}`);
  }
  const exporterArgs = [`--memcached.address=localhost:${engine.port}`, `--web.listen-address=0.0.0.0:${engine.exporterPort}`];
  if (tls) exporterArgs.push('--memcached.tls.enable', `--memcached.tls.cert-file=${f.cert}`, `--memcached.tls.key-file=${f.key}`, `--memcached.tls.ca-file=${f.ca}`, `--memcached.tls.server-name=${fqdn}`);
  return { args, exporterArgs };
}

/**
 * The commands a cache client never needs, denied to every connection by the default user's ACL: Lua scripting
 * (EVAL, FUNCTION: the engine of Redis' remote-code-execution advisories) and administration (CONFIG, ACL, MODULE,
 * DEBUG, REPLICAOF, MONITOR, SHUTDOWN, …). Cortex's client sends HELLO, CLIENT SETINFO, CLUSTER SLOTS, SET, SETEX,
 * GET and MGET; the exporter reads INFO (CONFIG GET is skipped).
 */
export const REDIS_DENIED_CATEGORIES = ['@scripting', '@admin'] as const;

function redisArgs(input: CacheServerInput): CacheServerArgs {
  const { spec, memoryMebibytes, tls, policy } = input;
  const engine = spec.engine;
  const f = cacheTlsFiles(engine, input.trust);
  // Each ACL rule is its own argument: Redis quotes an argument holding spaces as one value.
  const acl = ['default', 'on', 'nopass', '~*', '&*', '+@all', ...REDIS_DENIED_CATEGORIES.map((c) => `-${c}`)];
  const args = [
    // A cache: bounded memory, least recently used keys evicted, nothing written to disk.
    '--maxmemory', `${memoryMebibytes}mb`, '--maxmemory-policy', 'allkeys-lru', '--save', '', '--appendonly', 'no',
    // Clients are admitted by their certificate; protected mode only knows passwords and loopback.
    '--protected-mode', 'no', '--user', ...acl,
  ];
  if (tls) {
    args.push(
      '--port', '0', '--tls-port', String(engine.port),
      '--tls-cert-file', f.cert, '--tls-key-file', f.key, '--tls-ca-cert-file', f.ca,
      '--tls-auth-clients', 'yes',
      '--tls-protocols', opensslProtocolsFrom(policy.minVersion).join(' '),
      '--tls-ciphers', opensslCipherList(policy.cipherSuites), '--tls-prefer-server-ciphers', 'yes',
    );
  } else {
    args.push('--port', String(engine.port));
  }
  const exporterArgs = [`-redis.addr=${tls ? 'rediss' : 'redis'}://localhost:${engine.port}`, `-web.listen-address=0.0.0.0:${engine.exporterPort}`, '-config-command=-'];
  if (tls) exporterArgs.push(`-tls-client-cert-file=${f.cert}`, `-tls-client-key-file=${f.key}`, `-tls-ca-cert-file=${f.ca}`);
  return { args, exporterArgs };
}
