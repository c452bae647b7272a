// The resolved model: what the pipeline produces and the constructs render. Plain data, fully defaulted; every
// flag, name, certificate field and edge is decided here, so rendering computes nothing of its own.
import { CacheEngine, CacheId, CacheSpec } from './catalog/caches';
import { ComponentId, ComponentSpec } from './catalog/components';
import { WorkloadDefaults } from './catalog/production';
import { CaPlan, IssuerRefPlan, LeafCertificatePlan } from './certs/plan';
import { ResolvedMonitoring } from './cluster/monitoring';
import { ResolvedNetworkPolicy } from './cluster/network';
import { ResolvedRuntimeConfig } from './cluster/runtime-config';
import { ResolvedGateway } from './gateway/plan';
import { ClusterSize, ProbeMode } from './definition';
import { Discovery, EdgeProtocol } from './edges/edges';
import { Flag } from './flags/flag';
import { TlsFiles } from './flags/tls';
import { ClusterNames } from './names';
import { ServerTlsPolicy } from './tls/policy';
import { VersionInfo } from './version';

export interface ResolvedResources {
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
  readonly memoryLimitMebibytes: number;
}

export interface EnvFromSecret {
  readonly name: string;
  readonly secretName: string;
  readonly key: string;
}

/** A Secret mounted as a directory into a component's pods. */
export interface SecretMount {
  readonly name: string;
  readonly secretName: string;
  readonly path: string;
}

export interface ResolvedRotation {
  readonly strategy: 'reloader-annotations' | 'deployed-reloader' | 'none';
  readonly reloader?: {
    readonly name: string; readonly image: string; readonly args: readonly string[];
    readonly labels: { readonly [key: string]: string };
  };
}

export interface ResolvedTrust {
  /** Path of the CA file every `*-ca-path` flag names. */
  readonly caPath: string;
  /** A ConfigMap to mount at PATHS.trustDir, when trust does not come from the component's own Secret. */
  readonly configMap?: { readonly name: string; readonly key: string };
  /** A trust-manager Bundle to emit. */
  readonly bundle?: { readonly name: string; readonly sources: readonly { readonly secretName: string; readonly key: string }[]; readonly namespace: string };
}

export interface ResolvedZone {
  readonly name: string;
  readonly replicas: number;
  /** StatefulSet and its governing headless Service. */
  readonly workload: string;
  readonly nodeSelector?: { readonly [key: string]: string };
  /** Flags only this zone's pods carry (`-…instance-availability-zone`). */
  readonly flags: readonly Flag[];
}

export interface ResolvedComponent {
  readonly id: ComponentId;
  readonly spec: ComponentSpec;
  readonly names: {
    readonly workload: string;
    readonly service: string;
    readonly headless: string;
    readonly serviceAccount: string;
    readonly pdb: string;
    readonly certificate: string;
    readonly tlsSecret: string;
  };
  readonly labels: { readonly [key: string]: string };
  readonly selector: { readonly [key: string]: string };
  readonly replicas: number;
  readonly resources: ResolvedResources;
  /** Persistent volume of a stateful component. */
  readonly storage?: { readonly size: string; readonly storageClassName?: string };
  readonly flags: readonly Flag[];
  readonly env: readonly EnvFromSecret[];
  readonly certificate: LeafCertificatePlan;
  /** A user-supplied Secret replaces the certificate; the plan then says what it must contain. */
  readonly existingTlsSecret?: string;
  /** One StatefulSet per zone when the component is zone-aware. */
  readonly zones?: readonly ResolvedZone[];
  /** Rollout, spread and probe settings of the component's workload. */
  readonly workloadSettings: Omit<WorkloadDefaults, 'goMaxProcs'>;
  readonly terminationGracePeriodSeconds: number;
  readonly goMaxProcs?: number;
  /** GOMEMLIMIT in bytes. */
  readonly goMemLimitBytes?: number;
  /** Rollout-operator coordination of zone StatefulSets (OnDelete strategy, labels and annotations). */
  readonly rolloutGroup?: { readonly name: string; readonly maxUnavailable: string };
  /** What the component's servers serve and require. */
  readonly serverTls: ServerTlsPolicy;
  /** How the kubelet checks readiness. */
  readonly probe: { readonly mode: ProbeMode; readonly scheme: 'HTTPS' | 'HTTP' };
  /** Secrets beyond the component's own certificate (etcd, object storage, external caches). */
  readonly extraMounts: readonly SecretMount[];
  /** Joins memberlist (a gossip member, and the kv store is memberlist). */
  readonly gossip: boolean;
}

