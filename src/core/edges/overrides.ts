// Every `tls.edges` entry must name an edge of this cluster.
import { ResolvedEdge } from '../model';
import { Problems } from '../errors';
import { EdgeOverride } from '../tls/policy';

export function checkUnusedOverrides(problems: Problems, overrides: ReadonlyMap<string, EdgeOverride>, used: ReadonlySet<string>, edges: readonly ResolvedEdge[]): void {
  for (const [key, ov] of overrides) {
    if (used.has(key)) continue;
    if (key.split('|')[0].endsWith('.memcached')) {
      problems.add(ov.field, `names a cache client (${key.replace('|', ' from ')}), whose TLS follows the cache`, 'Use caches.<cache>.tls, or caches.<cache>.external for a cache with its own CA');
    } else {
      const valid = [...new Set(edges.filter((e) => e.protocol !== 'memberlist' && e.protocol !== 'memcached' && e.protocol !== 'redis').map((e) => `${e.prefix} from ${e.from}`))].join('; ');
      problems.add(ov.field, `names ${key.replace('|', ' from ')}, which is no edge of this cluster`, `Use one of: ${valid}`);
    }
  }
}
