// The memcached caches of the definition: deployed in the cluster (with TLS by default) or external.
import { CacheSpec, MEMCACHED_CONNECTION_LIMIT, MEMCACHED_EXPORTER_PORT, MEMCACHED_PORT } from '../catalog/caches';
import { ComponentId } from '../catalog/components';
import { IssuerRefPlan, leafUsages } from '../certs/plan';
import { ResolvedCertificates } from '../check/certificates';
import { checkKeys, optionalBoolean, requireString } from '../check/helpers';
import { CacheOptions, MimirClusterProps, TlsVersion } from '../definition';
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { ResolvedCache } from '../model';
import { ClusterNames, MEMCACHED_PATHS, PATHS, TLS_SECRET_KEYS } from '../names';
import { SizePreset } from '../presets';
import { opensslCipherList } from '../tls/ciphers';
import { ServerTlsPolicy, WeakerChoices } from '../tls/policy';
import { isDnsSubdomain, isPlainObject, isPositiveInt, show } from '../validate';

const CACHE_KEYS = ['enabled', 'replicas', 'memoryMebibytes', 'tls', 'external'];
const EXTERNAL_CACHE_KEYS = ['addresses', 'tlsSecretName', 'serverName', 'clientCertificate'];

/** What every cache resolution reads. */
export interface CacheContext {
  readonly problems: Problems;
  readonly weaker: WeakerChoices;
  readonly preset: SizePreset;
  readonly names: ClusterNames;
  readonly certs: ResolvedCertificates;
  readonly issuerRef: IssuerRefPlan;
  /** The cluster's server policy: memcached serves its minimum version and suites. */
  readonly policy: ServerTlsPolicy;
}

/** The caches that are enabled and have at least one deployed client. */
export function resolveCaches(ctx: CacheContext, options: MimirClusterProps['caches'], dialect: Dialect, has: (id: ComponentId) => boolean): ResolvedCache[] {
  const { problems } = ctx;
  const all = options ?? {};
  if (!isPlainObject(all)) { problems.add('caches', 'is not an object', 'Pass CachesOptions'); return []; }
  checkKeys(problems, 'caches', all, dialect.caches.map((c) => c.optionsKey));
  const out: ResolvedCache[] = [];
  for (const spec of dialect.caches) {
    const field = `caches.${spec.optionsKey}`;
    const o: CacheOptions = (all as any)[spec.optionsKey] ?? {};
    if (!isPlainObject(o)) { problems.add(field, 'is not an object', 'Pass CacheOptions'); continue; }
    checkKeys(problems, field, o, CACHE_KEYS);
    const enabled = optionalBoolean(problems, `${field}.enabled`, o.enabled) ?? ctx.preset.cachesEnabled;
    if (!enabled || !spec.clients.some((c) => c.components.some(has))) continue;
    const cache = o.external !== undefined ? externalCache(ctx, field, spec, o) : deployedCache(ctx, field, spec, o);
    if (cache) out.push(cache);
  }
  return out;
}

function selectorOf(names: ClusterNames, spec: CacheSpec) {
  return { 'app.kubernetes.io/name': 'memcached', 'app.kubernetes.io/instance': names.cluster, 'app.kubernetes.io/component': spec.id };
}

function externalCache(ctx: CacheContext, field: string, spec: CacheSpec, o: CacheOptions): ResolvedCache | undefined {
  const { problems, names, certs } = ctx;
  const external = resolveExternalCache(problems, `${field}.external`, o.external, ctx.weaker);
  for (const k of ['replicas', 'memoryMebibytes', 'tls'] as const) {
    if (o[k] !== undefined) problems.add(`${field}.${k}`, 'is set, but the cache is external and nothing is deployed for it', `Remove ${k}, or remove external`);
  }
  if (!external) return undefined;
  const service = names.component(spec.id);
  const selector = selectorOf(names, spec);
  return {
    id: spec.id, spec, external,
    names: { workload: service, service, serviceAccount: service, pdb: service, tlsSecret: external.secretName ?? '' },
    labels: selector, selector, replicas: 0, memoryMebibytes: 0, tls: external.secretName !== undefined, args: [], exporterArgs: [],
    certificate: { name: service, secretName: '', dnsNames: [], usages: [], privateKey: { algorithm: certs.algorithm, size: certs.size, rotationPolicy: 'Always' }, duration: certs.duration, renewBefore: certs.renewBefore, issuerRef: ctx.issuerRef },
  };
}

