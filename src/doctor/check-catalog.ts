// What each doctor check looks for: one line for `doctor --list-checks`, and the rule texts of the SARIF report.
// A test keeps the list equal to the checks the doctor can report.

export interface CheckDescription {
  /** A name in CamelCase (SARIF `name`). */
  readonly name: string;
  /** One sentence: what is wrong when it fires. */
  readonly summary: string;
  /** What breaks, and where to look. */
  readonly help: string;
}

const d = (name: string, summary: string, help: string): CheckDescription => ({ name, summary, help });

export const CHECK_CATALOG: { readonly [id: string]: CheckDescription } = {
  'version.unknown-flag': d('UnknownFlag', 'A flag the Mimir version of the image does not have.', 'Mimir exits at start with "flag provided but not defined" (exit code 2). Check the flag against `mimir -help-all` of that version.'),
  'version.assumed': d('VersionAssumed', 'The image names no Mimir version, so flags were checked against an assumed one.', 'Pin the image to a release, or pass --mimir-version.'),
  'version.nearest': d('VersionNearest', 'The image names a release the doctor has no flag catalog for; it was judged by the nearest older one.', 'Findings about flags that release added or removed may be wrong; check them against `mimir -help-all` of the image.'),
  'config.not-found': d('ConfigNotFound', 'The -config.file of a workload is not in any mounted ConfigMap or Secret of the manifests.', 'Mimir exits at start when it cannot read its configuration file.'),
  'config.not-mounted': d('ConfigNotMounted', 'The -config.file path is not under any volume mount of the container.', 'Mimir exits at start when it cannot read its configuration file.'),
  'config.parse': d('ConfigParse', 'The configuration file is not valid YAML.', 'Mimir exits at start when it cannot parse its configuration file.'),
  'config.unknown-key': d('ConfigUnknownKey', 'A key of the configuration file the Mimir version does not know.', 'Mimir refuses unknown keys at start ("field not found"). Check the key against the version\'s configuration reference.'),
  'files.not-mounted': d('FileNotMounted', 'A TLS file (certificate, key, CA) a flag names is not under any volume mount.', 'The server or client fails to load it at start or at its first connection.'),
  'files.read-only-root': d('ReadOnlyRoot', 'A path Mimir writes is on a read-only root file system.', 'The component fails when it first writes there (mkdir: read-only file system).'),
  'files.subpath': d('SubPathMount', 'A certificate is mounted with subPath.', 'A subPath mount never sees a renewed Secret: the component keeps the old certificate until it restarts, and fails when it expires.'),
  'probe.client-auth': d('ProbeClientAuth', 'The HTTP server requires client certificates, but the probes are HTTP(S) requests.', 'The kubelet presents no certificate: every readiness probe fails. Use TCP probes, or VerifyClientCertIfGiven.'),
  'probe.scheme': d('ProbeScheme', 'A probe\'s scheme does not match the HTTP server (HTTP against TLS or the reverse).', 'Every probe fails and the pod never becomes ready.'),
  'server.client-auth': d('ServerClientAuth', 'A server verifies client certificates without a CA, or has a CA it never uses.', 'Mimir refuses a client CA with NoClientCert at start, and cannot verify certificates without one.'),
  'server.tls-pair': d('ServerTlsPair', 'A server has a certificate without its key, or a key without its certificate.', 'The server fails to start its TLS listener.'),
  'tls.client-block': d('ClientTlsBlock', 'A client\'s TLS block is incomplete for the server it dials (CA, certificate, key or server name missing).', 'The handshake fails (e.g. "x509: certificate signed by unknown authority") and the edge carries nothing.'),
  'tls.client-certificate': d('ClientCertificate', 'A client sends no certificate to a server that requires one.', 'The server refuses the handshake ("tls: certificate required").'),
  'tls.ignored-client-block': d('IgnoredClientBlock', 'A client has TLS files but TLS off (tls-enabled=false).', 'The edge is plaintext although it looks configured; a TLS server refuses it.'),
  'tls.insecure-skip-verify': d('InsecureSkipVerify', 'A client does not verify the server\'s certificate.', 'Anyone on the path can impersonate the server; remove insecure-skip-verify and give the CA.'),
  'tls.plaintext-client': d('PlaintextClient', 'A client dials a TLS server in plaintext.', 'The server refuses the connection; the edge carries nothing.'),
  'tls.plaintext-edge': d('PlaintextEdge', 'Both ends of an edge are plaintext.', 'The traffic (tenants\' series, queries) is readable and changeable on the network.'),
  'tls.plaintext-server': d('PlaintextServer', 'A client speaks TLS to a plaintext server.', 'The handshake fails ("first record does not look like a TLS handshake").'),
  'tls.server-name': d('ServerName', 'The name a client verifies is not among the server certificate\'s names.', 'The handshake fails ("x509: certificate is valid for …, not …").'),
  'tls.url-scheme': d('UrlScheme', 'An http:// address dials a TLS server, or https:// a plaintext one.', 'The requests fail; the URL scheme decides TLS for that client.'),
  'cache.plaintext-client': d('CachePlaintextClient', 'A cache client dials a TLS memcached in plaintext.', 'Every cache operation fails; queries fall back to object storage.'),
  'cache.plaintext-server': d('CachePlaintextServer', 'Cache traffic is plaintext (a TLS client to a plaintext memcached fails; both plaintext exposes the data).', 'Cached index, chunks and results are readable on the network.'),
  'certificate.ca-key-rotation': d('CaKeyRotation', 'A CA Certificate rotates its private key.', 'Every leaf it signed stops verifying at the CA\'s renewal; use rotationPolicy Never for CAs.'),
  'certificate.cn-only': d('CommonNameOnly', 'A certificate names its host only in the Common Name.', 'Go ignores the Common Name: clients verifying that name fail. Put it in dnsNames.'),
  'certificate.key-rotation': d('KeyRotation', 'A leaf certificate keeps its private key across renewals.', 'A leaked key stays valid after renewal; use rotationPolicy Always.'),
  'certificate.usages': d('CertificateUsages', 'A certificate lacks the key usages its role needs (server auth, client auth).', 'Go refuses it for that role ("x509: certificate specifies an incompatible key usage").'),
  'memberlist.mixed-tls': d('MemberlistMixedTls', 'Some gossip members speak TLS and others do not.', 'Members of the two kinds cannot gossip: the rings split and writes or reads fail.'),
  'ingest.kafka-plaintext': d('KafkaPlaintext', 'With ingest storage, series go to Kafka in plaintext: Mimir\'s Kafka client has no TLS flags.', 'The write path is readable and the broker unverified on the network; encrypt below Mimir or keep the classic gRPC write path.'),
  'network.http-open': d('HttpOpen', 'No NetworkPolicy restricts the HTTP port of Mimir pods.', 'Mimir authenticates nobody: any pod can read or write any tenant through port 8080.'),
};

/** The description of a check id: from the catalog, or for `startup.<RULE>` the startup rule it reports. */
export function describeCheck(id: string): CheckDescription | undefined {
  if (CHECK_CATALOG[id]) return CHECK_CATALOG[id];
  const rule = /^startup\.([A-Z]+-\d+)$/.exec(id)?.[1];
  return rule ? d(`Startup${rule.replace('-', '')}`, `A combination of flags Mimir refuses at start (startup rule ${rule}).`, 'Mimir exits at start with the error the finding quotes; the fix names the flags to change.') : undefined;
}

/** `doctor --list-checks`: one line per check. */
export function listChecks(): string {
  return [...Object.entries(CHECK_CATALOG).map(([id, c]) => `${id.padEnd(28)} ${c.summary}`),
    `${'startup.<RULE>'.padEnd(28)} A combination of flags Mimir refuses at start (one check per startup rule of the version).`].join('\n') + '\n';
}
