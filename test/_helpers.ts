import { Chart, Testing } from 'cdk8s';
import { EgressTarget, MimirCluster, MimirClusterProps } from '../src';

/** A valid minimal definition; tests override what they exercise. */
export const BASE: MimirClusterProps = {
  name: 'mimir',
  namespace: 'mimir',
  storage: {
    endpoint: 's3.example.com',
    blocksBucket: 'blocks',
    rulerBucket: 'ruler',
    alertmanagerBucket: 'alertmanager',
    credentialsSecret: 's3-credentials',
  },
  egress: { objectStorage: EgressTarget.anyPublicAddress([443]) },
};

/** BASE's egress, plus the etcd of the rings and external caches (in-cluster pods), for definitions that use them. */
export const EGRESS_ETCD = { ...BASE.egress, etcd: EgressTarget.pods([{ podLabels: { 'app.kubernetes.io/name': 'etcd' } }], [2379]) };
export const EGRESS_EXTERNAL_CACHES = { ...BASE.egress, externalCaches: EgressTarget.pods([{ podLabels: { 'app.kubernetes.io/name': 'memcached' } }], [11211]) };

export interface Synthesized {
  readonly chart: Chart;
  readonly cluster: MimirCluster;
  readonly manifests: any[];
}

export function synth(props: Partial<MimirClusterProps> = {}): Synthesized {
  const chart = Testing.chart();
  const cluster = new MimirCluster(chart, 'Mimir', { ...BASE, ...props });
  return { chart, cluster, manifests: Testing.synth(chart) };
}

export function findObject(manifests: any[], kind: string, name: string): any {
  const found = manifests.filter((m) => m.kind === kind && m.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}

export function objectsOfKind(manifests: any[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}

/** The product container's name: the product (Mimir, or Cortex for CortexCluster). */
export const PRODUCT_CONTAINERS = ['mimir', 'cortex'];

/** The Mimir container of a workload, found by name. */
export function mimirContainer(workload: any): any {
  const c = workload.spec.template.spec.containers.find((x: any) => PRODUCT_CONTAINERS.includes(x.name));
  if (!c) throw new Error(`no mimir container in ${workload.metadata.name}`);
  return c;
}

/** Container args as a map flag → value (every flag appears once). */
export function argsOf(workload: any): Map<string, string> {
  const map = new Map<string, string>();
  for (const a of mimirContainer(workload).args as string[]) {
    const m = /^-([a-zA-Z0-9][a-zA-Z0-9._-]*)=(.*)$/.exec(a);
    if (!m) throw new Error(`arg not in -name=value form: ${a}`);
    if (map.has(m[1])) throw new Error(`flag -${m[1]} appears twice in ${workload.metadata.name}`);
    map.set(m[1], m[2]);
  }
  return map;
}

/** The workloads (Deployment or StatefulSets, one per zone) of a component, by name. */
export function workloadsOf(manifests: any[], cluster: string, target: string): any[] {
  return manifests.filter((m) => (m.kind === 'Deployment' || m.kind === 'StatefulSet')
    && (m.metadata.name === `${cluster}-${target}` || m.metadata.name.startsWith(`${cluster}-${target}-zone-`)));
}

/** The workload of a component; for a zone-aware one, its first zone's. */
export function workloadOf(manifests: any[], cluster: string, target: string): any {
  const found = workloadsOf(manifests, cluster, target).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  if (found.length === 0) throw new Error(`no workload for ${target}`);
  return found[0];
}

/** Runs fn and returns the error it throws (fails the test if it does not throw). */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}
