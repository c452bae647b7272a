// What the Prometheus Operator objects say: scrape schemes and TLS follow each component's HTTP server, and
// the alerts watch the cluster's certificates (facts §6: expiry within 21 days, not ready).
import { ClientAuth, MonitoringOptions } from '../definition';
import { Problems } from '../errors';
import { CheckedPeer, peers } from '../check/peers';
import { checkKeys, optionalBoolean } from '../check/helpers';
import { formatGoDuration, isDnsSubdomain, isPlainObject, show } from '../validate';

type Labels = { readonly [key: string]: string };

export interface ScrapeTarget {
  readonly name: string;
  /** Selects the target's ClusterIP Service only (headless and zone Services would scrape pods twice). */
  readonly serviceSelector: Labels;
  readonly port: string;
  readonly scheme: 'https' | 'http';
  /** TLS of the scrape: CA from a Secret or ConfigMap key, the name to verify, an optional client certificate. */
  readonly tls?: {
    readonly ca: { readonly kind: 'secret' | 'configMap'; readonly name: string; readonly key: string };
    readonly serverName: string;
    readonly clientCertSecret?: string;
  };
}

/** One Prometheus alerting rule. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: 'warning' | 'critical';
  readonly summary: string;
  readonly description: string;
}

export interface ResolvedMonitoring {
  readonly labels: Labels;
  readonly scrapeTargets: readonly ScrapeTarget[];
  /** Pods admitted to the HTTP port for scraping. */
  readonly scrapers: readonly CheckedPeer[];
  readonly alerts?: { readonly name: string; readonly namespace: string; readonly group: string; readonly rules: readonly AlertRule[] };
}

/** Label the library puts on every ClusterIP Service that a ServiceMonitor should scrape. */
export const SCRAPE_LABEL = 'cdk8s-mimir.io/scrape';
const KEYS = ['serviceMonitors', 'clientCertSecretName', 'certificateAlerts', 'labels', 'scrapers'];
export const CERT_EXPIRY_ALERT_DAYS = 21;

interface View {
  readonly name: string;
  readonly namespace: string;
  readonly fqdn: (service: string) => string;
  readonly trust: { readonly configMap?: { readonly name: string; readonly key: string } };
  readonly issuance: string;
  readonly components: readonly {
    readonly id: string; readonly selector: Labels; readonly names: { readonly service: string; readonly tlsSecret: string };
    readonly serverTls: { readonly http: { readonly tls: boolean; readonly clientAuth: ClientAuth } };
  }[];
  readonly caches: readonly { readonly id: string; readonly selector: Labels; readonly names: { readonly service: string; readonly workload: string }; readonly external?: unknown }[];
  /** Workloads whose pods hold a certificate of the cluster: Mimir components (and their zones) and caches. */
  readonly certifiedWorkloads: readonly string[];
  readonly certificates: { readonly durationMs: number; readonly renewBeforeMs: number };
  /** NetworkPolicies are rendered: scrapers must then be named to reach the HTTP port. */
  readonly networkPolicies: boolean;
}

