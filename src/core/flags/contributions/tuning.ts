// Production tuning: flags every server carries, the component's own defaults (memberlist tuning only where
// memberlist runs, flags that need a cache only where it is deployed), and result caching where a results cache
// is deployed. All role 'tuning': overridable.
import { Flag } from '../flag';
import { FlagContext } from './context';

export function tuningFlags({ dialect, topology, component, gossip }: FlagContext): Flag[] {
  const t = dialect.tuning;
  const id = component.spec.id;
  const flags: Flag[] = Object.entries(t.everyServer).map(([name, value]) => ({ name, value, role: 'tuning' }));
  const deployed = (cache: string) => topology.caches.some((c) => c.id === cache);
  for (const [name, value] of Object.entries(t.components[id])) {
    const needs = t.requiresCache[name];
    if ((gossip || !name.startsWith('memberlist.')) && (!needs || deployed(needs))) flags.push({ name, value, role: 'tuning' });
  }
  // Caching results needs a results cache; without one Mimir refuses to start.
  const caching = t.resultsCaching;
  if (caching && id === caching.component && deployed('results-cache')) flags.push({ name: caching.flag, value: caching.value, role: 'tuning' });
  return flags;
}
