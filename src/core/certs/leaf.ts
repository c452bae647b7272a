// A component's leaf certificate: its DNS names (plus names edge overrides verify, plus per-zone pod names),
// explicit usages, a rotating key.
import { ComponentId } from '../catalog/components';
import { ResolvedCertificates } from '../check/certificates';
import { ClusterNames } from '../names';
import { ResolvedZone } from '../model';
import { IssuerRefPlan, LeafCertificatePlan, leafDnsNames, leafUsages } from './plan';

export interface LeafInput {
  readonly names: ClusterNames;
  readonly certs: ResolvedCertificates;
  readonly issuerRef: IssuerRefPlan;
  readonly id: ComponentId;
  readonly gossip: boolean;
  readonly tlsSecret: string;
  readonly extraSans: readonly string[];
  readonly zones?: readonly ResolvedZone[];
}

export function componentLeaf(input: LeafInput): LeafCertificatePlan {
  const { names, certs } = input;
  const dnsNames = leafDnsNames(names, input.id, input.gossip);
  // Extra names go before localhost, which stays last.
  for (const san of input.extraSans) if (!dnsNames.includes(san)) dnsNames.splice(dnsNames.length - 1, 0, san);
  // Per-zone StatefulSets govern their own headless Service: their pods' names need SANs too.
  for (const z of input.zones ?? []) dnsNames.splice(dnsNames.length - 1, 0, names.svcShort(z.workload), names.fqdn(z.workload), names.podWildcard(z.workload));
  return {
    name: names.component(input.id),
    secretName: input.tlsSecret,
    dnsNames,
    usages: leafUsages(certs.algorithm),
    privateKey: { algorithm: certs.algorithm, size: certs.size, rotationPolicy: 'Always' },
    duration: certs.duration,
    renewBefore: certs.renewBefore,
    issuerRef: input.issuerRef,
  };
}
