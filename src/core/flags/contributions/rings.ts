// The rings a component is a member of or reads: replication factor, heartbeat timeout and zone-awareness, which
// members and readers must agree on.
import { show } from '../../validate';
import { Flag } from '../flag';
import { FlagContext } from './context';

export function ringFlags({ dialect, checked, component }: FlagContext): Flag[] {
  const f = dialect.flags;
  const tuning = dialect.tuning;
  const zoneAware = checked.zones.length > 0;
  const flags: Flag[] = [];
  for (const ring of component.spec.rings) {
    flags.push({ name: f.ringReplicationFactor(ring), value: show(checked.replicationFactor), role: 'ring' });
    const timeout = tuning.ringHeartbeatTimeout[ring];
    if (timeout) flags.push({ name: f.ringHeartbeatTimeout(ring), value: timeout, role: 'tuning' });
    if (zoneAware) {
      flags.push({ name: f.ringZoneAwareness(ring), value: 'true', role: 'ring' });
      const prefix = tuning.zoneAwareRingPrefix[ring];
      if (prefix) flags.push({ name: f.ringPrefix(ring), value: prefix, role: 'ring' });
    }
  }
  return flags;
}
