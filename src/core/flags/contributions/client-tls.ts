// One complete client TLS block per edge the component dials (components, then caches). Memberlist writes its own.
import { Flag } from '../flag';
import { clientTlsFlags } from '../tls';
import { FlagContext } from './context';

export function clientTlsContribution({ links }: FlagContext): Flag[] {
  // One block per prefix: a prefix dialling two kinds of server (Cortex's querier.frontend-client reaches the
  // schedulers and the frontends) has one server name both carry.
  const seen = new Map<string, string>();
  return links.filter((l) => l.kind !== 'memberlist' && l.tls).flatMap((l) => {
    const t = l.tls!;
    const key = `${t.serverName}|${t.mode}`;
    if (seen.has(l.prefix)) {
      if (seen.get(l.prefix) !== key) throw new Error(`internal: two TLS blocks for ${l.prefix}: ${seen.get(l.prefix)} and ${key}`);
      return [];
    }
    seen.set(l.prefix, key);
    return clientTlsFlags(l.prefix, t.files, t.serverName, t.policy, t.mode, t.shape);
  });
}
