// A component's workload settings: replicas (enough for its ring and zones), resources, persistent volume,
// termination grace, GOMAXPROCS and GOMEMLIMIT.
import { CheckedDefinition } from '../check/check';
import { CheckedComponent } from '../check/components';
import { resolveResources } from '../check/resources';
import { ComponentId, RingId } from '../catalog/components';
import { WorkloadDefaults } from '../catalog/production';
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { ResolvedComponent, ResolvedResources } from '../model';
import { isDnsSubdomain, isPositiveInt, isQuantity, show } from '../validate';

export interface ComponentWorkload {
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly storage?: ResolvedComponent['storage'];
  readonly settings: WorkloadDefaults;
  readonly terminationGracePeriodSeconds: number;
  readonly goMaxProcs?: number;
  readonly zoned: boolean;
}

export function resolveWorkload(problems: Problems, checked: CheckedDefinition, dialect: Dialect, c: CheckedComponent): ComponentWorkload {
  const { spec, field, options: opts } = c;
  const preset = checked.preset.components[spec.optionsKey];
  const rf = checked.replicationFactor;
  const zones = checked.zones.length;
  const replicas = opts.replicas ?? preset.replicas;
  const zoned = zones > 0 && spec.zoneAwareRing !== undefined;
  if (!isPositiveInt(replicas)) problems.add(`${field}.replicas`, `is ${show(replicas)}`, 'Use a whole number of at least 1');
  else if (spec.rings.some((r) => ownsRing(spec.id, r)) && isPositiveInt(rf) && replicas < rf) {
    problems.add(`${field}.replicas`, `is ${replicas}, fewer than replicationFactor ${rf}`, `Set replicas to at least ${rf} or lower replicationFactor`);
  } else if (zoned && replicas < zones) {
    problems.add(`${field}.replicas`, `is ${replicas}, fewer than the ${zones} zones`, `Set replicas to at least ${zones} (one per zone) or use fewer zones`);
  }
  const resources = resolveResources(problems, `${field}.resources`, opts.resources, preset);
  const storage = resolveVolume(problems, c, preset.storageSize);
  if (opts.tlsSecretName !== undefined && (typeof opts.tlsSecretName !== 'string' || !isDnsSubdomain(opts.tlsSecretName))) {
    problems.add(`${field}.tlsSecretName`, `is ${show(opts.tlsSecretName)}`, 'Name an existing kubernetes.io/tls Secret in the cluster\'s namespace');
  }
  const settings = dialect.tuning.workloads[spec.id];
  const tgps = opts.terminationGracePeriodSeconds ?? settings.terminationGracePeriodSeconds;
  if (!Number.isInteger(tgps) || tgps < 0) problems.add(`${field}.terminationGracePeriodSeconds`, `is ${show(tgps)}`, 'Use a whole number of seconds');
  const goMaxProcs = opts.goMaxProcs ?? settings.goMaxProcs?.(resources.cpuMillis / 1000);
  if (goMaxProcs !== undefined && !isPositiveInt(goMaxProcs)) problems.add(`${field}.goMaxProcs`, `is ${show(goMaxProcs)}`, 'Use a whole number of at least 1');
  return { replicas, resources, storage, settings, terminationGracePeriodSeconds: tgps, goMaxProcs, zoned };
}

/** A stateful component's persistent volume; a stateless one has none and refuses volume options. */
function resolveVolume(problems: Problems, c: CheckedComponent, presetSize: string | undefined): ComponentWorkload['storage'] {
  const { spec, field, options: opts } = c;
  if (spec.workload !== 'StatefulSet') {
    for (const k of ['storageSize', 'storageClassName'] as const) {
      if (opts[k] !== undefined) problems.add(`${field}.${k}`, `is set, but ${spec.id} is stateless and has no persistent volume`, `Remove ${k}`);
    }
    return undefined;
  }
  const size = opts.storageSize ?? presetSize!;
  if (typeof size !== 'string' || !isQuantity(size)) problems.add(`${field}.storageSize`, `is ${show(size)}`, 'Use a Kubernetes quantity such as "50Gi"');
  if (opts.storageClassName !== undefined && (typeof opts.storageClassName !== 'string' || !isDnsSubdomain(opts.storageClassName))) {
    problems.add(`${field}.storageClassName`, `is ${show(opts.storageClassName)}`, 'Use the name of a StorageClass');
  }
  return { size, storageClassName: opts.storageClassName };
}

/** The component that holds a ring (and so needs at least `replicationFactor` replicas), as opposed to readers. */
function ownsRing(id: ComponentId, ring: RingId): boolean {
  return ring.startsWith(`${id}.`);
}
