// Every edge: both ends speak TLS or neither; a TLS client block is complete; the verified name is in the
// server's certificate; an URL's scheme matches the server; clients the server requires certificates of have one.
import { DoctorEdge, valuesOf } from '../graph';
import { Finding } from '../finding';
import { certificateFor, Check, DoctorContext, nameMatches, REQUIRES_CLIENT_CERT } from './context';


function finding(e: DoctorEdge, severity: Finding['severity'], check: string, message: string, fix: string): Finding {
  return { severity, check, components: [...new Set([e.client.name, e.server.name])], edge: e.label, message, fix, source: e.client.object.source };
}

function tlsMismatch(e: DoctorEdge): Finding[] {
  const p = e.row.prefix;
  if (e.serverTls && !e.clientTls) {
    return [finding(e, 'error', 'tls.plaintext-client', `${e.client.name} dials ${e.server.name} in plaintext while it serves ${e.row.protocol} over TLS: the server logs "TLS handshake error … first record does not look like a TLS handshake" and the ${e.row.purpose} fails`,
      `Set -${p}.tls-enabled=true with -${p}.tls-ca-path (and the client certificate) on ${e.client.name}`)];
  }
  if (!e.serverTls && e.clientTls) {
    return [finding(e, 'error', 'tls.plaintext-server', `${e.client.name} speaks TLS to ${e.server.name}, which serves ${e.row.protocol} in plaintext: "tls: first record does not look like a TLS handshake"`,
      `Serve TLS on ${e.server.name} (-server.${e.row.protocol}-tls-cert-path and -key-path), or set -${p}.tls-enabled=false`)];
  }
  return [];
}

function clientBlock(e: DoctorEdge): Finding[] {
  const v = valuesOf(e.client, e.client.targets[0]);
  const p = e.row.prefix;
  const out: Finding[] = [];
  if (v.str(`${p}.tls-ca-path`) === '') {
    out.push(finding(e, 'error', 'tls.client-block', `-${p}.tls-enabled=true without -${p}.tls-ca-path: ${e.client.name} verifies ${e.server.name} against the image's public roots: "x509: certificate signed by unknown authority"`,
      `Set -${p}.tls-ca-path to the CA that signed ${e.server.name}'s certificate`));
  }
  const cert = v.str(`${p}.tls-cert-path`) !== '';
  const key = v.str(`${p}.tls-key-path`) !== '';
  if (cert !== key) out.push(finding(e, 'error', 'tls.client-block', `-${p}.tls-${cert ? 'cert' : 'key'}-path without -${p}.tls-${cert ? 'key' : 'cert'}-path: "${cert ? 'certificate given but no key configured' : 'key given but no certificate configured'}" at every dial`, 'Give certificate and key together'));
  if (!cert && e.row.protocol !== 'memberlist' && REQUIRES_CLIENT_CERT.includes(e.clientAuth)) {
    out.push(finding(e, 'error', 'tls.client-certificate', `${e.server.name} requires a client certificate on ${e.row.protocol} (${e.clientAuth}) and ${e.client.name} has none: "remote error: tls: certificate required"`,
      `Set -${p}.tls-cert-path and -${p}.tls-key-path on ${e.client.name}`));
  }
  if (e.row.protocol === 'memberlist' && !(cert && key)) {
    out.push(finding(e, 'error', 'tls.client-block', `memberlist TLS without -memberlist.tls-cert-path and -key-path: the gossip listener has no certificate ("tls: neither Certificates, GetCertificate, nor GetConfigForClient set in Config") and memberlist stops at start`, 'Give memberlist a certificate and key on every member'));
  }
  return out;
}

