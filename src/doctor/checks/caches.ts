// Cache clients: a memcached client and the memcached it reaches (found through the Service its address names)
// agree on TLS; a TLS client has the CA, a key pair if any, and verifies a name the cache's certificate carries.
import { CACHES } from '../../core/catalog/caches';
import { addressHost, valuesOf } from '../graph';
import { Finding } from '../finding';
import { K8sObject } from '../manifests';
import { objectsOf, serviceBehind, workloadsSelected } from '../object-index';
import { MimirWorkload } from '../workloads';
import { Check, DoctorInput, nameMatches } from './context';

export interface CacheServer {
  readonly name: string;
  readonly tls: boolean;
  /** DNS names of the memcached's certificate, when the manifests have its Certificate. */
  readonly sans?: readonly string[];
}

/** The memcached workload behind `<service>.<namespace>.svc…`, if these manifests deploy it. */
function cacheServer(ctx: DoctorInput, host: string, namespace: string): CacheServer | undefined {
  const svc = serviceBehind(ctx.objects, host, namespace);
  if (!svc) return undefined;
  const ns = svc.namespace;
  const workload = workloadsSelected(ctx.objects, svc.selector, ns).find((o) => (o.spec.template.spec.containers ?? []).some((c: any) => /memcached/.test(c.image ?? '')));
  if (!workload) return undefined;
  const container = workload.spec.template.spec.containers.find((c: any) => /memcached/.test(c.image ?? ''));
  const args: string[] = [...(container.command ?? []), ...(container.args ?? [])];
  const tls = args.includes('-Z') || args.includes('--enable-ssl');
  return { name: workload.metadata.name, tls, sans: tls ? sansOf(ctx, workload, container, ns) : undefined };
}

function sansOf(ctx: DoctorInput, workload: K8sObject, container: any, namespace: string): string[] | undefined {
  const opts = (container.args ?? []).find((a: string) => a.includes('ssl_chain_cert='));
  const cert = /ssl_chain_cert=([^,]+)/.exec(opts ?? '')?.[1];
  if (!cert) return undefined;
  const mount = (container.volumeMounts ?? []).find((m: any) => cert.startsWith(`${m.mountPath}/`));
  const volume = (workload.spec.template.spec.volumes ?? []).find((v: any) => v.name === mount?.name);
  const secret = volume?.secret?.secretName;
  return objectsOf(ctx.objects, 'Certificate', namespace).find((o) => o.spec?.secretName === secret)?.spec?.dnsNames;
}

/** One cache client of a workload and the memcached these manifests deploy for it. */
export interface CacheEdge {
  readonly client: MimirWorkload;
  readonly server: CacheServer;
  /** The client's memcached prefix, `<cache prefix>.memcached`. */
  readonly prefix: string;
  readonly clientTls: boolean;
  readonly clientCertificate: boolean;
  /** The name the client verifies: its tls-server-name, else the host it dials. */
  readonly verifiedName: string;
  readonly label: string;
}

/** Every cache client edge whose memcached the manifests deploy. */
export function cacheEdges(ctx: DoctorInput): CacheEdge[] {
  return ctx.workloads.flatMap((w) => CACHES.flatMap((c) => c.clients.filter((cl) => cl.components.some((t) => w.targets.includes(t))).flatMap((cl) => {
    const v = valuesOf(w, w.targets[0]);
    const p = `${cl.prefix}.memcached`;
    const host = addressHost(v.str(`${p}.addresses`));
    const server = v.str(`${cl.prefix}.backend`) === 'memcached' && host ? cacheServer(ctx, host, w.namespace) : undefined;
    if (!server) return [];
    return [{
      client: w, server, prefix: p, clientTls: v.bool(`${p}.tls-enabled`), clientCertificate: v.str(`${p}.tls-cert-path`) !== '',
      verifiedName: v.str(`${p}.tls-server-name`) || host!, label: `${w.name} → ${server.name} [${p}]`,
    }];
  })));
}

function finding(e: CacheEdge, severity: Finding['severity'], check: string, message: string, fix: string): Finding {
  return { severity, check, components: [e.client.name, e.server.name], edge: e.label, message, fix, source: e.client.object.source };
}

function checkClient(e: CacheEdge): Finding[] {
  const { client: w, server, prefix: p } = e;
  const v = valuesOf(w, w.targets[0]);
  if (server.tls && !e.clientTls) return [finding(e, 'error', 'cache.plaintext-client', `${w.name} reaches ${server.name} in plaintext while it serves TLS only: every cache call fails and the cache is never used`, `Set -${p}.tls-enabled=true with -${p}.tls-ca-path and the client certificate`)];
  if (!server.tls && e.clientTls) return [finding(e, 'error', 'cache.plaintext-server', `${w.name} speaks TLS to ${server.name}, which serves plaintext: every cache call fails`, `Serve TLS on ${server.name} (memcached -Z), or set -${p}.tls-enabled=false`)];
  if (!e.clientTls) return [finding(e, 'info', 'tls.plaintext-edge', `${w.name} → ${server.name} (${p}) is plaintext: cached data crosses the network unencrypted`, `Serve TLS on ${server.name} and set -${p}.tls-* on ${w.name}`)];
  const out: Finding[] = [];
  if (v.str(`${p}.tls-ca-path`) === '') out.push(finding(e, 'error', 'tls.client-block', `-${p}.tls-enabled=true without -${p}.tls-ca-path: "x509: certificate signed by unknown authority" on every cache call`, `Set -${p}.tls-ca-path`));
  if (server.sans && !nameMatches(e.verifiedName, server.sans)) {
    out.push(finding(e, 'error', 'tls.server-name', `${w.name} verifies "${e.verifiedName}", which ${server.name}'s certificate does not name`, `Add "${e.verifiedName}" to the cache's Certificate, or set -${p}.tls-server-name to one of its names`));
  }
  return out;
}

export const caches: Check = (ctx) => ctx.cacheEdges.flatMap(checkClient);
