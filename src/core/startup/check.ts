// The startup-rule check: every rule of the dialect over a component's flags (per zone, with the zone's own flags),
// with the version's defaults for every flag not written. A violation is reported on the extraFlags entry at fault,
// or on the component when the library's own flags break it, with the rule's id, Mimir's error and the fix.
import { Dialect } from '../dialect/dialect';
import { Problems } from '../errors';
import { ComponentId } from '../catalog/components';
import { Flag } from '../flags/flag';
import { ResolvedComponent } from '../model';
import { VersionInfo } from '../version';
import { CheckedTenantOverrides } from '../check/tenancy';
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

const indexes = new WeakMap<readonly StartupRule[], Map<string, number[]>>();

/** The rules that read each flag, by position in the table. */
function ruleIndex(rules: readonly StartupRule[]): Map<string, number[]> {
  let index = indexes.get(rules);
  if (!index) {
    index = new Map();
    rules.forEach((r, i) => { for (const f of r.flags) index!.set(f, [...(index!.get(f) ?? []), i]); });
    indexes.set(rules, index);
  }
  return index;
}

/**
 * The rules to evaluate for some written flags, in table order: those over every flag, and those reading one of
 * the written flags. A rule none of whose flags is written holds: Mimir starts with its defaults.
 */
export function candidates(rules: readonly StartupRule[], written: readonly Flag[], target: ComponentId): StartupRule[] {
  const index = ruleIndex(rules);
  const picked = new Set<number>();
  rules.forEach((r, i) => { if (r.flags.length === 0) picked.add(i); });
  for (const f of written) for (const i of index.get(f.name) ?? []) picked.add(i);
  return [...picked].sort((a, b) => a - b).map((i) => rules[i]).filter((r) => !r.targets || r.targets.includes(target));
}

function checkComponent(problems: Problems, dialect: Dialect, version: VersionInfo, c: ResolvedComponent): void {
  const reported = new Set<string>();
  const zones = c.zones?.length ? c.zones : [{ flags: [] }];
  zones.forEach((zone, i) => {
    const values = new FlagValues(c.id, [...c.flags, ...zone.flags], version.fields, version.version);
    // Zones differ only in their own flags: after the first, only the rules that read one of them.
    for (const rule of candidates(dialect.startupRules, i === 0 ? [...c.flags, ...zone.flags] : zone.flags, c.id)) {
      if (i > 0 && rule.flags.length === 0) continue;
      const found = rule.check(values);
      if (found === undefined) continue;
      const { field, problem } = describe(dialect, version, c, rule, values, found);
      if (reported.has(field + problem)) continue;
      reported.add(field + problem);
      problems.add(field, problem, rule.fix);
    }
  });
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

/**
 * Mimir checks every tenant's overrides in the runtime configuration with the same rules as the flags they shadow
 * (RT-03), and stops at start when one fails. Each tenant's values are laid over each component's flags.
 */
export function checkTenantOverrides(problems: Problems, dialect: Dialect, version: VersionInfo | undefined, components: readonly ResolvedComponent[], tenants: readonly CheckedTenantOverrides[]): void {
  if (!version || problems.count > 0) return;
  for (const t of tenants) {
    const written: Flag[] = t.overrides.filter((o) => o.flag).map((o) => ({ name: o.flag!, value: String(o.value), role: 'extra' }));
    if (written.length === 0) continue;
    const reported = new Set<string>();
    const report = (rule: StartupRule, found: NonNullable<ReturnType<StartupRule['check']>>) => {
      const error = typeof found === 'string' ? found : found.error;
      const flag = typeof found === 'string' ? rule.flags.find((f) => written.some((w) => w.name === f)) : found.flag;
      const option = t.overrides.find((o) => o.flag === flag)?.option ?? t.overrides.find((o) => o.flag)!.option;
      const field = `runtimeConfig.overrides.${t.tenant}.${option}`;
      if (reported.has(field + rule.id)) return;
      reported.add(field + rule.id);
      problems.add(field, `breaks ${dialect.product} ${version.version}'s startup rule ${rule.id} for tenant ${t.tenant} (Mimir checks the runtime configuration's overrides at start and on reload): ${error}`, rule.fix);
    };
    // Rules over every written flag (value parsing) look at the tenant's values only, once.
    const own = new FlagValues(components[0].id, written, version.fields, version.version);
    for (const rule of dialect.startupRules.filter((r) => r.flags.length === 0)) {
      const found = rule.check(own);
      if (found !== undefined) report(rule, found);
    }
    // The others over each component's flags with the tenant's values laid over them.
    for (const c of components) {
      const rules = candidates(dialect.startupRules, written, c.id).filter((r) => r.flags.length > 0);
      if (rules.length === 0) continue;
      const values = new FlagValues(c.id, [...c.flags, ...written], version.fields, version.version);
      for (const rule of rules) {
        const found = rule.check(values);
        if (found !== undefined) report(rule, found);
      }
    }
  }
}
