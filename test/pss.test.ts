// The Kubernetes "restricted" Pod Security Standard (baseline + restricted controls, policy version latest),
// checked on every pod template the library renders: Mimir, memcached, the exporter and the rollout-operator.
import { Testing } from 'cdk8s';
import { ClusterSize, TrustSource } from '../src';
import { ProductionMimirChart } from '../examples/main';
import { SmallMimirChart } from '../examples/small';
import { ZonedMimirChart } from '../examples/zones';
import { PolicyMimirChart } from '../examples/policy';
import { CortexChart } from '../examples/cortex';
import { synth } from './_helpers';

const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];

/** Violations of the restricted profile in one pod spec, as "<control>: <detail>". */
export function restrictedViolations(spec: any): string[] {
  const v: string[] = [];
  const psc = spec.securityContext ?? {};
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  // baseline
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) v.push('host namespaces');
  for (const vol of spec.volumes ?? []) {
    if (vol.hostPath) v.push(`hostPath volume ${vol.name}`);
    const type = Object.keys(vol).find((k) => k !== 'name');
    if (!ALLOWED_VOLUMES.includes(type!)) v.push(`volume type ${type} (${vol.name})`);
  }
  for (const s of psc.sysctls ?? []) if (!SAFE_SYSCTLS.includes(s.name)) v.push(`sysctl ${s.name}`);
  if (psc.seLinuxOptions?.user || psc.seLinuxOptions?.role) v.push('SELinux user/role');
  // restricted: pod-level
  const podNonRoot = psc.runAsNonRoot === true;
  if (psc.runAsUser === 0) v.push('pod runAsUser 0');
  const podSeccomp = psc.seccompProfile?.type;
  if (podSeccomp !== undefined && !['RuntimeDefault', 'Localhost'].includes(podSeccomp)) v.push(`pod seccomp ${podSeccomp}`);
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged) v.push(`${where}: privileged`);
    if ((c.ports ?? []).some((p: any) => p.hostPort)) v.push(`${where}: hostPort`);
    if (sc.procMount && sc.procMount !== 'Default') v.push(`${where}: procMount`);
    if (sc.seLinuxOptions?.user || sc.seLinuxOptions?.role) v.push(`${where}: SELinux user/role`);
    if (sc.appArmorProfile && !['RuntimeDefault', 'Localhost'].includes(sc.appArmorProfile.type)) v.push(`${where}: AppArmor`);
    if (sc.allowPrivilegeEscalation !== false) v.push(`${where}: allowPrivilegeEscalation not false`);
    if (!(sc.runAsNonRoot === true || (podNonRoot && sc.runAsNonRoot !== false))) v.push(`${where}: runAsNonRoot not true`);
    if (sc.runAsUser === 0) v.push(`${where}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (!['RuntimeDefault', 'Localhost'].includes(seccomp)) v.push(`${where}: seccomp ${seccomp}`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) v.push(`${where}: capabilities not dropping ALL`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') v.push(`${where}: adds capability ${cap}`);
  }
  return v;
}

const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
afterAll(() => warn.mockRestore());

const CLUSTERS: [string, () => any[]][] = [
  ['examples/main (zones, caches, rollout-operator)', () => Testing.synth(new ProductionMimirChart(Testing.app(), 'mimir'))],
  ['examples/small (dev)', () => Testing.synth(new SmallMimirChart(Testing.app(), 'mimir-dev'))],
  ['examples/zones (large, pinned zones)', () => Testing.synth(new ZonedMimirChart(Testing.app(), 'metrics'))],
  ['examples/policy (etcd, external cache, TCP probes)', () => Testing.synth(new PolicyMimirChart(Testing.app(), 'policy'))],
  ['examples/cortex (the Cortex image as a non-root uid)', () => Testing.synth(new CortexChart(Testing.app(), 'cortex'))],
  ['large preset with a trust bundle', () => synth({ size: ClusterSize.LARGE, certificates: { trust: TrustSource.trustManagerBundle({ sourceSecretName: 'ca' }) } }).manifests],
];

test.each(CLUSTERS)('every pod of %s passes the restricted Pod Security Standard', (_name, make) => {
  const templates = make().filter((m) => m.spec?.template?.spec).map((m) => [`${m.kind}/${m.metadata.name}`, restrictedViolations(m.spec.template.spec)]);
  expect(templates.length).toBeGreaterThan(5);
  expect(templates.filter(([, v]) => (v as string[]).length > 0)).toEqual([]);
});

test('the checker finds each kind of violation', () => {
  const bad = {
    hostNetwork: true,
    volumes: [{ name: 'h', hostPath: { path: '/' } }],
    securityContext: { runAsUser: 0 },
    containers: [{ name: 'c', securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } }, ports: [{ containerPort: 1, hostPort: 1 }] }],
  };
  expect(restrictedViolations(bad)).toEqual(expect.arrayContaining([
    'host namespaces', 'hostPath volume h', 'pod runAsUser 0', 'container c: privileged', 'container c: hostPort',
    'container c: allowPrivilegeEscalation not false', 'container c: runAsNonRoot not true', 'container c: seccomp undefined',
    'container c: capabilities not dropping ALL', 'container c: adds capability SYS_ADMIN',
  ]));
});

test('service-account tokens are mounted only where the API is needed (the rollout-operator)', () => {
  const manifests = Testing.synth(new ProductionMimirChart(Testing.app(), 'mimir'));
  const mounted = manifests.filter((m) => m.spec?.template?.spec && m.spec.template.spec.automountServiceAccountToken !== false).map((m) => m.metadata.name);
  expect(mounted).toEqual(['mimir-rollout-operator']);
});
