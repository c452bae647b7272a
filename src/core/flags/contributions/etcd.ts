// Rings in etcd: every ring prefix of the version moves to etcd, with the same client TLS block per prefix.
import { EdgeTlsMode } from '../../definition';
import { PATHS, TLS_SECRET_KEYS } from '../../names';
import { Flag } from '../flag';
import { clientTlsFlags } from '../tls';
import { FlagContext } from './context';

export const ETCD_FILES = {
  certPath: `${PATHS.etcdDir}/${TLS_SECRET_KEYS.cert}`,
  keyPath: `${PATHS.etcdDir}/${TLS_SECRET_KEYS.key}`,
  caPath: `${PATHS.etcdDir}/${TLS_SECRET_KEYS.ca}`,
};

export function etcdFlags({ dialect, checked, topology, component }: FlagContext): Flag[] {
  const etcd = checked.etcd;
  if (!etcd || !component.spec.gossipMember) return [];
  const f = dialect.flags;
  const mode = etcd.secretName ? EdgeTlsMode.MUTUAL : EdgeTlsMode.DISABLED;
  return topology.etcdRings.flatMap((ring): Flag[] => [
    { name: f.ringStore(ring), value: 'etcd', role: 'ring' },
    { name: f.ringEtcdEndpoints(ring), value: etcd.endpoints.join(','), role: 'ring' },
    ...clientTlsFlags(f.ringEtcdClient(ring), ETCD_FILES, etcd.serverName, checked.tls.policy, mode, { policyFlags: dialect.clientTlsPolicyFlags, enabledFlag: true }),
  ]);
}
