// The definition's part about where the cluster's pods may connect: egress destinations outside the cluster's own
// pods (DNS, object storage, the Kubernetes API, Alertmanager receivers, etcd, external caches).
import { NetworkPeerOptions } from './front-door';

/**
 * Addresses (or pods) the cluster's pods may connect to, on some ports.
 *
 * Use `cidrs` for known address ranges (a VPC endpoint, an on-premises store), `pods` for something running in the
 * Kubernetes cluster (MinIO, etcd), `anyPublicAddress` for an internet service whose addresses change (S3, GCS,
 * a SaaS webhook), and `anyAddress` only when nothing narrower works: it includes the cluster network and the cloud
 * metadata endpoint, so it needs `tls.acknowledgeWeakerSecurity`.
 */
export class EgressTarget {
  /** Addresses in these CIDR blocks (IPv4 or IPv6), on these TCP ports. */
  public static cidrs(cidrs: string[], ports: number[]): EgressTarget {
    return new EgressTarget('cidrs', [...cidrs], undefined, [...ports]);
  }

  /** Pods selected by namespace and pod labels (a peer without namespaceLabels: the cluster's namespace), on these TCP ports. */
  public static pods(peers: NetworkPeerOptions[], ports: number[]): EgressTarget {
    return new EgressTarget('pods', undefined, [...peers], [...ports]);
  }

  /**
   * Any public address on these TCP ports: 0.0.0.0/0 and ::/0 except the private (10/8, 172.16/12, 192.168/16,
   * fc00::/7), shared (100.64/10), loopback and link-local ranges (169.254/16 holds the cloud metadata endpoint).
   *
   * @param ports the ports; default [443]
   */
  public static anyPublicAddress(ports?: number[]): EgressTarget {
    return new EgressTarget('any-public', undefined, undefined, ports ? [...ports] : [443]);
  }

  /**
   * Any address on these TCP ports, the cluster's pods and the cloud metadata endpoint included: weaker than the
   * others, so it needs `tls.acknowledgeWeakerSecurity`.
   *
   * @param ports the ports; default [443]
   */
  public static anyAddress(ports?: number[]): EgressTarget {
    return new EgressTarget('any', undefined, undefined, ports ? [...ports] : [443]);
  }

  /** Nothing: the pods that would connect there may not. */
  public static none(): EgressTarget {
    return new EgressTarget('none', undefined, undefined, []);
  }

  private constructor(
    /** @internal */ public readonly _kind: 'cidrs' | 'pods' | 'any-public' | 'any' | 'none',
    /** @internal */ public readonly _cidrs: string[] | undefined,
    /** @internal */ public readonly _peers: NetworkPeerOptions[] | undefined,
    /** @internal */ public readonly _ports: number[],
  ) {}
}

/**
 * Where the cluster's pods may connect beyond each other. Every pod gets one NetworkPolicy with its ingress and
 * egress rules, and one default-deny policy covers all of the cluster's pods; the edges between the cluster's own
 * pods are derived from the edge graph and need nothing here.
 */
export interface EgressOptions {
  /**
   * Restrict egress. false keeps the ingress rules only (any pod may then connect anywhere), which is weaker and
   * needs `tls.acknowledgeWeakerSecurity`.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The object storage every component that reads or writes blocks, rules or alert state connects to. Required
   * while egress is restricted: there is no safe guess from a host name.
   *
   * @default - none: synthesis stops and asks for it
   */
  readonly objectStorage?: EgressTarget;

  /**
   * The DNS servers every pod that dials by name asks (UDP and TCP on the given ports).
   *
   * @default - kube-dns / CoreDNS pods (`k8s-app: kube-dns`) in `kube-system`, port 53
   */
  readonly dns?: EgressTarget;

  /**
   * The Kubernetes API server, for the pods that watch or change objects (the rollout-operator, Reloader) and no
   * other. Its addresses are the `kubernetes` Service's endpoints, which differ per cluster.
   *
   * @default - any address on 443 and 6443, for those pods only
   */
  readonly apiServer?: EgressTarget;

  /**
   * The Alertmanager receivers' destinations (webhooks, chat, paging services). The receivers firewall still
   * refuses private addresses unless `alertmanagerFirewall` allows them.
   *
   * @default EgressTarget.anyPublicAddress([443])
   */
  readonly alertmanagerReceivers?: EgressTarget;

  /**
   * The etcd of the rings (`kvStore.etcdOptions`). Required when the rings are in etcd.
   *
   * @default - none: synthesis stops and asks for it
   */
  readonly etcd?: EgressTarget;

  /**
   * The caches the cluster does not deploy (`caches.<name>.external`). Required when there is one.
   *
   * @default - none: synthesis stops and asks for it
   */
  readonly externalCaches?: EgressTarget;
}
