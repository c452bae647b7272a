// Each workload's own servers: certificate and key in pairs, a CA only with a client-auth policy, readiness and
// liveness probes the servers can answer.
import { COMPONENTS } from '../../core/catalog/components';
import { PORTS } from '../../core/names';
import { valuesOf } from '../graph';
import { Finding } from '../finding';
import { MimirWorkload } from '../workloads';
import { Check, REQUIRES_CLIENT_CERT, workloadFinding } from './context';


const at = workloadFinding;

function serverPairs(w: MimirWorkload): Finding[] {
  const v = valuesOf(w, w.targets[0]);
  const out: Finding[] = [];
  for (const p of ['http', 'grpc']) {
    const cert = v.str(`server.${p}-tls-cert-path`) !== '';
    const key = v.str(`server.${p}-tls-key-path`) !== '';
    if (cert !== key) out.push(at(w, 'warning', 'server.tls-pair', `-server.${p}-tls-${cert ? 'cert' : 'key'}-path without its ${cert ? 'key' : 'certificate'}: Mimir starts with ${p} in plaintext, and every TLS client of it fails`, `Set -server.${p}-tls-cert-path and -server.${p}-tls-key-path together`));
    const auth = v.str(`server.${p}-tls-client-auth`);
    if (cert && key && v.str(`server.${p}-tls-ca-path`) !== '' && ['', 'NoClientCert'].includes(auth)) {
      out.push(at(w, 'error', 'server.client-auth', `-server.${p}-tls-ca-path without a client-auth policy: "error generating ${p} tls config: client CA's have been configured without a Client Auth Policy" at start`, `Set -server.${p}-tls-client-auth (RequireAndVerifyClientCert for gRPC, VerifyClientCertIfGiven for HTTP probes)`));
    }
  }
  return out;
}

function probes(w: MimirWorkload): Finding[] {
  const v = valuesOf(w, w.targets[0]);
  const tls = v.str('server.http-tls-cert-path') !== '' && v.str('server.http-tls-key-path') !== '';
  const auth = v.str('server.http-tls-client-auth');
  const out: Finding[] = [];
  for (const [kind, probe] of Object.entries(w.probes)) {
    const get = probe?.httpGet;
    if (!get || (get.port !== PORTS.http.port && get.port !== 'http-metrics' && get.port !== v.str('server.http-listen-port'))) continue;
    const https = (get.scheme ?? 'HTTP').toUpperCase() === 'HTTPS';
    if (tls && !https) out.push(at(w, 'error', 'probe.scheme', `the ${kind} probe speaks HTTP to an HTTPS server: it gets "Client sent an HTTP request to an HTTPS server" (400) and the pod is never ${kind === 'liveness' ? 'alive' : 'ready'}`, `Set the ${kind} probe's scheme to HTTPS`));
    if (!tls && https) out.push(at(w, 'error', 'probe.scheme', `the ${kind} probe speaks HTTPS to a plain HTTP server and always fails`, `Set the ${kind} probe's scheme to HTTP`));
    if (tls && https && REQUIRES_CLIENT_CERT.includes(auth)) {
      out.push(at(w, 'error', 'probe.client-auth', `HTTP requires a client certificate (${auth}) and the kubelet's ${kind} probe presents none: "remote error: tls: certificate required", the pod is never ${kind === 'liveness' ? 'alive' : 'ready'}`,
        'Use -server.http-tls-client-auth=VerifyClientCertIfGiven, or a tcpSocket probe'));
    }
  }
  return out;
}

export const servers: Check = (ctx) => ctx.workloads.flatMap((w) => (w.targets.some((t) => COMPONENTS.some((c) => c.id === t)) ? [...serverPairs(w), ...probes(w)] : []));
