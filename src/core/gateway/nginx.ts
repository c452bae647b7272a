// The gateway's nginx.conf, rendered from the identities and the route table. Rules the text keeps (each tested
// against a real nginx in test/gateway):
// - one path, one verdict: a request target with dot segments, encoded dots, slashes, backslashes or NULs, a
//   fragment, a double slash or no leading slash is refused (400); and a request is forwarded only when the route
//   nginx chose on its decoded URI is the route Mimir's router will choose on the raw target (else 400);
// - identity first: a verified client certificate (exact subject DN of the clients CA), else the credential in the
//   Authorization header (basic, bearer token or JWT, checked by the gateway's JavaScript); no identity → 401 (and
//   failed attempts are rate-limited per client address); the tenant comes from the identity, never from the caller
//   (trusted proxies and JWT tenant claims excepted, checked against what they may name);
// - only the methods Mimir registers for a route (405), only the request headers a route needs (the caller's other
//   headers never reach Mimir), a body limit per route, and nothing buffered to disk;
// - certificates are read through variables, so renewed files are used on the next handshake without a reload.
import { CheckedIdentity, CheckedJwt, presentsCertificate, presentsCredential } from '../check/gateway-identities';
import { RESERVED_TENANT_IDS, TENANT_ID_CHARS, TENANT_ID_MAX_LENGTH } from '../check/tenancy';
import { GatewayPermission } from '../front-door';
import { escapeRegExp } from '../validate';
import { ACCESS_PERMISSION, GatewayRoute, RouteAccess } from './routes';

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
  /** nginx's JavaScript module and the gateway's script; undefined when no identity needs them. */
  readonly jsModule?: string;
  readonly script?: string;
  /** Directories of credential digests (one file per digest) and the JWKS document. */
  readonly basicDigests?: string;
  readonly tokenDigests?: string;
  readonly jwks?: string;
  /** Writable directory for the pid file and temporary files (memory-backed: it holds the verdict cache). */
  readonly tmp: string;
}



export interface NginxInput {
  readonly listenPort: number;
  /** Loopback port of the gateway's own credential checker (njs), behind nginx's cache of its verdicts. */
  readonly credentialPort: number;
  /** The cluster's TLS policy in OpenSSL's words, for callers and upstreams alike. */
  readonly tls: { readonly protocols: readonly string[]; readonly ciphers: string };
  readonly files: NginxFiles;
  readonly identities: readonly CheckedIdentity[];
  readonly jwt?: CheckedJwt;
  readonly failedAuthRate: number;
  /** Seconds a verified credential's verdict is cached (0: none). */
  readonly credentialCacheSeconds: number;
  readonly routes: readonly (GatewayRoute & { readonly upstream: NginxUpstream })[];
  readonly upstreams: readonly NginxUpstream[];
  /** The cluster validation label the components check on HTTP (`X-Cluster`), when they do. */
  readonly clusterLabel?: string;
}

