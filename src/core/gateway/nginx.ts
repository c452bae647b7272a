// The gateway's nginx.conf, rendered from the identities and routes. Rules the text keeps (each tested against a
// real nginx in test/gateway):
// - identity first: a verified client certificate (exact subject DN of the clients CA), else the basic-auth user;
//   no identity → 401; the tenant comes from the identity, never from the caller (trusted proxies excepted);
// - every proxied location carries the whole header block itself (a location with any proxy_set_header inherits
//   none), and sets X-Scope-OrgID exactly once;
// - certificates are read through variables, so renewed files are used on the next handshake without a reload.
import { CheckedIdentity } from '../check/gateway';
import { RESERVED_TENANT_IDS, TENANT_ID_CHARS, TENANT_ID_MAX_LENGTH } from '../check/tenancy';
import { GatewayPermission } from '../front-door';
import { escapeRegExp } from '../validate';
import { GatewayRoute, RouteAccess } from './routes';

export interface NginxUpstream {
  readonly name: string;
  /** host:port nginx connects to. */
  readonly address: string;
  /** The name verified in the upstream's certificate and sent as SNI and Host. */
  readonly serverName: string;
  /** HTTPS (mutual TLS); false only where the component's HTTP server serves plaintext (a weaker choice). */
  readonly tls: boolean;
}

export interface NginxFiles {
  readonly serverCert: string;
  readonly serverKey: string;
  readonly upstreamCert: string;
  readonly upstreamKey: string;
  readonly upstreamCa: string;
  /** CA of client certificates; undefined when no identity uses one. */
  readonly clientsCa?: string;
  readonly htpasswd?: string;
  /** Writable directory for the pid file and temporary files. */
  readonly tmp: string;
}

export interface NginxInput {
  readonly listenPort: number;
  /** The cluster's TLS policy in OpenSSL's words, for callers and upstreams alike. */
  readonly tls: { readonly protocols: readonly string[]; readonly ciphers: string };
  readonly files: NginxFiles;
  readonly identities: readonly CheckedIdentity[];
  readonly routes: readonly (GatewayRoute & { readonly upstream: NginxUpstream })[];
  readonly upstreams: readonly NginxUpstream[];
}

/** Header names stripped from every proxied request, besides Authorization: switches a tenant must not flip. */
export const STRIPPED_HEADERS: readonly string[] = [
  'X-Mimir-SkipLabelNameValidation', 'X-Mimir-SkipLabelCountValidation', 'X-Mimir-Ruler-Override-Namespace-Protection',
  'X-Read-Consistency', 'X-Read-Consistency-Offsets', 'X-Mimir-Force-Prometheus-Engine',
];

