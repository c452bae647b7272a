import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { MimirClusterProps } from '../core/definition';
import { NetworkPeer } from '../core/cluster/network';
import { PORTS } from '../core/names';
import { MIMIR } from '../core/dialect/mimir';
import { resolveCluster, ResolvedCluster } from '../core/resolve';
import { Bundle } from '../imports/trust.cert-manager.io';
import type { TlsSecretData } from '../issuer/types';
import { CaBootstrap, issueStatically } from './certificates';
import { ClusterCache } from './cache';
import { IMimirClusterModel, MimirComponent } from './component';
import { MimirGateway } from './gateway';
import { Monitoring } from './monitoring';
import { Reloader } from './reloader';
import { RolloutOperator } from './rollout-operator';

/** One TLS edge of the cluster, for inspection (docs, tests, policy checks). */
export interface MimirEdge {
  /** Client flag prefix, e.g. `ingester.client`. */
  readonly prefix: string;
  /** Client component (`-target`). */
  readonly from: string;
  /** Server component (`-target`). */
  readonly to: string;
  /** `grpc`, `http` or `memberlist`. */
  readonly protocol: string;
  /** How the client finds the server: `ring`, `advertised`, `dns` or `gossip`. */
  readonly discovery: string;
  /** Server port dialled. */
  readonly port: number;
  /** `mutual`, `server-only` (always for memberlist: its listener never asks for a client certificate) or `disabled`. */
  readonly tls: string;
  /** Name the client verifies; one of the server certificate's DNS names. */
  readonly serverName: string;
}

/**
 * A complete Grafana Mimir cluster with mutual TLS on every edge, from one definition.
 *
 * The definition is validated and resolved in full before any object is created; a bad definition throws one
 * error listing every field to fix.
 */
export class MimirCluster extends Construct implements IMimirClusterModel {
  /** The components, in catalog order. */
  public readonly components: MimirComponent[];

  /** The caches the cluster deploys (memcached for Mimir, Redis for Cortex). */
  public readonly caches: ClusterCache[];

  /** The authenticating gateway, when the definition deploys one. */
  public readonly gateway?: MimirGateway;

  /** @internal */
  public readonly _model: ResolvedCluster;

  /** @internal */
  public readonly _staticSecrets?: Map<string, TlsSecretData>;

