// The startup-rule check: every rule of the dialect over a component's flags (per zone, with the zone's own flags),
// with the version's defaults for every flag not written. A violation is reported on the extraFlags entry at fault,
// or on the component when the library's own flags break it, with the rule's id, Mimir's error and the fix.
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { ResolvedComponent } from '../model';
import { VersionInfo } from '../version';
import { StartupRule } from './rule';
import { FlagValues } from './values';

/**
 * Stage 5a: the startup rules over every component. It runs only on a definition without other problems: a field
 * already reported (a replication factor of 0, say) would otherwise be reported again as the rules it breaks.
 */
export function checkStartupRules(problems: Problems, dialect: Dialect, version: VersionInfo | undefined, components: readonly ResolvedComponent[]): void {
  if (!version || problems.count > 0) return;
  for (const c of components) checkComponent(problems, dialect, version, c);
}

function checkComponent(problems: Problems, dialect: Dialect, version: VersionInfo, c: ResolvedComponent): void {
  const flags = c.flags;
  const zones = c.zones;
  const variants = zones?.length ? zones.map((z) => [...flags, ...z.flags]) : [flags];
  const reported = new Set<string>();
  for (const variant of variants) {
    const values = new FlagValues(c.id, variant, version.fields, version.version);
    for (const rule of dialect.startupRules) {
      if (rule.targets && !rule.targets.includes(c.id)) continue;
      const found = rule.check(values);
      if (found === undefined) continue;
      const { field, problem } = describe(dialect, version, c, rule, values, found);
      if (reported.has(field + problem)) continue;
      reported.add(field + problem);
      problems.add(field, problem, rule.fix);
    }
  }
}

function describe(dialect: Dialect, version: VersionInfo, c: ResolvedComponent, rule: StartupRule, values: FlagValues, found: NonNullable<ReturnType<StartupRule['check']>>) {
  const error = typeof found === 'string' ? found : found.error;
  const suspects = typeof found === 'string' ? rule.flags : [found.flag];
  const extra = suspects.find((f) => values.isExtra(f));
  const rest = suspects.filter((f) => values.isSet(f) && f !== extra).map((f) => `-${f}=${values.str(f)}`);
  const context = rest.length ? ` with ${rest.join(', ')}` : '';
  const field = `components.${c.spec.optionsKey}`;
  if (extra) {
    return { field: `${field}.extraFlags.${extra}`, problem: `breaks ${dialect.product} ${version.version}'s startup rule ${rule.id}${context} on ${c.spec.id}: ${error}` };
  }
  return { field, problem: `has flags that break ${dialect.product} ${version.version}'s startup rule ${rule.id}${context}: ${error}` };
}
