// The Secret layout the issuers write, apart from the issuer itself (which loads the X.509 libraries).

/** The keys of a `kubernetes.io/tls` Secret as cert-manager writes them. */
export interface TlsSecretData {
  readonly 'tls.crt': string;
  readonly 'tls.key': string;
  readonly 'ca.crt': string;
}
