// Cluster validation: on where the version has dskit's flags (Mimir 3.0+), with one label for the whole cluster.
import { MimirClusterProps } from '../definition';
import { Problems } from '../errors';
import { ClusterNames } from '../names';
import { isPlainObject, show } from '../validate';
import { VersionInfo } from '../version';
import { checkKeys, optionalBoolean } from './helpers';

/** The flag whose presence in a version's catalog says it can validate. */
export const CLUSTER_VALIDATION_FLAG = 'server.cluster-validation.label';
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The flag whose presence says a version can validate HTTP requests. */
export const HTTP_CLUSTER_VALIDATION_FLAG = 'server.cluster-validation.http.enabled';

export interface CheckedClusterValidation {
  readonly label: string;
  /** HTTP requests are validated too. */
  readonly http: boolean;
}

/** The label of a cluster that validates, or undefined. */
export function checkClusterValidation(problems: Problems, def: MimirClusterProps, names: ClusterNames, version: VersionInfo | undefined, product: string): CheckedClusterValidation | undefined {
  const o: any = def.clusterValidation ?? {};
  if (!isPlainObject(o)) {
    problems.add('clusterValidation', `is ${show(o)}`, 'Give { enabled, label }');
    return undefined;
  }
  checkKeys(problems, 'clusterValidation', o, ['enabled', 'label', 'http']);
  const supported = version?.flags.has(CLUSTER_VALIDATION_FLAG) ?? false;
  const enabled = optionalBoolean(problems, 'clusterValidation.enabled', o.enabled);
  if (enabled === true && !supported && version) {
    problems.add('clusterValidation.enabled', `is true, but ${product} ${version.version} has no cluster validation flags`, 'Use Mimir 3.0 or later, or leave clusterValidation out');
  }
  const label = o.label ?? `${names.cluster}.${names.namespace}`;
  if (typeof label !== 'string' || !LABEL.test(label)) problems.add('clusterValidation.label', `is ${show(label)}`, 'Use 1 to 63 letters, digits and . _ -, starting with a letter or digit');
  const http = optionalBoolean(problems, 'clusterValidation.http', o.http) ?? false;
  if (http && enabled === false) problems.add('clusterValidation.http', 'is true, but clusterValidation.enabled is false', 'Remove http, or enable cluster validation');
  if (http && version && !version.flags.has(HTTP_CLUSTER_VALIDATION_FLAG)) problems.add('clusterValidation.http', `is true, but ${product} ${version.version} has no ${HTTP_CLUSTER_VALIDATION_FLAG} flag`, 'Use Mimir 3.0 or later, or remove http');
  return supported && enabled !== false ? { label: String(label), http } : undefined;
}
