// What restricted egress changes in a component's own flags: Mimir's anonymous usage reporting would call
// stats.grafana.org, which no policy admits, so it is off (a tuning default: extraFlags may turn it back on, with an
// egress rule of the user's own). Dropped for versions without the flag (Cortex).
import { Flag } from '../flag';
import { FlagContext } from './context';

export function egressFlags({ checked }: FlagContext): Flag[] {
  return checked.egress ? [{ name: 'usage-stats.enabled', value: 'false', role: 'tuning' }] : [];
}
