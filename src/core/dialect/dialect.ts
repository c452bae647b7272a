// The seam between the pipeline and a product. Everything specific to one product family (its components, edge
// rows, caches, flag catalogs, the names of the flags the pipeline composes, its production tuning) is reached
// through one Dialect object; the pipeline stages take it as input and never import a product's data directly.
// A second product with the same architecture is a second object: data plus small overrides, not a fork.
import { CacheEngine, CacheId, CacheSpec } from '../catalog/caches';
import { ComponentId, ComponentSpec, RingId } from '../catalog/components';
import { WorkloadDefaults } from '../catalog/production';
import { EdgeRow } from '../edges/edges';
import { FieldEntry } from '../flags/fields.generated';
import { RefusedFlags } from '../startup/refused';
import { StartupRule } from '../startup/rule';

type FlagValues = { readonly [flag: string]: string };

/** Names of the flags the pipeline composes from prefixes (rings, caches, ports). */
export interface DialectFlagNames {
  readonly target: string;
  readonly httpListenPort: string;
  readonly grpcListenPort: string;
  readonly memberlistBindPort: string;
  readonly ringReplicationFactor: (ring: RingId) => string;
  readonly ringHeartbeatTimeout: (ring: string) => string;
  readonly ringZoneAwareness: (ring: RingId) => string;
  readonly ringPrefix: (ring: RingId) => string;
  readonly ringInstanceZone: (ring: RingId) => string;
  readonly ringStore: (ring: string) => string;
  readonly ringEtcdEndpoints: (ring: string) => string;
  /** Client prefix of a ring's etcd client (its `tls-*` flags). */
  readonly ringEtcdClient: (ring: string) => string;
  /** Every ring prefix of a version that can live in etcd, from the version's flags. */
  readonly etcdRings: (versionFlags: ReadonlySet<string>) => string[];
  readonly cacheBackend: (clientPrefix: string) => string;
  /** Client prefix of a cache's client of one engine (`addresses`, `tls-*`, tuning). */
  readonly cacheClient: (clientPrefix: string, engine: CacheEngine) => string;
}

/** Names of the tenancy, runtime-configuration and lockdown flags. */
export interface DialectTenancyFlags {
  readonly multitenancy: string;
  /** Absent where the product has a fixed no-auth tenant (Cortex: "fake"). */
  readonly noAuthTenant?: string;
  readonly federation: string;
  /** Absent in versions without it (checked against the version's catalog). */
  readonly maxFederatedTenants: string;
  readonly rulerFederation: string;
  /** The configuration API switches, by the version's flags (their names changed between releases). */
  readonly rulerApi: (versionFlags: ReadonlySet<string>) => string;
  readonly alertmanagerApi: (versionFlags: ReadonlySet<string>) => string;
  /** The product's default of both API switches: the switch is written only when the definition differs. */
  readonly apiDefault: boolean;
  readonly firewallBlockPrivate: string;
  readonly firewallBlockCidrs: string;
  readonly runtimeConfigFile: string;
  /** `<storage prefix>.s3.sse.<field>` */
  readonly sse: (storagePrefix: string, field: 'type' | 'kms-key-id' | 'kms-encryption-context') => string;
}

/** Production defaults of the product, each overridable. */
export interface DialectTuning {
  /** Tuning flags per component. */
  readonly components: { readonly [id in ComponentId]: FlagValues };
  /** Flags every server carries. */
  readonly everyServer: FlagValues;
  /** Heartbeat timeouts every member and reader of a ring must agree on. */
  readonly ringHeartbeatTimeout: { readonly [ring: string]: string };
  /** Key prefix of a ring when the cluster is zone-aware, on members and readers alike. */
  readonly zoneAwareRingPrefix: { readonly [ring: string]: string };
  /** Result caching: the flag that turns it on where the results cache is deployed. */
  readonly resultsCaching?: { readonly component: ComponentId; readonly flag: string; readonly value: string };
  /** Tuning flags written only where a cache they need is deployed (or external), by flag. */
  readonly requiresCache: { readonly [flag: string]: CacheId };
  /** Workload settings per component. */
  readonly workloads: { readonly [id in ComponentId]: WorkloadDefaults };
  /** Rollout-operator annotation per zone-aware component: how much of a zone may be down in its rollout. */
  readonly rolloutMaxUnavailable: { readonly [id: string]: string };
}

/** A part of the definition a product cannot honour (yet): set, it is refused with the reason. */
export interface UnsupportedOption {
  readonly field: string;
  readonly isSet: (definition: any) => boolean;
  readonly problem: string;
  readonly fix: string;
}

export interface Dialect {
  /** The product's name in messages. */
  readonly product: string;
  /** `app.kubernetes.io/name` of its pods, the container's name and the default cluster name and namespace. */
  readonly appName: string;
  readonly defaultVersion: string;
  readonly imageRepository: string;
  /** The image tag of a release. */
  readonly imageTag: (version: string) => string;
  /** How the definition names a release, for messages. */
  readonly versionHint: string;
  /** Client TLS blocks carry `tls-min-version` and `tls-cipher-suites` (Mimir since 2.4; never Cortex). */
  readonly clientTlsPolicyFlags: boolean;
  /** Defaults that depend on the product: the gateway and the rollout-operator. */
  readonly deploysByDefault: { readonly gateway: boolean; readonly rolloutOperator: boolean };
  /** Options refused for this product, with why. */
  readonly unsupported: readonly UnsupportedOption[];
  /** Flags the product needs on each component to run the architecture the library deploys (ring stores, sharding). */
  readonly wiring: (component: ComponentId, ctx: { readonly service: (id: ComponentId) => string; readonly deployed: (id: ComponentId) => boolean; readonly httpsPort: number }) => FlagValues;
  /** Every accepted flag, per released `-help-all` text (and development snapshots for forward checks). */
  readonly flagCatalogs: { readonly [version: string]: readonly string[] };
  /** Type, YAML path and default of every flag, per version with a config descriptor. */
  readonly flagFields: { readonly [version: string]: { readonly [flag: string]: FieldEntry } };
  /** The rules the product applies to its configuration at start. */
  readonly startupRules: readonly StartupRule[];
  /** Flag families `extraFlags` may not set, each with the reason and the option to use instead. */
  readonly refusedExtraFlags: readonly RefusedFlags[];
  readonly components: readonly ComponentSpec[];
  readonly edges: readonly EdgeRow[];
  readonly caches: readonly CacheSpec[];
  readonly flags: DialectFlagNames;
  readonly tenancyFlags: DialectTenancyFlags;
  readonly tuning: DialectTuning;
  readonly storage: {
    /** Prefixes whose backend, endpoint, region, TLS and encryption the library writes (one shared, or one per storage). */
    readonly prefixes: readonly string[];
    readonly bucketFlags: { readonly blocksBucket: string; readonly rulerBucket: string; readonly alertmanagerBucket: string };
  };
}
