// Stage 3: edges. The edge rows expanded over the deployed ends, each with its TLS mode and the name its client
// verifies, plus what every client writes for them (links). Cache clients are edges too.
import { ComponentId } from '../catalog/components';
import { CheckedDefinition } from '../check/check';
import { EdgeTlsMode } from '../definition';
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { Flag } from '../flags/flag';
import { ClientBlockShape, ProtocolPolicy, TlsFiles } from '../flags/tls';
import { ResolvedEdge, SecretMount } from '../model';
import { Topology } from '../topology/topology';
import { cacheEdges } from './cache-edges';
import { componentEdges } from './component-edges';
import { checkUnusedOverrides } from './overrides';

/** What one client writes for one edge. */
export interface ClientLink {
  /** The client prefix whose `tls-*` flags it writes. */
  readonly prefix: string;
  readonly kind: 'component' | 'memberlist' | 'cache';
  /** The flag carrying the server's address (component and memberlist links that dial by name). */
  readonly address?: Flag;
  /** The client TLS block; undefined writes none (a plaintext cache). */
  readonly tls?: {
    readonly files: Partial<TlsFiles> & { readonly caPath: string };
    readonly serverName: string;
    readonly policy: ProtocolPolicy;
    readonly mode: EdgeTlsMode;
    /** The flags the product's client block has. */
    readonly shape: ClientBlockShape;
  };
  /** A cache client's wiring: backend, addresses, item size and tuning. */
  readonly cacheFlags?: readonly Flag[];
}

export interface EdgeGraph {
  readonly edges: readonly ResolvedEdge[];
  /** Per client component, in edge-row order, then cache order. */
  readonly links: ReadonlyMap<ComponentId, readonly ClientLink[]>;
  /** Server names given by edge overrides, to add to the server's certificate. */
  readonly extraSans: ReadonlyMap<ComponentId, readonly string[]>;
  /** Secrets an external cache's clients mount. */
  readonly mounts: ReadonlyMap<ComponentId, readonly SecretMount[]>;
}

/** Collects the graph as the edge stages add to it. */
export class GraphBuilder {
  public readonly edges: ResolvedEdge[] = [];
  public readonly links = new Map<ComponentId, ClientLink[]>();
  public readonly extraSans = new Map<ComponentId, string[]>();
  public readonly mounts = new Map<ComponentId, SecretMount[]>();

  public link(from: ComponentId, link: ClientLink): void {
    this.links.set(from, [...(this.links.get(from) ?? []), link]);
  }

  public addSan(to: ComponentId, san: string): void {
    this.extraSans.set(to, [...(this.extraSans.get(to) ?? []), san]);
  }

  public mount(from: ComponentId, mount: SecretMount): void {
    const list = this.mounts.get(from) ?? [];
    if (!list.some((m) => m.path === mount.path)) list.push(mount);
    this.mounts.set(from, list);
  }
}

export function resolveEdges(problems: Problems, checked: CheckedDefinition, topology: Topology, dialect: Dialect): EdgeGraph {
  const graph = new GraphBuilder();
  const used = componentEdges({ problems, checked, topology, dialect, graph });
  checkUnusedOverrides(problems, checked.tls.edgeOverrides, used, graph.edges);
  cacheEdges({ checked, topology, dialect, graph });
  return graph;
}
