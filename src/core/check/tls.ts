// The cluster's `tls` section: the server policy every component inherits, memberlist TLS, per-edge overrides
// and the acknowledgement of weaker choices.
import { TlsOptions } from '../definition';
import { Problems } from '../errors';
import {
  CLUSTER_ONLY_TLS_KEYS, DEFAULT_SERVER_POLICY, EdgeOverride, resolveEdgeOverrides, resolveServerTls, ServerTlsPolicy,
  WeakerChoices,
} from '../tls/policy';
import { isPlainObject } from '../validate';
import { optionalBoolean } from './helpers';

export interface ClusterTls {
  readonly policy: ServerTlsPolicy;
  readonly memberlist: boolean;
  readonly acknowledged: boolean;
  /** Keyed `<prefix>|<from>`. */
  readonly edgeOverrides: ReadonlyMap<string, EdgeOverride>;
}

export function checkClusterTls(problems: Problems, tls: TlsOptions | undefined, weaker: WeakerChoices): ClusterTls {
  const policy = resolveServerTls(problems, 'tls', tls, DEFAULT_SERVER_POLICY, weaker, CLUSTER_ONLY_TLS_KEYS);
  const opts: any = isPlainObject(tls ?? {}) ? tls ?? {} : {};
  const memberlist = optionalBoolean(problems, 'tls.memberlist', opts.memberlist) ?? true;
  if (!memberlist) weaker.add('tls.memberlist', 'sends gossip in plaintext');
  const acknowledged = optionalBoolean(problems, 'tls.acknowledgeWeakerSecurity', opts.acknowledgeWeakerSecurity) ?? false;
  const edgeOverrides = resolveEdgeOverrides(problems, opts.edges, weaker);
  return { policy, memberlist, acknowledged, edgeOverrides };
}