const q = (s: string) => {
  if (/["\\$\n;{}]/.test(s)) throw new Error(`internal: "${s}" cannot be quoted for nginx`);
  return `"${s}"`;
};
const ONE_TENANT = `(?!(?:${RESERVED_TENANT_IDS.map(escapeRegExp).join('|')})(?:\\||$))[${TENANT_ID_CHARS}]{1,${TENANT_ID_MAX_LENGTH}}`;

/** Identities resolved from the Authorization header by the gateway's JavaScript. */
export const usesScript = (input: Pick<NginxInput, 'identities'>) => input.identities.some(presentsCredential);

export function renderNginxConfig(input: NginxInput): string {
  const js = usesScript(input);
  return [
    ...(js ? [`load_module ${input.files.jsModule};`] : []),
    // One worker per core: a slow request on one worker does not hold the others.
    'worker_processes auto;', `pid ${input.files.tmp}/nginx.pid;`, 'error_log stderr notice;', 'daemon off;',
    'events { worker_connections 1024; }', 'http {',
    ...indent([...httpSettings(input), ...targetMaps(input.routes), ...identityMaps(input), ...tenantMaps(input.identities),
      ...accessMaps(input.identities), ...input.upstreams.flatMap(upstream), ...(js ? credentialChecker(input) : []), ...server(input)]),
    '}', '',
  ].join('\n');
}

function indent(lines: string[]): string[] {
  return lines.map((l) => (l === '' ? l : `  ${l}`));
}

function block(head: string, entries: string[]): string[] {
  return [`${head} {`, ...indent(entries), '}'];
}

function httpSettings(input: NginxInput): string[] {
  const files = input.files;
  return [
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${files.tmp}/${t}_temp;`),
    'server_tokens off;',
    'log_format gateway \'$remote_addr identity=$gw_identity tenant=$gw_tenant route=$gw_route "$request" $status $body_bytes_sent $request_time\';',
    'access_log /dev/stdout gateway;',
    // Routes raise it; nothing is buffered to disk (bodies stream to Mimir, responses pass through memory buffers).
    'client_max_body_size 64k;', 'proxy_request_buffering off;', 'proxy_max_temp_file_size 0;',
    // The caller's headers are dropped: each route names the few it passes on.
    'proxy_pass_request_headers off;',
    `limit_req_zone $binary_remote_addr zone=gw_failed_auth:10m rate=${input.failedAuthRate}r/s;`, 'limit_req_status 429;',
    // Certificates through variables: re-read on every handshake, so a renewed Secret needs no reload.
    `map $ssl_server_name $gw_server_cert { default ${q(files.serverCert)}; }`,
    `map $ssl_server_name $gw_server_key { default ${q(files.serverKey)}; }`,
    `map $host $gw_upstream_cert { default ${q(files.upstreamCert)}; }`,
    `map $host $gw_upstream_key { default ${q(files.upstreamKey)}; }`,
    'map $request_method $gw_safe_method { GET 1; default 0; }',
  ];
}

/**
 * The raw request target: refused when nginx and Mimir could read it differently; otherwise classified by Mimir's
 * own route patterns ($gw_route), which each location compares with the route it stands for.
 */
function targetMaps(routes: readonly GatewayRoute[]): string[] {
  return [
    ...block('map $request_uri $gw_raw_path', ['default "";', '"~^(?<gw_p>[^?]*)" $gw_p;']),
    ...block('map $gw_raw_path $gw_bad_target', [
      'default 0;',
      '"~^[^/]" 1;', // absolute-form or asterisk targets
      '"~[#\\x5c\\x00]" 1;', // a fragment, a backslash, a NUL
      '"~(?i)%(?:2e|2f|5c|00|23)" 1;', // encoded dot, slash, backslash, NUL, #
      '"~//" 1;',
      '"~(?:^|/)\\.\\.?(?:/|$)" 1;', // dot segments
    ]),
    ...block('map $gw_raw_path $gw_route', ['default "";', ...routes.map((r) => `"~${r.raw}" ${q(r.id)};`)]),
  ];
}

/** The caller's identity key: from a verified certificate (exact DN, case included), else from the Authorization header. */
function identityMaps(input: NginxInput): string[] {
  const certs = input.identities.filter(presentsCertificate);
  const js = usesScript(input);
  return [
    // Regular expressions: compared with case, unlike nginx's string keys.
    ...block('map $ssl_client_s_dn $gw_dn_identity', ['default "";', ...certs.map((i) => `"~^CN=${escapeRegExp(i.name)}$" ${q(i.key)};`)]),
    ...block('map "$ssl_client_verify|$gw_dn_identity" $gw_cert_identity', ['default "";', '"~^SUCCESS\\|(?<gw_c>.+)$" $gw_c;']),
    // The credential's identity comes from the cached check (auth_request_set, in each route's location).
    ...block('map $gw_cert_identity $gw_identity', [`default $gw_cert_identity;`, ...(js ? ['"" $gw_credential_identity;'] : [])]),
    // The tenant a caller names: trusted proxies in X-Scope-OrgID, JWT rules in a claim.
    ...block('map $gw_identity $gw_claimed', ['default "";', '"~^p:" $http_x_scope_orgid;', ...(js ? ['"~^j:" $gw_credential_claimed;'] : [])]),
  ];
}

/**
 * $gw_tenant: the one tenant of the identity; $gw_read_tenants: what its reads span (federation). Identities with a
 * fixed tenant are looked up by key (a hash: the cost does not grow with their number); only identities that name
 * their tenant (trusted proxies, JWT tenant claims) are matched by pattern, and only when the key found none.
 */
function tenantMaps(ids: readonly CheckedIdentity[]): string[] {
  const fixed = ids.filter((i) => !i.claimed);
  const claimed = ids.filter((i) => i.claimed);
  const allowed = (p: CheckedIdentity) => (p.allowedTenants ? `(?:${p.allowedTenants.map(escapeRegExp).join('|')})` : ONE_TENANT);
  const key = (i: CheckedIdentity) => `^${escapeRegExp(i.key)}\\|`;
  return [
    ...block('map $gw_identity $gw_fixed_tenant', ['default "";', ...fixed.map((i) => `${q(i.key)} ${q(i.tenant!)};`)]),
    ...block('map $gw_identity $gw_fixed_read_tenants', ['default "";', ...fixed.map((i) => `${q(i.key)} ${q(i.readTenants.join('|'))};`)]),
    ...block('map "$gw_identity|$gw_claimed" $gw_claimed_tenant', ['default "";', ...claimed.map((i, n) => `"~${key(i)}(?<gw_s${n}>${allowed(i)})$" $gw_s${n};`)]),
    ...block('map "$gw_identity|$gw_claimed" $gw_claimed_read_tenants', ['default "";',
      ...claimed.map((i, n) => `"~${key(i)}(?<gw_r${n}>${allowed(i)}${i.allowFederation ? `(?:\\|${allowed(i)})*` : ''})$" $gw_r${n};`)]),
    ...block('map $gw_fixed_tenant $gw_tenant', ['default $gw_fixed_tenant;', '"" $gw_claimed_tenant;']),
    ...block('map $gw_fixed_read_tenants $gw_read_tenants', ['default $gw_fixed_read_tenants;', '"" $gw_claimed_read_tenants;']),
  ];
}

const CAN: { readonly [p in GatewayPermission]: string } = {
  [GatewayPermission.WRITE]: '$gw_can_write', [GatewayPermission.READ]: '$gw_can_read',
  [GatewayPermission.MANAGE]: '$gw_can_manage', [GatewayPermission.ADMIN]: '$gw_can_admin',
};

/** Per access class: the tenant sent upstream (empty: refused) and the refusal (401 without identity, else 403). */
function accessMaps(ids: readonly CheckedIdentity[]): string[] {
  const can = Object.values(GatewayPermission).flatMap((p) => block(`map $gw_identity ${CAN[p]}`,
    ['default 0;', ...ids.filter((i) => i.permissions.has(p)).map((i) => `${q(i.key)} 1;`)]));
  // One permission, from the route table's ACCESS_PERMISSION, over the identity's tenant(s).
  const one = (a: RouteAccess, tenants: string, capture: string) => [`"${CAN[ACCESS_PERMISSION[a]]}|${tenants}"`, `"~^1\\|(?<${capture}>.+)$" $${capture};`];
  const tenantOf: { [a in RouteAccess]: string[] } = {
    'write': one('write', '$gw_tenant', 'gw_w'),
    'read': one('read', '$gw_read_tenants', 'gw_r'),
    'read-single': one('read-single', '$gw_tenant', 'gw_rs'),
    // GET with READ; every other method with MANAGE.
    'manage': ['"$gw_safe_method$gw_can_read$gw_can_manage|$gw_tenant"', '"~^11.\\|(?<gw_m1>.+)$" $gw_m1;', '"~^0.1\\|(?<gw_m2>.+)$" $gw_m2;'],
    'configure': one('configure', '$gw_tenant', 'gw_cf'),
    'admin': one('admin', '$gw_tenant', 'gw_a'),
  };
  const classes = (Object.keys(tenantOf) as RouteAccess[]).flatMap((a) => [
    ...block(`map ${tenantOf[a][0]} ${tenantVar(a)}`, ['default "";', ...tenantOf[a].slice(1)]),
    ...block(`map "$gw_identity|${tenantVar(a)}" ${refusalVar(a)}`, ['default "";', '"~^\\|" 401;', '"~^[^|]+\\|$" 403;']),
  ]);
  return [...can, ...classes];
}

const tenantVar = (a: RouteAccess) => `$gw_${a.replace('-', '_')}_tenant`;
const refusalVar = (a: RouteAccess) => `$gw_${a.replace('-', '_')}_refusal`;

/**
 * The credential checker: the gateway's script in a server of its own on loopback, asked through an internal
 * subrequest whose answers nginx caches by credential (in the memory-backed /tmp), so a known caller's request runs
 * no JavaScript. Failures are not cached: unknown users and wrong passwords take the same path.
 */
function credentialChecker(input: NginxInput): string[] {
  return [
    `js_import gateway from ${input.files.script};`,
    `proxy_cache_path ${input.files.tmp}/credentials keys_zone=gw_credentials:4m max_size=16m inactive=${Math.max(1, input.credentialCacheSeconds)}s use_temp_path=off;`,
    ...block('upstream gw_credential_checker', [`server 127.0.0.1:${input.credentialPort};`, 'keepalive 8;']),
    ...block('server', [
      `listen 127.0.0.1:${input.credentialPort};`, 'access_log off;',
      ...block('location = /check', ['js_content gateway.authorize;']),
      ...block('location /', ['return 404;']),
    ]),
  ];
}

/** The internal location a route's auth_request asks: certificate callers and callers without credentials skip the check. */
function credentialLocation(seconds: number): string[] {
  return block('location = /_gw_credential', [
    'internal;',
    'if ($gw_cert_identity != "") { return 204; }',
    'if ($http_authorization = "") { return 204; }',
    'proxy_pass http://gw_credential_checker/check;',
    'proxy_http_version 1.1;', 'proxy_set_header Connection "";', 'proxy_set_header Host localhost;',
    'proxy_set_header Authorization $http_authorization;', 'proxy_pass_request_body off;', 'proxy_set_header Content-Length "";',
    ...(seconds > 0 ? [
      'proxy_cache gw_credentials;', 'proxy_cache_key $http_authorization;', `proxy_cache_valid 200 ${seconds}s;`,
      // Cache files stay open between hits (a hit reads its verdict without opening a file); validity still comes
      // from the cache's own expiry, so a kept descriptor never stretches a verdict.
      `open_file_cache max=10000 inactive=${seconds}s;`, `open_file_cache_valid ${Math.min(seconds, 10)}s;`,
    ] : []),
  ]);
}

function upstream(u: NginxUpstream): string[] {
  return block(`upstream ${u.name}`, [`server ${u.address};`, 'keepalive 16;']);
}

function server(input: NginxInput): string[] {
  const credentials = usesScript(input);
  const f = input.files;
  const clientCerts = f.clientsCa
    ? [`ssl_client_certificate ${f.clientsCa};`, 'ssl_verify_client optional;', 'ssl_verify_depth 2;']
    : ['ssl_verify_client off;'];
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
    'if ($gw_bad_target) { return 400; }',
    // Failed authentications pass a per-address rate limit (then 429) before their 401. The 401 must come after
    // limit_req's phase, so it is basic authentication against an empty user list (which also names the scheme);
    // its "user not found" lines stay out of the log.
    'error_page 401 = @gw_unauthenticated;',
    ...block('location @gw_unauthenticated', [
      `limit_req zone=gw_failed_auth burst=${input.failedAuthRate * 5} nodelay;`,
      'error_log stderr crit;', 'auth_basic "Mimir";', 'auth_basic_user_file /dev/null;',
      'add_header WWW-Authenticate Bearer always;',
    ]),
    ...block('location = /ready', ['access_log off;', 'return 200 "ready\\n";']),
    ...(credentials ? ['root /nonexistent;', ...credentialLocation(input.credentialCacheSeconds)] : []),
    ...input.routes.flatMap((r) => location(r, credentials, input.clusterLabel)),
    ...block('location /', ['return 404;']),
  ]);
}

/**
 * One route: the raw-path agreement, the refusals, the method, then the complete header block and the upstream.
 * With credentials, the location first asks the (cached) credential check, then continues in a named location, where
 * the identity is known before anything is refused.
 */
export function location(route: GatewayRoute & { readonly upstream: NginxUpstream }, credentials = false, clusterLabel?: string): string[] {
  const refusal = refusalVar(route.access);
  const agree = `if ($gw_route != ${q(route.id)}) { return 400; }`;
  const body = [
    `if (${refusal} = 401) { return 401; }`,
    `if (${refusal} = 403) { return 403; }`,
    `if ($request_method !~ ^(?:${route.methods.join('|')})$) { return 405; }`,
    `client_max_body_size ${route.maxBody};`,
    ...headerBlock(tenantVar(route.access), route.upstream.serverName, route.headers),
    ...(clusterLabel ? [`proxy_set_header X-Cluster ${q(clusterLabel)};`] : []),
    ...(route.upstream.tls ? [`proxy_ssl_name ${route.upstream.serverName};`, `proxy_pass https://${route.upstream.name};`] : [`proxy_pass http://${route.upstream.name};`]),
  ];
  if (!credentials) return block(`location ${route.location}`, [agree, ...body]);
  const named = `@gw_${route.id.replace(/[^a-z0-9]/g, '_')}`;
  return [
    ...block(`location ${route.location}`, [
      agree, `client_max_body_size ${route.maxBody};`,
      'auth_request /_gw_credential;',
      'auth_request_set $gw_credential_identity $upstream_http_x_gw_identity;',
      'auth_request_set $gw_credential_claimed $upstream_http_x_gw_claimed;',
      `try_files /nonexistent ${named};`,
    ]),
    ...block(`location ${named}`, body),
  ];
}

/** The variable nginx keeps a request header in. */
export const headerVariable = (header: string) => `$http_${header.toLowerCase().replace(/-/g, '_')}`;

/** Every header Mimir receives: the ones the gateway sets, and the route's allowed ones copied from the caller. */
function headerBlock(tenant: string, host: string, allowed: readonly string[]): string[] {
  return [
    `proxy_set_header Host ${host};`,
    `proxy_set_header X-Scope-OrgID ${tenant};`,
    'proxy_set_header Connection "";',
    'proxy_set_header X-Forwarded-For $remote_addr;',
    'proxy_set_header X-Forwarded-Proto https;',
    ...allowed.map((h) => `proxy_set_header ${h} ${headerVariable(h)};`),
  ];
}
