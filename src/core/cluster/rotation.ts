// How renewals take effect in the cluster, and what must run in Kubernetes for the synthesized objects to work.
import { CheckedDefinition } from '../check/check';
import { certificateIdentities } from '../check/gateway';
import { requiresClientCert } from '../tls/policy';
import { ResolvedMonitoring } from './monitoring';
import { ResolvedRotation } from '../model';

/** Reloader's metrics port. */
export const RELOADER_METRICS_PORT = 9090;

export function rotationPlan(checked: CheckedDefinition, baseLabels: { readonly [key: string]: string }): ResolvedRotation {
  const { strategy, reloaderImage } = checked.certs.rotation;
  if (strategy !== 'deployed-reloader') return { strategy };
  return {
    strategy,
    reloader: {
      name: `${checked.names.cluster}-reloader`,
      image: reloaderImage!,
      // Pod-template annotations rather than env vars: the containers stay as synthesized. The namespace to
      // watch comes from KUBERNETES_NAMESPACE (the pod's own), so a namespaced Role is enough.
      args: ['--reload-strategy=annotations'],
      labels: { ...baseLabels, 'app.kubernetes.io/component': 'reloader' },
    },
  };
}

/** Each controller or CRD the objects rely on, and what happens without it. */
export function prerequisites(checked: CheckedDefinition, rotation: ResolvedRotation, monitoring: ResolvedMonitoring | undefined, rolloutOperator: boolean): string[] {
  const ns = checked.names.namespace;
  const out: string[] = [];
  if (!checked.certs.isStatic) out.push('cert-manager (cert-manager.io/v1): issues and renews every certificate; without it no pod starts (its TLS Secret is missing).');
  if (rotation.strategy === 'reloader-annotations') {
    out.push(`Stakater Reloader watching namespace ${ns}: rolls the pods when a certificate or the trust bundle changes. Without it, renewed CA files, memberlist and HTTP certificates are ignored until each pod restarts, and the edges that use them fail when the old certificates expire. The MimirPodOutlivesCertificate alert (monitoring.certificateAlerts) catches a pod that did not roll.`);
  }
  if (rotation.strategy === 'deployed-reloader') out.push(`None for rotation: ${rotation.reloader!.name} (Stakater Reloader) is deployed with the cluster and watches namespace ${ns} only.`);
  if (rotation.strategy === 'none') out.push('Nothing rolls the pods on renewal (rotation: none, acknowledged): restart every pod after each renewal, before the previous certificates expire.');
  if (checked.certs.trust.bundle) out.push(`trust-manager (trust.cert-manager.io/v1alpha1) with the Bundle's source Secrets in its trust namespace: writes the CA bundle ConfigMap ${checked.certs.trust.bundle.name} the pods mount.`);
  if (checked.certs.caRotation) out.push(`A CA rotation is at stage ${checked.certs.caRotation}: let every pod roll (and check the MimirPodOutlivesCertificate alert) before deploying the next stage.`);
  if (rolloutOperator) out.push('The rollout-operator deployed with the cluster rolls the zone StatefulSets (OnDelete) one zone at a time, also after a certificate change.');
  if (monitoring && (monitoring.scrapeTargets.length > 0 || monitoring.alerts)) out.push('Prometheus Operator CRDs (monitoring.coreos.com/v1) for the ServiceMonitors and PrometheusRule, and kube-state-metrics for the stale-pod alert.');
  out.push(...gatewayNotes(checked), ...httpExposureNotes(checked), ...egressNotes(checked));
  return out;
}

/** What restricted egress means for the operator: DNS must match, and anything added by hand needs a policy. */
function egressNotes(checked: CheckedDefinition): string[] {
  if (!checked.networkPolicies) return [];
  const c = checked.names.cluster;
  if (!checked.egress) return [`Egress is not restricted (egress.enabled: false): every ${c} pod may connect to any address.`];
  const dns = checked.egress.dns.to.map((p) => JSON.stringify({ namespace: p.namespaceSelector, pods: p.podSelector })).join(', ');
  return [`NetworkPolicy ${c}-default-deny closes every ${c} pod; each pod's own policy opens its edges, DNS (${dns} on ${checked.egress.dns.ports.join(', ')}: if the cluster's DNS pods carry other labels or ports, set egress.dns, or every name lookup fails) and the egress destinations of the definition. Anything added with extraFlags that connects elsewhere (tracing, remote write) needs a NetworkPolicy of your own.`];
}

