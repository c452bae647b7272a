// The front door's definition: validation with field and fix, the flags and objects each choice writes.
import { ClusterSize, GatewayPermission, MimirVersion, ServerSideEncryption } from '../../src';
import { FLAG_FIELDS } from '../../src/core/flags/fields.generated';
import { OVERRIDE_KEYS } from '../../src/core/check/tenancy';
import { resolveCluster } from '../../src/core/resolve';
import { parse, parseAllDocuments } from 'yaml';
import { argsOf, BASE, errorOf, findObject, synth, workloadOf } from '../_helpers';

const resolve = (props: any) => resolveCluster({ ...BASE, ...props });
const messageOf = (props: any) => errorOf(() => resolve(props)).message;
const ACK = { tls: { acknowledgeWeakerSecurity: true } };
const ID = (o: any = {}) => ({ gateway: { authentication: { clientCertificates: [{ name: 'prom', tenant: 'team-a', ...o }] } } });

describe('encryption at rest', () => {
  test('SSE-C is refused with the reason; SSE-KMS needs its key; SSE-S3 takes none; the context is a map of strings', () => {
    const enc = (e: any) => messageOf({ storage: { ...BASE.storage, encryption: e } });
    expect(enc({ type: 'SSE-C' })).toMatch(/storage\.encryption\.type: is SSE-C, which Mimir does not support.*SSE_KMS/);
    expect(enc({ type: 'AES' })).toMatch(/storage\.encryption\.type: is "AES". Use one of SSE-S3, SSE-KMS/);
    expect(enc({ type: ServerSideEncryption.SSE_KMS })).toMatch(/storage\.encryption\.kmsKeyId: is missing/);
    expect(enc({ type: ServerSideEncryption.SSE_S3, kmsKeyId: 'k' })).toMatch(/storage\.encryption\.kmsKeyId: is set with SSE-S3/);
    expect(enc({ type: ServerSideEncryption.SSE_KMS, kmsKeyId: 'k', kmsEncryptionContext: { a: 1 } })).toMatch(/kmsEncryptionContext: is \{"a":1\}, not a non-empty map of strings/);
  });

  test('cluster-wide flags on components with object storage, JSON context; per tenant in the runtime file', () => {
    const m = resolve({
      storage: { ...BASE.storage, encryption: { type: ServerSideEncryption.SSE_KMS, kmsKeyId: 'alias/k', kmsEncryptionContext: { b: '2', a: '1' } } },
      runtimeConfig: { overrides: { 'team-a': { encryption: { type: ServerSideEncryption.SSE_S3 } } } },
    });
    const ingester = m.components.find((c) => c.id === 'ingester')!.flags;
    expect(ingester).toEqual(expect.arrayContaining([
      { name: 'common.storage.s3.sse.type', value: 'SSE-KMS', role: 'tenancy' },
      { name: 'common.storage.s3.sse.kms-encryption-context', value: '{"a":"1","b":"2"}', role: 'tenancy' },
    ]));
    expect(m.components.find((c) => c.id === 'distributor')!.flags.some((f) => f.name.includes('.sse.'))).toBe(false);
    expect(parse(m.runtimeConfig.content)).toEqual({ overrides: { 'team-a': { s3_sse_type: 'SSE-S3' } } });
  });
});

