// -target, the listen ports and the paths the component writes (all in its data volume).
import { PORTS } from '../../names';
import { Flag } from '../flag';
import { FlagContext } from './context';

export function identityFlags({ dialect, component }: FlagContext): Flag[] {
  const f = dialect.flags;
  return [
    { name: f.target, value: component.spec.id, role: 'target' },
    { name: f.httpListenPort, value: String(PORTS.http.port), role: 'ports' },
    { name: f.grpcListenPort, value: String(PORTS.grpc.port), role: 'ports' },
    ...Object.entries(component.spec.dataPaths).map(([name, value]): Flag => ({ name, value, role: 'paths' })),
  ];
}
