// The addresses of the servers a component dials by name (scheduler, query-frontend, alertmanager).
import { Flag } from '../flag';
import { FlagContext } from './context';

export function addressFlags({ links }: FlagContext): Flag[] {
  return links.filter((l) => l.kind === 'component' && l.address).map((l) => l.address!);
}
