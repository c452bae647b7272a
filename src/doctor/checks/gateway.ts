// The gateway in front of Mimir: an nginx whose configuration (a ConfigMap its pod mounts) proxies to the
// components' HTTP ports — this library's gateway, or Grafana's chart's. Its edges are read from that configuration:
// upstream blocks, `set $var host;` and `proxy_pass` targets, and the proxy_ssl settings that say whether the
// gateway verifies the component (proxy_ssl_verify with a trusted CA) and presents a certificate of its own.
import { Finding } from '../finding';
import { K8sObject } from '../manifests';
import { objectsOf, selectsLabels, serviceBehind } from '../object-index';
import { MimirWorkload } from '../workloads';
import { valuesOf } from '../graph';
import { certificateFor, Check, DoctorContext, DoctorInput, nameMatches } from './context';

export interface GatewayEdge {
  /** The gateway's Deployment (or StatefulSet). */
  readonly client: K8sObject;
  readonly server: MimirWorkload;
  readonly port: number;
  readonly tls: 'mutual' | 'server-only' | 'plaintext';
  /** The name the gateway verifies: `proxy_ssl_name`, else the proxy_pass host (an upstream block's name, then). */
  readonly verifiedName: string;
  readonly label: string;
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** The hosts and ports an nginx configuration proxies to, with the scheme, `$variables` and upstream names resolved. */
function targetsOf(conf: string): { scheme: string; host: string; port: number; sslName: string }[] {
  const sets = new Map([...conf.matchAll(/\bset\s+\$(\w+)\s+"?([^";\s]+)"?\s*;/g)].map((m) => [m[1], m[2]]));
  const upstreams = new Map([...conf.matchAll(/\bupstream\s+(\S+)\s*\{([^}]*)\}/g)].map((m) => [m[1], [...m[2].matchAll(/\bserver\s+([^;\s]+)/g)].map((s) => s[1])]));
  const out: { scheme: string; host: string; port: number; sslName: string }[] = [];
  for (const m of conf.matchAll(/\bproxy_pass\s+(https?):\/\/([^;\s]+)\s*;/g)) {
    const authority = m[2].replace(/\$(\w+)/g, (all, v) => sets.get(v) ?? all).split('/')[0].replace(/\$\w+$/, '');
    // proxy_ssl_name of the block the proxy_pass is in (since its opening brace), else the host nginx dials by name.
    const block = conf.slice(conf.lastIndexOf('{', m.index!) + 1, m.index);
    const sslName = /\bproxy_ssl_name\s+([^;\s]+)\s*;/.exec(block)?.[1] ?? authority.replace(/:[0-9]+$/, '');
    for (const address of upstreams.get(authority) ?? [authority]) {
      const [, host, port] = /^([^:$]+)(?::([0-9]+))?$/.exec(address) ?? [];
      if (host) out.push({ scheme: m[1], host: host.replace(/\.$/, ''), port: Number(port ?? (m[1] === 'https' ? 443 : 80)), sslName: sslName.replace(/\.$/, '') });
    }
  }
  return out;
}

/** The nginx configuration files a workload mounts from ConfigMaps. */
function nginxConfigs(ctx: DoctorInput, w: K8sObject): string[] {
  const namespace = w.metadata.namespace ?? 'default';
  const volumes: any[] = w.spec?.template?.spec?.volumes ?? [];
  return volumes.flatMap((v) => {
    const cm = v.configMap && objectsOf(ctx.objects, 'ConfigMap', namespace).find((o) => o.metadata.name === v.configMap.name);
    return Object.values(cm?.data ?? {}).filter((text): text is string => typeof text === 'string' && /\bproxy_pass\s/.test(text) && /\bhttp\s*\{/.test(text));
  });
}

export function gatewayEdges(ctx: DoctorInput): GatewayEdge[] {
  const mimir = new Set(ctx.workloads.map((w) => w.object));
  const out: GatewayEdge[] = [];
  for (const g of WORKLOADS.flatMap((k) => ctx.objects.filter((o) => o.kind === k)).filter((o) => !mimir.has(o))) {
    const namespace = g.metadata.namespace ?? 'default';
    for (const conf of nginxConfigs(ctx, g)) {
      const verify = /\bproxy_ssl_verify\s+on\s*;/.test(conf) && /\bproxy_ssl_trusted_certificate\s/.test(conf);
      const cert = /\bproxy_ssl_certificate\s/.test(conf) && /\bproxy_ssl_certificate_key\s/.test(conf);
      const seen = new Set<string>();
      for (const t of targetsOf(conf)) {
        const svc = serviceBehind(ctx.objects, t.host, namespace);
        if (!svc) continue;
        for (const server of ctx.workloads.filter((w) => w.namespace === svc.namespace && selectsLabels(svc.selector, w.podLabels))) {
          const key = `${server.name}|${t.port}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const tls = t.scheme !== 'https' || !verify ? 'plaintext' : cert ? 'mutual' : 'server-only';
          out.push({ client: g, server, port: t.port, tls, verifiedName: t.sslName, label: `${g.metadata.name} → ${server.name} [gateway]` });
        }
      }
    }
  }
  return out;
}

/** A gateway verifying a name its upstream's certificate does not carry (an upstream block's name, say): every request fails. */
function unverifiable(ctx: DoctorContext, e: GatewayEdge): Finding[] {
  if (e.tls === 'plaintext') return [];
  const sans: string[] | undefined = certificateFor(ctx, e.server, valuesOf(e.server, e.server.targets[0]).str('server.http-tls-cert-path'))?.spec?.dnsNames;
  if (!sans || nameMatches(e.verifiedName, sans)) return [];
  return [{
    severity: 'error', check: 'tls.server-name', components: [e.client.metadata.name, e.server.name], edge: e.label,
    message: `${e.client.metadata.name} verifies "${e.verifiedName}", which ${e.server.name}'s certificate does not name: every proxied request fails with "upstream SSL certificate does not match" (502)`,
    fix: `Set proxy_ssl_name to a DNS name in ${e.server.name}'s certificate (e.g. its Service name) where the gateway proxies to it`,
    source: e.client.source,
  }];
}

/** A gateway that reaches a component in plaintext (or over TLS it does not verify, which anyone in the path can impersonate). */
const plaintext = (e: GatewayEdge): Finding[] => (e.tls !== 'plaintext' ? [] : [{
  severity: 'info', check: 'tls.plaintext-edge', components: [e.client.metadata.name, e.server.name], edge: e.label,
  message: `${e.client.metadata.name} → ${e.server.name} (the gateway proxying tenants' requests) is plaintext, or TLS without verifying the component: tenants' data and their X-Scope-OrgID cross the network unprotected`,
  fix: `Serve HTTPS on ${e.server.name} and proxy to it with https://, proxy_ssl_verify on, proxy_ssl_trusted_certificate and a client certificate (proxy_ssl_certificate)`,
  source: e.client.source,
}]);

export const gateway: Check = (ctx) => ctx.gatewayEdges.flatMap((e) => [...plaintext(e), ...unverifiable(ctx, e)]);
