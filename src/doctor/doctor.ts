// The doctor: any Mimir manifests in, one finding per problem out. Workloads are found, their configuration
// reconstructed, the edge graph derived with the library's own edge table, and every check run.
import { CacheEdge, cacheEdges, caches } from './checks/caches';
import { certificates } from './checks/certificates';
import { Check, DoctorContext } from './checks/context';
import { files } from './checks/files';
import { gateway, GatewayEdge, gatewayEdges } from './checks/gateway';
import { ingest, KafkaEdge, kafkaEdges } from './checks/ingest';
import { flags } from './checks/flags';
import { memberlist } from './checks/memberlist';
import { network } from './checks/network';
import { servers } from './checks/servers';
import { tlsEdges } from './checks/tls-edges';
import { Finding, SEVERITY_ORDER } from './finding';
import { DoctorEdge, doctorEdges } from './graph';
import { K8sObject } from './manifests';
import { inYamlTerms } from './yaml-terms';
import { MimirWorkload, mimirWorkloads, SkippedWorkload, skippedWorkloads } from './workloads';

export const CHECKS: readonly Check[] = [flags, files, servers, tlsEdges, caches, ingest, gateway, memberlist, certificates, network];

export interface DoctorOptions {
  /** The Mimir version assumed where an image names none. */
  readonly defaultVersion?: string;
}

export interface DoctorReport {
  readonly workloads: readonly MimirWorkload[];
  /** Workloads of other products that share Mimir's -target (Loki, Tempo, Cortex...): not judged. */
  readonly skipped: readonly SkippedWorkload[];
  readonly edges: readonly DoctorEdge[];
  /** Cache clients and the memcached the manifests deploy for them. */
  readonly cacheEdges: readonly CacheEdge[];
  /** Ingest storage: the workloads that talk to Kafka. */
  readonly kafkaEdges: readonly KafkaEdge[];
  /** A gateway (nginx) proxying to the components. */
  readonly gatewayEdges: readonly GatewayEdge[];
  /** Errors first, then warnings, then infos; each group in the order the checks found them. */
  readonly findings: readonly Finding[];
}

export function runDoctor(objects: readonly K8sObject[], options: DoctorOptions = {}): DoctorReport {
  const workloads = mimirWorkloads(objects, options.defaultVersion ?? '3.0.2');
  const edges = doctorEdges(workloads);
  const input = { objects, workloads, edges };
  const ctx: DoctorContext = { ...input, cacheEdges: cacheEdges(input), kafkaEdges: kafkaEdges(input), gatewayEdges: gatewayEdges(input) };
  const findings = inYamlTerms(CHECKS.flatMap((check) => check(ctx)), workloads);
  findings.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return { workloads, skipped: skippedWorkloads(objects), edges, cacheEdges: ctx.cacheEdges, kafkaEdges: ctx.kafkaEdges, gatewayEdges: ctx.gatewayEdges, findings };
}
