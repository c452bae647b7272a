// What the product needs written to run the architecture the library deploys (Cortex: ring stores and sharding,
// which default to Consul and off); nothing for Mimir, whose defaults already are.
import { PORTS } from '../../names';
import { Flag } from '../flag';
import { FlagContext } from './context';

export function wiringFlags({ dialect, checked, topology, component }: FlagContext): Flag[] {
  const names = checked.names;
  const values = dialect.wiring(component.spec.id, { service: (id) => names.fqdn(names.component(id)), deployed: topology.has, httpsPort: PORTS.http.port });
  return Object.entries(values).map(([name, value]) => ({ name, value, role: 'ring' }));
}
