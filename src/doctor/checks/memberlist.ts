// Memberlist: one TLS switch for every member. A member without TLS cannot gossip with the others, and the rings
// split.
import { isGossipMember } from '../graph';
import { Check } from './context';

export const memberlist: Check = (ctx) => {
  const members = ctx.workloads.filter(isGossipMember);
  const on = members.filter((w) => ['true', '1'].includes(w.flags.get('memberlist.tls-enabled') ?? ''));
  if (on.length === 0 || on.length === members.length) return [];
  const off = members.filter((w) => !on.includes(w));
  return off.map((w) => ({
    severity: 'error' as const, check: 'memberlist.mixed-tls', components: [w.name, ...on.map((x) => x.name)],
    message: `${w.name} gossips in plaintext while ${on.map((x) => x.name).join(', ')} gossip over TLS: their memberlist connections fail and the rings split`,
    fix: 'Set -memberlist.tls-enabled=true with certificate, key and CA on every member, or on none',
    source: w.object.source,
  }));
};
