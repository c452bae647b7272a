// Object names must be valid Service names once the component and zone suffixes are added.
import { Problems } from '../errors';
import { ResolvedCache, ResolvedComponent } from '../model';
import { ClusterNames } from '../names';
import { isServiceName } from '../validate';

export function checkObjectNames(problems: Problems, names: ClusterNames, components: readonly ResolvedComponent[], caches: readonly ResolvedCache[]): void {
  const tooLong = [...components.flatMap((c) => [c.names.headless, c.names.tlsSecret, ...(c.zones ?? []).map((z) => z.workload)]),
    ...caches.map((c) => c.names.tlsSecret)].find((n) => !isServiceName(n));
  if (tooLong) {
    problems.add('name', `makes the object name "${tooLong}" (${tooLong.length} characters), longer than the 63 Kubernetes allows`, `Shorten name to at most ${63 - (tooLong.length - names.cluster.length)} characters`);
  }
}
