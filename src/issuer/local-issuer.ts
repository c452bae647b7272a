// Issues certificates locally, exactly as cert-manager would from the synthesized Issuer and Certificate specs:
// same subject, DNS SANs, key usages, extended key usages, basic constraints, key algorithm and size,
// lifetime and Secret layout (tls.crt, tls.key, ca.crt). Synchronous, so it can run during `cdk8s synth`.
//
// Extensions are built with @peculiar/x509 and the certificate structure with @peculiar/asn1-x509; Node's
// crypto generates keys and signs, which is what makes it synchronous (WebCrypto signing is async only).
import 'reflect-metadata';
import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn1 from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { parseGoDuration } from '../core/validate';
import { TlsSecretData } from './types';

/** One certificate to issue, in cert-manager's terms. */
export interface IssueRequest {
  readonly commonName?: string;
  readonly dnsNames: readonly string[];
  readonly isCA: boolean;
  /** cert-manager usage strings: 'digital signature', 'key encipherment', 'cert sign', 'server auth', 'client auth'. */
  readonly usages: readonly string[];
  readonly algorithm: 'ECDSA' | 'RSA';
  readonly size: number;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** A certificate with its private key. */
export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly key: KeyObject;
  /** Subject Name as DER, to become the issuer name of certificates it signs. */
  readonly subject: asn1.Name;
  readonly subjectKeyId: Buffer;
  readonly algorithm: 'ECDSA' | 'RSA';
  readonly size: number;
}

const EKU_OIDS: { [usage: string]: string } = {
  'server auth': x509.ExtendedKeyUsage.serverAuth,
  'client auth': x509.ExtendedKeyUsage.clientAuth,
};
const KU_FLAGS: { [usage: string]: x509.KeyUsageFlags } = {
  'digital signature': x509.KeyUsageFlags.digitalSignature,
  'key encipherment': x509.KeyUsageFlags.keyEncipherment,
  'cert sign': x509.KeyUsageFlags.keyCertSign,
  'crl sign': x509.KeyUsageFlags.cRLSign,
};

/** Generates the key pair cert-manager would: ECDSA P-256/P-384 or RSA of the given size. */
function generateKey(algorithm: 'ECDSA' | 'RSA', size: number): { privateKey: KeyObject; publicKey: KeyObject } {
  if (algorithm === 'ECDSA') {
    const namedCurve = size === 384 ? 'P-384' : size === 256 ? 'P-256' : undefined;
    if (!namedCurve) throw new Error(`local issuer: ECDSA size ${size} is not supported (use 256 or 384)`);
    return generateKeyPairSync('ec', { namedCurve });
  }
  return generateKeyPairSync('rsa', { modulusLength: size });
}

/** Signature algorithm of a signer, as Go's x509 picks it for the key (SHA-384 for P-384, else SHA-256). */
function signatureAlgorithm(algorithm: 'ECDSA' | 'RSA', size: number): { id: asn1.AlgorithmIdentifier; hash: string } {
  if (algorithm === 'ECDSA') {
    const sha384 = size === 384;
    return { id: new asn1.AlgorithmIdentifier({ algorithm: sha384 ? '1.2.840.10045.4.3.3' : '1.2.840.10045.4.3.2' }), hash: sha384 ? 'sha384' : 'sha256' };
  }
  // sha256WithRSAEncryption has explicit NULL parameters.
  return { id: new asn1.AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: null }), hash: 'sha256' };
}

