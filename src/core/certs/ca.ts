// The cluster's own CA, unless an external issuer signs the leaves.
import { ResolvedCertificates } from '../check/certificates';
import { ClusterNames } from '../names';
import { CaPlan } from './plan';

export function caPlan(names: ClusterNames, certs: ResolvedCertificates): CaPlan | undefined {
  if (certs.issuerRef) return undefined;
  return {
    selfSignedIssuer: names.caIssuerBootstrap,
    certificateName: names.caCertificate,
    secretName: names.caSecret,
    commonName: `${names.cluster}.${names.namespace} Mimir CA`,
    duration: certs.caDuration,
    // A CA whose key changes on renewal invalidates every leaf it signed (facts §4).
    privateKey: { algorithm: certs.algorithm, size: certs.size, rotationPolicy: 'Never' },
    caIssuer: names.caIssuer,
  };
}
