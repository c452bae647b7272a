// Egress options: what each destination admits, for which pods, and what is refused at synth time.
import { ClusterSize, EgressTarget, KvStore } from '../../src';
import { resolveCluster } from '../../src/core/resolve';
import { BASE, errorOf } from '../_helpers';

const resolve = (patch: any) => resolveCluster({ ...BASE, ...patch });
const messageOf = (patch: any) => errorOf(() => resolve(patch)).message;
const policy = (m: any, name: string) => m.networkPolicies.find((p: any) => p.name === name);
const outside = (rules: any[]) => rules.filter((r) => !r.udp && r.to.some((t: any) => t.ipBlock || t.namespaceSelector));

test('object storage must be named while egress is restricted; the message names the field and the three choices', () => {
  expect(messageOf({ egress: undefined })).toMatch(/egress\.objectStorage: is not set, but the components that read and write blocks, rules and alert state connect to object storage, and egress is restricted\. Give EgressTarget\.cidrs\(\[\.\.\.\], \[443\]\), EgressTarget\.pods\(.*EgressTarget\.anyPublicAddress\(\[443\]\).*; or networkPolicies: false/);
  // Without NetworkPolicies nothing is asked.
  expect(resolve({ egress: undefined, networkPolicies: false }).networkPolicies).toEqual([]);
});

test('storage is reached only by the components that read it; public addresses exclude private, metadata and loopback ranges', () => {
  const m = resolve({ size: ClusterSize.LARGE });
  const readers = m.components.filter((c) => c.spec.objectStorage).map((c) => c.names.service);
  for (const c of m.components) {
    const rules = outside(policy(m, c.names.service).egress).filter((r: any) => r.ports.includes(443));
    expect([c.id, rules.length > 0]).toEqual([c.id, readers.includes(c.names.service)]);
  }
  const [v4, v6] = outside(policy(m, 'mimir-ingester').egress)[0].to.map((t: any) => t.ipBlock);
  expect(v4).toEqual({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'] });
  expect(v6).toEqual({ cidr: '::/0', except: ['::1/128', 'fc00::/7', 'fe80::/10'] });
});

test('an in-cluster store by pod labels and CIDR blocks become exactly those peers', () => {
  const pods = resolve({ egress: { objectStorage: EgressTarget.pods([{ namespaceLabels: { 'kubernetes.io/metadata.name': 'storage' }, podLabels: { app: 'minio' } }], [9000]) } });
  expect(outside(policy(pods, 'mimir-querier').egress)).toEqual([{ ports: [9000], to: [{ namespaceSelector: { 'kubernetes.io/metadata.name': 'storage' }, podSelector: { app: 'minio' } }] }]);
  const cidrs = resolve({ egress: { objectStorage: EgressTarget.cidrs(['52.218.0.0/17', '2600:1f00::/24'], [443]) } });
  expect(outside(policy(cidrs, 'mimir-compactor').egress)).toEqual([{ ports: [443], to: [{ ipBlock: { cidr: '52.218.0.0/17' } }, { ipBlock: { cidr: '2600:1f00::/24' } }] }]);
});

test('DNS: kube-dns in kube-system on 53 over UDP and TCP by default, overridable; cache servers connect nowhere', () => {
  const m = resolve({});
  const dns = policy(m, 'mimir-distributor').egress.find((r: any) => r.udp);
  expect(dns).toEqual({ ports: [53], udp: true, to: [{ namespaceSelector: { 'kubernetes.io/metadata.name': 'kube-system' }, podSelector: { 'k8s-app': 'kube-dns' } }] });
  const custom = resolve({ egress: { ...BASE.egress, dns: EgressTarget.pods([{ namespaceLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' }, podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } }], [5353]) } });
  expect(policy(custom, 'mimir-distributor').egress.find((r: any) => r.udp).ports).toEqual([5353]);
  for (const cache of m.caches) expect([cache.id, policy(m, cache.names.service).egress]).toEqual([cache.id, []]);
});

test('the Kubernetes API only for the rollout-operator; receivers only for the alertmanager', () => {
  const m = resolve({ size: ClusterSize.LARGE });
  const api = (name: string) => policy(m, name).egress.filter((r: any) => r.ports.includes(6443));
  expect(api('mimir-rollout-operator')).toEqual([{ ports: [443, 6443], to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }] }]);
  for (const c of m.components) expect([c.id, api(c.names.service)]).toEqual([c.id, []]);
  const receivers = resolve({ egress: { ...BASE.egress, alertmanagerReceivers: EgressTarget.cidrs(['203.0.113.0/24'], [443, 8443]) } });
  expect(outside(policy(receivers, 'mimir-alertmanager').egress)).toContainEqual({ ports: [443, 8443], to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] });
  expect(outside(policy(receivers, 'mimir-ruler').egress).some((r: any) => r.ports.includes(8443))).toBe(false);
  const none = resolve({ egress: { ...BASE.egress, alertmanagerReceivers: EgressTarget.none() } });
  expect(outside(policy(none, 'mimir-alertmanager').egress)).toHaveLength(1);
});

test('etcd and external caches: required when used, refused when not, reached only by their clients', () => {
  const etcd = KvStore.etcd({ endpoints: ['etcd.infra.svc:2379'], tlsSecretName: 'etcd-client' });
  expect(messageOf({ kvStore: etcd })).toMatch(/egress\.etcd: is not set, but the rings are in etcd .*EgressTarget\.pods\(\[\{ namespaceLabels, podLabels \}\], \[2379\]\)/);
  expect(messageOf({ egress: { ...BASE.egress, etcd: EgressTarget.anyPublicAddress([2379]) } })).toMatch(/egress\.etcd: is set, but the rings are not in etcd\. Remove egress\.etcd/);
  const m = resolve({ kvStore: etcd, egress: { ...BASE.egress, etcd: EgressTarget.cidrs(['10.1.0.0/24'], [2379]) } });
  const reaches = (name: string) => outside(policy(m, name).egress).some((r: any) => r.ports.includes(2379));
  expect(reaches('mimir-ingester')).toBe(true);
  expect(reaches('mimir-query-scheduler')).toBe(false);
  const ext = { index: { external: { addresses: ['memcached.shared.svc:11211'], tlsSecretName: 'shared-ca' } } };
  expect(messageOf({ caches: ext })).toMatch(/egress\.externalCaches: is not set, but a cache is external .*\[11211\]/);
  const c = resolve({ caches: ext, egress: { ...BASE.egress, externalCaches: EgressTarget.cidrs(['10.2.0.0/24'], [11211]) } });
  const cacheRule = (name: string) => outside(policy(c, name).egress).some((r: any) => r.ports.includes(11211));
  expect(cacheRule('mimir-store-gateway')).toBe(true);
  expect(cacheRule('mimir-distributor')).toBe(false);
});

test.each([
  [{ objectStorage: EgressTarget.anyAddress() }, /egress\.objectStorage: allows any address, the cluster's pods and the cloud metadata endpoint included, which is weaker than the default/],
  [{ objectStorage: EgressTarget.cidrs(['10.0.0.300/8'], [443]) }, /egress\.objectStorage\.cidrs\[0\]: is "10\.0\.0\.300\/8", not a CIDR block/],
  [{ objectStorage: EgressTarget.cidrs(['0.0.0.0/0'], [443]) }, /egress\.objectStorage\.cidrs\[0\]: is 0\.0\.0\.0\/0, every address\. Use EgressTarget\.anyPublicAddress\(\)/],
  [{ objectStorage: EgressTarget.cidrs([], [443]) }, /egress\.objectStorage\.cidrs: is empty/],
  [{ objectStorage: EgressTarget.cidrs(['10.0.0.0/8'], [0]) }, /egress\.objectStorage\.ports: is \[0\]\. Give distinct port numbers between 1 and 65535/],
  [{ objectStorage: EgressTarget.cidrs(['10.0.0.0/8'], []) }, /egress\.objectStorage\.ports: is empty/],
  [{ objectStorage: 's3' }, /egress\.objectStorage: is "s3"\. Give an EgressTarget/],
  [{ objectStorage: EgressTarget.pods([{}], [9000]) }, /egress\.objectStorage\.peers\[0\]: selects neither namespaces nor pods/],
  [{ objectStorage: EgressTarget.anyPublicAddress(), bogus: 1 }, /egress\.bogus: is not an option the library knows\. Remove it or use one of enabled, objectStorage, dns, apiServer/],
])('refused: %o', (egress, message) => {
  expect(messageOf({ egress })).toMatch(message);
});

test('egress.enabled: false is a weaker choice; acknowledged, the policies are ingress-only with no default deny and usage reporting stays as Mimir has it', () => {
  expect(messageOf({ egress: { enabled: false } })).toMatch(/egress\.enabled: is false, so every pod may connect to any address .*weaker than the default/);
  const m = resolve({ egress: { enabled: false }, tls: { acknowledgeWeakerSecurity: true } });
  expect(m.networkPolicies.every((p) => p.egress === undefined)).toBe(true);
  expect(m.networkPolicies.some((p) => p.name.endsWith('default-deny'))).toBe(false);
  expect(m.components[0].flags.some((f) => f.name === 'usage-stats.enabled')).toBe(false);
  // Restricted, usage reporting (which would call stats.grafana.org) is off.
  expect(resolve({}).components.every((c) => c.flags.some((f) => f.name === 'usage-stats.enabled' && f.value === 'false'))).toBe(true);
});

test('a definition read from JSON (the CLI) gives its targets by shape', () => {
  const m = resolve(JSON.parse(JSON.stringify({ egress: { objectStorage: EgressTarget.cidrs(['10.9.0.0/16'], [9000]) } })));
  expect(outside(policy(m, 'mimir-ingester').egress)).toEqual([{ ports: [9000], to: [{ ipBlock: { cidr: '10.9.0.0/16' } }] }]);
});