function toPem(der: ArrayBuffer | Buffer, label: string): string {
  const b64 = Buffer.from(der as ArrayBuffer).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function extension(ext: x509.Extension): asn1.Extension {
  return AsnConvert.parse(ext.rawData, asn1.Extension);
}

/** A random positive 128-bit serial number, as cert-manager draws it. */
function serialNumber(): ArrayBuffer {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  if (bytes[0] === 0) bytes[0] = 0x01;
  return new Uint8Array(bytes).buffer;
}

/**
 * Issues one certificate. Without `signer` it is self-signed (cert-manager's SelfSigned issuer).
 */
export function issueCertificate(req: IssueRequest, signer?: IssuedCertificate): IssuedCertificate {
  const { privateKey, publicKey } = generateKey(req.algorithm, req.size);
  const spkiDer = publicKey.export({ type: 'spki', format: 'der' });
  const spki = AsnConvert.parse(spkiDer, asn1.SubjectPublicKeyInfo);

  // cert-manager puts only the commonName in the subject; with none the subject is empty and the SAN
  // extension is critical (RFC 5280 §4.2.1.6).
  const subject = new asn1.Name(req.commonName ? [new asn1.RelativeDistinguishedName([
    new asn1.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1.AttributeValue({ utf8String: req.commonName }) }),
  ])] : []);
  // Go computes the subject key id of a CA as SHA-1 of the public key bits.
  const subjectKeyId = createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest();

  const kuFlags = req.usages.filter((u) => KU_FLAGS[u] !== undefined).reduce((acc, u) => acc | KU_FLAGS[u], 0);
  const ekus = req.usages.filter((u) => EKU_OIDS[u]).map((u) => EKU_OIDS[u]);
  const unknown = req.usages.filter((u) => KU_FLAGS[u] === undefined && !EKU_OIDS[u]);
  if (unknown.length) throw new Error(`local issuer: usages ${unknown.join(', ')} are not supported`);

  const extensions: asn1.Extension[] = [extension(new x509.KeyUsagesExtension(kuFlags, true))];
  if (ekus.length) extensions.push(extension(new x509.ExtendedKeyUsageExtension(ekus, false)));
  extensions.push(extension(new x509.BasicConstraintsExtension(req.isCA, undefined, true)));
  if (req.isCA) extensions.push(extension(new x509.SubjectKeyIdentifierExtension(subjectKeyId.toString('hex'))));
  if (signer) extensions.push(extension(new x509.AuthorityKeyIdentifierExtension(signer.subjectKeyId.toString('hex'))));
  if (req.dnsNames.length) {
    extensions.push(extension(new x509.SubjectAlternativeNameExtension(req.dnsNames.map((value) => ({ type: 'dns' as const, value })), subject.length === 0)));
  }

  const signingKey = signer?.key ?? privateKey;
  const sig = signatureAlgorithm(signer?.algorithm ?? req.algorithm, signer?.size ?? req.size);
  const tbs = new asn1.TBSCertificate({
    version: asn1.Version.v3,
    serialNumber: serialNumber(),
    signature: sig.id,
    issuer: signer?.subject ?? subject,
    validity: new asn1.Validity({ notBefore: req.notBefore, notAfter: req.notAfter }),
    subject,
    subjectPublicKeyInfo: spki,
    extensions: new asn1.Extensions(extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign(sig.hash, tbsDer, signingKey);
  const cert = new asn1.Certificate({ tbsCertificate: tbs, signatureAlgorithm: sig.id, signatureValue: new Uint8Array(signature).buffer });
  const certPem = toPem(AsnConvert.serialize(cert), 'CERTIFICATE');

  // cert-manager's default encoding, PKCS#1: "RSA PRIVATE KEY" for RSA, SEC 1 "EC PRIVATE KEY" for ECDSA.
  const keyPem = privateKey.export({ type: req.algorithm === 'RSA' ? 'pkcs1' : 'sec1', format: 'pem' }).toString();
  return { certPem, keyPem, key: privateKey, subject, subjectKeyId, algorithm: req.algorithm, size: req.size };
}

/** A kubernetes.io/tls Secret's data, as cert-manager writes it. */
export type { TlsSecretData } from './types';

/** The result of issuing every Certificate of a set of manifests. */
export interface IssuedSecrets {
  /** Secret name → PEM data. */
  readonly secrets: Map<string, TlsSecretData>;
  /** Certificate name → the issued certificate (with its key), for further signing in tests. */
  readonly certificates: Map<string, IssuedCertificate>;
}

export interface IssueFromManifestsOptions {
  /** Issue time; certificates are valid from here for their `duration`. @default - now */
  readonly now?: Date;
  /** Signers for issuers not among the manifests (ClusterIssuers, Vault...), by issuer name. */
  readonly externalIssuers?: { readonly [name: string]: IssuedCertificate };
}

const DEFAULT_DURATION = '2160h';

/**
 * Issues every cert-manager Certificate among `manifests`, following issuerRefs: a SelfSigned Issuer self-signs,
 * a CA Issuer signs with the certificate whose Secret it names. Returns the Secrets cert-manager would write.
 */
export function issueFromManifests(manifests: readonly any[], options: IssueFromManifestsOptions = {}): IssuedSecrets {
  const now = options.now ?? new Date();
  const issuers = manifests.filter((m) => (m.kind === 'Issuer' || m.kind === 'ClusterIssuer') && m.apiVersion?.startsWith('cert-manager.io/'));
  const certificates = manifests.filter((m) => m.kind === 'Certificate' && m.apiVersion?.startsWith('cert-manager.io/'));
  const issued = new Map<string, IssuedCertificate>();
  const secrets = new Map<string, TlsSecretData>();
  const inProgress = new Set<string>();

  const issue = (cert: any): IssuedCertificate => {
    const name = cert.metadata.name;
    const done = issued.get(name);
    if (done) return done;
    if (inProgress.has(name)) throw new Error(`local issuer: issuer chain of Certificate ${name} is circular`);
    inProgress.add(name);
    const spec = cert.spec;
    const ref = spec.issuerRef;
    const issuer = issuers.find((i) => i.metadata.name === ref.name && i.kind === (ref.kind ?? 'Issuer'));
    let signer: IssuedCertificate | undefined;
    let caPem: string;
    if (issuer?.spec?.selfSigned) {
      signer = undefined;
    } else if (issuer?.spec?.ca?.secretName) {
      const caCert = certificates.find((c) => c.spec.secretName === issuer.spec.ca.secretName);
      if (!caCert) throw new Error(`local issuer: Issuer ${ref.name} uses Secret ${issuer.spec.ca.secretName}, which no Certificate writes`);
      signer = issue(caCert);
    } else if (options.externalIssuers?.[ref.name]) {
      signer = options.externalIssuers[ref.name];
    } else {
      throw new Error(`local issuer: Certificate ${name} references ${ref.kind ?? 'Issuer'} ${ref.name}, which is neither in the manifests nor given as an external issuer`);
    }
    const durationMs = parseGoDuration(spec.duration ?? DEFAULT_DURATION);
    if (durationMs === undefined) throw new Error(`local issuer: Certificate ${name} has duration ${spec.duration}, not a Go duration`);
    const algorithm = spec.privateKey?.algorithm ?? 'RSA';
    const size = spec.privateKey?.size ?? (algorithm === 'ECDSA' ? 256 : 2048);
    // cert-manager adds cert sign to a CA's usages itself, and uses its defaults when usages are empty.
    const usages: string[] = spec.usages?.length ? [...spec.usages] : ['digital signature', 'key encipherment'];
    if (spec.isCA && !usages.includes('cert sign')) usages.push('cert sign');
    const result = issueCertificate({
      commonName: spec.commonName,
      dnsNames: spec.dnsNames ?? [],
      isCA: spec.isCA === true,
      usages,
      algorithm,
      size,
      notBefore: now,
      notAfter: new Date(now.getTime() + durationMs),
    }, signer);
    caPem = signer ? signer.certPem : result.certPem;
    issued.set(name, result);
    secrets.set(spec.secretName, { 'tls.crt': result.certPem, 'tls.key': result.keyPem, 'ca.crt': caPem });
    inProgress.delete(name);
    return result;
  };

  for (const cert of certificates) issue(cert);
  return { secrets, certificates: issued };
}
