// The cluster's identity: name, namespace, DNS domain, version, image, size preset, replication factor and
// rule evaluation. Invalid parts are reported; names are still built from defaults so later stages can check.
import * as D from '../defaults';
import { ClusterSize, MimirClusterProps, RuleEvaluation } from '../definition';
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { ClusterNames } from '../names';
import { PRESETS, SizePreset } from '../presets';
import { isDnsLabel, isDnsSubdomain, isPlainObject, isPositiveInt, isServiceName, show } from '../validate';
import { supportedVersions, VersionInfo, versionInfo } from '../version';
import { checkKeys } from './helpers';

const DEFINITION_KEYS = ['name', 'namespace', 'version', 'image', 'clusterDomain', 'storage', 'replicationFactor',
  'ruleEvaluation', 'kvStore', 'size', 'zones', 'rolloutOperator', 'caches', 'components', 'tls', 'certificates',
  'networkPolicies', 'egress', 'monitoring', 'gateway', 'tenancy', 'runtimeConfig', 'alertmanagerFirewall', 'clusterValidation'];

export interface ClusterIdentity {
  /** The definition, or an empty one when it is not an object (reported). */
  readonly def: MimirClusterProps;
  readonly names: ClusterNames;
  /** Undefined when no flag catalog covers the version (reported). */
  readonly version?: VersionInfo;
  readonly image: string;
  readonly size: ClusterSize;
  readonly preset: SizePreset;
  readonly replicationFactor: number;
  readonly ruleEvaluation: RuleEvaluation;
}

export function checkIdentity(problems: Problems, definition: MimirClusterProps, dialect: Dialect): ClusterIdentity {
  const def: MimirClusterProps = isPlainObject(definition) ? definition : ({} as any);
  if (!isPlainObject(definition)) problems.add('definition', `is ${typeof definition}, not an object`, 'Pass a MimirClusterProps object');
  checkKeys(problems, '', def, DEFINITION_KEYS);
  const names = checkNames(problems, def, dialect.appName);
  // A version object, or (from JSON definitions, as the CLI reads them) its release as a string.
  const versionString = def.version === undefined ? dialect.defaultVersion : typeof def.version === 'string' ? def.version : (def.version as any)?.version;
  const version = typeof versionString === 'string' ? versionInfo(versionString, dialect.flagCatalogs, dialect.flagFields) : undefined;
  if (!version) {
    problems.add('version', `${show(versionString)} has no flag catalog`, `Use one of ${supportedVersions(dialect.flagCatalogs).join(', ')} (${dialect.versionHint})`);
  }
  const image = def.image ?? `${dialect.imageRepository}:${dialect.imageTag(String(versionString))}`;
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    problems.add('image', `is ${show(image)}`, 'Give an image reference such as "grafana/mimir:3.0.7"');
  }
  const size = def.size ?? ClusterSize.SMALL;
  if (!Object.values(ClusterSize).includes(size)) problems.add('size', `is ${show(size)}`, `Use one of ${Object.values(ClusterSize).join(', ')}`);
  const preset = (typeof size === 'string' && PRESETS[size]) || PRESETS.small;
  const rf = def.replicationFactor ?? preset.replicationFactor;
  if (!isPositiveInt(rf)) problems.add('replicationFactor', `is ${show(rf)}`, 'Use a whole number of at least 1 (3 for production)');
  const ruleEvaluation = def.ruleEvaluation ?? D.DEFAULT_RULE_EVALUATION;
  if (!Object.values(RuleEvaluation).includes(ruleEvaluation)) {
    problems.add('ruleEvaluation', `is ${show(ruleEvaluation)}`, `Use one of ${Object.values(RuleEvaluation).join(', ')}`);
  }
  return { def, names, version, image, size, preset, replicationFactor: rf, ruleEvaluation };
}

function checkNames(problems: Problems, def: MimirClusterProps, defaultName: string): ClusterNames {
  const name = def.name ?? defaultName;
  if (typeof name !== 'string' || !isServiceName(name)) {
    problems.add('name', `is ${show(name)}, not a DNS-1035 label`, 'Use lower-case letters, digits and "-", starting with a letter, at most 63 characters');
  }
  const namespace = def.namespace ?? defaultName;
  if (typeof namespace !== 'string' || !isDnsLabel(namespace)) {
    problems.add('namespace', `is ${show(namespace)}, not a DNS-1123 label`, 'Use lower-case letters, digits and "-", at most 63 characters');
  }
  const clusterDomain = def.clusterDomain ?? D.DEFAULT_CLUSTER_DOMAIN;
  if (typeof clusterDomain !== 'string' || !isDnsSubdomain(clusterDomain)) {
    problems.add('clusterDomain', `is ${show(clusterDomain)}, not a DNS subdomain`, 'Use the cluster\'s DNS domain, e.g. "cluster.local"');
  }
  return new ClusterNames(
    typeof name === 'string' && isServiceName(name) ? name : defaultName,
    typeof namespace === 'string' && isDnsLabel(namespace) ? namespace : defaultName,
    typeof clusterDomain === 'string' && isDnsSubdomain(clusterDomain) ? clusterDomain : D.DEFAULT_CLUSTER_DOMAIN);
}
