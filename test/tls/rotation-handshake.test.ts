// Rotation under a mixed fleet, in Go's crypto/tls as dskit configures it: during every transition of a staged CA
// rotation, pods of the previous stage and of the next one handshake on every edge, both ways; a skipped stage is
// refused at synth time, and would indeed break edges. Leaf renewal (same CA, new keys) likewise.
import { Testing } from 'cdk8s';
import { CaRotationStage, CertificateIssuer, IssuerKind, MimirCluster, TrustSource } from '../../src';
import { issueCertificate, issueFromManifests } from '../../src/issuer/local-issuer';
import { resolveCluster } from '../../src/core/resolve';
import { BASE, errorOf } from '../_helpers';
import { edgeCases, HandshakeCase } from './_cases';
import { goHandshakes, haveGo } from './_go';

const withGo = haveGo() || process.env.CI ? test : test.skip;
const now = new Date();
const ca = (cn: string) => issueCertificate({ commonName: cn, dnsNames: [], isCA: true, usages: ['cert sign', 'digital signature'], algorithm: 'ECDSA', size: 256, notBefore: now, notAfter: new Date(now.getTime() + 1000 * 3600e3) });
const CAS = { 'mimir-ca-2026': ca('Mimir CA 2026'), 'mimir-ca-2027': ca('Mimir CA 2027') };
const current = { issuer: { name: 'mimir-ca-2026', kind: IssuerKind.CLUSTER_ISSUER }, caSecretName: 'mimir-ca-2026' };
const next = { issuer: { name: 'mimir-ca-2027', kind: IssuerKind.CLUSTER_ISSUER }, caSecretName: 'mimir-ca-2027' };
const BUNDLE = 'mimir-mimir-ca-bundle';

interface Stage { name: string; certificates: any; bundle?: string[] }
const STAGES: Stage[] = [
  { name: 'current CA', certificates: { issuer: CertificateIssuer.fromIssuerRef(current.issuer) } },
  { name: 'trust both', certificates: { caRotation: { stage: CaRotationStage.TRUST_BOTH, current, next } }, bundle: ['mimir-ca-2026', 'mimir-ca-2027'] },
  { name: 'issue from next', certificates: { caRotation: { stage: CaRotationStage.ISSUE_FROM_NEXT, previousStage: CaRotationStage.TRUST_BOTH, current, next } }, bundle: ['mimir-ca-2026', 'mimir-ca-2027'] },
  { name: 'drop previous', certificates: { caRotation: { stage: CaRotationStage.DROP_PREVIOUS, previousStage: CaRotationStage.ISSUE_FROM_NEXT, current, next } }, bundle: ['mimir-ca-2027'] },
  { name: 'next CA', certificates: { issuer: CertificateIssuer.fromIssuerRef(next.issuer), trust: TrustSource.trustManagerBundle({ sourceSecretName: 'mimir-ca-2027' }) }, bundle: ['mimir-ca-2027'] },
];

function manifestsOf(certificates: any) {
  const chart = Testing.chart();
  const cluster = new MimirCluster(chart, 'Mimir', { ...BASE, certificates });
  return { manifests: Testing.synth(chart), edges: cluster.edges };
}

/** Every edge's server and client as the pods of one stage are configured, with certificates issued for them. */
function fleet(stage: Stage): Map<string, HandshakeCase> {
  const { manifests, edges } = manifestsOf(stage.certificates);
  const secrets = issueFromManifests(manifests, { now, externalIssuers: CAS }).secrets;
  const configMaps = stage.bundle ? { [BUNDLE]: { 'ca.crt': stage.bundle.map((n) => (CAS as any)[n].certPem).join('') } } : {};
  return new Map(edgeCases(manifests, edges, secrets, configMaps).map((c) => [c.id, c]));
}

/** Old pods and new pods side by side: every edge with the server from one and the client from the other. */
function mixed(a: Map<string, HandshakeCase>, b: Map<string, HandshakeCase>, label: string): HandshakeCase[] {
  return [...a.keys()].flatMap((id) => [
    { id: `${label}: old client → new server: ${id}`, client: a.get(id)!.client, server: b.get(id)!.server },
    { id: `${label}: new client → old server: ${id}`, client: b.get(id)!.client, server: a.get(id)!.server },
  ]);
}

