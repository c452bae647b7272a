// What cert-manager is asked for: one leaf per component and, by default, the cluster's own CA.
import { PrivateKeyAlgorithm } from '../definition';
import { ClusterNames } from '../names';

/** cert-manager key usage strings (with spaces, as its API spells them). */
export type KeyUsage = 'digital signature' | 'key encipherment' | 'server auth' | 'client auth' | 'cert sign';

export interface IssuerRefPlan {
  readonly name: string;
  readonly kind: string;
  readonly group: string;
}

export interface PrivateKeyPlan {
  readonly algorithm: PrivateKeyAlgorithm;
  readonly size: number;
  readonly rotationPolicy: 'Always' | 'Never';
}

export interface LeafCertificatePlan {
  readonly name: string;
  readonly secretName: string;
  /** Subject Common Name: set only where a peer maps it (the gateway's client identities). */
  readonly commonName?: string;
  readonly dnsNames: readonly string[];
  readonly usages: readonly KeyUsage[];
  readonly privateKey: PrivateKeyPlan;
  readonly duration: string;
  readonly renewBefore: string;
  readonly issuerRef: IssuerRefPlan;
}

export interface CaPlan {
  readonly selfSignedIssuer: string;
  readonly certificateName: string;
  readonly secretName: string;
  readonly commonName: string;
  readonly duration: string;
  readonly privateKey: PrivateKeyPlan;
  readonly caIssuer: string;
}

/**
 * Usages are always explicit: with `usages` empty cert-manager requests no extended key usage at all, and a
 * `server auth`-only leaf fails every client handshake. Every component is both server and client.
 * RSA key exchange needs key encipherment; ECDSA keys cannot encipher.
 */
export function leafUsages(algorithm: PrivateKeyAlgorithm): KeyUsage[] {
  const usages: KeyUsage[] = ['digital signature'];
  if (algorithm === PrivateKeyAlgorithm.RSA) usages.push('key encipherment');
  usages.push('server auth', 'client auth');
  return usages;
}

/** Usages of a certificate that only ever authenticates a client. */
export function clientUsages(algorithm: PrivateKeyAlgorithm): KeyUsage[] {
  return algorithm === PrivateKeyAlgorithm.RSA ? ['digital signature', 'key encipherment', 'client auth'] : ['digital signature', 'client auth'];
}

/** Usages of a certificate that only ever serves. */
export function serverUsages(algorithm: PrivateKeyAlgorithm): KeyUsage[] {
  return algorithm === PrivateKeyAlgorithm.RSA ? ['digital signature', 'key encipherment', 'server auth'] : ['digital signature', 'server auth'];
}

/**
 * DNS SANs of a component (facts §4). Go ignores the Common Name, so every name a client verifies must be
 * here: the Service (dialled by DNS, and the server name for pod-IP edges), the headless Service and its
 * per-pod names, the gossip name for memberlist members, and localhost for calls to self. No IP SANs: pod
 * IPs are unknown when the certificate is issued.
 */
export function leafDnsNames(names: ClusterNames, id: string, gossipMember: boolean): string[] {
  const service = names.component(id);
  const headless = names.headless(id);
  const dns = [
    names.svcShort(service), names.fqdn(service),
    names.svcShort(headless), names.fqdn(headless), names.podWildcard(headless),
  ];
  if (gossipMember) dns.push(names.svcShort(names.gossipService), names.fqdn(names.gossipService));
  dns.push('localhost');
  return dns;
}
