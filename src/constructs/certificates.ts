// cert-manager objects of the cluster: the CA bootstrap and one leaf per component. The same typed props
// either become cert-manager objects or, for static issuance, are issued locally into Secrets, so both
// paths issue exactly the same certificates.
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CaPlan, KeyUsage, LeafCertificatePlan } from '../core/certs/plan';
import { ResolvedCluster } from '../core/resolve';
import {
  Certificate, CertificateProps, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy,
  CertificateSpecUsages, Issuer, IssuerProps,
} from '../imports/cert-manager.io';
import type { TlsSecretData } from '../issuer/types';

type Labels = { [key: string]: string };

function privateKey(plan: CaPlan['privateKey']) {
  return {
    algorithm: plan.algorithm as string as CertificateSpecPrivateKeyAlgorithm,
    size: plan.size,
    rotationPolicy: plan.rotationPolicy as string as CertificateSpecPrivateKeyRotationPolicy,
  };
}

/** SelfSigned Issuer → CA Certificate → CA Issuer, as typed props. */
function caProps(plan: CaPlan, namespace: string, labels: Labels): { selfSigned: IssuerProps; certificate: CertificateProps; caIssuer: IssuerProps } {
  return {
    selfSigned: { metadata: { name: plan.selfSignedIssuer, namespace, labels }, spec: { selfSigned: {} } },
    certificate: {
      metadata: { name: plan.certificateName, namespace, labels },
      spec: {
        isCa: true,
        commonName: plan.commonName,
        secretName: plan.secretName,
        duration: plan.duration,
        privateKey: privateKey(plan.privateKey),
        usages: [CertificateSpecUsages.CERT_SIGN, CertificateSpecUsages.DIGITAL_SIGNATURE],
        issuerRef: { name: plan.selfSignedIssuer, kind: 'Issuer', group: 'cert-manager.io' },
      },
    },
    caIssuer: { metadata: { name: plan.caIssuer, namespace, labels }, spec: { ca: { secretName: plan.secretName } } },
  };
}

/** A component's leaf Certificate, as typed props. */
export function leafCertificateProps(plan: LeafCertificatePlan, namespace: string, labels: Labels): CertificateProps {
  return {
    metadata: { name: plan.name, namespace, labels },
    spec: {
      secretName: plan.secretName,
      secretTemplate: { labels },
      commonName: plan.commonName,
      dnsNames: plan.dnsNames.length ? [...plan.dnsNames] : undefined,
      usages: plan.usages.map((u: KeyUsage) => u as string as CertificateSpecUsages),
      privateKey: privateKey(plan.privateKey),
      duration: plan.duration,
      renewBefore: plan.renewBefore,
      issuerRef: { ...plan.issuerRef },
    },
  };
}

/**
 * The cluster's own CA, bootstrapped by cert-manager, all namespaced so no other workload can obtain a
 * certificate the cluster trusts.
 *
 * @internal
 */
export class CaBootstrap extends Construct {
  constructor(scope: Construct, id: string, plan: CaPlan, namespace: string, labels: Labels) {
    super(scope, id);
    const props = caProps(plan, namespace, labels);
    const selfSigned = new Issuer(this, 'SelfSignedIssuer', props.selfSigned);
    const certificate = new Certificate(this, 'Certificate', props.certificate);
    certificate.addDependency(selfSigned);
    new Issuer(this, 'CaIssuer', props.caIssuer).addDependency(certificate);
  }
}

/**
 * Issues the CA and every component leaf locally from the same props cert-manager would get. The CA's own
 * key is never written anywhere: each leaf Secret carries the CA certificate as `ca.crt`.
 *
 * @internal
 */
export function issueStatically(model: ResolvedCluster, labels: Labels): Map<string, TlsSecretData> {
  const manifests: any[] = [];
  if (model.ca) {
    const ca = caProps(model.ca, model.namespace, labels);
    manifests.push(Issuer.manifest(ca.selfSigned), Certificate.manifest(ca.certificate), Issuer.manifest(ca.caIssuer));
  }
  for (const c of model.components) {
    if (!c.existingTlsSecret) manifests.push(Certificate.manifest(leafCertificateProps(c.certificate, model.namespace, c.selector)));
  }
  for (const c of model.caches) {
    if (c.tls && !c.external) manifests.push(Certificate.manifest(leafCertificateProps(c.certificate, model.namespace, c.selector)));
  }
  const g = model.gateway;
  if (g) {
    if (g.clientsCa) {
      const ca = caProps(g.clientsCa, model.namespace, labels);
      manifests.push(Issuer.manifest(ca.selfSigned), Certificate.manifest(ca.certificate), Issuer.manifest(ca.caIssuer));
    }
    for (const plan of [g.serverCertificate, g.upstreamCertificate, ...g.clientCertificates]) manifests.push(Certificate.manifest(leafCertificateProps(plan, model.namespace, g.labels)));
  }
  // Loaded here: the X.509 libraries (and their Reflect polyfill) only when certificates are issued statically.
  const { issueFromManifests } = require('../issuer/local-issuer') as typeof import('../issuer/local-issuer');
  return issueFromManifests(manifests).secrets;
}

/** Annotation on every statically issued Secret, so nobody mistakes it for something safe to publish. */
export const STATIC_SECRET_WARNING = 'cdk8s-mimir.io/private-key-in-manifest';

/** A statically issued kubernetes.io/tls Secret. @internal */
export function staticTlsSecret(scope: Construct, id: string, name: string, namespace: string, labels: Labels, data: TlsSecretData): ApiObject {
  return new kplus.k8s.KubeSecret(scope, id, {
    metadata: { name, namespace, labels, annotations: { [STATIC_SECRET_WARNING]: 'issued at synth time by cdk8s-mimir; keep these manifests secret' } },
    type: 'kubernetes.io/tls',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  });
}

/**
 * A CA's certificate alone, under the CA Secret's name and `ca.crt` key (static issuance, where the CA Secret with
 * its key is never written): what a pod that trusts the CA mounts.
 *
 * @internal
 */
export function staticCaCertificateSecret(scope: Construct, id: string, plan: CaPlan, namespace: string, labels: Labels, staticSecrets: Map<string, TlsSecretData>): ApiObject {
  const data = staticSecrets.get(plan.secretName);
  if (!data) throw new Error(`internal: no statically issued CA ${plan.secretName}`);
  return new kplus.k8s.KubeSecret(scope, id, {
    metadata: { name: plan.secretName, namespace, labels },
    type: 'Opaque',
    data: { 'ca.crt': Buffer.from(data['tls.crt']).toString('base64') },
  });
}

/**
 * A leaf's rendering: a cert-manager Certificate, or with static issuance the Secret issued for it.
 *
 * @internal
 */
export function renderLeaf(scope: Construct, plan: LeafCertificatePlan, namespace: string, labels: Labels, staticSecrets: Map<string, TlsSecretData> | undefined): ApiObject {
  if (staticSecrets) {
    const data = staticSecrets.get(plan.secretName);
    if (!data) throw new Error(`internal: no statically issued Secret ${plan.secretName}`);
    return staticTlsSecret(scope, 'TlsSecret', plan.secretName, namespace, labels, data);
  }
  return new Certificate(scope, 'Certificate', leafCertificateProps(plan, namespace, labels));
}
