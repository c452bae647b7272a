// How renewals take effect: the strategy is explicit, its prerequisite is written into the output, a deployed
// Reloader is namespaced and restricted, and "none" is a weaker choice.
import { CertificateRotation, ClientAuth, ProbeMode } from '../../src';
import { resolveCluster } from '../../src/core/resolve';
import { stalePodSeconds } from '../../src/core/cluster/monitoring';
import { BASE, errorOf, findObject, objectsOfKind, synth, workloadOf } from '../_helpers';

const notes = (manifests: any[]) => findObject(manifests, 'ConfigMap', 'mimir-notes').data['NOTES.txt'] as string;

test('default: Reloader annotations, and the NOTES ConfigMap says Reloader must watch the namespace', () => {
  const { manifests } = synth();
  expect(workloadOf(manifests, 'mimir', 'ingester').metadata.annotations['secret.reloader.stakater.com/reload']).toBe('mimir-ingester-tls');
  expect(notes(manifests)).toMatch(/^- cert-manager/m);
  expect(notes(manifests)).toMatch(/^- Stakater Reloader watching namespace mimir: .*ignored until each pod restarts/m);
  expect(objectsOfKind(manifests, 'Deployment').some((d) => d.metadata.name === 'mimir-reloader')).toBe(false);
});