/** What the gateway needs from outside, and where its callers find their credentials. */
function gatewayNotes(checked: CheckedDefinition): string[] {
  const g = checked.gateway;
  const names = checked.names;
  if (!g) return [`No gateway: the ${names.cluster} components authenticate nobody; only the kubelet, the components' own HTTP callers and monitoring.scrapers reach port 8080 (kubectl port-forward reaches it too).`];
  const out = [`The gateway ${names.gateway} (Service port 443) is the only way into the API: every request needs an identity, and the tenant comes from it.`];
  if (g.identities.length === 0) out.push('The gateway has no identities (gateway.authentication): it answers 401 to every request but /ready.');
  const digests = 'keys are hex SHA-256 digests, values the names they stand for (make them with GatewayCredentials or `cdk8s-mimir credential`); without it the gateway pods do not start; digests are re-read on every request, so adding or revoking one needs no restart.';
  if (g.basicAuth) out.push(`Secret ${g.basicAuth.secretName}: basic-auth passwords, as digests of "user:password"; its ${digests}`);
  if (g.bearerTokens) out.push(`Secret ${g.bearerTokens.secretName}: bearer tokens, as digests of each token; its ${digests}`);
  if (g.jwt) {
    const where = g.jwt.keySet.secretName ? `Secret ${g.jwt.keySet.secretName}` : `ConfigMap ${g.jwt.keySet.configMapName}`;
    out.push(`${where} with key ${g.jwt.keySet.key}: the JWKS of ${g.jwt.issuer}; it is read on every request, so publishing the provider's new keys there (before they sign tokens) rotates them without a restart.`);
  }
  const certs = certificateIdentities(g);
  if (certs.length) out.push(`Client certificates (tls.crt, tls.key, ca.crt) for ${certs.map((i) => i.name).join(', ')}: Secrets ${names.gatewayClient('<name>')}, issued by the gateway's own clients CA (their ca.crt is that CA, not the one that signed the gateway).`);
  out.push(g.serverIssuer
    ? `Callers verify the gateway's certificate (${g.hostnames.join(', ')}) with the roots of issuer ${g.serverIssuer.name}.`
    : `Callers verify the gateway's certificate with the cluster's CA: copy only the ca.crt key of Secret ${names.gateway}-server-tls.`);
  return out;
}

/**
 * Components whose HTTP port takes requests without a client certificate (so that the kubelet's probes work): there,
 * NetworkPolicies alone keep other pods from calling Mimir's API with any tenant, and they admit the node's own
 * network (the kubelet, and in common CNIs every hostNetwork pod).
 */
function httpExposureNotes(checked: CheckedDefinition): string[] {
  const open = checked.components.filter((c) => c.serverTls.http.tls && !requiresClientCert(c.serverTls.http.clientAuth)).map((c) => c.spec.id);
  const plain = checked.components.filter((c) => !c.serverTls.http.tls).map((c) => c.spec.id);
  const exposed = [...open, ...plain];
  if (exposed.length === 0) return [];
  return [`Port 8080 of ${exposed.join(', ')} accepts requests without a client certificate${plain.length ? ` (${plain.join(', ')}: plaintext)` : ''}, so that the kubelet's HTTPS probes work. Mimir authenticates nobody: the NetworkPolicies are what keep other pods from calling its API with any tenant, and they admit traffic from each node's own network — the kubelet and, with most CNIs, every hostNetwork pod on that node. To require client certificates on HTTP as well, set tls.httpClientAuth to ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT with tls.probe ProbeMode.TCP_SOCKET (readiness then shows only that the port is open).`];
}
