// The X.509 libraries (and the Reflect metadata polyfill they need) load only when certificates are issued
// locally, not when the package is required.
const localIssuer = (): typeof import('./local-issuer') => require('./local-issuer');

/** One `kubernetes.io/tls` Secret issued locally. */
export interface IssuedTlsSecret {
  /** The Secret name the Certificate asked for (`spec.secretName`). */
  readonly secretName: string;
  /** PEM leaf certificate (`tls.crt`). */
  readonly tlsCrt: string;
  /** PEM private key, PKCS#1 / SEC 1 as cert-manager writes it (`tls.key`). */
  readonly tlsKey: string;
  /** PEM certificate of the issuing CA, or the certificate itself when self-signed (`ca.crt`). */
  readonly caCrt: string;
}

/** Options of LocalIssuer. */
export interface LocalIssuerOptions {
  /**
   * Issue time; each certificate is valid from then for its `duration`.
   *
   * @default - now
   */
  readonly now?: Date;
}

/**
 * Issues certificates as cert-manager would, without cert-manager: for tests that need real certificates
 * for the synthesized specs, and behind `CertificateIssuer.staticSecrets()`.
 */
export class LocalIssuer {
  /**
   * Issues every cert-manager Certificate among `manifests` (e.g. `Testing.synth(chart)`), following their
   * issuerRefs through SelfSigned and CA Issuers. Certificates of other issuers are an error.
   */
  public static issueSecrets(manifests: any[], options: LocalIssuerOptions = {}): IssuedTlsSecret[] {
    const { secrets } = localIssuer().issueFromManifests(manifests, { now: options.now });
    return [...secrets].map(([secretName, d]) => ({ secretName, tlsCrt: d['tls.crt'], tlsKey: d['tls.key'], caCrt: d['ca.crt'] }));
  }

  private constructor() {}
}
