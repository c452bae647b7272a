// One row per Mimir target. Adding a component is one row here plus its edge rows in edges/edges.ts;
// names, Services, certificates and server flags follow from the row.
import { PATHS } from '../names';

export type ComponentId =
  | 'distributor' | 'ingester' | 'querier' | 'query-frontend' | 'query-scheduler'
  | 'store-gateway' | 'compactor' | 'ruler' | 'alertmanager' | 'overrides-exporter';

/** Rings whose replication factor the definition sets, by flag prefix. */
export type RingId = 'ingester.ring' | 'store-gateway.sharding-ring' | 'alertmanager.sharding-ring';

export interface ComponentSpec {
  /** The `-target` value. */
  readonly id: ComponentId;
  /** Key in ComponentsOptions. */
  readonly optionsKey: string;
  readonly workload: 'Deployment' | 'StatefulSet';
  /** The read and write paths need every component that is not optional. */
  readonly optional: boolean;
  /** Joins the memberlist gossip cluster that carries the rings (the query-scheduler does not: facts §9). */
  readonly gossipMember: boolean;
  /** Reads S3 (needs the bucket flags and credentials). */
  readonly objectStorage: boolean;
  /** Rings this component is a member of or reads; it gets their replication-factor flag. */
  readonly rings: readonly RingId[];
  /** Flags naming the files and directories the component writes; all point into the data volume. */
  readonly dataPaths: { readonly [flag: string]: string };
  readonly defaults: {
    readonly replicas: number;
    readonly cpu: string;
    readonly memory: string;
    /** Persistent volume size; only stateful components have one. */
    readonly storageSize?: string;
  };
}

// The activity tracker defaults to ./metrics-activity.log, which a read-only root filesystem refuses (facts §9).
const ACTIVITY = { 'activity-tracker.filepath': `${PATHS.dataDir}/metrics-activity.log` };

export const COMPONENTS: readonly ComponentSpec[] = [
  {
    id: 'distributor', optionsKey: 'distributor', workload: 'Deployment', optional: false,
    gossipMember: true, objectStorage: false, rings: ['ingester.ring'],
    dataPaths: ACTIVITY,
    defaults: { replicas: 2, cpu: '500m', memory: '512Mi' },
  },
  {
    id: 'ingester', optionsKey: 'ingester', workload: 'StatefulSet', optional: false,
    gossipMember: true, objectStorage: true, rings: ['ingester.ring'],
    dataPaths: { ...ACTIVITY, 'blocks-storage.tsdb.dir': `${PATHS.dataDir}/tsdb` },
    defaults: { replicas: 3, cpu: '1', memory: '4Gi', storageSize: '50Gi' },
  },
  {
    id: 'querier', optionsKey: 'querier', workload: 'Deployment', optional: false,
    gossipMember: true, objectStorage: true, rings: ['ingester.ring', 'store-gateway.sharding-ring'],
    dataPaths: ACTIVITY,
    defaults: { replicas: 2, cpu: '500m', memory: '1Gi' },
  },
  {
    id: 'query-frontend', optionsKey: 'queryFrontend', workload: 'Deployment', optional: false,
    gossipMember: false, objectStorage: false, rings: [],
    dataPaths: ACTIVITY,
    defaults: { replicas: 2, cpu: '500m', memory: '512Mi' },
  },
  {
    id: 'query-scheduler', optionsKey: 'queryScheduler', workload: 'Deployment', optional: false,
    gossipMember: false, objectStorage: false, rings: [],
    dataPaths: ACTIVITY,
    defaults: { replicas: 2, cpu: '200m', memory: '256Mi' },
  },
  {
    id: 'store-gateway', optionsKey: 'storeGateway', workload: 'StatefulSet', optional: false,
    gossipMember: true, objectStorage: true, rings: ['store-gateway.sharding-ring'],
    dataPaths: { ...ACTIVITY, 'blocks-storage.bucket-store.sync-dir': `${PATHS.dataDir}/tsdb-sync` },
    defaults: { replicas: 3, cpu: '500m', memory: '2Gi', storageSize: '10Gi' },
  },
  {
    id: 'compactor', optionsKey: 'compactor', workload: 'StatefulSet', optional: false,
    gossipMember: true, objectStorage: true, rings: [],
    dataPaths: { ...ACTIVITY, 'compactor.data-dir': `${PATHS.dataDir}/compactor` },
    defaults: { replicas: 1, cpu: '1', memory: '2Gi', storageSize: '50Gi' },
  },
  {
    id: 'ruler', optionsKey: 'ruler', workload: 'Deployment', optional: true,
    // The ruler writes recording-rule results through its embedded distributor (facts §9) and, with local
    // evaluation, queries like a querier: it reads both rings.
    gossipMember: true, objectStorage: true, rings: ['ingester.ring', 'store-gateway.sharding-ring'],
    dataPaths: { ...ACTIVITY, 'ruler.rule-path': `${PATHS.dataDir}/ruler` },
    defaults: { replicas: 2, cpu: '200m', memory: '512Mi' },
  },
  {
    id: 'alertmanager', optionsKey: 'alertmanager', workload: 'StatefulSet', optional: true,
    gossipMember: true, objectStorage: true, rings: ['alertmanager.sharding-ring'],
    dataPaths: { ...ACTIVITY, 'alertmanager.storage.path': `${PATHS.dataDir}/alertmanager` },
    defaults: { replicas: 3, cpu: '100m', memory: '256Mi', storageSize: '1Gi' },
  },
  {
    id: 'overrides-exporter', optionsKey: 'overridesExporter', workload: 'Deployment', optional: true,
    gossipMember: false, objectStorage: false, rings: [],
    dataPaths: ACTIVITY,
    defaults: { replicas: 1, cpu: '100m', memory: '128Mi' },
  },
];

export function componentSpec(id: ComponentId): ComponentSpec {
  const spec = COMPONENTS.find((c) => c.id === id);
  if (!spec) throw new Error(`internal: no catalog row for component ${id}`);
  return spec;
}