export interface ResolvedCache {
  readonly id: CacheId;
  /** An existing cache server: nothing is deployed for it. */
  readonly external?: { readonly addresses: string; readonly secretName?: string; readonly serverName: string; readonly clientCertificate: boolean };
  readonly spec: CacheSpec;
  readonly names: { readonly workload: string; readonly service: string; readonly serviceAccount: string; readonly pdb: string; readonly tlsSecret: string };
  readonly labels: { readonly [key: string]: string };
  readonly selector: { readonly [key: string]: string };
  readonly replicas: number;
  readonly memoryMebibytes: number;
  /** The server container's memory request and limit: the item memory and the engine's headroom. */
  readonly containerMemoryMebibytes: number;
  readonly tls: boolean;
  readonly args: readonly string[];
  readonly exporterArgs: readonly string[];
  readonly certificate: LeafCertificatePlan;
}

export interface ResolvedEdge {
  readonly prefix: string;
  readonly from: ComponentId;
  readonly to: ComponentId | CacheId;
  readonly protocol: EdgeProtocol | CacheEngine['id'];
  readonly discovery: Discovery;
  readonly port: number;
  /** The name the client verifies; always one of the target certificate's DNS names. */
  readonly serverName: string;
  readonly purpose: string;
  /**
   * mutual: both certificates verified; server-only: the client verifies the server only (memberlist always:
   * its listener never asks for a client certificate); disabled: plaintext.
   */
  readonly tls: 'mutual' | 'server-only' | 'disabled';
}

export interface ResolvedCluster {
  /** The product's name in labels and container names (`mimir`, `cortex`). */
  readonly appName: string;
  readonly name: string;
  readonly namespace: string;
  readonly clusterDomain: string;
  readonly version: VersionInfo;
  readonly image: string;
  readonly size: ClusterSize;
  readonly names: ClusterNames;
  readonly components: readonly ResolvedComponent[];
  readonly caches: readonly ResolvedCache[];
  /** Every client edge between deployed components and caches, with its TLS mode. */
  readonly edges: readonly ResolvedEdge[];
  /** ServiceMonitors and certificate alerts, when asked for. */
  readonly monitoring?: ResolvedMonitoring;
  /** Ingress NetworkPolicies derived from the edges (empty when switched off). */
  readonly networkPolicies: readonly ResolvedNetworkPolicy[];
  /** The external etcd of the rings, when the kv store is etcd. */
  readonly etcd?: { readonly endpoints: readonly string[]; readonly secretName?: string };
  readonly gossip: { readonly service: string; readonly serverName: string; readonly members: readonly ComponentId[]; readonly selector: { readonly [key: string]: string } };
  readonly zones: readonly string[];
  readonly rolloutOperator?: {
    readonly name: string; readonly image: string; readonly webhooks: boolean; readonly args: readonly string[];
    readonly labels: { readonly [key: string]: string };
  };
  readonly ca?: CaPlan;
  /** cert-manager issues (default), or the library issues at synth time into Secrets. */
  readonly issuance: 'cert-manager' | 'static';
  readonly issuerRef: IssuerRefPlan;
  readonly trust: ResolvedTrust;
  readonly reloadOnRotation: boolean;
  /** How renewals take effect; with a deployed Reloader, its objects. */
  readonly rotation: ResolvedRotation;
  /** The stage of a CA rotation in progress. */
  readonly caRotation?: string;
  /** What must run in the cluster for this one to work (rendered into the NOTES ConfigMap). */
  readonly prerequisites: readonly string[];
  readonly tlsFiles: TlsFiles;
  /** The authenticating gateway, when deployed. */
  readonly gateway?: ResolvedGateway;
  /** The runtime configuration every component mounts. */
  readonly runtimeConfig: ResolvedRuntimeConfig;
}