test('deployReloader(): a Reloader in the cluster\'s namespace with a namespaced Role, restricted pod, annotations kept', () => {
  const { manifests } = synth({ certificates: { rotation: CertificateRotation.deployReloader() } });
  const d = findObject(manifests, 'Deployment', 'mimir-reloader');
  const c = d.spec.template.spec.containers[0];
  expect(c.image).toBe('ghcr.io/stakater/reloader:v1.4.17');
  expect(c.args).toEqual(['--reload-strategy=annotations']);
  expect(c.env).toEqual([{ name: 'KUBERNETES_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }]);
  expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  expect(objectsOfKind(manifests, 'ClusterRole').filter((r) => r.metadata.name.includes('reloader'))).toEqual([]);
  const role = findObject(manifests, 'Role', 'mimir-reloader');
  expect(role.metadata.namespace).toBe('mimir');
  expect(role.rules.flatMap((r: any) => r.resources)).toEqual(['secrets', 'configmaps', 'deployments', 'statefulsets', 'daemonsets', 'events']);
  expect(role.rules.find((r: any) => r.resources.includes('secrets')).verbs).toEqual(['get', 'list', 'watch']);
  expect(findObject(manifests, 'RoleBinding', 'mimir-reloader').subjects).toEqual([{ kind: 'ServiceAccount', name: 'mimir-reloader', namespace: 'mimir' }]);
  // No scrapers named: nothing reaches its metrics port (the policy still selects it, so ingress is denied).
  const policy = findObject(manifests, 'NetworkPolicy', 'mimir-reloader').spec;
  expect(policy.ingress).toEqual([]);
  expect(policy.policyTypes).toContain('Ingress');
  expect(workloadOf(manifests, 'mimir', 'querier').metadata.annotations['secret.reloader.stakater.com/reload']).toBe('mimir-querier-tls');
  expect(notes(manifests)).toMatch(/mimir-reloader \(Stakater Reloader\) is deployed with the cluster/);
});

test('none(): a weaker choice that must be acknowledged; then nothing rolls and NOTES says to restart by hand', () => {
  expect(errorOf(() => resolveCluster({ ...BASE, certificates: { rotation: CertificateRotation.none() } })).message)
    .toMatch(/certificates\.rotation: lets renewed CA, memberlist and HTTP certificates go unused .*acknowledgeWeakerSecurity/);
  const { manifests } = synth({ certificates: { rotation: CertificateRotation.none() }, tls: { acknowledgeWeakerSecurity: true } });
  expect(workloadOf(manifests, 'mimir', 'querier').metadata.annotations).toBeUndefined();
  expect(notes(manifests)).toMatch(/restart every pod after each renewal/);
});

test('rotation and the deprecated reloadOnRotation cannot both be given; a bad rotation value is named', () => {
  expect(errorOf(() => resolveCluster({ ...BASE, certificates: { rotation: CertificateRotation.reloaderAnnotations(), reloadOnRotation: true } })).message)
    .toMatch(/certificates\.reloadOnRotation: is set together with certificates\.rotation/);
  expect(errorOf(() => resolveCluster({ ...BASE, certificates: { rotation: 'reloader' as any } })).message).toMatch(/certificates\.rotation: is not a CertificateRotation/);
  expect(errorOf(() => resolveCluster({ ...BASE, certificates: { rotation: CertificateRotation.deployReloader({ image: 'has space' }) } })).message).toMatch(/certificates\.rotation\.image/);
});

test('the stale-pod threshold: duration − max(renewBefore/2, min(24h, renewBefore))', () => {
  const h = 3600e3;
  expect(stalePodSeconds(720 * h, 240 * h)).toBe(600 * 3600);
  expect(stalePodSeconds(2160 * h, 720 * h)).toBe(1800 * 3600);
  expect(stalePodSeconds(2 * h, 5 * 60e3)).toBe(115 * 60);
  expect(stalePodSeconds(48 * h, 12 * h)).toBe(36 * 3600);
});

describe('CA rotation: refused definitions name the field and what to do', () => {
  const current = { issuer: { name: 'ca-2026', kind: 'ClusterIssuer' as any }, caSecretName: 'ca-2026' };
  const next = { issuer: { name: 'ca-2027', kind: 'ClusterIssuer' as any }, caSecretName: 'ca-2027' };
  const message = (certificates: any) => errorOf(() => resolveCluster({ ...BASE, certificates })).message;
  test.each([
    ['a skipped stage', { caRotation: { stage: 'drop-previous', previousStage: 'trust-both', current, next } }, /caRotation\.previousStage: is "trust-both", but drop-previous must follow issue-from-next: pods still holding leaves of the current CA/],
    ['a first stage with a previous one', { caRotation: { stage: 'trust-both', previousStage: 'issue-from-next', current, next } }, /caRotation\.previousStage: .*it is the first stage\. Remove previousStage/],
    ['an unknown stage', { caRotation: { stage: 'swap', current, next } }, /caRotation\.stage: is "swap"/],
    ['a missing next CA', { caRotation: { stage: 'trust-both', current } }, /caRotation\.next: is missing/],
    ['the same CA twice', { caRotation: { stage: 'trust-both', current, next: current } }, /caRotation\.next: names the same issuer and CA as current/],
    ['an issuer beside the rotation', { issuer: { issuerRef: { name: 'x' } }, caRotation: { stage: 'trust-both', current, next } }, /certificates\.issuer: is set together with certificates\.caRotation/],
    ['a trust source beside the rotation', { trust: { _kind: 'issued-secret' }, caRotation: { stage: 'trust-both', current, next } }, /certificates\.trust: is set together with certificates\.caRotation/],
    ['no rotation of pods', { rotation: CertificateRotation.none(), caRotation: { stage: 'trust-both', current, next } }, /certificates\.caRotation: needs pods that restart when their trust changes/],
  ])('%s', (_name, certificates, expected) => {
    expect(message(certificates)).toMatch(expected);
  });
});

test('NOTES say where port 8080 takes requests without a client certificate, and how to require one', () => {
  const open = notes(synth({}).manifests);
  expect(open).toMatch(/Port 8080 of distributor, ingester, .* accepts requests without a client certificate/);
  expect(open).toMatch(/admit traffic from each node's own network — the kubelet and, with most CNIs, every hostNetwork pod/);
  expect(open).toMatch(/tls\.httpClientAuth to ClientAuth\.REQUIRE_AND_VERIFY_CLIENT_CERT with tls\.probe ProbeMode\.TCP_SOCKET/);
  const strict = notes(synth({ tls: { httpClientAuth: ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT, probe: ProbeMode.TCP_SOCKET } } as any).manifests);
  expect(strict).not.toMatch(/accepts requests without a client certificate/);
});
