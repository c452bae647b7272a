// Cache clients: backend, addresses, item size and client tuning.
import { Flag } from '../flag';
import { FlagContext } from './context';

export function cacheFlags({ links }: FlagContext): Flag[] {
  return links.flatMap((l) => l.cacheFlags ?? []);
}
