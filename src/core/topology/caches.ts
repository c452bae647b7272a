// The caches of the definition: deployed in the cluster (memcached or Redis, with TLS by default) or external.
import { CacheSpec } from '../catalog/caches';
import { ComponentId } from '../catalog/components';
import { IssuerRefPlan, leafUsages } from '../certs/plan';
import { ResolvedCertificates } from '../check/certificates';
import { checkKeys, optionalBoolean, requireString } from '../check/helpers';
import { CacheOptions, MimirClusterProps } from '../definition';
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { ResolvedCache } from '../model';
import { ClusterNames } from '../names';
import { SizePreset } from '../presets';
import { ServerTlsPolicy, WeakerChoices } from '../tls/policy';
import { isDnsSubdomain, isPlainObject, isPositiveInt, show } from '../validate';
import { cacheServerArgs } from './cache-servers';

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
  /** The value of the pods' `app.kubernetes.io/part-of` label. */
  readonly partOf: string;
  /** The cluster's server policy: the cache servers serve its minimum version and suites. */
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
    const explicit = optionalBoolean(problems, `${field}.enabled`, o.enabled);
    if (spec.refused) {
      // A preset's default leaves it out; asking for it is refused with the reason.
      if (explicit === true || (explicit === undefined && Object.keys(o).length > 0)) problems.add(field, spec.refused.problem, spec.refused.fix);
      continue;
    }
    const enabled = explicit ?? ctx.preset.cachesEnabled;
    if (!enabled || !spec.clients.some((c) => c.components.some(has))) continue;
    const cache = o.external !== undefined ? externalCache(ctx, field, spec, o) : deployedCache(ctx, field, spec, o);
    if (cache) out.push(cache);
  }
  return out;
}

function selectorOf(names: ClusterNames, spec: CacheSpec) {
  return { 'app.kubernetes.io/name': spec.engine.id, 'app.kubernetes.io/instance': names.cluster, 'app.kubernetes.io/component': spec.id };
}

function externalCache(ctx: CacheContext, field: string, spec: CacheSpec, o: CacheOptions): ResolvedCache | undefined {
  const { problems, names, certs } = ctx;
  const external = resolveExternalCache(problems, `${field}.external`, o.external, ctx.weaker, spec);
  for (const k of ['replicas', 'memoryMebibytes', 'tls'] as const) {
    if (o[k] !== undefined) problems.add(`${field}.${k}`, 'is set, but the cache is external and nothing is deployed for it', `Remove ${k}, or remove external`);
  }
  if (!external) return undefined;
  const service = names.component(spec.id);
  const selector = selectorOf(names, spec);
  return {
    id: spec.id, spec, external,
    names: { workload: service, service, serviceAccount: service, pdb: service, tlsSecret: external.secretName ?? '' },
    labels: selector, selector, replicas: 0, memoryMebibytes: 0, containerMemoryMebibytes: 0, tls: external.secretName !== undefined, args: [], exporterArgs: [],
    certificate: { name: service, secretName: '', dnsNames: [], usages: [], privateKey: { algorithm: certs.algorithm, size: certs.size, rotationPolicy: 'Always' }, duration: certs.duration, renewBefore: certs.renewBefore, issuerRef: ctx.issuerRef },
  };
}

function deployedCache(ctx: CacheContext, field: string, spec: CacheSpec, o: CacheOptions): ResolvedCache {
  const { problems, names, certs } = ctx;
  const { maxReplicas } = spec.engine;
  const preset = ctx.preset.caches[spec.optionsKey].replicas;
  const replicas = o.replicas ?? (maxReplicas === undefined ? preset : Math.min(preset, maxReplicas));
  if (!isPositiveInt(replicas)) problems.add(`${field}.replicas`, `is ${show(replicas)}`, 'Use a whole number of at least 1');
  else if (maxReplicas !== undefined && replicas > maxReplicas) {
    problems.add(`${field}.replicas`, `is ${replicas}, but the ${spec.engine.id} cache's clients reach ${maxReplicas} server (they spread keys only over a ${spec.engine.id} cluster, which the library does not deploy)`, `Leave replicas out (${maxReplicas}) and give the cache more memoryMebibytes`);
  }
  const memory = o.memoryMebibytes ?? ctx.preset.caches[spec.optionsKey].memoryMebibytes;
  if (!isPositiveInt(memory) || memory < 64) problems.add(`${field}.memoryMebibytes`, `is ${show(memory)}`, 'Use a whole number of mebibytes, at least 64');
  const tls = optionalBoolean(problems, `${field}.tls`, o.tls) ?? true;
  if (tls === false) ctx.weaker.add(`${field}.tls`, 'serves the cache in plaintext');
  const service = names.component(spec.id);
  const fqdn = names.fqdn(service);
  const tlsSecret = names.tlsSecret(spec.id);
  const selector = selectorOf(names, spec);
  const { args, exporterArgs } = cacheServerArgs({ spec, memoryMebibytes: memory, tls, fqdn, policy: ctx.policy, trust: certs.trust });
  return {
    id: spec.id, spec,
    names: { workload: service, service, serviceAccount: service, pdb: service, tlsSecret },
    labels: { ...selector, 'app.kubernetes.io/part-of': ctx.partOf },
    selector,
    replicas, memoryMebibytes: memory, containerMemoryMebibytes: Math.ceil(memory * spec.engine.memoryHeadroom), tls, args, exporterArgs,
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

function resolveExternalCache(problems: Problems, field: string, o: any, weaker: WeakerChoices, spec: CacheSpec): ResolvedCache['external'] {
  if (!isPlainObject(o)) { problems.add(field, 'is not an object', 'Give { addresses, tlsSecretName }'); return undefined; }
  checkKeys(problems, field, o, EXTERNAL_CACHE_KEYS);
  const addresses = o.addresses;
  const prefixes = spec.engine.addressPrefixes;
  const prefix = prefixes.length ? `(${prefixes.map((p) => p.replace('+', '\\+')).join('|')})?` : '';
  const valid = new RegExp(`^${prefix}[a-z0-9_.-]+(:[0-9]{1,5})?$`);
  if (!Array.isArray(addresses) || addresses.length === 0 || addresses.some((a: unknown) => typeof a !== 'string' || !valid.test(a))) {
    const forms = prefixes.length ? `host:port (or ${prefixes.map((p) => `${p}host:port`).join(', ')})` : `host:port (${spec.engine.id}: the client resolves no dns+ forms; several addresses mean one ${spec.engine.id} cluster)`;
    problems.add(`${field}.addresses`, `is ${show(addresses)}`, `Give a list of ${forms} addresses`);
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
