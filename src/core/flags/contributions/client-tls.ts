// One complete client TLS block per edge the component dials (components, then caches). Memberlist writes its own.
import { Flag } from '../flag';
import { clientTlsFlags } from '../tls';
import { FlagContext } from './context';

export function clientTlsContribution({ links }: FlagContext): Flag[] {
  return links.filter((l) => l.kind !== 'memberlist' && l.tls)
    .flatMap((l) => clientTlsFlags(l.prefix, l.tls!.files, l.tls!.serverName, l.tls!.policy, l.tls!.mode));
}
