// Every flag the library writes must exist in the chosen version; a missing one names the versions that have it.
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { VersionInfo, versionsWithFlag } from '../version';
import { Flag } from './flag';

export function checkFlagsInVersion(problems: Problems, dialect: Dialect, version: VersionInfo | undefined, component: string, flags: readonly Flag[]): void {
  if (!version) return;
  for (const f of flags) {
    if (f.role === 'target' || f.role === 'extra' || version.flags.has(f.name)) continue;
    const having = versionsWithFlag(f.name, dialect.flagCatalogs);
    problems.add('version', `${dialect.product} ${version.version} has no flag -${f.name}, which ${component} needs`,
      having.length ? `Use ${dialect.product} ${having.join(' or ')}, which has it, or turn off the feature that needs it` : 'Turn off the feature that needs it');
  }
}