const fleets = STAGES.map(fleet);

withGo.each(STAGES.slice(1).map((s, i) => [`${STAGES[i].name} → ${s.name}`, i]))('%s: every edge handshakes between old and new pods, both ways', (label, i) => {
  const cases = mixed(fleets[i as number], fleets[(i as number) + 1], label as string);
  expect(cases.length).toBeGreaterThan(100);
  expect(goHandshakes(cases).filter((r) => !r.ok).map((r) => `${r.id}: ${r.clientErr ?? r.serverErr}`)).toEqual([]);
});

withGo('a skipped stage (current CA → issue from next) would break edges, which is why it is refused', () => {
  const failed = goHandshakes(mixed(fleets[0], fleets[2], 'skipped')).filter((r) => !r.ok);
  expect(failed.length).toBeGreaterThan(10);
  expect(failed.map((r) => `${r.clientErr} ${r.serverErr}`).join('\n')).toMatch(/unknown authority/);
  expect(errorOf(() => resolveCluster({ ...BASE, certificates: { caRotation: { stage: CaRotationStage.ISSUE_FROM_NEXT, current, next } } })).message)
    .toMatch(/certificates\.caRotation\.previousStage: is null, but issue-from-next must follow trust-both: pods that do not trust the next CA yet refuse the leaves it signs.*Deploy CaRotationStage\.TRUST_BOTH first/);
});

withGo('leaf renewal under a mixed fleet: half the pods with the old leaves, half with the renewed ones, same CA', () => {
  const { manifests, edges } = manifestsOf({});
  const first = issueFromManifests(manifests, { now });
  const caSecret = first.certificates.get('mimir-ca')!;
  // The same CA signs again (its Issuer given as external): new keys and certificates for every leaf.
  const leavesOnly = manifests.filter((m) => !(m.kind === 'Certificate' && m.spec.isCA) && !(m.kind === 'Issuer' && m.metadata.name === 'mimir-ca'));
  const renewed = issueFromManifests(leavesOnly, { now, externalIssuers: { 'mimir-ca': caSecret } });
  const a = new Map(edgeCases(manifests, edges, first.secrets).map((c) => [c.id, c]));
  const b = new Map(edgeCases(manifests, edges, renewed.secrets).map((c) => [c.id, c]));
  expect(a.get([...a.keys()][0])!.client.certPem).not.toBe(b.get([...a.keys()][0])!.client.certPem);
  expect(goHandshakes(mixed(a, b, 'renewal')).filter((r) => !r.ok).map((r) => `${r.id}: ${r.clientErr ?? r.serverErr}`)).toEqual([]);
});

test('the last stage synthesizes exactly the next CA without rotation', () => {
  // Only NOTES differs: it says a rotation is under way.
  const objects = (stage: Stage) => manifestsOf(stage.certificates).manifests.filter((m) => m.metadata.name !== 'mimir-notes');
  const [last, steady] = [objects(STAGES[3]), objects(STAGES[4])];
  expect(last.length).toBe(steady.length);
  expect(last.filter((m, i) => JSON.stringify(m) !== JSON.stringify(steady[i])).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([]);
});

test('each stage: leaves from the issuer of the stage, the Bundle of the CAs trusted, the stage in NOTES', () => {
  for (const [i, stage] of STAGES.entries()) {
    const { manifests } = manifestsOf(stage.certificates);
    const notes = manifests.find((m) => m.metadata.name === 'mimir-notes').data['NOTES.txt'];
    expect([stage.name, /A CA rotation is at stage/.test(notes)]).toEqual([stage.name, i >= 1 && i <= 3]);
    const leaves = manifests.filter((m) => m.kind === 'Certificate');
    expect([stage.name, [...new Set(leaves.map((c) => c.spec.issuerRef.name))]]).toEqual([stage.name, [i < 2 ? 'mimir-ca-2026' : 'mimir-ca-2027']]);
    const bundle = manifests.find((m) => m.kind === 'Bundle');
    expect([stage.name, bundle?.spec.sources.map((s: any) => s.secret.name)]).toEqual([stage.name, stage.bundle]);
  }
});
