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
  /** The ring this component runs one StatefulSet per zone for, when the cluster is zone-aware. */
  readonly zoneAwareRing?: RingId;
}

// The activity tracker defaults to ./metrics-activity.log, which a read-only root filesystem refuses (facts §9).
const ACTIVITY = { 'activity-tracker.filepath': `${PATHS.dataDir}/metrics-activity.log` };

export const COMPONENTS: readonly ComponentSpec[] = [
  {
    id: 'distributor', optionsKey: 'distributor', workload: 'Deployment', optional: false,
    gossipMember: true, objectStorage: false, rings: ['ingester.ring'],
    dataPaths: ACTIVITY,
  },
  {
    id: 'ingester', optionsKey: 'ingester', workload: 'StatefulSet', optional: false,
    gossipMember: true, objectStorage: true, rings: ['ingester.ring'], zoneAwareRing: 'ingester.ring',
    dataPaths: { ...ACTIVITY, 'blocks-storage.tsdb.dir': `${PATHS.dataDir}/tsdb` },
  },
  {
    id: 'querier', optionsKey: 'querier', workload: 'Deployment', optional: false,
    gossipMember: true, objectStorage: true, rings: ['ingester.ring', 'store-gateway.sharding-ring'],
    dataPaths: ACTIVITY,
  },
  {
    id: 'query-frontend', optionsKey: 'queryFrontend', workload: 'Deployment', optional: false,
    gossipMember: false, objectStorage: false, rings: [],
    dataPaths: ACTIVITY,
  },
  {
    id: 'query-scheduler', optionsKey: 'queryScheduler', workload: 'Deployment', optional: false,
    gossipMember: false, objectStorage: false, rings: [],
    dataPaths: ACTIVITY,
  },
  {
    id: 'store-gateway', optionsKey: 'storeGateway', workload: 'StatefulSet', optional: false,
    gossipMember: true, objectStorage: true, rings: ['store-gateway.sharding-ring'], zoneAwareRing: 'store-gateway.sharding-ring',
    dataPaths: { ...ACTIVITY, 'blocks-storage.bucket-store.sync-dir': `${PATHS.dataDir}/tsdb-sync` },
  },
  {
    id: 'compactor', optionsKey: 'compactor', workload: 'StatefulSet', optional: false,
    gossipMember: true, objectStorage: true, rings: [],
    dataPaths: { ...ACTIVITY, 'compactor.data-dir': `${PATHS.dataDir}/compactor` },
  },
  {
    id: 'ruler', optionsKey: 'ruler', workload: 'Deployment', optional: true,
    // The ruler writes recording-rule results through its embedded distributor (facts §9) and, with local
    // evaluation, queries like a querier: it reads both rings.
    gossipMember: true, objectStorage: true, rings: ['ingester.ring', 'store-gateway.sharding-ring'],
    dataPaths: { ...ACTIVITY, 'ruler.rule-path': `${PATHS.dataDir}/ruler` },
  },
  {
    id: 'alertmanager', optionsKey: 'alertmanager', workload: 'StatefulSet', optional: true,
    gossipMember: true, objectStorage: true, rings: ['alertmanager.sharding-ring'], zoneAwareRing: 'alertmanager.sharding-ring',
    dataPaths: { ...ACTIVITY, 'alertmanager.storage.path': `${PATHS.dataDir}/alertmanager` },
  },
  {
    id: 'overrides-exporter', optionsKey: 'overridesExporter', workload: 'Deployment', optional: true,
    gossipMember: false, objectStorage: false, rings: [],
    dataPaths: ACTIVITY,
  },
];
