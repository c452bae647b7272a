// Adds mutual TLS by hand to manifests that have none (the jsonnet anchor), as a user would: a Certificate and a
// mounted Secret per Mimir workload, server TLS flags, a complete client block per edge, HTTPS probes.
import { EDGES, GOSSIP_MEMBERS } from '../../src/core/edges/edges';
import { K8sObject } from '../../src/doctor/manifests';

const DIR = '/etc/mimir/tls';
const CLUSTER = 'svc.cluster.local';

const targetOf = (c: any) => /^-target=(.+)$/.exec((c.args ?? []).find((a: string) => a.startsWith('-target=')) ?? '')?.[1];
const mimirOf = (o: any) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') ? o.spec.template.spec.containers.find((c: any) => targetOf(c)) : undefined;

/** Services selecting a workload's pods. */
function servicesOf(objects: any[], w: any): any[] {
  const labels = w.spec.template.metadata.labels ?? {};
  return objects.filter((o) => o.kind === 'Service' && o.spec.selector && Object.entries(o.spec.selector).every(([k, v]) => labels[k] === v));
}

export function withTls(input: readonly K8sObject[]): any[] {
  const objects: any[] = JSON.parse(JSON.stringify(input));
  const ns = (o: any) => o.metadata.namespace ?? 'default';
  const workloads = objects.filter(mimirOf);
  const fqdn = (svc: any) => `${svc.metadata.name}.${ns(svc)}.${CLUSTER}`;
  const nameFor = (target: string) => {
    const w = workloads.find((x) => targetOf(mimirOf(x)) === target)!;
    const svc = servicesOf(objects, w).find((s) => !/multi-zone|discovery/.test(s.metadata.name)) ?? servicesOf(objects, w)[0];
    return fqdn(svc);
  };
  for (const w of workloads) {
    const c = mimirOf(w);
    const target = targetOf(c)!;
    const secret = `${w.metadata.name}-tls`;
    const dnsNames = servicesOf(objects, w).flatMap((s) => [s.metadata.name, `${s.metadata.name}.${ns(s)}.svc`, fqdn(s), `*.${fqdn(s)}`]);
    objects.push({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: secret, namespace: ns(w) }, source: w.source,
      spec: { secretName: secret, dnsNames, usages: ['digital signature', 'server auth', 'client auth'], privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' }, issuerRef: { name: 'mimir-ca' } } });
    w.spec.template.spec.volumes = [...(w.spec.template.spec.volumes ?? []), { name: 'tls', secret: { secretName: secret } }];
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: 'tls', mountPath: DIR, readOnly: true }];
    const files = (p: string) => [`-${p}.tls-cert-path=${DIR}/tls.crt`, `-${p}.tls-key-path=${DIR}/tls.key`, `-${p}.tls-ca-path=${DIR}/ca.crt`];
    c.args.push(...files('server.http').map((a) => a.replace('.tls-', '-tls-')), '-server.http-tls-client-auth=VerifyClientCertIfGiven',
      ...files('server.grpc').map((a) => a.replace('.tls-', '-tls-')), '-server.grpc-tls-client-auth=RequireAndVerifyClientCert');
    const gossip = c.args.some((a: string) => a.startsWith('-memberlist.join='));
    for (const row of EDGES) {
      const client = row.from.includes(target as any) || (row.from.includes(GOSSIP_MEMBERS) && gossip);
      if (!client || (row.protocol !== 'memberlist' && !workloads.some((x) => targetOf(mimirOf(x)) === row.to))) continue;
      if (row.address?.flag === 'ruler.alertmanager-url') c.args = c.args.map((a: string) => a.replace('-ruler.alertmanager-url=http://', '-ruler.alertmanager-url=https://'));
      const name = row.protocol === 'memberlist' ? fqdn(objects.find((o) => o.kind === 'Service' && o.metadata.name === 'gossip-ring')) : row.address ? undefined : nameFor(row.to);
      c.args.push(`-${row.prefix}.tls-enabled=true`, ...files(row.prefix), ...(name ? [`-${row.prefix}.tls-server-name=${name}`] : []));
    }
    for (const probe of ['readinessProbe', 'livenessProbe']) if (c[probe]?.httpGet) c[probe].httpGet.scheme = 'HTTPS';
  }
  for (const m of objects.filter((o) => o.kind === 'StatefulSet' && o.spec.template.spec.containers.some((c: any) => /memcached:/.test(c.image ?? '')))) {
    const c = m.spec.template.spec.containers.find((x: any) => /memcached:/.test(x.image));
    const secret = `${m.metadata.name}-tls`;
    const dnsNames = servicesOf(objects, m).flatMap((s) => [fqdn(s), `*.${fqdn(s)}`]);
    objects.push({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: secret, namespace: ns(m) }, source: m.source,
      spec: { secretName: secret, dnsNames, usages: ['digital signature', 'server auth', 'client auth'], privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' }, issuerRef: { name: 'mimir-ca' } } });
    m.spec.template.spec.volumes = [...(m.spec.template.spec.volumes ?? []), { name: 'tls', secret: { secretName: secret } }];
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: 'tls', mountPath: '/etc/memcached/tls', readOnly: true }];
    c.args = [...(c.args ?? []), '-Z', '-o', 'ssl_chain_cert=/etc/memcached/tls/tls.crt,ssl_key=/etc/memcached/tls/tls.key,ssl_ca_cert=/etc/memcached/tls/ca.crt,ssl_verify_mode=2'];
  }
  for (const w of workloads) {
    const c = mimirOf(w);
    for (const a of [...c.args]) {
      const m = /^-(.+\.memcached)\.addresses=/.exec(a);
      if (m) c.args.push(`-${m[1]}.tls-enabled=true`, `-${m[1]}.tls-cert-path=${DIR}/tls.crt`, `-${m[1]}.tls-key-path=${DIR}/tls.key`, `-${m[1]}.tls-ca-path=${DIR}/ca.crt`);
    }
  }
  // The HTTP port closed as the library closes it: only a gateway's pods reach it; gRPC and gossip from the namespace.
  for (const namespace of new Set(workloads.map(ns))) {
    objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'mimir-http', namespace }, source: workloads[0].source,
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [
        { ports: [{ port: 8080, protocol: 'TCP' }], from: [{ podSelector: { matchLabels: { name: 'gateway' } } }] },
        { ports: [{ port: 9095 }, { port: 7946 }, { port: 11211 }], from: [{ podSelector: {} }] },
      ] } });
  }
  return objects;
}

/** The Mimir container of the workload named. */
export function container(objects: any[], name: string): any {
  return mimirOf(objects.find((o) => o.metadata.name === name && mimirOf(o)));
}