export function resolveMonitoring(problems: Problems, options: MonitoringOptions | undefined, view: View): ResolvedMonitoring | undefined {
  if (options === undefined || options === null) return undefined;
  if (!isPlainObject(options)) { problems.add('monitoring', 'is not an object', 'Pass MonitoringOptions'); return undefined; }
  checkKeys(problems, 'monitoring', options, KEYS);
  const serviceMonitors = optionalBoolean(problems, 'monitoring.serviceMonitors', options.serviceMonitors) ?? false;
  const alertsWanted = optionalBoolean(problems, 'monitoring.certificateAlerts', options.certificateAlerts) ?? false;
  const labels = options.labels ?? {};
  if (!isPlainObject(labels) || Object.values(labels).some((v) => typeof v !== 'string')) problems.add('monitoring.labels', 'is not a map of strings', 'Give labels, e.g. { release: "prometheus" }');
  const clientCert = options.clientCertSecretName;
  if (clientCert !== undefined && (typeof clientCert !== 'string' || !isDnsSubdomain(clientCert))) problems.add('monitoring.clientCertSecretName', `is ${show(clientCert)}`, 'Name a Secret with tls.crt and tls.key');
  const targets: ScrapeTarget[] = [];
  if (serviceMonitors) {
    for (const c of view.components) {
      const http = c.serverTls.http;
      if (http.tls && (http.clientAuth === ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT || http.clientAuth === ClientAuth.REQUIRE_ANY_CLIENT_CERT) && clientCert === undefined) {
        problems.add('monitoring.clientCertSecretName', `is not set, but ${c.id} requires a client certificate on HTTP (${http.clientAuth}), so Prometheus could not scrape it`, 'Name a Secret with a client certificate of the cluster\'s CA for Prometheus');
      }
      const ca = view.trust.configMap ? { kind: 'configMap' as const, ...view.trust.configMap } : { kind: 'secret' as const, name: c.names.tlsSecret, key: 'ca.crt' };
      targets.push({
        name: c.names.service, serviceSelector: { ...c.selector, [SCRAPE_LABEL]: 'true' }, port: 'http-metrics',
        scheme: http.tls ? 'https' : 'http',
        tls: http.tls ? { ca, serverName: view.fqdn(c.names.service), clientCertSecret: typeof clientCert === 'string' ? clientCert : undefined } : undefined,
      });
    }
    // The cache exporters (memcached, Redis) serve plain HTTP on their own port.
    for (const c of view.caches.filter((x) => !x.external)) targets.push({ name: c.names.service, serviceSelector: { ...c.selector }, port: 'http-metrics', scheme: 'http' });
  }
  const scrapers = options.scrapers === undefined ? [] : peers(problems, 'monitoring.scrapers', options.scrapers);
  if (serviceMonitors && view.networkPolicies && scrapers.length === 0) {
    problems.add('monitoring.scrapers', 'is empty while serviceMonitors is on, so the NetworkPolicies keep Prometheus off the metrics port (8080)', 'Name the Prometheus pods, e.g. [{ namespaceLabels: { "kubernetes.io/metadata.name": "monitoring" }, podLabels: { "app.kubernetes.io/name": "prometheus" } }], or set networkPolicies: false');
  }
  if (alertsWanted && view.issuance !== 'cert-manager') problems.add('monitoring.certificateAlerts', 'is true, but certificates are issued statically, so cert-manager exports no metrics for them', 'Remove certificateAlerts, or issue with cert-manager');
  return {
    labels: isPlainObject(labels) ? labels : {},
    scrapeTargets: targets,
    scrapers,
    alerts: alertsWanted ? { name: `${view.name}-certificates`, namespace: view.namespace, group: `${view.name}-certificates`, rules: certificateAlerts(view) } : undefined,
  };
}

const DAY_MS = 24 * 3600e3;

/**
 * How long a pod may run before a certificate it read at start can expire: it holds a certificate issued at or
 * before its start, valid for `duration`. The alert fires `max(renewBefore/2, min(24h, renewBefore))` earlier,
 * well after the renewal (`renewBefore` before expiry) should have rolled the pod.
 */
export function stalePodSeconds(durationMs: number, renewBeforeMs: number): number {
  return Math.round((durationMs - Math.max(renewBeforeMs / 2, Math.min(DAY_MS, renewBeforeMs))) / 1000);
}

function certificateAlerts(view: View): AlertRule[] {
  const scope = `namespace="${view.namespace}"`;
  const pods = `^(${view.certifiedWorkloads.join('|')})-.+`;
  const stale = stalePodSeconds(view.certificates.durationMs, view.certificates.renewBeforeMs);
  return [
    {
      alert: 'MimirCertificateExpiringSoon',
      // A renewal that did not happen: cert-manager renews well before this (renewBefore).
      expr: `certmanager_certificate_expiration_timestamp_seconds{${scope}} - time() < ${CERT_EXPIRY_ALERT_DAYS} * 24 * 3600`,
      for: '1h', severity: 'warning',
      summary: `A Mimir certificate expires within ${CERT_EXPIRY_ALERT_DAYS} days`,
      description: 'Certificate {{ $labels.name }} in {{ $labels.namespace }} expires soon; check cert-manager.',
    },
    {
      alert: 'MimirCertificateNotReady',
      expr: `certmanager_certificate_ready_status{${scope},condition!="True"} == 1`,
      for: '15m', severity: 'critical',
      summary: 'A Mimir certificate is not ready',
      description: 'Certificate {{ $labels.name }} in {{ $labels.namespace }} is not ready; its pods cannot renew their TLS identity.',
    },
    {
      alert: 'MimirPodOutlivesCertificate',
      expr: `time() - max by (namespace, pod) (kube_pod_start_time{${scope},pod=~"${pods}"}) > ${stale}`,
      for: '5m', severity: 'critical',
      summary: 'A Mimir pod runs longer than the certificates it read at start can be valid',
      description: `Pod {{ $labels.pod }} started over ${formatGoDuration(stale * 1000)} ago, so a CA, memberlist or HTTP certificate it read at start expires soon: renewals did not roll it (is Reloader running?). Restart the pod.`,
    },
  ];
}
