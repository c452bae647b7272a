// The component's own HTTP and gRPC servers.
import { Flag } from '../flag';
import { serverTlsFlags } from '../tls';
import { FlagContext } from './context';

export function serverTlsContribution({ topology, component }: FlagContext): Flag[] {
  return serverTlsFlags(topology.tlsFiles, component.serverTls);
}