  constructor(scope: Construct, id: string, props: MimirClusterProps) {
    super(scope, id);
    // A subclass for another product (CortexCluster) names its dialect; the rendering is the same.
    this._model = resolveCluster(props, (new.target as any)._DIALECT ?? MIMIR);
    const model = this._model;
    const labels = { 'app.kubernetes.io/name': model.appName, 'app.kubernetes.io/instance': model.name };

    if (model.issuance === 'static') {
      // Loud on purpose: the manifests now contain private keys.
      console.warn(`[cdk8s-mimir] ${this.node.path}: certificates are issued at synth time (CertificateIssuer.staticSecrets()); `
        + 'the synthesized manifests contain private keys and must be stored as secrets.');
      this._staticSecrets = issueStatically(model, labels);
    } else if (model.ca) {
      new CaBootstrap(this, 'Ca', model.ca, model.namespace, labels);
    }
    if (model.trust.bundle) {
      const b = model.trust.bundle;
      new Bundle(this, 'TrustBundle', {
        metadata: { name: b.name, labels },
        spec: {
          sources: b.sources.map((src) => ({ secret: { name: src.secretName, key: src.key } })),
          // Only into this cluster's namespace: the ConfigMap the components mount.
          target: { configMap: { key: model.trust.configMap!.key }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': b.namespace } } },
        },
      });
    }

    // One headless Service selecting every gossip member: the memberlist join address (none with etcd).
    if (model.gossip.members.length > 0) new kplus.Service(this, 'GossipRing', {
      metadata: { name: model.gossip.service, namespace: model.namespace, labels },
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      ports: [{ name: PORTS.gossip.name, port: PORTS.gossip.port, targetPort: PORTS.gossip.port }],
      selector: kplus.Pods.select(this, 'GossipMembers', { labels: { ...model.gossip.selector } }),
    });

    // Rules that only hold once several clusters are composed in one app.
    const siblings = CLUSTERS_BY_APP.get(this.node.root) ?? new Set<MimirCluster>();
    CLUSTERS_BY_APP.set(this.node.root, siblings.add(this));
    this.node.addValidation({ validate: () => this.validateAgainstSiblings() });

    this.components = model.components.map((c) => new MimirComponent(this, pascalCase(c.id), { cluster: this, target: c.id }));
    this.caches = model.caches.filter((c) => !c.external).map((c) => new ClusterCache(this, pascalCase(c.id), { cluster: this, cache: c.id }));
    // The runtime configuration: every component mounts it and reloads it without a restart.
    new kplus.ConfigMap(this, 'RuntimeConfig', {
      metadata: { name: model.runtimeConfig.configMap, namespace: model.namespace, labels },
      data: { [model.runtimeConfig.key]: model.runtimeConfig.content },
    });
    if (model.gateway) this.gateway = new MimirGateway(this, 'Gateway', { cluster: this });
    if (model.rolloutOperator) new RolloutOperator(this, 'RolloutOperator', model);
    if (model.rotation.reloader) new Reloader(this, 'Reloader', model);
    // What must run in the cluster for these objects to work, where an operator looks first.
    new kplus.ConfigMap(this, 'Notes', {
      metadata: { name: `${model.name}-notes`, namespace: model.namespace, labels },
      data: { 'NOTES.txt': model.prerequisites.map((p) => `- ${p}`).join('\n') + '\n' },
    });
    if (model.monitoring) new Monitoring(this, 'Monitoring', model);
    for (const np of model.networkPolicies) {
      new kplus.k8s.KubeNetworkPolicy(this, `NetworkPolicy-${np.name}`, {
        metadata: { name: np.name, namespace: model.namespace, labels },
        spec: {
          podSelector: { matchLabels: { ...np.podSelector } },
          policyTypes: np.egress ? ['Ingress', 'Egress'] : ['Ingress'],
          ingress: np.ingress.map((rule) => ({ ports: policyPorts(rule), from: rule.from?.map(policyPeer) })),
          egress: np.egress?.map((rule) => ({ ports: policyPorts(rule), to: rule.to.map(policyPeer) })),
        },
      });
    }
  }

  private validateAgainstSiblings(): string[] {
    // The clusters of the same app, registered as they are built (walking the whole tree would cost more).
    const others = [...(CLUSTERS_BY_APP.get(this.node.root) ?? [])].filter((c) => c !== this);
    const errors: string[] = [];
    const me = this._model;
    for (const o of others) {
      if (o._model.namespace !== me.namespace) continue;
      if (o._model.name === me.name) {
        errors.push(`name: "${me.name}" is also the name of ${o.node.path} in namespace ${me.namespace}, so their objects would overwrite each other. Give one of them another name or namespace.`);
      }
      if (o._model.rolloutOperator && me.rolloutOperator) {
        errors.push(`rolloutOperator: ${o.node.path} runs a rollout-operator in namespace ${me.namespace} too, and the operator keeps its webhook certificate in a Secret of a fixed name. Disable one of them (rolloutOperator: { enabled: false }) or use another namespace.`);
      }
    }
    return errors;
  }

  /** The component with this `-target`; throws if it is not deployed. */
  public component(target: string): MimirComponent {
    const found = this.components.find((c) => c.target === target);
    if (!found) throw new Error(`target: "${target}" is not an enabled component of this cluster. Use one of ${this.components.map((c) => c.target).join(', ')}.`);
    return found;
  }

  /** Every TLS edge (memberlist expanded to member pairs). */
  public get edges(): MimirEdge[] {
    return this._model.edges.map((e) => ({ ...e }));
  }

  /** Secret holding the client certificate (`tls.crt`, `tls.key`, `ca.crt`) of a gateway identity. */
  public gatewayClientSecretName(name: string): string {
    const plan = this._model.gateway?.clientCertificates.find((c) => c.commonName === name);
    if (!plan) throw new Error(`name: "${name}" is not a gateway client certificate or trusted proxy of this cluster`);
    return plan.secretName;
  }

  /** The gateway's Service DNS name, when it is deployed. */
  public get gatewayServiceName(): string | undefined {
    return this._model.gateway?.serviceFqdn;
  }

  /** The Mimir version the cluster is configured for. */
  public get mimirVersion(): string {
    return this._model.version.version;
  }
}

/** Every MimirCluster of an app, by the app's root construct. */
const CLUSTERS_BY_APP = new WeakMap<IConstruct, Set<MimirCluster>>();

function pascalCase(id: string): string {
  return id.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}

/** A rule's ports as NetworkPolicy ports: numbers only (some CNIs mishandle named ports), TCP, and UDP where asked. */
function policyPorts(rule: { readonly ports: readonly number[]; readonly udp?: boolean }): kplus.k8s.NetworkPolicyPort[] {
  return rule.ports.flatMap((port) => [
    { port: kplus.k8s.IntOrString.fromNumber(port), protocol: 'TCP' },
    ...(rule.udp ? [{ port: kplus.k8s.IntOrString.fromNumber(port), protocol: 'UDP' }] : []),
  ]);
}

function policyPeer(peer: NetworkPeer): kplus.k8s.NetworkPolicyPeer {
  return {
    podSelector: peer.podSelector ? { matchLabels: { ...peer.podSelector } } : undefined,
    namespaceSelector: peer.namespaceSelector ? { matchLabels: { ...peer.namespaceSelector } } : undefined,
    ipBlock: peer.ipBlock ? { cidr: peer.ipBlock.cidr, except: peer.ipBlock.except ? [...peer.ipBlock.except] : undefined } : undefined,
  };
}
