// Stage 4b: a component's flags, assembled from contributions.
//
// The ordering rule: a component's args are the flags of the contributions below, in the order of this list,
// each contribution's flags in the order it returns them. Then two transforms run: tuning defaults the version
// does not have are dropped (a default, not a feature), and `extraFlags` override tuning defaults in place and
// append the rest. A new flag family is a new module in contributions/ plus one line in CONTRIBUTIONS.
import { Problems } from '../errors';
import { addressFlags } from './contributions/addresses';
import { cacheFlags } from './contributions/caches';
import { clientTlsContribution } from './contributions/client-tls';
import { clusterValidationFlags } from './contributions/cluster-validation';
import { Contribution, FlagContext } from './contributions/context';
import { egressFlags } from './contributions/egress';
import { etcdFlags } from './contributions/etcd';
import { identityFlags } from './contributions/identity';
import { memberlistFlags } from './contributions/memberlist';
import { ringFlags } from './contributions/rings';
import { serverTlsContribution } from './contributions/server-tls';
import { objectStorageFlags } from './contributions/storage';
import { tenancyFlags } from './contributions/tenancy';
import { tuningFlags } from './contributions/tuning';
import { wiringFlags } from './contributions/wiring';
import { resolveExtraFlags } from './extra';
import { Flag } from './flag';

export const CONTRIBUTIONS: readonly Contribution[] = [
  identityFlags,
  objectStorageFlags,
  ringFlags,
  wiringFlags,
  memberlistFlags,
  etcdFlags,
  addressFlags,
  serverTlsContribution,
  clientTlsContribution,
  cacheFlags,
  tenancyFlags,
  clusterValidationFlags,
  egressFlags,
  tuningFlags,
];

export function assembleFlags(problems: Problems, ctx: FlagContext): Flag[] {
  const version = ctx.checked.version;
  let flags = CONTRIBUTIONS.flatMap((contribute) => contribute(ctx));
  if (version) flags = flags.filter((f) => f.role !== 'tuning' || version.flags.has(f.name));
  return resolveExtraFlags(problems, ctx.component.field, ctx.component.options.extraFlags, flags, version, ctx.dialect.refusedExtraFlags);
}
