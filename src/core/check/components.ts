// Which components are deployed, with their options and server TLS policy: this decides which edges exist.
import { ComponentSpec } from '../catalog/components';
import { ComponentOptions, MimirClusterProps } from '../definition';
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { resolveServerTls, ServerTlsPolicy, WeakerChoices } from '../tls/policy';
import { isPlainObject } from '../validate';
import { checkKeys, optionalBoolean } from './helpers';

const COMPONENT_KEYS = ['enabled', 'replicas', 'resources', 'storageSize', 'storageClassName', 'extraFlags', 'tlsSecretName',
  'terminationGracePeriodSeconds', 'goMaxProcs', 'tls'];

/** A deployed component as the definition gives it. */
export interface CheckedComponent {
  readonly spec: ComponentSpec;
  /** `components.<optionsKey>`: the field problems name. */
  readonly field: string;
  readonly options: ComponentOptions;
  readonly serverTls: ServerTlsPolicy;
}

export function checkComponents(problems: Problems, comps: MimirClusterProps['components'], dialect: Dialect, clusterTls: ServerTlsPolicy, weaker: WeakerChoices): CheckedComponent[] {
  const all = comps === undefined ? {} : comps;
  if (!isPlainObject(all)) problems.add('components', 'is not an object', 'Pass an object keyed by component, e.g. { ingester: { replicas: 3 } }');
  else checkKeys(problems, 'components', all, dialect.components.map((c) => c.optionsKey));
  const out: CheckedComponent[] = [];
  for (const spec of dialect.components) {
    const field = `components.${spec.optionsKey}`;
    const raw = isPlainObject(all) ? (all as any)[spec.optionsKey] : undefined;
    const options: ComponentOptions = raw === undefined || raw === null ? {} : raw;
    if (!isPlainObject(options)) { problems.add(field, 'is not an object', 'Pass ComponentOptions, e.g. { replicas: 2 }'); continue; }
    checkKeys(problems, field, options, COMPONENT_KEYS);
    optionalBoolean(problems, `${field}.enabled`, options.enabled);
    if (options.enabled === false && !spec.optional) {
      problems.add(`${field}.enabled`, `is false, but ${spec.id} is required by Mimir's read and write paths`, 'Remove the setting; only ruler, alertmanager and overridesExporter can be disabled');
    }
    if (options.enabled === false && spec.optional) continue;
    out.push({ spec, field, options, serverTls: resolveServerTls(problems, `${field}.tls`, options.tls, clusterTls, weaker) });
  }
  return out;
}