const q = (s: string) => {
  if (/["\\$\n;{}]/.test(s)) throw new Error(`internal: "${s}" cannot be quoted for nginx`);
  return `"${s}"`;
};
const ONE_TENANT = `(?!(?:${RESERVED_TENANT_IDS.map(escapeRegExp).join('|')})(?:\\||$))[${TENANT_ID_CHARS}]{1,${TENANT_ID_MAX_LENGTH}}`;

export function renderNginxConfig(input: NginxInput): string {
  return [
    'worker_processes 2;', `pid ${input.files.tmp}/nginx.pid;`, 'error_log stderr notice;', 'daemon off;',
    'events { worker_connections 1024; }', 'http {',
    ...indent([...httpSettings(input.files), ...identityMaps(input.identities), ...tenantMaps(input.identities),
      ...accessMaps(input.identities), ...input.upstreams.flatMap(upstream), ...server(input)]),
    '}', '',
  ].join('\n');
}

function indent(lines: string[]): string[] {
  return lines.map((l) => (l === '' ? l : `  ${l}`));
}

function httpSettings(files: NginxFiles): string[] {
  return [
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${files.tmp}/${t}_temp;`),
    'server_tokens off;',
    'log_format gateway \'$remote_addr identity=$gw_identity tenant=$gw_tenant "$request" $status $body_bytes_sent $request_time\';',
    'access_log /dev/stdout gateway;',
    'client_max_body_size 100m;',
    // Certificates through variables: re-read on every handshake, so a renewed Secret needs no reload.
    `map $ssl_server_name $gw_server_cert { default ${q(files.serverCert)}; }`,
    `map $ssl_server_name $gw_server_key { default ${q(files.serverKey)}; }`,
    `map $host $gw_upstream_cert { default ${q(files.upstreamCert)}; }`,
    `map $host $gw_upstream_key { default ${q(files.upstreamKey)}; }`,
    'map $request_method $gw_safe_method { GET 1; HEAD 1; default 0; }',
  ];
}

function block(head: string, entries: string[]): string[] {
  return [`${head} {`, ...indent(entries), '}'];
}

/** The caller's identity key: `c:`/`p:` from a verified certificate, else `b:` from the basic-auth user. */
function identityMaps(ids: readonly CheckedIdentity[]): string[] {
  const certs = ids.filter((i) => i.kind !== 'basic');
  const users = ids.filter((i) => i.kind === 'basic');
  return [
    ...block('map $ssl_client_s_dn $gw_dn_identity', ['default "";', ...certs.map((i) => `${q(`CN=${i.name}`)} ${q(i.key)};`)]),
    ...block('map "$ssl_client_verify|$gw_dn_identity" $gw_cert_identity', ['default "";', '"~^SUCCESS\\|(?<gw_c>.+)$" $gw_c;']),
    ...block('map $remote_user $gw_basic_identity', ['default "";', ...users.map((i) => `${q(i.name)} ${q(i.key)};`)]),
    ...block('map "$gw_cert_identity|$gw_basic_identity" $gw_identity', ['default "";', '"~^(?<gw_i1>[^|]+)\\|" $gw_i1;', '"~^\\|(?<gw_i2>.+)$" $gw_i2;']),
    // Callers identified by certificate skip basic authentication; everyone else must pass it.
    ...block('map $gw_cert_identity $gw_realm', ['default off;', `"" ${ids.some((i) => i.kind === 'basic') ? '"Mimir"' : 'off'};`]),
  ];
}

/** $gw_tenant: the one tenant of the identity; $gw_read_tenants: what its reads span (federation). */
function tenantMaps(ids: readonly CheckedIdentity[]): string[] {
  const allowed = (p: CheckedIdentity) => (p.allowedTenants ? `(?:${p.allowedTenants.map(escapeRegExp).join('|')})` : ONE_TENANT);
  const key = (i: CheckedIdentity) => `^${escapeRegExp(i.key)}\\|`;
  const single = ids.map((i, n) => (i.kind === 'proxy'
    ? `"~${key(i)}(?<gw_s${n}>${allowed(i)})$" $gw_s${n};`
    : `"~${key(i)}" ${q(i.tenant!)};`));
  const reads = ids.map((i, n) => (i.kind === 'proxy'
    ? `"~${key(i)}(?<gw_r${n}>${allowed(i)}${i.allowFederation ? `(?:\\|${allowed(i)})*` : ''})$" $gw_r${n};`
    : `"~${key(i)}" ${q(i.readTenants.join('|'))};`));
  return [
    ...block('map "$gw_identity|$http_x_scope_orgid" $gw_tenant', ['default "";', ...single]),
    ...block('map "$gw_identity|$http_x_scope_orgid" $gw_read_tenants', ['default "";', ...reads]),
  ];
}

const CAN: { readonly [p in GatewayPermission]: string } = {
  [GatewayPermission.WRITE]: '$gw_can_write', [GatewayPermission.READ]: '$gw_can_read',
  [GatewayPermission.MANAGE]: '$gw_can_manage', [GatewayPermission.ADMIN]: '$gw_can_admin',
};

/** Per access class: the tenant sent upstream (empty: refused) and the refusal (401 without identity or for
 * basic-auth users, so that a user name's existence does not leak before its password is checked; else 403). */
function accessMaps(ids: readonly CheckedIdentity[]): string[] {
  const can = Object.values(GatewayPermission).flatMap((p) => block(`map $gw_identity ${CAN[p]}`,
    ['default 0;', ...ids.filter((i) => i.permissions.has(p)).map((i) => `${q(i.key)} 1;`)]));
  const tenantOf: { [a in RouteAccess]: string[] } = {
    'write': ['"$gw_can_write|$gw_tenant"', '"~^1\\|(?<gw_w>.+)$" $gw_w;'],
    'read': ['"$gw_can_read|$gw_read_tenants"', '"~^1\\|(?<gw_r>.+)$" $gw_r;'],
    'read-single': ['"$gw_can_read|$gw_tenant"', '"~^1\\|(?<gw_rs>.+)$" $gw_rs;'],
    'manage': ['"$gw_safe_method$gw_can_read$gw_can_manage|$gw_tenant"', '"~^11.\\|(?<gw_m1>.+)$" $gw_m1;', '"~^..1\\|(?<gw_m2>.+)$" $gw_m2;'],
    'admin': ['"$gw_can_admin|$gw_tenant"', '"~^1\\|(?<gw_a>.+)$" $gw_a;'],
  };
  const classes = (Object.keys(tenantOf) as RouteAccess[]).flatMap((a) => [
    ...block(`map ${tenantOf[a][0]} ${tenantVar(a)}`, ['default "";', ...tenantOf[a].slice(1)]),
    ...block(`map "$gw_identity|${tenantVar(a)}" ${refusalVar(a)}`, ['default "";', '"~^\\|" 401;', '"~^b:[^|]*\\|$" 401;', '"~^[^|]+\\|$" 403;']),
  ]);
  return [...can, ...classes];
}

const tenantVar = (a: RouteAccess) => `$gw_${a.replace('-', '_')}_tenant`;
const refusalVar = (a: RouteAccess) => `$gw_${a.replace('-', '_')}_refusal`;

function upstream(u: NginxUpstream): string[] {
  return block(`upstream ${u.name}`, [`server ${u.address};`, 'keepalive 16;']);
}

function server(input: NginxInput): string[] {
  const f = input.files;
  const clientCerts = f.clientsCa
    ? [`ssl_client_certificate ${f.clientsCa};`, 'ssl_verify_client optional;', 'ssl_verify_depth 2;']
    : ['ssl_verify_client off;'];
  const basic = f.htpasswd ? ['auth_basic $gw_realm;', `auth_basic_user_file ${f.htpasswd};`] : ['auth_basic off;'];
  return block('server', [
    `listen ${input.listenPort} ssl;`,
    'ssl_certificate $gw_server_cert;', 'ssl_certificate_key $gw_server_key;',
    `ssl_protocols ${input.tls.protocols.join(' ')};`,
    ...(input.tls.ciphers ? [`ssl_ciphers ${input.tls.ciphers};`] : []),
    'ssl_session_cache shared:gateway_tls:10m;', 'ssl_session_tickets off;',
    ...clientCerts,
    // Mutual TLS to every upstream: the gateway's certificate, the cluster CA, the Service name verified, SNI sent.
    'proxy_ssl_certificate $gw_upstream_cert;', 'proxy_ssl_certificate_key $gw_upstream_key;',
    `proxy_ssl_trusted_certificate ${f.upstreamCa};`, 'proxy_ssl_verify on;', 'proxy_ssl_verify_depth 2;',
    // No session reuse: a resumed session keeps the old certificate's identity; pooled connections (keepalive)
    // already make full handshakes rare, and a renewed certificate is used on the next connection.
    `proxy_ssl_protocols ${input.tls.protocols.join(' ')};`, ...(input.tls.ciphers ? [`proxy_ssl_ciphers ${input.tls.ciphers};`] : []),
    'proxy_ssl_server_name on;', 'proxy_ssl_session_reuse off;',
    'proxy_http_version 1.1;', 'proxy_connect_timeout 10s;', 'proxy_read_timeout 300s;', 'proxy_send_timeout 300s;',
    ...basic,
    ...block('location = /ready', ['auth_basic off;', 'access_log off;', 'return 200 "ready\\n";']),
    ...input.routes.flatMap(location),
    ...block('location /', ['return 404;']),
  ]);
}

/** One route: the refusals, then the complete header block, then the upstream. */
export function location(route: GatewayRoute & { readonly upstream: NginxUpstream }): string[] {
  const refusal = refusalVar(route.access);
  return block(`location ${route.location}`, [
    `if (${refusal} = 401) { return 401; }`,
    `if (${refusal} = 403) { return 403; }`,
    ...headerBlock(tenantVar(route.access), route.upstream.serverName),
    ...(route.upstream.tls ? [`proxy_ssl_name ${route.upstream.serverName};`, `proxy_pass https://${route.upstream.name};`] : [`proxy_pass http://${route.upstream.name};`]),
  ]);
}

function headerBlock(tenant: string, host: string): string[] {
  return [
    `proxy_set_header Host ${host};`,
    `proxy_set_header X-Scope-OrgID ${tenant};`,
    'proxy_set_header Authorization "";',
    'proxy_set_header Connection "";',
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $remote_addr;',
    'proxy_set_header X-Forwarded-Proto https;',
    ...STRIPPED_HEADERS.map((h) => `proxy_set_header ${h} "";`),
  ];
}
