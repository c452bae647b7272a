// §5 and §5a of the startup-constraints reference: replication factors, zone awareness, ingester tokens.
import { ComponentId } from '../../catalog/components';
import { invalid, oneOf, rule, StartupRule } from '../rule';

const TOKENS = 'ingester.ring.token-generation-strategy';
const SPREAD = 'spread-minimizing';
const spreadError = (e: string) => invalid('invalid ingester config', `"spread-minimizing" token generation strategy is misconfigured: ${e}`);

function replicationFactor(id: string, ring: string, targets: ComponentId[], error: string): StartupRule {
  const flag = `${ring}.replication-factor`;
  return rule({
    id, flags: [flag], targets,
    check: (v) => ((v.num(flag) ?? 1) <= 0 ? error.replace('<n>', v.str(flag)) : undefined),
    fix: 'Set replicationFactor to at least 1',
  });
}

/** A ring member that is zone-aware must say which zone it is in; readers need not. */
function memberZone(id: string, ring: string, target: ComponentId, error: string): StartupRule {
  return rule({
    id, flags: [`${ring}.zone-awareness-enabled`, `${ring}.instance-availability-zone`], targets: [target],
    check: (v) => (v.bool(`${ring}.zone-awareness-enabled`) && v.str(`${ring}.instance-availability-zone`) === '' ? error : undefined),
    fix: 'Turn zone-awareness on with zones (one StatefulSet per zone sets each instance\'s zone), not through extraFlags',
  });
}

export const RING_RULES: readonly StartupRule[] = [
  replicationFactor('RING-08', 'ingester.ring', ['distributor', 'ingester', 'querier', 'ruler', 'query-frontend'], 'ReplicationFactor must be greater than zero: <n>'),
  replicationFactor('RING-09', 'store-gateway.sharding-ring', ['querier', 'ruler', 'store-gateway'], 'failed to create store-gateway ring client: ReplicationFactor must be greater than zero: <n>'),
  replicationFactor('RING-10', 'alertmanager.sharding-ring', ['alertmanager'], 'failed to initialize Alertmanager\'s ring: ReplicationFactor must be greater than zero: <n>'),
  memberZone('ZONE-01', 'alertmanager.sharding-ring', 'alertmanager', invalid('invalid alertmanager config', 'the configured alertmanager has zone awareness enabled but zone is not set')),
  memberZone('ZONE-02', 'ingester.ring', 'ingester', 'zone awareness without an instance zone: at request time, at least N live replicas required across different availability zones'),
  memberZone('ZONE-02', 'store-gateway.sharding-ring', 'store-gateway', 'zone awareness without an instance zone: at request time, at least N live replicas required across different availability zones'),
  oneOf('TOK-01', TOKENS, ['random', SPREAD], (x) => invalid('invalid ingester config', `unsupported token generation strategy ("${x}") has been chosen for token-generation-strategy`)),
  rule({
    id: 'TOK-02', flags: ['ingester.ring.spread-minimizing-join-ring-in-order', TOKENS],
    check: (v) => (v.bool('ingester.ring.spread-minimizing-join-ring-in-order') && v.str(TOKENS) === 'random'
      ? invalid('invalid ingester config', '"spread-minimizing-join-ring-in-order" must be false when using "random" token generation strategy') : undefined),
    fix: 'Leave -ingester.ring.spread-minimizing-join-ring-in-order off with the random strategy',
  }),
  rule({
    id: 'TOK-03', flags: [TOKENS, 'ingester.ring.tokens-file-path'], targets: ['ingester'],
    check: (v) => (v.str(TOKENS) === SPREAD && v.str('ingester.ring.tokens-file-path') !== '' ? spreadError('strategy requires "tokens-file-path" to be empty') : undefined),
    fix: 'Also set -ingester.ring.tokens-file-path to "" (the library writes a tokens file for the random strategy)',
  }),
  rule({
    id: 'TOK-04', flags: [TOKENS, 'ingester.ring.spread-minimizing-zones'], targets: ['ingester'],
    check: (v) => {
      const n = v.list('ingester.ring.spread-minimizing-zones').length;
      return v.str(TOKENS) === SPREAD && (n === 0 || n > 8) ? spreadError(`number of zones ${n} is not correct: it must be greater than 0 and less or equal than 8`) : undefined;
    },
    fix: 'List the cluster\'s zones (1 to 8) in -ingester.ring.spread-minimizing-zones',
  }),
  rule({
    id: 'TOK-05', flags: [TOKENS, 'ingester.ring.spread-minimizing-zones', 'ingester.ring.instance-availability-zone'], targets: ['ingester'],
    check: (v) => {
      const zone = v.str('ingester.ring.instance-availability-zone');
      const zones = v.list('ingester.ring.spread-minimizing-zones');
      return v.str(TOKENS) === SPREAD && zones.length > 0 && !zones.includes(zone) ? spreadError(`zone ${zone} is not valid`) : undefined;
    },
    fix: 'List every zone of the cluster in -ingester.ring.spread-minimizing-zones',
  }),
  rule({
    id: 'TOK-06', flags: [TOKENS, 'ingester.ring.instance-id'], targets: ['ingester'],
    check: (v) => (v.str(TOKENS) === SPREAD && v.isSet('ingester.ring.instance-id') && !/^(.*-)(\d+)$/.test(v.str('ingester.ring.instance-id'))
      ? spreadError(`unable to extract instance id from "${v.str('ingester.ring.instance-id')}"`) : undefined),
    fix: 'Remove -ingester.ring.instance-id: the pod name (<statefulset>-<n>) is the default',
  }),
  rule({
    id: 'TOK-07', flags: ['ingester.error-sample-rate'],
    check: (v) => ((v.num('ingester.error-sample-rate') ?? 0) < 0 ? invalid('invalid ingester config', 'error sample rate cannot be a negative number') : undefined),
    fix: 'Use 0 or a positive -ingester.error-sample-rate',
  }),
];
