// Memberlist: the gossip port, the join address and the TLS block. Memberlist's listener serves with its client
// settings, so every member writes certificate and key.
import { clientTlsFlags } from '../tls';
import { Flag } from '../flag';
import { FlagContext } from './context';
import { PORTS } from '../../names';

export function memberlistFlags({ dialect, gossip, links }: FlagContext): Flag[] {
  if (!gossip) return [];
  const flags: Flag[] = [{ name: dialect.flags.memberlistBindPort, value: String(PORTS.gossip.port), role: 'memberlist' }];
  for (const link of links.filter((l) => l.kind === 'memberlist')) {
    if (link.address) flags.push(link.address);
    const t = link.tls!;
    flags.push(...clientTlsFlags(link.prefix, t.files, t.serverName, t.policy, t.mode, t.shape).map((x) => ({ ...x, role: 'memberlist' as const })));
  }
  return flags;
}
