import { Construct } from 'constructs';
import { ResolvedCluster } from '../core/resolve';
import {
  PrometheusRule, PrometheusRuleSpecGroupsRulesExpr, ServiceMonitor, ServiceMonitorSpecEndpointsScheme,
} from '../imports/monitoring.coreos.com';

/**
 * ServiceMonitors (HTTPS with the cluster's CA and the Service name to verify) and the certificate alerts.
 *
 * @internal
 */
export class Monitoring extends Construct {
  constructor(scope: Construct, id: string, model: ResolvedCluster) {
    super(scope, id);
    const m = model.monitoring!;
    const namespace = model.namespace;
    const labels = { 'app.kubernetes.io/name': model.appName, 'app.kubernetes.io/instance': model.name, ...m.labels };
    for (const t of m.scrapeTargets) {
      new ServiceMonitor(this, `ServiceMonitor-${t.name}`, {
        metadata: { name: t.name, namespace, labels },
        spec: {
          selector: { matchLabels: { ...t.serviceSelector } },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [{
            port: t.port,
            scheme: t.scheme === 'https' ? ServiceMonitorSpecEndpointsScheme.HTTPS : ServiceMonitorSpecEndpointsScheme.HTTP,
            tlsConfig: t.tls ? {
              ca: t.tls.ca.kind === 'secret' ? { secret: { name: t.tls.ca.name, key: t.tls.ca.key } } : { configMap: { name: t.tls.ca.name, key: t.tls.ca.key } },
              serverName: t.tls.serverName,
              cert: t.tls.clientCertSecret ? { secret: { name: t.tls.clientCertSecret, key: 'tls.crt' } } : undefined,
              keySecret: t.tls.clientCertSecret ? { name: t.tls.clientCertSecret, key: 'tls.key' } : undefined,
            } : undefined,
          }],
        },
      });
    }
    if (m.alerts) {
      new PrometheusRule(this, 'CertificateAlerts', {
        metadata: { name: m.alerts.name, namespace, labels },
        spec: {
          groups: [{
            name: m.alerts.group,
            rules: m.alerts.rules.map((r) => ({
              alert: r.alert,
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
              for: r.for,
              labels: { severity: r.severity },
              annotations: { summary: r.summary, description: r.description },
            })),
          }],
        },
      });
    }
  }
}
