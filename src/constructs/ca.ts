import { Construct } from 'constructs';
import { CaPlan } from '../core/certs/plan';
import {
  Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy, CertificateSpecUsages, Issuer,
} from '../imports/cert-manager.io';

/**
 * The cluster's own CA, bootstrapped by cert-manager: SelfSigned Issuer → CA Certificate → CA Issuer, all
 * namespaced, so no other workload can obtain a certificate the cluster trusts.
 *
 * @internal
 */
export class CaBootstrap extends Construct {
  constructor(scope: Construct, id: string, plan: CaPlan, namespace: string, labels: { [key: string]: string }) {
    super(scope, id);
    const selfSigned = new Issuer(this, 'SelfSignedIssuer', {
      metadata: { name: plan.selfSignedIssuer, namespace, labels },
      spec: { selfSigned: {} },
    });
    const certificate = new Certificate(this, 'Certificate', {
      metadata: { name: plan.certificateName, namespace, labels },
      spec: {
        isCa: true,
        commonName: plan.commonName,
        secretName: plan.secretName,
        duration: plan.duration,
        privateKey: {
          algorithm: plan.privateKey.algorithm as string as CertificateSpecPrivateKeyAlgorithm,
          size: plan.privateKey.size,
          rotationPolicy: plan.privateKey.rotationPolicy as string as CertificateSpecPrivateKeyRotationPolicy,
        },
        usages: [CertificateSpecUsages.CERT_SIGN, CertificateSpecUsages.DIGITAL_SIGNATURE],
        issuerRef: { name: plan.selfSignedIssuer, kind: 'Issuer', group: 'cert-manager.io' },
      },
    });
    certificate.addDependency(selfSigned);
    const caIssuer = new Issuer(this, 'CaIssuer', {
      metadata: { name: plan.caIssuer, namespace, labels },
      spec: { ca: { secretName: plan.secretName } },
    });
    caIssuer.addDependency(certificate);
  }
}
