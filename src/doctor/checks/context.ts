// What every doctor check reads.
import { DoctorEdge } from '../graph';
import { K8sObject } from '../manifests';
import { objectsOf } from '../object-index';
import { MimirWorkload } from '../workloads';
import { Finding } from '../finding';
import type { CacheEdge } from './caches';
import type { GatewayEdge } from './gateway';
import type { KafkaEdge } from './ingest';

/** The manifests, their Mimir workloads and the edges between components. */
export interface DoctorInput {
  readonly objects: readonly K8sObject[];
  readonly workloads: readonly MimirWorkload[];
  readonly edges: readonly DoctorEdge[];
}

/** The input and the edges found around the components (caches, Kafka, a gateway), each derived once. */
export interface DoctorContext extends DoctorInput {
  readonly cacheEdges: readonly CacheEdge[];
  readonly kafkaEdges: readonly KafkaEdge[];
  readonly gatewayEdges: readonly GatewayEdge[];
}

export type Check = (ctx: DoctorContext) => Finding[];

/** Client-auth policies that refuse a client without a certificate (dskit also accepts RequireClientCert). */
export const REQUIRES_CLIENT_CERT: readonly string[] = ['RequireAndVerifyClientCert', 'RequireAnyClientCert', 'RequireClientCert'];

/** A finding about one workload, located at its object. */
export function workloadFinding(w: MimirWorkload, severity: Finding['severity'], check: string, message: string, fix: string): Finding {
  return { severity, check, components: [w.name], message, fix, source: w.object.source };
}

/** The cert-manager Certificate whose Secret holds the file at `path` of the workload, if the manifests have it. */
export function certificateFor(ctx: DoctorContext, w: MimirWorkload, path: string): K8sObject | undefined {
  const mount = w.mounts.find((m) => path.startsWith(`${m.path}/`) && m.volume.kind === 'secret');
  if (!mount) return undefined;
  return objectsOf(ctx.objects, 'Certificate', w.namespace).find((o) => o.spec?.secretName === mount.volume.name);
}

/** Go's check of a name against a certificate's DNS SANs (one leftmost wildcard label). */
export function nameMatches(name: string, sans: readonly string[]): boolean {
  return sans.some((san) => san === name || (san.startsWith('*.') && name.split('.').slice(1).join('.') === san.slice(2) && name.split('.').length === san.split('.').length));
}