describe('the Alertmanager receivers firewall', () => {
  test('on by default; turning it off is a weaker choice; CIDRs are checked and written as CSV', () => {
    const am = (props: any) => resolve(props).components.find((c) => c.id === 'alertmanager')!.flags;
    expect(am({})).toContainEqual({ name: 'alertmanager.receivers-firewall-block-private-addresses', value: 'true', role: 'tenancy' });
    expect(messageOf({ alertmanagerFirewall: { blockPrivateAddresses: false } })).toMatch(/alertmanagerFirewall\.blockPrivateAddresses: lets Alertmanager receivers .* weaker than the default. Set tls\.acknowledgeWeakerSecurity/);
    expect(am({ ...ACK, alertmanagerFirewall: { blockPrivateAddresses: false } })).toContainEqual({ name: 'alertmanager.receivers-firewall-block-private-addresses', value: 'false', role: 'tenancy' });
    expect(messageOf({ alertmanagerFirewall: { blockCidrNetworks: ['10.0.0.0/8', '10.0.0.0/33', 'fd00::/8', 'nope'] } })).toMatch(/blockCidrNetworks\[1\]: is "10\.0\.0\.0\/33", not a CIDR network[\s\S]*blockCidrNetworks\[3\]/);
    expect(am({ alertmanagerFirewall: { blockCidrNetworks: ['169.254.169.254/32', 'fd00::/8'] } })).toContainEqual({ name: 'alertmanager.receivers-firewall-block-cidr-networks', value: '169.254.169.254/32,fd00::/8', role: 'tenancy' });
    expect(messageOf({ runtimeConfig: { overrides: { t: { alertmanagerFirewall: { blockPrivateAddresses: false } } } } })).toMatch(/runtimeConfig\.overrides\.t\.alertmanagerFirewall\.blockPrivateAddresses: lets/);
  });
});

describe('tenancy switches', () => {
  test('multi-tenancy off writes the no-auth tenant; identities must use it', () => {
    const m = resolve({ tenancy: { multitenancy: false, noAuthTenant: 'single' }, ...ID({ tenant: 'single' }) });
    expect(m.components[0].flags).toEqual(expect.arrayContaining([
      { name: 'auth.multitenancy-enabled', value: 'false', role: 'tenancy' }, { name: 'auth.no-auth-tenant', value: 'single', role: 'tenancy' },
    ]));
    expect(messageOf({ tenancy: { multitenancy: false }, ...ID() })).toMatch(/clientCertificates\[0\]\.tenant: is "team-a" while multi-tenancy is off, where every request is in "anonymous"/);
    expect(messageOf({ tenancy: { noAuthTenant: 'x' } })).toMatch(/tenancy\.noAuthTenant: is set while multi-tenancy is on/);
  });

  test('federation follows the identities; its limit is written where the version has the flag', () => {
    const fed = ID({ federatedReadTenants: ['team-a', 'team-b', 'team-c'], permissions: [GatewayPermission.READ] });
    const flags = (v: MimirVersion) => resolve({ version: v, ...fed }).components.find((c) => c.id === 'querier')!.flags.map((f) => `${f.name}=${f.value}`);
    expect(flags(MimirVersion.V3_0_2)).toEqual(expect.arrayContaining(['tenant-federation.enabled=true', 'tenant-federation.max-tenants=3']));
    expect(flags(MimirVersion.V2_11_0)).toContain('tenant-federation.enabled=true');
    expect(flags(MimirVersion.V2_11_0).some((f) => f.startsWith('tenant-federation.max-tenants'))).toBe(false);
    expect(resolve({}).components[0].flags.some((f) => f.name.startsWith('tenant-federation'))).toBe(false);
    expect(messageOf({ ...fed, tenancy: { federation: false } })).toMatch(/tenancy\.federation: is false while gateway identities read several tenants/);
    expect(messageOf({ ...fed, tenancy: { maxFederatedTenants: 2 } })).toMatch(/tenancy\.maxFederatedTenants: is 2, fewer than the 3 tenants/);
    const proxy = { gateway: { authentication: { trustedProxies: [{ name: 'grafana', allowFederation: true }] } } };
    expect(resolve(proxy).components[0].flags.map((f) => f.name)).toContain('tenant-federation.enabled');
    expect(resolve(proxy).components[0].flags.map((f) => f.name)).not.toContain('tenant-federation.max-tenants');
  });

  test('ruler federation is weaker and needs federation; the config APIs can be switched off, and the gateway stops routing them', () => {
    expect(messageOf({ tenancy: { rulerFederation: true, federation: true } })).toMatch(/tenancy\.rulerFederation: lets rule groups read other tenants/);
    expect(messageOf({ ...ACK, tenancy: { rulerFederation: true } })).toMatch(/tenancy\.rulerFederation: is on without tenancy\.federation/);
    const m = resolve({ tenancy: { rulerApi: false, alertmanagerApi: false } });
    expect(m.components.find((c) => c.id === 'ruler')!.flags).toContainEqual({ name: 'ruler.enable-api', value: 'false', role: 'tenancy' });
    expect(m.components.find((c) => c.id === 'alertmanager')!.flags).toContainEqual({ name: 'alertmanager.enable-api', value: 'false', role: 'tenancy' });
    expect(m.gateway!.routes.map((r) => r.location)).not.toEqual(expect.arrayContaining(['= /api/v1/alerts']));
    expect(m.gateway!.routes.some((r) => r.location.includes('/config/v1/rules'))).toBe(false);
  });

  test('extraFlags may not flip a switch the library writes from the definition', () => {
    for (const flag of ['auth.multitenancy-enabled', 'tenant-federation.enabled', 'ruler.tenant-federation.enabled', 'alertmanager.receivers-firewall-block-private-addresses', 'blocks-storage.s3.sse.type', 'ruler.enable-api']) {
      expect(messageOf({ components: { ruler: { extraFlags: { [flag]: 'x' } } } })).toMatch(new RegExp(`components\\.ruler\\.extraFlags\\.${flag.replace(/\./g, '\\.')}: sets a tenancy, API, firewall or encryption switch`));
    }
  });
});