function serverName(ctx: DoctorContext, e: DoctorEdge): Finding[] {
  const p = e.row.prefix;
  if (!e.verifiedName) {
    return [finding(e, 'error', 'tls.server-name', `${e.client.name} reaches ${e.server.name} by pod IP (${e.row.discovery}) without -${p}.tls-server-name: "x509: cannot validate certificate for <pod IP> because it doesn't contain any IP SANs"`,
      `Set -${p}.tls-server-name to a DNS name in ${e.server.name}'s certificate (e.g. its Service name)`)];
  }
  const sv = valuesOf(e.server, e.server.targets[0]);
  const certPath = e.row.protocol === 'memberlist' ? sv.str('memberlist.tls-cert-path') : sv.str(`server.${e.row.protocol}-tls-cert-path`);
  const sans: string[] | undefined = certificateFor(ctx, e.server, certPath)?.spec?.dnsNames;
  if (sans && !nameMatches(e.verifiedName, sans)) {
    return [finding(e, 'error', 'tls.server-name', `${e.client.name} verifies "${e.verifiedName}", which ${e.server.name}'s certificate does not name: "x509: certificate is valid for ${sans.slice(0, 3).join(', ')}${sans.length > 3 ? ', …' : ''}, not ${e.verifiedName}"`,
      `Add "${e.verifiedName}" to the Certificate's dnsNames, or set -${p}.tls-server-name to one of them`)];
  }
  return [];
}

function urlScheme(e: DoctorEdge): Finding[] {
  if (e.row.protocol !== 'http' || !e.row.address) return [];
  const url = valuesOf(e.client, e.client.targets[0]).str(e.row.address.flag);
  if (url.startsWith('http://') && e.serverTls) {
    return [finding(e, 'error', 'tls.url-scheme', `-${e.row.address.flag}=${url} is http:// while ${e.server.name} serves HTTPS: "Client sent an HTTP request to an HTTPS server" (400) on every request`, `Use https:// in -${e.row.address.flag}`)];
  }
  if (url.startsWith('https://') && !e.serverTls) {
    return [finding(e, 'error', 'tls.url-scheme', `-${e.row.address.flag}=${url} is https:// while ${e.server.name} serves plain HTTP: "http: server gave HTTP response to HTTPS client"`, `Use http://, or serve HTTPS on ${e.server.name}`)];
  }
  return [];
}

export const tlsEdges: Check = (ctx) => {
  const out: Finding[] = [];
  const plaintext = new Set<string>();
  for (const e of ctx.edges) {
    out.push(...urlScheme(e));
    const mismatch = tlsMismatch(e);
    if (mismatch.length) { out.push(...mismatch); continue; }
    if (!e.clientTls && ignoredBlock(e)) {
      out.push(finding(e, 'warning', 'tls.ignored-client-block', `${e.client.name} sets -${e.row.prefix}.tls-* paths without -${e.row.prefix}.tls-enabled=true: Mimir ignores them and dials ${e.server.name} in plaintext`,
        `Set -${e.row.prefix}.tls-enabled=true (and serve TLS on ${e.server.name}), or remove the tls-* flags`));
      continue;
    }
    if (!e.clientTls) {
      const key = `${e.client.name}|${e.row.prefix}|${e.row.protocol === 'memberlist' ? '*' : e.server.name}`;
      const fix = e.row.protocol === 'memberlist' ? 'Set -memberlist.tls-enabled=true with certificate, key, CA and server name on every member'
        : `Serve TLS on ${e.server.name} and set -${e.row.prefix}.tls-* on ${e.client.name}`;
      if (!plaintext.has(key)) out.push(finding(e, 'info', 'tls.plaintext-edge', `${e.client.name} → ${e.row.protocol === 'memberlist' ? 'the gossip ring' : e.server.name} (${e.row.purpose}) is plaintext: no certificate is verified in either direction`, fix));
      plaintext.add(key);
      continue;
    }
    out.push(...clientBlock(e), ...serverName(ctx, e));
  }
  return dedupe(out);
};

/** A client block written without its switch (HTTP clients follow the URL scheme instead). */
function ignoredBlock(e: DoctorEdge): boolean {
  if (e.row.protocol === 'http') return false;
  return ['cert', 'key', 'ca'].some((f) => (e.client.flags.get(`${e.row.prefix}.tls-${f}-path`) ?? '') !== '');
}

/** One finding per check, edge label and message (gossip pairs repeat per member pair). */
export function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.check}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
