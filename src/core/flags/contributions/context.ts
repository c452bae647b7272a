// What a flag contribution reads: the checked definition, the topology, the component and its client links.
import { CheckedDefinition } from '../../check/check';
import { CheckedComponent } from '../../check/components';
import { Dialect } from '../../dialect/dialect';
import { ClientLink } from '../../edges/graph';
import { Topology } from '../../topology/topology';
import { Flag } from '../flag';

export interface FlagContext {
  readonly dialect: Dialect;
  readonly checked: CheckedDefinition;
  readonly topology: Topology;
  readonly component: CheckedComponent;
  /** The component's client links, in edge-row order, then cache order. */
  readonly links: readonly ClientLink[];
  /** The component joins memberlist. */
  readonly gossip: boolean;
}

/** One flag family of one component. Pure: reads the context, returns flags in the order they are written. */
export type Contribution = (ctx: FlagContext) => Flag[];
