// TLS policy: what each component's servers require, what each edge's client does, and which choices are
// weaker than the defaults (each needs tls.acknowledgeWeakerSecurity).
import * as D from '../defaults';
import { ClientAuth, EdgeTlsMode, EdgeTlsOptions, ProbeMode, ServerTlsOptions, TlsVersion } from '../definition';
import { Problems } from '../errors';
import { checkKeys, optionalBoolean } from '../check/helpers';
import { isDnsSubdomain, isPlainObject, show } from '../validate';
import { GO_INSECURE_SUITES, GO_SECURE_SUITES, GO_TLS13_SUITES } from './ciphers';

export interface ProtocolServerPolicy {
  readonly tls: boolean;
  readonly clientAuth: ClientAuth;
}

export interface ServerTlsPolicy {
  readonly http: ProtocolServerPolicy;
  readonly grpc: ProtocolServerPolicy;
  readonly minVersion: TlsVersion;
  readonly cipherSuites: readonly string[];
  readonly probe: ProbeMode;
}

export interface EdgeOverride {
  readonly field: string;
  readonly mode: EdgeTlsMode;
  readonly serverName?: string;
  readonly minVersion?: TlsVersion;
  readonly cipherSuites?: readonly string[];
}

export const DEFAULT_SERVER_POLICY: ServerTlsPolicy = {
  http: { tls: true, clientAuth: D.DEFAULT_HTTP_CLIENT_AUTH },
  grpc: { tls: true, clientAuth: D.DEFAULT_GRPC_CLIENT_AUTH },
  minVersion: D.DEFAULT_TLS_MIN_VERSION,
  cipherSuites: D.DEFAULT_CIPHER_SUITES,
  probe: ProbeMode.HTTP_GET,
};

const SERVER_KEYS = ['httpTls', 'grpcTls', 'httpClientAuth', 'grpcClientAuth', 'minVersion', 'cipherSuites', 'probe'];
/** Keys of `tls` beyond the server options every scope has. */
export const CLUSTER_ONLY_TLS_KEYS = ['memberlist', 'edges', 'acknowledgeWeakerSecurity'];
const EDGE_KEYS = ['prefix', 'from', 'mode', 'serverName', 'minVersion', 'cipherSuites'];
/** Client-auth policies that refuse a client without a certificate: the kubelet's probes have none. */
const REQUIRES_CLIENT_CERT: readonly ClientAuth[] = [ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT, ClientAuth.REQUIRE_ANY_CLIENT_CERT];
const WEAKER_HTTP_AUTH: readonly ClientAuth[] = [ClientAuth.NO_CLIENT_CERT, ClientAuth.REQUEST_CLIENT_CERT];

/** Choices weaker than the defaults, collected during resolution and refused without acknowledgement. */
export class WeakerChoices {
  private readonly list: { field: string; what: string }[] = [];

  public add(field: string, what: string): void {
    this.list.push({ field, what });
  }

  public report(problems: Problems, acknowledged: boolean): void {
    if (acknowledged) return;
    for (const w of this.list) {
      problems.add(w.field, `${w.what}, which is weaker than the default`, 'Set tls.acknowledgeWeakerSecurity: true to accept it, or remove the setting');
    }
  }
}

export function requiresClientCert(auth: ClientAuth): boolean {
  return REQUIRES_CLIENT_CERT.includes(auth);
}

function enumValue<T extends string>(problems: Problems, field: string, value: unknown, values: readonly T[], fix: string): T | undefined {
  if (value === undefined) return undefined;
  if (!values.includes(value as T)) {
    problems.add(field, `is ${show(value)}`, fix);
    return undefined;
  }
  return value as T;
}

/** Checks a minimum version; versions below TLS 1.2 are weaker choices. */
export function minVersionOf(problems: Problems, field: string, value: unknown, weaker: WeakerChoices): TlsVersion | undefined {
  const v = enumValue(problems, field, value, Object.values(TlsVersion), 'Use TlsVersion.TLS12 or TlsVersion.TLS13');
  if (v === TlsVersion.TLS10 || v === TlsVersion.TLS11) weaker.add(field, `allows ${v}`);
  return v;
}

/** Checks a suite list: Go names only, no TLS 1.3 suites; suites Go marks insecure are weaker choices. */
export function cipherSuitesOf(problems: Problems, field: string, value: unknown, weaker: WeakerChoices): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(field, 'is empty or not a list', 'Give at least one Go cipher suite name, or leave it out for the default AEAD suites');
    return undefined;
  }
  for (const s of value) {
    if (GO_TLS13_SUITES.includes(s)) problems.add(field, `contains the TLS 1.3 suite ${s}`, 'Remove it: Go enables TLS 1.3 suites itself and cannot be configured to choose them');
    else if (GO_INSECURE_SUITES.includes(s)) weaker.add(field, `contains ${s}, which Go marks insecure`);
    else if (!GO_SECURE_SUITES.includes(s)) problems.add(field, `contains ${show(s)}, not a Go cipher suite name`, `Use Go constant names such as ${D.DEFAULT_CIPHER_SUITES[0]}`);
  }
  return value as string[];
}

