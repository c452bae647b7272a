// Topology sections of the definition: zones, the rollout-operator, the kv store of the rings.
import { EtcdOptions, MimirClusterProps, ZoneOptions } from '../definition';
import { Problems } from '../errors';
import { checkKeys, optionalBoolean, requireString } from './helpers';
import { isDnsLabel, isDnsSubdomain, isPlainObject, isPositiveInt, show } from '../validate';
import { WeakerChoices } from '../tls/policy';

const ZONE_KEYS = ['name', 'nodeSelector'];
const ROLLOUT_KEYS = ['enabled', 'image', 'webhooks'];
const ETCD_KEYS = ['endpoints', 'tlsSecretName', 'serverName'];
const DEFAULT_ROLLOUT_OPERATOR_IMAGE = 'grafana/rollout-operator:v0.32.1';
const HOST_PORT = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:[0-9]{1,5}$/;

/** The etcd the rings live in. */
export interface ResolvedEtcd {
  readonly endpoints: string[];
  readonly secretName?: string;
  readonly serverName: string;
}

export function resolveZones(problems: Problems, zones: ZoneOptions[] | undefined, presetZones: readonly string[], rf: number): ZoneOptions[] {
  const list: ZoneOptions[] = zones === undefined ? presetZones.map((name) => ({ name })) : zones;
  if (!Array.isArray(list)) {
    problems.add('zones', 'is not a list', 'Give a list of { name } or [] to turn zone-awareness off');
    return [];
  }
  list.forEach((z, i) => {
    const field = `zones[${i}]`;
    if (!isPlainObject(z)) { problems.add(field, 'is not an object', 'Give { name: "zone-a" }'); return; }
    checkKeys(problems, field, z, ZONE_KEYS);
    if (typeof z.name !== 'string' || !isDnsLabel(z.name) || z.name.length > 20) problems.add(`${field}.name`, `is ${show(z.name)}`, 'Use a DNS-1123 label of at most 20 characters, e.g. "zone-a"');
    if (list.findIndex((o) => o?.name === z.name) !== i) problems.add(`${field}.name`, `repeats "${z.name}"`, 'Give every zone its own name');
    if (z.nodeSelector !== undefined && (!isPlainObject(z.nodeSelector) || Object.values(z.nodeSelector).some((v) => typeof v !== 'string'))) {
      problems.add(`${field}.nodeSelector`, 'is not a map of strings', 'Give node labels, e.g. { "topology.kubernetes.io/zone": "eu-west-1a" }');
    }
  });
  if (list.length > 0 && isPositiveInt(rf) && list.length < rf) {
    problems.add('zones', `has ${list.length} zones, fewer than replicationFactor ${rf}`, `Give at least ${rf} zones (zone-aware replication puts each replica in another zone) or zones: [] to turn it off`);
  }
  return list.filter((z) => isPlainObject(z));
}

export function resolveRolloutOperator(problems: Problems, options: MimirClusterProps['rolloutOperator'], zoneAware: boolean, byDefault = true) {
  const o = options ?? {};
  if (!isPlainObject(o)) { problems.add('rolloutOperator', 'is not an object', 'Pass RolloutOperatorOptions'); return undefined; }
  checkKeys(problems, 'rolloutOperator', o, ROLLOUT_KEYS);
  const enabled = optionalBoolean(problems, 'rolloutOperator.enabled', o.enabled) ?? (zoneAware && byDefault);
  if (enabled && !zoneAware) problems.add('rolloutOperator.enabled', 'is true, but no component is zone-aware', 'Give zones, or leave the rollout-operator off');
  const image = o.image ?? DEFAULT_ROLLOUT_OPERATOR_IMAGE;
  if (typeof image !== 'string' || /\s/.test(image) || image === '') problems.add('rolloutOperator.image', `is ${show(image)}`, 'Give an image reference');
  const webhooks = optionalBoolean(problems, 'rolloutOperator.webhooks', o.webhooks) ?? true;
  return enabled ? { image, webhooks } : undefined;
}

export function resolveKvStore(problems: Problems, kv: MimirClusterProps['kvStore'], weaker: WeakerChoices): ResolvedEtcd | undefined {
  if (kv === undefined || kv === null) return undefined;
  if (!isPlainObject(kv) || !('etcdOptions' in (kv as object))) {
    problems.add('kvStore', 'is not a KvStore', 'Use KvStore.memberlist() or KvStore.etcd({ endpoints, tlsSecretName })');
    return undefined;
  }
  const o: EtcdOptions | undefined = (kv as any).etcdOptions;
  if (o === undefined) return undefined;
  if (!isPlainObject(o)) { problems.add('kvStore', 'has etcd options that are not an object', 'Use KvStore.etcd({ endpoints, tlsSecretName })'); return undefined; }
  checkKeys(problems, 'kvStore', o, ETCD_KEYS);
  const endpoints = o.endpoints;
  if (!Array.isArray(endpoints) || endpoints.length === 0 || endpoints.some((e) => typeof e !== 'string' || !HOST_PORT.test(e))) {
    problems.add('kvStore.endpoints', `is ${show(endpoints)}`, 'Give etcd endpoints as host:port, e.g. ["etcd-0.etcd.infra.svc:2379"]');
    return undefined;
  }
  const secretName = o.tlsSecretName === undefined ? undefined : requireString(problems, 'kvStore.tlsSecretName', o.tlsSecretName, 'Name a Secret with ca.crt, tls.crt and tls.key for etcd');
  if (o.tlsSecretName === undefined) weaker.add('kvStore.tlsSecretName', 'is not set, so the rings are read and written over plaintext');
  const serverName = o.serverName ?? endpoints[0].replace(/:[0-9]+$/, '');
  if (typeof serverName !== 'string' || !isDnsSubdomain(serverName)) problems.add('kvStore.serverName', `is ${show(serverName)}`, 'Give the DNS name in etcd\'s certificate');
  return { endpoints, secretName, serverName };
}