describe('runtime configuration', () => {
  test('every typed override names a per-tenant limit of both versions\' config descriptor', () => {
    for (const version of ['2.11.0', '3.0.2']) {
      const paths = new Set(Object.values(FLAG_FIELDS[version]).map((e) => e[1]));
      for (const key of Object.values(OVERRIDE_KEYS)) expect([version, key, paths.has(`limits.${key}`)]).toEqual([version, key, true]);
    }
  });

  test('mounted on every component from one ConfigMap directory, with -runtime-config.file; no checksum rolls the pods', () => {
    const { manifests } = synth({ runtimeConfig: { overrides: { 'team-a': { ingestionRate: 5 } } } });
    const cm = findObject(manifests, 'ConfigMap', 'mimir-runtime-config');
    expect(parse(cm.data['runtime.yaml'])).toEqual({ overrides: { 'team-a': { ingestion_rate: 5 } } });
    for (const target of ['distributor', 'querier', 'compactor']) {
      const w = workloadOf(manifests, 'mimir', target);
      expect(argsOf(w).get('runtime-config.file')).toBe('/etc/mimir/runtime/runtime.yaml');
      const volume = w.spec.template.spec.volumes.find((v: any) => v.configMap?.name === 'mimir-runtime-config');
      const mount = w.spec.template.spec.containers[0].volumeMounts.find((x: any) => x.name === volume.name);
      expect(mount).toMatchObject({ mountPath: '/etc/mimir/runtime', readOnly: true });
      expect(mount.subPath).toBeUndefined();
      expect(JSON.stringify(w.spec.template.metadata.annotations ?? {})).not.toContain('runtime');
      expect(JSON.stringify(w.metadata.annotations ?? {})).not.toContain('mimir-runtime-config');
    }
  });

  test('the file is one YAML document that parses back to exactly the overrides, whatever the tenant IDs and values', () => {
    const overrides = {
      "a!b*c'(d)": { maxQueryLookback: '30d', ingestionRate: 0.5 },
      '123': { alertmanagerFirewall: { blockCidrNetworks: ['10.0.0.0/8'] }, encryption: { type: ServerSideEncryption.SSE_KMS, kmsKeyId: 'k:"x"#', kmsEncryptionContext: { 'a#b': 'c\nd' } } },
      'empty': {},
    };
    const content = resolve({ runtimeConfig: { overrides } }).runtimeConfig.content;
    expect(parseAllDocuments(content)).toHaveLength(1);
    expect(parse(content)).toEqual({
      overrides: {
        "a!b*c'(d)": { max_query_lookback: '30d', ingestion_rate: 0.5 },
        '123': {
          alertmanager_receivers_firewall_block_cidr_networks: '10.0.0.0/8', alertmanager_receivers_firewall_block_private_addresses: true,
          s3_sse_kms_encryption_context: '{"a#b":"c\\nd"}', s3_sse_kms_key_id: 'k:"x"#', s3_sse_type: 'SSE-KMS',
        },
        'empty': {},
      },
    });
    expect(parse(resolve({}).runtimeConfig.content)).toEqual({ overrides: {} });
  });

  test('overrides are typed and checked: tenant IDs, unknown keys, types, and Mimir\'s own rules for each tenant', () => {
    expect(messageOf({ runtimeConfig: { overrides: { '..': {} } } })).toMatch(/runtimeConfig\.overrides\.\.\.: is "\.\.", which Mimir reserves. Key the overrides/);
    expect(messageOf({ runtimeConfig: { overrides: { t: { ingestion_rate: 1 } } } })).toMatch(/runtimeConfig\.overrides\.t\.ingestion_rate: is not an option the library knows/);
    expect(messageOf({ runtimeConfig: { overrides: { t: { ingestionBurstSize: 1.5 } } } })).toMatch(/runtimeConfig\.overrides\.t\.ingestionBurstSize: is 1\.5. Use a whole number/);
    expect(messageOf({ runtimeConfig: { overrides: { t: { maxQueryLookback: 30 } } } })).toMatch(/maxQueryLookback: is 30. Use a duration/);
    expect(messageOf({ runtimeConfig: { overrides: { t: { maxQueryLookback: '1h30' } } } }))
      .toMatch(/runtimeConfig\.overrides\.t\.maxQueryLookback: breaks Mimir 3\.0\.7's startup rule FLG-\w+ for tenant t .*not a valid duration string: "1h30"/);
  });
});

describe('the gateway', () => {
  test('deployed by default except in DEV; its identities are validated with their field', () => {
    expect(resolve({}).gateway).toBeDefined();
    expect(resolve({ size: ClusterSize.DEV }).gateway).toBeUndefined();
    expect(resolve({ size: ClusterSize.DEV, gateway: { enabled: true } }).gateway).toBeDefined();
    expect(resolve({ gateway: { enabled: false } }).gateway).toBeUndefined();
    const bad = messageOf({
      gateway: {
        authentication: {
          clientCertificates: [{ name: 'Prom', tenant: 'a b' }, { name: 'x', tenant: 't', federatedReadTenants: ['t'] }, { name: 'x', tenant: 't', permissions: ['root'] }],
          basicAuth: { secretName: 'users', users: [{ username: 'a:b', tenant: 't' }] },
          trustedProxies: [{ name: 'g', allowedTenants: [] }],
        },
      },
    });
    expect(bad).toMatch(/clientCertificates\[0\]\.name: is "Prom"/);
    expect(bad).toMatch(/clientCertificates\[0\]\.tenant: is "a b", not a tenant ID/);
    expect(bad).toMatch(/clientCertificates\[1\]\.federatedReadTenants: lists 1 tenant/);
    expect(bad).toMatch(/clientCertificates\[2\]\.permissions: is \["root"\]/);
    expect(bad).toMatch(/clientCertificates\[2\]: has the same name as gateway\.authentication\.clientCertificates\[1\] \("x"\)/);
    expect(bad).toMatch(/basicAuth\.users\[0\]\.username: is "a:b"/);
    expect(bad).toMatch(/trustedProxies\[0\]\.allowedTenants: is empty/);
    expect(messageOf({ gateway: { serverIssuer: { name: 'letsencrypt', kind: 'ClusterIssuer' } } })).toMatch(/gateway\.hostnames: is empty while gateway\.serverIssuer is set/);
  });

  test('names that differ only in letter case are refused, naming both (nginx string keys ignore case)', () => {
    const bad = messageOf({
      gateway: {
        authentication: {
          basicAuth: { secretName: 'users', users: [{ username: 'team-a', tenant: 'a' }, { username: 'TEAM-A', tenant: 'a', permissions: ['admin'] }] },
          bearerTokens: { secretName: 'tokens', tokens: [{ name: 'agent', tenant: 'a' }, { name: 'agent', tenant: 'b' }] },
        },
      },
    });
    expect(bad).toMatch(/basicAuth\.users\[1\]: has the name "TEAM-A", which differs from gateway\.authentication\.basicAuth\.users\[0\] \("team-a"\) only in letter case/);
    expect(bad).toMatch(/bearerTokens\.tokens\[1\]: has the same name as gateway\.authentication\.bearerTokens\.tokens\[0\] \("agent"\)/);
    // Different kinds may share a name: their keys differ (b:, t:, c:).
    expect(() => resolve({ gateway: { authentication: { basicAuth: { secretName: 'u', users: [{ username: 'agent', tenant: 'a' }] }, bearerTokens: { secretName: 't', tokens: [{ name: 'agent', tenant: 'a' }] } } } })).not.toThrow();
  });

  test('bearer tokens and JWT: every field checked with its fix', () => {
    const bad = messageOf({
      gateway: {
        authentication: {
          basicAuth: { secretName: 'users', secretKey: 'htpasswd', users: [] },
          bearerTokens: { secretName: 'Not_A_Name', tokens: [{ name: 'a', tenant: 't', federatedReadTenants: ['t'] }] },
          jwt: {
            issuer: '', audience: 'mimir', keySet: { secretName: 'jwks', configMapName: 'jwks' }, algorithms: ['HS256'], clockSkewSeconds: 3600,
            rules: [{ name: 'r', tenant: 't', tenantClaim: 'tenant' }, { name: 'q', match: { claim: 'groups' }, tenantClaim: 'tenant', federatedReadTenants: ['a', 'b'] }],
          },
        },
      },
    });
    expect(bad).toMatch(/basicAuth\.secretKey: is not an option the library knows/);
    expect(bad).toMatch(/basicAuth\.users: is empty, so no credential could be accepted/);
    expect(bad).toMatch(/bearerTokens\.secretName: is "Not_A_Name", not a Secret name/);
    expect(bad).toMatch(/bearerTokens\.tokens\[0\]\.federatedReadTenants: lists 1 tenant/);
    expect(bad).toMatch(/jwt\.issuer: is ""/);
    expect(bad).toMatch(/jwt\.keySet: names neither or both of secretName and configMapName/);
    expect(bad).toMatch(/jwt\.algorithms: is \["HS256"\].*none and HMAC are never accepted/);
    expect(bad).toMatch(/jwt\.clockSkewSeconds: is 3600/);
    expect(bad).toMatch(/jwt\.rules\[0\]: names neither or both of tenant and tenantClaim/);
    expect(bad).toMatch(/jwt\.rules\[1\]\.match: is \{"claim":"groups"\}/);
    expect(bad).toMatch(/jwt\.rules\[1\]\.federatedReadTenants: is set with tenantClaim/);
  });

  test('JWT rules, tokens and basic users become identities; the script carries only names and JWT settings', () => {
    const g = resolve({
      gateway: {
        authentication: {
          bearerTokens: { secretName: 'tokens', tokens: [{ name: 'agent', tenant: 'a', permissions: ['write'] }] },
          jwt: { issuer: 'https://sso', audience: 'mimir', keySet: { configMapName: 'jwks' }, rules: [{ name: 'sso', tenantClaim: 'tenant', allowFederation: true }] },
        },
      },
    }).gateway!;
    expect(g.nginx.identities.map((i) => i.key)).toEqual(['t:agent', 'j:sso']);
    expect(g.script).toContain('"names":["agent"]');
    expect(g.script).toContain('"issuer":"https://sso"');
    expect(g.config).toContain('load_module /usr/lib/nginx/modules/ngx_http_js_module.so;');
    expect(g.config).toContain('js_import gateway from /etc/gateway/conf/gateway.js;');
    // Without credential identities nginx needs no JavaScript.
    expect(resolve(ID()).gateway!.config).not.toMatch(/js_|load_module/);
  });

  test('certificates: server for its Service names and hostnames (public issuer: hostnames only), client certificates from its own CA', () => {
    const g = resolve({ ...ID(), gateway: { ...ID().gateway, hostnames: ['mimir.example.com'] } }).gateway!;
    expect(g.serverCertificate.dnsNames).toEqual(['mimir.example.com', 'mimir-gateway', 'mimir-gateway.mimir.svc', 'mimir-gateway.mimir.svc.cluster.local']);
    expect(g.serverCertificate.issuerRef.name).toBe('mimir-ca');
    expect(g.clientsCa!.caIssuer).toBe('mimir-gateway-clients');
    expect(g.clientCertificates).toEqual([expect.objectContaining({ name: 'mimir-gateway-client-prom', commonName: 'prom', dnsNames: [], issuerRef: expect.objectContaining({ name: 'mimir-gateway-clients' }) })]);
    const acme = resolve({ gateway: { hostnames: ['mimir.example.com'], serverIssuer: { name: 'letsencrypt', kind: 'ClusterIssuer' } } }).gateway!;
    expect(acme.serverCertificate.dnsNames).toEqual(['mimir.example.com']);
    expect(acme.serverCertificate.issuerRef).toEqual({ name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(acme.clientsCa).toBeUndefined();
  });

  test('NetworkPolicies: the gateway admits who the definition names; 8080 admits the gateway where it routes, scrapers where named', () => {
    const { manifests } = synth({
      gateway: { allowedClients: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress' } }] },
      monitoring: { serviceMonitors: true, scrapers: [{ namespaceLabels: { team: 'obs' }, podLabels: { app: 'prometheus' } }] },
    });
    expect(findObject(manifests, 'NetworkPolicy', 'mimir-gateway').spec.ingress).toEqual([
      { ports: [{ port: 8443, protocol: 'TCP' }], from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }] },
    ]);
    const http = (name: string) => findObject(manifests, 'NetworkPolicy', name).spec.ingress.find((r: any) => r.ports[0].port === 8080);
    const gateway = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mimir', 'app.kubernetes.io/instance': 'mimir', 'app.kubernetes.io/component': 'gateway' } } };
    const scraper = { namespaceSelector: { matchLabels: { team: 'obs' } }, podSelector: { matchLabels: { app: 'prometheus' } } };
    expect(http('mimir-distributor').from).toEqual([gateway, scraper]);
    expect(http('mimir-querier').from).toEqual([gateway, scraper]);
    expect(http('mimir-compactor').from).toEqual([scraper]);
    expect(http('mimir-alertmanager').from).toContainEqual(gateway);
    expect(http('mimir-alertmanager').from.some((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'ruler')).toBe(true);
    expect(messageOf({ monitoring: { serviceMonitors: true } })).toMatch(/monitoring\.scrapers: is empty while serviceMonitors is on/);
  });

  test('the pod: unprivileged nginx on a read-only root, the clients CA mounted without its key, HTTPS probes, PDB and Service', () => {
    const { manifests } = synth({ ...ID(), gateway: { ...ID().gateway, authentication: { ...ID().gateway.authentication, basicAuth: { secretName: 'users', users: [{ username: 'u', tenant: 't' }] } } } });
    const d = findObject(manifests, 'Deployment', 'mimir-gateway');
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    expect(c.command).toEqual(['nginx']);
    expect(c.args).toEqual(['-e', 'stderr', '-c', '/etc/gateway/conf/nginx.conf']);
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/ready', port: 8443, scheme: 'HTTPS' });
    expect(pod.volumes.find((v: any) => v.secret?.secretName === 'mimir-gateway-clients-ca').secret.items).toEqual([{ key: 'ca.crt', path: 'ca.crt' }]);
    // Digest Secrets whole (the kubelet swaps their files atomically: no restart to add or revoke a credential).
    expect(pod.volumes.find((v: any) => v.secret?.secretName === 'users').secret.items).toBeUndefined();
    expect(c.volumeMounts.find((m: any) => m.mountPath === '/etc/gateway/auth/basic')).toBeDefined();
    // /tmp holds the pid file and the remembered credentials' verdicts: in memory (credentials never reach a disk),
    // with a size limit; nothing is buffered to it.
    expect(pod.volumes.find((v: any) => v.name === 'tmp').emptyDir).toEqual({ medium: 'Memory', sizeLimit: '64Mi' });
    expect(findObject(manifests, 'ConfigMap', 'mimir-gateway').data['gateway.js']).toContain('async function authorize(r)');
    expect(c.volumeMounts.every((m: any) => m.subPath === undefined)).toBe(true);
    expect(d.metadata.annotations).toEqual({ 'secret.reloader.stakater.com/reload': 'mimir-gateway-clients-ca' });
    expect(findObject(manifests, 'Service', 'mimir-gateway').spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 8443 }]);
    expect(findObject(manifests, 'PodDisruptionBudget', 'mimir-gateway').spec.maxUnavailable).toBe(1);
  });
});

describe('the gateway construct', () => {
  test('is public on the cluster for additions; client Secrets and the Service name come from the model', () => {
    const { cluster, manifests } = synth({ ...ID() });
    expect(cluster.gateway!.deployment.metadata.name).toBe('mimir-gateway');
    expect(cluster.gatewayClientSecretName('prom')).toBe('mimir-gateway-client-prom');
    expect(() => cluster.gatewayClientSecretName('nobody')).toThrow(/name: "nobody" is not a gateway client certificate/);
    expect(cluster.gatewayServiceName).toBe('mimir-gateway.mimir.svc.cluster.local');
    expect(findObject(manifests, 'Certificate', 'mimir-gateway-client-prom').spec).toMatchObject({ commonName: 'prom', usages: ['digital signature', 'client auth'], issuerRef: { name: 'mimir-gateway-clients' } });
    expect(synth({ size: ClusterSize.DEV }).cluster.gateway).toBeUndefined();
  });
});

test('static issuance: the gateway\'s certificates and its clients CA are issued locally too, and the clients CA key is not written', () => {
  const { CertificateIssuer } = require('../../src');
  const { manifests } = synth({ ...ID(), certificates: { issuer: CertificateIssuer.staticSecrets() } });
  expect(manifests.filter((m: any) => m.apiVersion?.startsWith('cert-manager.io/'))).toEqual([]);
  const secrets = manifests.filter((m: any) => m.kind === 'Secret').map((m: any) => m.metadata.name);
  expect(secrets).toEqual(expect.arrayContaining(['mimir-gateway-server-tls', 'mimir-gateway-upstream-tls', 'mimir-gateway-client-prom']));
  // The clients CA's certificate alone, under the name and key the gateway mounts: its key is never written.
  const caSecret = findObject(manifests, 'Secret', 'mimir-gateway-clients-ca');
  expect(Object.keys(caSecret.data)).toEqual(['ca.crt']);
  const client = findObject(manifests, 'Secret', 'mimir-gateway-client-prom');
  expect(caSecret.data['ca.crt']).toBe(client.data['ca.crt']);
  expect(new (require('node:crypto').X509Certificate)(Buffer.from(client.data['ca.crt'], 'base64').toString()).subject).toContain('gateway clients CA');
  const gateway = findObject(manifests, 'Deployment', 'mimir-gateway').spec.template.spec;
  expect(gateway.volumes.find((v: any) => v.secret?.secretName === 'mimir-gateway-clients-ca').secret.items).toEqual([{ key: 'ca.crt', path: 'ca.crt' }]);
});
