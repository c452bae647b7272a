// Stage 5: certificate plans.
import { caPlan } from '../../../src/core/certs/ca';
import { componentLeaf } from '../../../src/core/certs/leaf';
import { CertificateIssuer } from '../../../src';
import { stages } from './_stages';

test('a leaf: Service, headless and pod names, extra names and zone names before localhost', () => {
  const { checked, topology } = stages();
  const leaf = componentLeaf({
    names: checked.names, certs: checked.certs, issuerRef: topology.issuerRef, id: 'ingester', gossip: false, tlsSecret: 't',
    extraSans: ['ingesters.example.internal', 'ingesters.example.internal'],
    zones: [{ name: 'zone-a', replicas: 1, workload: 'mimir-ingester-zone-a', flags: [] }],
  });
  expect(leaf.dnsNames).toEqual([
    'mimir-ingester.mimir.svc', 'mimir-ingester.mimir.svc.cluster.local',
    'mimir-ingester-headless.mimir.svc', 'mimir-ingester-headless.mimir.svc.cluster.local', '*.mimir-ingester-headless.mimir.svc.cluster.local',
    'ingesters.example.internal',
    'mimir-ingester-zone-a.mimir.svc', 'mimir-ingester-zone-a.mimir.svc.cluster.local', '*.mimir-ingester-zone-a.mimir.svc.cluster.local',
    'localhost',
  ]);
  expect(leaf.usages).toEqual(['digital signature', 'server auth', 'client auth']);
  expect(leaf.privateKey.rotationPolicy).toBe('Always');
});

test('the cluster CA never rotates its key, and is not created for an external issuer', () => {
  const own = stages().checked;
  expect(caPlan(own.names, own.certs)!.privateKey.rotationPolicy).toBe('Never');
  const ext = stages({ certificates: { issuer: CertificateIssuer.fromIssuerRef({ name: 'vault' }) } }).checked;
  expect(caPlan(ext.names, ext.certs)).toBeUndefined();
});