/** Server TLS of one scope (cluster or component) over the policy it inherits. */
export function resolveServerTls(problems: Problems, field: string, options: ServerTlsOptions | undefined, base: ServerTlsPolicy, weaker: WeakerChoices, extraKeys: readonly string[] = []): ServerTlsPolicy {
  if (options === undefined || options === null) return base;
  if (!isPlainObject(options)) {
    problems.add(field, 'is not an object', 'Pass TLS options, e.g. { minVersion: TlsVersion.TLS13 }');
    return base;
  }
  checkKeys(problems, field, options, [...SERVER_KEYS, ...extraKeys]);
  const auths = Object.values(ClientAuth);
  const httpTls = optionalBoolean(problems, `${field}.httpTls`, options.httpTls);
  const grpcTls = optionalBoolean(problems, `${field}.grpcTls`, options.grpcTls);
  const httpAuth = enumValue(problems, `${field}.httpClientAuth`, options.httpClientAuth, auths, `Use one of ${auths.join(', ')}`);
  const grpcAuth = enumValue(problems, `${field}.grpcClientAuth`, options.grpcClientAuth, auths, `Use one of ${auths.join(', ')}`);
  const probe = enumValue(problems, `${field}.probe`, options.probe, Object.values(ProbeMode), 'Use ProbeMode.HTTP_GET or ProbeMode.TCP_SOCKET');
  const policy: ServerTlsPolicy = {
    http: { tls: httpTls ?? base.http.tls, clientAuth: httpAuth ?? base.http.clientAuth },
    grpc: { tls: grpcTls ?? base.grpc.tls, clientAuth: grpcAuth ?? base.grpc.clientAuth },
    minVersion: minVersionOf(problems, `${field}.minVersion`, options.minVersion, weaker) ?? base.minVersion,
    cipherSuites: cipherSuitesOf(problems, `${field}.cipherSuites`, options.cipherSuites, weaker) ?? base.cipherSuites,
    probe: probe ?? base.probe,
  };
  if (httpTls === false) weaker.add(`${field}.httpTls`, 'serves HTTP in plaintext');
  if (grpcTls === false) weaker.add(`${field}.grpcTls`, 'serves gRPC in plaintext');
  if (httpAuth && WEAKER_HTTP_AUTH.includes(httpAuth)) weaker.add(`${field}.httpClientAuth`, `is ${httpAuth}: client certificates on HTTP are not verified`);
  if (grpcAuth && grpcAuth !== ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT) weaker.add(`${field}.grpcClientAuth`, `is ${grpcAuth}: gRPC accepts clients without a verified certificate`);
  if (policy.http.tls && requiresClientCert(policy.http.clientAuth) && policy.probe !== ProbeMode.TCP_SOCKET) {
    problems.add(`${field}.httpClientAuth`, `is ${policy.http.clientAuth}, which fails every readiness probe: the kubelet presents no client certificate (and the distroless image has no shell for exec probes)`,
      `Set ${field}.probe to ProbeMode.TCP_SOCKET (it then checks only that the port is open), or use ClientAuth.VERIFY_CLIENT_CERT_IF_GIVEN`);
  }
  return policy;
}

/** Per-edge overrides, keyed `<prefix>|<from>`; whether each matches a real edge is checked by the caller. */
export function resolveEdgeOverrides(problems: Problems, edges: EdgeTlsOptions[] | undefined, weaker: WeakerChoices): Map<string, EdgeOverride> {
  const out = new Map<string, EdgeOverride>();
  if (edges === undefined || edges === null) return out;
  if (!Array.isArray(edges)) {
    problems.add('tls.edges', 'is not a list', 'Give a list of { prefix, from, mode }');
    return out;
  }
  edges.forEach((e, i) => {
    const field = `tls.edges[${i}]`;
    if (!isPlainObject(e)) { problems.add(field, 'is not an object', 'Give { prefix, from, mode }'); return; }
    checkKeys(problems, field, e, EDGE_KEYS);
    if (typeof e.prefix !== 'string' || typeof e.from !== 'string') {
      problems.add(field, 'needs prefix and from', 'Name the edge by its client prefix and client component, e.g. { prefix: "ingester.client", from: "querier" }');
      return;
    }
    if (e.prefix === 'memberlist') {
      problems.add(`${field}.prefix`, 'is memberlist, whose TLS every member must share', 'Use tls.memberlist instead');
      return;
    }
    const mode = enumValue(problems, `${field}.mode`, e.mode, Object.values(EdgeTlsMode), 'Use EdgeTlsMode.MUTUAL, SERVER_ONLY or DISABLED') ?? EdgeTlsMode.MUTUAL;
    if (mode !== EdgeTlsMode.MUTUAL) weaker.add(`${field}.mode`, `makes ${e.from} → ${e.prefix} ${mode === EdgeTlsMode.DISABLED ? 'plaintext' : 'server-only (no client certificate)'}`);
    if (e.serverName !== undefined && (typeof e.serverName !== 'string' || !isDnsSubdomain(e.serverName))) {
      problems.add(`${field}.serverName`, `is ${show(e.serverName)}, not a DNS name`, 'Give a DNS name; the library adds it to the server\'s certificate');
    }
    const key = `${e.prefix}|${e.from}`;
    if (out.has(key)) problems.add(field, `repeats the edge ${e.from} → ${e.prefix}`, 'Give each edge once');
    out.set(key, {
      field, mode, serverName: typeof e.serverName === 'string' ? e.serverName : undefined,
      minVersion: minVersionOf(problems, `${field}.minVersion`, e.minVersion, weaker),
      cipherSuites: cipherSuitesOf(problems, `${field}.cipherSuites`, e.cipherSuites, weaker),
    });
  });
  return out;
}
