// One row per client → server edge (facts §3). A row is present in a cluster when both ends are deployed
// and its condition holds; every client TLS flag, server name and address flag derives from these rows.
import { RuleEvaluation } from '../definition';
import { ComponentId } from '../catalog/components';

/** Which listener of the server the client reaches. */
export type EdgeProtocol = 'grpc' | 'http' | 'memberlist';

/**
 * How the client learns the server's address, which decides the name it must verify:
 * - `ring`: from a hash ring, as a pod IP → the name is given with `<prefix>.tls-server-name`;
 * - `advertised`: the server tells the client its pod IP → likewise;
 * - `dns`: from a DNS name in an address flag → the name is that DNS name;
 * - `gossip`: memberlist peers by IP → one name every member carries.
 */
export type Discovery = 'ring' | 'advertised' | 'dns' | 'gossip';

/** The set of gossip members, as an edge end. */
export const GOSSIP_MEMBERS = 'gossip-members';
export type EdgeEnd = ComponentId | typeof GOSSIP_MEMBERS;

export interface EdgeConditionContext {
  readonly ruleEvaluation: RuleEvaluation;
}

export interface AddressSpec {
  /** Flag (without dash) that carries the server address on the client. */
  readonly flag: string;
  /** Which DNS name of the server is dialled. */
  readonly via: 'service' | 'headless' | 'gossip';
  /** Renders the flag value from the dialled host and port, and whether the server serves TLS there. */
  readonly format: (host: string, port: number, tls: boolean) => string;
}

export interface EdgeRow {
  /** Client flag prefix, as `-help-all` prints it. */
  readonly prefix: string;
  readonly from: readonly EdgeEnd[];
  readonly to: EdgeEnd;
  readonly protocol: EdgeProtocol;
  readonly discovery: Discovery;
  readonly address?: AddressSpec;
  /** Extra condition for the edge to exist, beyond both ends being deployed. */
  readonly when?: (ctx: EdgeConditionContext) => boolean;
  /** Why the client dials the server. */
  readonly purpose: string;
  /** The client block has no `tls-enabled` flag: TLS follows the address's scheme. @default - it has one */
  readonly tlsEnabledFlag?: false;
  /**
   * The one name the prefix's `tls-server-name` verifies, when the same prefix also dials another server (a name
   * of that server, which this row's targets then carry as a SAN). @default - the name dialled
   */
  readonly serverName?: { readonly component: ComponentId; readonly via: 'headless' | 'service' };
}

const localEval = (ctx: EdgeConditionContext) => ctx.ruleEvaluation === RuleEvaluation.LOCAL;
const remoteEval = (ctx: EdgeConditionContext) => ctx.ruleEvaluation === RuleEvaluation.REMOTE;

export const EDGES: readonly EdgeRow[] = [
  {
    prefix: 'ingester.client', from: ['distributor', 'querier', 'ruler'], to: 'ingester',
    protocol: 'grpc', discovery: 'ring',
    purpose: 'push series (distributor, ruler recording rules) and query recent data (querier, ruler)',
  },
  {
    prefix: 'querier.store-gateway-client', from: ['querier'], to: 'store-gateway',
    protocol: 'grpc', discovery: 'ring', purpose: 'query blocks in object storage',
  },
  {
    prefix: 'querier.store-gateway-client', from: ['ruler'], to: 'store-gateway',
    protocol: 'grpc', discovery: 'ring', when: localEval, purpose: 'query blocks while evaluating rules locally',
  },
  {
    prefix: 'querier.scheduler-client', from: ['querier'], to: 'query-scheduler',
    protocol: 'grpc', discovery: 'dns',
    // Headless, so every querier connects to every scheduler instead of one VIP.
    address: { flag: 'querier.scheduler-address', via: 'headless', format: (h, p) => `${h}:${p}` },
    purpose: 'fetch queries to run',
  },
  {
    prefix: 'querier.frontend-client', from: ['querier'], to: 'query-frontend',
    protocol: 'grpc', discovery: 'advertised', purpose: 'return results to the frontend that enqueued the query',
  },
  {
    prefix: 'query-frontend.grpc-client-config', from: ['query-frontend'], to: 'query-scheduler',
    protocol: 'grpc', discovery: 'dns',
    address: { flag: 'query-frontend.scheduler-address', via: 'headless', format: (h, p) => `${h}:${p}` },
    purpose: 'enqueue queries',
  },
  {
    prefix: 'query-scheduler.grpc-client-config', from: ['query-scheduler'], to: 'query-frontend',
    protocol: 'grpc', discovery: 'advertised', purpose: 'report query status to the enqueuing frontend',
  },
  {
    prefix: 'ruler.client', from: ['ruler'], to: 'ruler',
    protocol: 'grpc', discovery: 'ring', purpose: 'list rule groups of the other rulers (API, sync)',
  },
  {
    prefix: 'ruler.query-frontend.grpc-client-config', from: ['ruler'], to: 'query-frontend',
    protocol: 'grpc', discovery: 'dns', when: remoteEval,
    address: { flag: 'ruler.query-frontend.address', via: 'service', format: (h, p) => `dns:///${h}:${p}` },
    purpose: 'evaluate rule queries remotely',
  },
  {
    prefix: 'alertmanager.alertmanager-client', from: ['alertmanager'], to: 'alertmanager',
    protocol: 'grpc', discovery: 'ring', purpose: 'replicate alert state and silences',
  },
  {
    prefix: 'ruler.alertmanager-client', from: ['ruler'], to: 'alertmanager',
    protocol: 'http', discovery: 'dns',
    address: { flag: 'ruler.alertmanager-url', via: 'service', format: (h, p, tls) => `${tls ? 'https' : 'http'}://${h}:${p}/alertmanager` },
    purpose: 'send alerts',
  },
  {
    prefix: 'memberlist', from: [GOSSIP_MEMBERS], to: GOSSIP_MEMBERS,
    protocol: 'memberlist', discovery: 'gossip',
    address: { flag: 'memberlist.join', via: 'gossip', format: (h, p) => `dns+${h}:${p}` },
    purpose: 'gossip the hash rings',
  },
];
