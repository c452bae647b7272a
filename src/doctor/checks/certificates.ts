// cert-manager Certificates: DNS names (Go ignores the Common Name), both usages for component certificates, a
// key that rotates on renewal for leaves and never for a CA.
import { Finding } from '../finding';
import { K8sObject } from '../manifests';
import { Check, DoctorContext } from './context';

function at(c: K8sObject, severity: Finding['severity'], check: string, components: string[], message: string, fix: string): Finding {
  return { severity, check, components, message, fix, source: c.source };
}

/** Workloads that mount the Certificate's Secret. */
function usersOf(ctx: DoctorContext, c: K8sObject): string[] {
  return ctx.workloads.filter((w) => w.mounts.some((m) => m.volume.kind === 'secret' && m.volume.name === c.spec?.secretName) && (c.metadata.namespace ?? w.namespace) === w.namespace).map((w) => w.name);
}

function checkOne(ctx: DoctorContext, c: K8sObject): Finding[] {
  const spec = c.spec ?? {};
  const users = usersOf(ctx, c);
  const name = `Certificate ${c.metadata.name}`;
  const out: Finding[] = [];
  if (spec.isCA) {
    if (spec.privateKey?.rotationPolicy === 'Always') {
      out.push(at(c, 'warning', 'certificate.ca-key-rotation', users, `${name} is a CA whose key changes on every renewal: every leaf it signed stops verifying ("x509: certificate signed by unknown authority") until re-issued`, 'Set privateKey.rotationPolicy: Never on the CA'));
    }
    return out;
  }
  if (users.length === 0) return out;
  if (!spec.dnsNames?.length && !spec.ipAddresses?.length) {
    out.push(at(c, 'error', 'certificate.cn-only', users, `${name} has no DNS names: Go ignores the Common Name ("x509: certificate relies on legacy Common Name field, use SANs instead")`, 'List every name clients verify in dnsNames'));
  }
  const usages: string[] = spec.usages ?? [];
  if (usages.length > 0) {
    for (const [usage, role] of [['server auth', 'server'], ['client auth', 'client']]) {
      if (!usages.includes(usage)) {
        out.push(at(c, 'error', 'certificate.usages', users, `${name} lacks "${usage}" while ${users.join(', ')} also act as ${role}s with it: "x509: certificate specifies an incompatible key usage"`, `Add "${usage}" to usages (components are servers and clients)`));
      }
    }
  }
  if (spec.privateKey?.rotationPolicy !== 'Always') {
    out.push(at(c, 'warning', 'certificate.key-rotation', users, `${name} keeps its private key across renewals${spec.privateKey?.rotationPolicy ? '' : ' (cert-manager before 1.18 defaults to Never)'}: a leaked key stays valid`, 'Set privateKey.rotationPolicy: Always'));
  }
  return out;
}

export const certificates: Check = (ctx) => ctx.objects.filter((o) => o.kind === 'Certificate').flatMap((c) => checkOne(ctx, c));
