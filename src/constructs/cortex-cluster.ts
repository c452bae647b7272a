import { Construct } from 'constructs';
import { CortexClusterProps } from '../core/definition';
import { CORTEX } from '../core/dialect/cortex';
import { MimirCluster } from './mimir-cluster';

/**
 * A complete Cortex cluster with mutual TLS on every edge, from the same typed definition as MimirCluster: the
 * Cortex dialect supplies Cortex's flag names, client prefixes and the wiring Cortex needs (ring stores, sharding).
 *
 * Not available for Cortex (refused with the reason): caches, the gateway, the rollout-operator, etcd rings,
 * runtime overrides, storage TLS, and per-client TLS versions or suites.
 */
export class CortexCluster extends MimirCluster {
  /** @internal */
  public static readonly _DIALECT = CORTEX;

  constructor(scope: Construct, id: string, props: CortexClusterProps) {
    super(scope, id, props as any);
  }

  /** The Cortex version the cluster is configured for. */
  public get cortexVersion(): string {
    return this._model.version.version;
  }
}
