// The local issuer against the specs it issues from: every field cert-manager would honour, checked by parsing
// the result with @peculiar/x509 (an independent parser) and Node's X509Certificate.
import 'reflect-metadata';
import { X509Certificate as NodeX509, createPrivateKey } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { PrivateKeyAlgorithm } from '../../src';
import { parseGoDuration } from '../../src/core/validate';
import { issueFromManifests } from '../../src/issuer/local-issuer';
import { synth } from '../_helpers';

const EKU: { [usage: string]: string } = { 'server auth': '1.3.6.1.5.5.7.3.1', 'client auth': '1.3.6.1.5.5.7.3.2' };
const KU: { [usage: string]: number } = { 'digital signature': x509.KeyUsageFlags.digitalSignature, 'key encipherment': x509.KeyUsageFlags.keyEncipherment, 'cert sign': x509.KeyUsageFlags.keyCertSign };

describe.each([
  ['ECDSA P-256', { privateKeyAlgorithm: PrivateKeyAlgorithm.ECDSA }],
  ['ECDSA P-384', { privateKeyAlgorithm: PrivateKeyAlgorithm.ECDSA, privateKeySize: 384 }],
  ['RSA 3072', { privateKeyAlgorithm: PrivateKeyAlgorithm.RSA, privateKeySize: 3072 }],
])('%s', (_name, certificates) => {
  const now = new Date('2026-11-28T12:00:00Z');
  const { manifests } = synth({ certificates: { ...certificates, duration: '720h', renewBefore: '240h' } });
  const issued = issueFromManifests(manifests, { now });
  const specs = manifests.filter((m) => m.kind === 'Certificate');

  test('every Certificate gets its Secret', () => {
    expect([...issued.secrets.keys()].sort()).toEqual(specs.map((c) => c.spec.secretName).sort());
  });

  test.each(specs.map((c) => [c.metadata.name, c]))('%s matches its spec', (_n, cert: any) => {
    const spec = cert.spec;
    const data = issued.secrets.get(spec.secretName)!;
    const c = new x509.X509Certificate(data['tls.crt']);
    // Subject: the commonName only; otherwise empty, with the SAN extension critical.
    expect(c.subject).toBe(spec.commonName ? `CN=${spec.commonName}` : '');
    const san = c.getExtension(x509.SubjectAlternativeNameExtension);
    expect((san?.names.items ?? []).map((n) => n.value)).toEqual(spec.dnsNames ?? []);
    if (spec.dnsNames) expect(san!.critical).toBe(!spec.commonName);
    // Usages.
    const ku = c.getExtension(x509.KeyUsagesExtension)!;
    expect(ku.critical).toBe(true);
    const wantKu = spec.usages.filter((u: string) => KU[u] !== undefined).reduce((a: number, u: string) => a | KU[u], 0) | (spec.isCA ? KU['cert sign'] : 0);
    expect(ku.usages).toBe(wantKu);
    const eku = c.getExtension(x509.ExtendedKeyUsageExtension);
    expect(eku?.usages ?? []).toEqual(spec.usages.filter((u: string) => EKU[u]).map((u: string) => EKU[u]));
    // Basic constraints, key, lifetime.
    const bc = c.getExtension(x509.BasicConstraintsExtension)!;
    expect([bc.ca, bc.critical]).toEqual([spec.isCA === true, true]);
    const key = createPrivateKey(data['tls.key']);
    expect(key.asymmetricKeyType).toBe(spec.privateKey.algorithm === 'RSA' ? 'rsa' : 'ec');
    if (spec.privateKey.algorithm === 'RSA') expect(key.asymmetricKeyDetails!.modulusLength).toBe(spec.privateKey.size);
    else expect(key.asymmetricKeyDetails!.namedCurve).toBe(spec.privateKey.size === 384 ? 'secp384r1' : 'prime256v1');
    expect(data['tls.key']).toContain(spec.privateKey.algorithm === 'RSA' ? 'BEGIN RSA PRIVATE KEY' : 'BEGIN EC PRIVATE KEY');
    expect(c.notBefore.getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000);
    expect(c.notAfter.getTime() - c.notBefore.getTime()).toBe(parseGoDuration(spec.duration));
    // Chain: ca.crt signed it, and the key in tls.key belongs to tls.crt.
    const ca = new NodeX509(data['ca.crt']);
    const leaf = new NodeX509(data['tls.crt']);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkPrivateKey(key)).toBe(true);
    if (!spec.isCA) expect(leaf.checkIssued(ca)).toBe(true);
  });
});
