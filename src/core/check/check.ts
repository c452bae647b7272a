// Stage 1: check and default the definition. Each section is checked by its own module, in the order the
// definition reads; every problem is collected, none thrown here.
import { MimirClusterProps, ZoneOptions } from '../definition';
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { WeakerChoices } from '../tls/policy';
import { ResolvedCertificates, resolveCertificates } from './certificates';
import { ClusterIdentity, checkIdentity } from './cluster';
import { CheckedComponent, checkComponents } from './components';
import { CheckedGateway, checkGateway, federationNeeds } from './gateway';
import { ResolvedStorage, resolveStorage } from './storage';
import { CheckedClusterValidation, checkClusterValidation } from './cluster-validation';
import { CheckedTenancy, CheckedTenantOverrides, checkRuntimeOverrides, checkTenancy } from './tenancy';
import { ClusterTls, checkClusterTls } from './tls';
import { ResolvedEtcd, resolveKvStore, resolveRolloutOperator, resolveZones } from './topology';
import { CheckedEgress, checkEgress } from './egress';
import { optionalBoolean } from './helpers';
import { isPlainObject } from '../validate';


export interface CheckedDefinition extends ClusterIdentity {
  readonly tls: ClusterTls;
  readonly storage?: ResolvedStorage;
  readonly etcd?: ResolvedEtcd;
  readonly certs: ResolvedCertificates;
  readonly zones: readonly ZoneOptions[];
  readonly rollout?: { readonly image: string; readonly webhooks: boolean };
  /** The deployed components, in catalog order. */
  readonly components: readonly CheckedComponent[];
  /** The gateway, when deployed. */
  readonly gateway?: CheckedGateway;
  readonly tenancy: CheckedTenancy;
  /** The cluster's validation label, where gRPC requests are validated. */
  readonly clusterValidation?: CheckedClusterValidation;
  /** Per-tenant runtime overrides, by tenant in name order. */
  readonly overrides: readonly CheckedTenantOverrides[];
  /** NetworkPolicies are rendered (`networkPolicies`, default true). */
  readonly networkPolicies: boolean;
  /** Where pods may connect beyond each other; undefined when egress is not restricted. */
  readonly egress?: CheckedEgress;
}

export function checkDefinition(problems: Problems, weaker: WeakerChoices, definition: MimirClusterProps, dialect: Dialect): CheckedDefinition {
  for (const u of dialect.unsupported) if (u.isSet(definition)) problems.add(u.field, u.problem, u.fix);
  const identity = checkIdentity(problems, definition, dialect);
  const { def, preset, replicationFactor } = identity;
  const tls = checkClusterTls(problems, def.tls, weaker);
  const storage = resolveStorage(problems, def.storage, identity.version, dialect);
  const etcd = resolveKvStore(problems, def.kvStore, weaker);
  const certs = resolveCertificates(problems, def.certificates, identity.names, weaker);
  const zones = resolveZones(problems, def.zones, preset.zones, replicationFactor);
  const rollout = resolveRolloutOperator(problems, def.rolloutOperator, zones.length > 0, dialect.deploysByDefault.rolloutOperator);
  const components = checkComponents(problems, def.components, dialect, tls.policy, weaker);
  const gateway = checkGateway(problems, def, identity.size, def.certificates, dialect.deploysByDefault.gateway);
  const tenancy = checkTenancy(problems, weaker, def, federationNeeds(gateway));
  checkIdentityTenants(problems, gateway, tenancy);
  const overrides = checkRuntimeOverrides(problems, weaker, def, identity.version, tenancy);
  const clusterValidation = checkClusterValidation(problems, def, identity.names, identity.version, dialect.product);
  const networkPolicies = optionalBoolean(problems, 'networkPolicies', def.networkPolicies) ?? true;
  const externalCaches = isPlainObject(def.caches) && Object.values(def.caches as object).some((c: any) => isPlainObject(c) && c.external !== undefined && c.enabled !== false);
  const egress = checkEgress(problems, weaker, def.egress, networkPolicies, { etcd: etcd !== undefined, externalCaches });
  return { ...identity, tls, storage, etcd, certs, zones, rollout, components, gateway, tenancy, overrides, clusterValidation, networkPolicies, egress };
}

/** With multi-tenancy off every request is in the no-auth tenant: identities naming another would mislead. */
function checkIdentityTenants(problems: Problems, gateway: CheckedGateway | undefined, tenancy: CheckedTenancy): void {
  if (tenancy.multitenancy) return;
  for (const id of gateway?.identities ?? []) {
    if (id.kind !== 'proxy' && id.tenant !== tenancy.noAuthTenant) {
      problems.add(`${id.field}.tenant`, `is ${JSON.stringify(id.tenant)} while multi-tenancy is off, where every request is in "${tenancy.noAuthTenant}"`, `Use "${tenancy.noAuthTenant}", or turn tenancy.multitenancy on`);
    }
  }
}
