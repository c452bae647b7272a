// One rule Mimir applies to its configuration when it starts, as data: the reference's id, the flags involved, the
// targets it stops, the check (returning Mimir's own error text), and what to do instead.
import { ComponentId } from '../catalog/components';
import { FlagValues } from './values';

/** A violation of a rule over a family of flags: the error and the flag it is about. */
export interface Violation {
  readonly error: string;
  readonly flag: string;
}

export interface StartupRule {
  /** Id in the startup-constraints reference, e.g. `QF-01`. */
  readonly id: string;
  /**
   * Every flag the check reads (empty for rules over all written flags). A violation is blamed on the ones written
   * through `extraFlags`; a rule none of whose flags is written holds, since Mimir starts with its defaults.
   */
  readonly flags: readonly string[];
  /** Targets the rule stops; absent: every target (the rule sits in Mimir's Config.Validate or flag parsing). */
  readonly targets?: readonly ComponentId[];
  /** Mimir's error text for a violation (with the flag at fault when the rule covers a family), or undefined. */
  readonly check: (v: FlagValues) => string | Violation | undefined;
  readonly fix: string;
}

/** A flag that must take one of a set of values. */
export function oneOf(id: string, flag: string, values: readonly string[], error: (value: string) => string, targets?: ComponentId[]): StartupRule {
  return {
    id, flags: [flag], targets,
    check: (v) => (v.isSet(flag) && !values.includes(v.str(flag)) ? error(v.str(flag)) : undefined),
    fix: `Set -${flag} to one of ${values.map((x) => (x === '' ? '""' : x)).join(', ')}`,
  };
}

/** A number (or, with `duration`, a duration in ms) that must not fall below a bound. */
export function atLeast(id: string, flag: string, min: number, error: string, opts: { duration?: boolean; targets?: ComponentId[]; when?: (v: FlagValues) => boolean } = {}): StartupRule {
  return {
    id, flags: [flag], targets: opts.targets,
    check: (v) => {
      if (opts.when && !opts.when(v)) return undefined;
      const n = opts.duration ? v.ms(flag) : v.num(flag);
      return n !== undefined && n < min ? error : undefined;
    },
    fix: `Set -${flag} to at least ${min}${opts.duration ? ' ms' : ''}`,
  };
}

export function rule(r: StartupRule): StartupRule {
  return r;
}

/** `error validating config: ` plus a context, as Config.Validate prints it. */
export const invalid = (context: string, error: string) => `error validating config: ${context}: ${error}`;
