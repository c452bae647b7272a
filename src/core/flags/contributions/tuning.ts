// Production tuning: flags every server carries, the component's own defaults (memberlist tuning only where
// memberlist runs), and result caching where a results cache is deployed. All role 'tuning': overridable.
import { Flag } from '../flag';
import { FlagContext } from './context';

export function tuningFlags({ dialect, topology, component, gossip }: FlagContext): Flag[] {
  const t = dialect.tuning;
  const id = component.spec.id;
  const flags: Flag[] = Object.entries(t.everyServer).map(([name, value]) => ({ name, value, role: 'tuning' }));
  for (const [name, value] of Object.entries(t.components[id])) if (gossip || !name.startsWith('memberlist.')) flags.push({ name, value, role: 'tuning' });
  // Caching results needs a results cache; without one Mimir refuses to start.
  const caching = t.resultsCaching;
  if (id === caching.component && topology.caches.some((c) => c.id === 'results-cache')) flags.push({ name: caching.flag, value: caching.value, role: 'tuning' });
  return flags;
}
