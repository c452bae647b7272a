// The HTTP port: Mimir authenticates nobody and believes any X-Scope-OrgID, and some of its HTTP paths return every
// tenant's data (/multitenant_alertmanager/configs with receiver secrets, /ruler/rule_groups, /runtime_config). A
// pod whose HTTP port no NetworkPolicy restricts can be reached by every pod of the cluster.
import { COMPONENTS } from '../../core/catalog/components';
import { MimirWorkload } from '../workloads';
import { K8sObject } from '../manifests';
import { objectsOf, selectsLabels } from '../object-index';
import { Check, DoctorContext } from './context';

const HTTP_PORT_FLAG = 'server.http-listen-port';
const MIMIR_HTTP_PORT = '8080';

/** A peer list that admits every pod: absent or empty, an empty namespace selector alone, or 0.0.0.0/0. */
function fromAnyone(from: any[] | undefined): boolean {
  if (!from || from.length === 0) return true;
  return from.some((p) => (p.namespaceSelector && Object.keys(p.namespaceSelector).length === 0 && !p.podSelector)
    || p.ipBlock?.cidr === '0.0.0.0/0' || p.ipBlock?.cidr === '::/0');
}

/** The rule's ports include the workload's HTTP port (by number, or by the container port's name). */
function coversPort(rule: any, w: MimirWorkload, port: string): boolean {
  if (!rule.ports || rule.ports.length === 0) return true;
  const containers = (w.object.kind === 'Pod' ? w.object.spec : w.object.spec?.template?.spec)?.containers ?? [];
  const names = containers.flatMap((c: any) => (c.ports ?? []).filter((p: any) => String(p.containerPort) === port).map((p: any) => p.name));
  return rule.ports.some((p: any) => p.port === undefined || String(p.port) === port || names.includes(p.port));
}

/** Whether every pod may reach the workload's HTTP port, with the reason. */
function openBecause(ctx: DoctorContext, w: MimirWorkload): string | undefined {
  const port = w.flags.get(HTTP_PORT_FLAG) ?? MIMIR_HTTP_PORT;
  // matchLabels only: expressions are not evaluated (such a policy counts).
  const policies = objectsOf(ctx.objects, 'NetworkPolicy', w.namespace).filter((o: K8sObject) => (o.spec?.policyTypes ?? ['Ingress']).includes('Ingress') && selectsLabels(o.spec?.podSelector?.matchLabels ?? {}, w.podLabels));
  if (policies.length === 0) return 'no NetworkPolicy selects its pods';
  const open = policies.find((p) => (p.spec.ingress ?? []).some((r: any) => coversPort(r, w, port) && fromAnyone(r.from)));
  return open ? `NetworkPolicy ${open.metadata.name} admits every source on it` : undefined;
}

/** Workloads that serve Mimir's API: not a Job or CronJob (the smoke test), and at least one serving component. */
const serves = (w: MimirWorkload) => !['Job', 'CronJob'].includes(w.object.kind) && w.targets.some((t) => COMPONENTS.some((c) => c.id === t));

export const network: Check = (ctx) => {
  const open = ctx.workloads.filter(serves).map((w) => ({ w, why: openBecause(ctx, w) })).filter((x) => x.why !== undefined);
  if (open.length === 0) return [];
  return [{
    severity: 'warning',
    check: 'network.http-open',
    components: open.map((x) => x.w.name),
    message: `the HTTP port of ${open.length} Mimir workload${open.length > 1 ? 's' : ''} admits every pod (${[...new Set(open.map((x) => x.why))].join('; ')}): Mimir authenticates nobody, so any pod can write and read as any tenant and read every tenant's Alertmanager configuration at /multitenant_alertmanager/configs`,
    fix: 'Put an authenticating gateway in front and admit only it, the components\' own HTTP callers and the scrapers to the HTTP port with a NetworkPolicy',
    source: open[0].w.object.source,
  }];
};