function deployedCache(ctx: CacheContext, field: string, spec: CacheSpec, o: CacheOptions): ResolvedCache {
  const { problems, names, certs } = ctx;
  const replicas = o.replicas ?? ctx.preset.caches[spec.optionsKey].replicas;
  if (!isPositiveInt(replicas)) problems.add(`${field}.replicas`, `is ${show(replicas)}`, 'Use a whole number of at least 1');
  const memory = o.memoryMebibytes ?? ctx.preset.caches[spec.optionsKey].memoryMebibytes;
  if (!isPositiveInt(memory) || memory < 64) problems.add(`${field}.memoryMebibytes`, `is ${show(memory)}`, 'Use a whole number of mebibytes, at least 64');
  const tls = optionalBoolean(problems, `${field}.tls`, o.tls) ?? true;
  if (tls === false) ctx.weaker.add(`${field}.tls`, 'serves the cache in plaintext');
  const service = names.component(spec.id);
  const fqdn = names.fqdn(service);
  const tlsSecret = names.tlsSecret(spec.id);
  const selector = selectorOf(names, spec);
  const { args, exporterArgs } = memcachedArgs(ctx, spec, memory, tls, fqdn);
  return {
    id: spec.id, spec,
    names: { workload: service, service, serviceAccount: service, pdb: service, tlsSecret },
    labels: { ...selector, 'app.kubernetes.io/part-of': 'mimir' },
    selector,
    replicas, memoryMebibytes: memory, tls, args, exporterArgs,
    certificate: {
      name: service, secretName: tlsSecret,
      dnsNames: [names.svcShort(service), fqdn, names.podWildcard(service), 'localhost'],
      usages: leafUsages(certs.algorithm),
      privateKey: { algorithm: certs.algorithm, size: certs.size, rotationPolicy: 'Always' },
      duration: certs.duration, renewBefore: certs.renewBefore,
      issuerRef: ctx.issuerRef,
    },
  };
}

/** memcached's and its exporter's arguments. */
function memcachedArgs(ctx: CacheContext, spec: CacheSpec, memory: number, tls: boolean, fqdn: string) {
  const trust = ctx.certs.trust;
  const ca = trust.configMap ? trust.caPath.replace(PATHS.trustDir, MEMCACHED_PATHS.trustDir) : `${MEMCACHED_PATHS.tlsDir}/${TLS_SECRET_KEYS.ca}`;
  const cert = `${MEMCACHED_PATHS.tlsDir}/${TLS_SECRET_KEYS.cert}`;
  const key = `${MEMCACHED_PATHS.tlsDir}/${TLS_SECRET_KEYS.key}`;
  const args = ['-m', String(memory), '-I', spec.maxItemSize.memcached, '-c', String(MEMCACHED_CONNECTION_LIMIT), '-v', `--port=${MEMCACHED_PORT}`];
  // -Z serves TLS only; ssl_verify_mode=2 requires a client certificate from the CA (every client has one);
  // the cluster's minimum version and suites, in memcached's and OpenSSL's words.
  if (tls) {
    const minVersion = ctx.policy.minVersion === TlsVersion.TLS13 ? 3 : 2;
    const ciphers = opensslCipherList(ctx.policy.cipherSuites);
    args.push('-Z', '-o', `ssl_chain_cert=${cert},ssl_key=${key},ssl_ca_cert=${ca},ssl_verify_mode=2,ssl_min_version=${minVersion},ssl_ciphers=${ciphers}`);
  }
  const exporterArgs = [`--memcached.address=localhost:${MEMCACHED_PORT}`, `--web.listen-address=0.0.0.0:${MEMCACHED_EXPORTER_PORT}`];
  if (tls) exporterArgs.push('--memcached.tls.enable', `--memcached.tls.cert-file=${cert}`, `--memcached.tls.key-file=${key}`, `--memcached.tls.ca-file=${ca}`, `--memcached.tls.server-name=${fqdn}`);
  return { args, exporterArgs };
}

function resolveExternalCache(problems: Problems, field: string, o: any, weaker: WeakerChoices): ResolvedCache['external'] {
  if (!isPlainObject(o)) { problems.add(field, 'is not an object', 'Give { addresses, tlsSecretName }'); return undefined; }
  checkKeys(problems, field, o, EXTERNAL_CACHE_KEYS);
  const addresses = o.addresses;
  if (!Array.isArray(addresses) || addresses.length === 0 || addresses.some((a: unknown) => typeof a !== 'string' || !/^(dns\+|dnssrv\+|dnssrvnoa\+)?[a-z0-9_.-]+(:[0-9]{1,5})?$/.test(a))) {
    problems.add(`${field}.addresses`, `is ${show(addresses)}`, 'Give a list of host:port (or dns+host:port) addresses');
    return undefined;
  }
  const secretName = o.tlsSecretName === undefined ? undefined : requireString(problems, `${field}.tlsSecretName`, o.tlsSecretName, 'Name a Secret with the cache\'s CA as ca.crt');
  if (o.tlsSecretName === undefined) weaker.add(`${field}.tlsSecretName`, 'is not set, so the cache is reached in plaintext');
  const firstHost = String(addresses[0]).replace(/^[a-z+]*\+/, '').replace(/:[0-9]+$/, '');
  const serverName = o.serverName ?? firstHost;
  if (typeof serverName !== 'string' || !isDnsSubdomain(serverName)) problems.add(`${field}.serverName`, `is ${show(serverName)}`, 'Give the DNS name in the cache\'s certificate');
  const clientCertificate = optionalBoolean(problems, `${field}.clientCertificate`, o.clientCertificate) ?? false;
  if (clientCertificate && !secretName) problems.add(`${field}.clientCertificate`, 'is true without tlsSecretName', 'Give the Secret holding tls.crt and tls.key');
  return { addresses: addresses.join(','), secretName, serverName, clientCertificate };
}
