// Stage 2: topology. Who is deployed and how they find each other: the components, the caches with a deployed
// client, the gossip members (none when the rings live in etcd), the rings that move to etcd, the issuer and
// the files every TLS stack reads.
import { ComponentId } from '../catalog/components';
import { IssuerRefPlan } from '../certs/plan';
import { CheckedDefinition } from '../check/check';
import { IssuerKind } from '../definition';
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { TlsFiles } from '../flags/tls';
import { ResolvedCache } from '../model';
import { PATHS, TLS_SECRET_KEYS } from '../names';
import { WeakerChoices } from '../tls/policy';
import { resolveCaches } from './caches';

export interface Topology {
  readonly has: (id: ComponentId) => boolean;
  readonly caches: readonly ResolvedCache[];
  readonly gossipMembers: readonly ComponentId[];
  /** Ring prefixes whose kv store is etcd (empty with memberlist). */
  readonly etcdRings: readonly string[];
  readonly issuerRef: IssuerRefPlan;
  /** The component's own certificate, key and CA, as mounted in every Mimir pod. */
  readonly tlsFiles: TlsFiles;
  readonly baseLabels: { readonly [key: string]: string };
}

export function resolveTopology(problems: Problems, weaker: WeakerChoices, checked: CheckedDefinition, dialect: Dialect): Topology {
  const { names, certs, version, etcd } = checked;
  const ids = new Set(checked.components.map((c) => c.spec.id));
  const has = (id: ComponentId) => ids.has(id);
  const issuerRef: IssuerRefPlan = certs.issuerRef ?? { name: names.caIssuer, kind: IssuerKind.ISSUER, group: 'cert-manager.io' };
  const caches = resolveCaches({ problems, weaker, preset: checked.preset, names, certs, issuerRef, policy: checked.tls.policy, partOf: dialect.appName }, checked.def.caches, dialect, has);
  return {
    has,
    caches,
    // With etcd as the kv store nothing gossips.
    gossipMembers: etcd ? [] : checked.components.filter((c) => c.spec.gossipMember).map((c) => c.spec.id),
    etcdRings: etcd && version ? dialect.flags.etcdRings(version.flags) : [],
    issuerRef,
    tlsFiles: {
      certPath: `${PATHS.tlsDir}/${TLS_SECRET_KEYS.cert}`,
      keyPath: `${PATHS.tlsDir}/${TLS_SECRET_KEYS.key}`,
      caPath: certs.trust.caPath,
    },
    baseLabels: { 'app.kubernetes.io/name': dialect.appName, 'app.kubernetes.io/instance': names.cluster },
  };
}
