// One StatefulSet per zone for a zone-aware component: replicas spread evenly, the zone's nodes, and the flag
// only that zone's pods carry.
import { CheckedDefinition } from '../check/check';
import { CheckedComponent } from '../check/components';
import { Dialect } from '../dialect/dialect';
import { ResolvedZone } from '../model';
import { isPositiveInt } from '../validate';

export function resolveZoneList(checked: CheckedDefinition, dialect: Dialect, c: CheckedComponent, replicas: number, zoned: boolean): ResolvedZone[] | undefined {
  const ring = c.spec.zoneAwareRing;
  if (!zoned || !ring || !isPositiveInt(replicas)) return undefined;
  const zones = checked.zones;
  const service = checked.names.component(c.spec.id);
  return zones.map((z, i) => ({
    name: z.name,
    replicas: Math.floor(replicas / zones.length) + (i < replicas % zones.length ? 1 : 0),
    workload: `${service}-${z.name}`,
    nodeSelector: z.nodeSelector,
    flags: [{ name: dialect.flags.ringInstanceZone(ring), value: z.name, role: 'zone' }],
  }));
}
