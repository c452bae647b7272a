// A component's effective configuration as Mimir sees it at start: the flags the library writes, and for every
// other flag the version's default from Mimir's config descriptor.
import { ComponentId } from '../catalog/components';
import { Flag } from '../flags/flag';
import { FieldEntry } from '../flags/fields.generated';
import { parseGoDuration } from '../validate';

const limitIndexes = new WeakMap<object, Map<string, readonly [flag: string, type: string]>>();

/** YAML key of each per-tenant limit (`limits.<key>` in the descriptor) → its flag and type, built once per descriptor. */
export function limitIndex(fields: { readonly [flag: string]: FieldEntry }): ReadonlyMap<string, readonly [flag: string, type: string]> {
  let map = limitIndexes.get(fields);
  if (!map) {
    map = new Map();
    for (const [flag, [type, path]] of Object.entries(fields)) if (path.startsWith('limits.')) map.set(path.slice('limits.'.length), [flag, type]);
    limitIndexes.set(fields, map);
  }
  return map;
}

const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const GO_BOOL = [...GO_TRUE, '0', 'f', 'F', 'FALSE', 'false', 'False'];

export class FlagValues {
  private readonly explicit: ReadonlyMap<string, Flag>;

  constructor(
    public readonly target: ComponentId,
    flags: readonly Flag[],
    private readonly fields: { readonly [flag: string]: FieldEntry },
    public readonly version: string,
  ) {
    this.explicit = new Map(flags.map((f) => [f.name, f]));
  }

  /** The flag is written in the component's args. */
  public isSet(flag: string): boolean {
    return this.explicit.has(flag);
  }

  /** The flag was written through `extraFlags`. */
  public isExtra(flag: string): boolean {
    return this.explicit.get(flag)?.role === 'extra';
  }

  /** The written value, or the version's default; undefined when neither is known. */
  public raw(flag: string): string | undefined {
    return this.explicit.get(flag)?.value ?? this.fields[flag]?.[2];
  }

  public str(flag: string): string {
    return this.raw(flag) ?? '';
  }

  public num(flag: string): number | undefined {
    const v = this.raw(flag);
    return v === undefined || v.trim() === '' || Number.isNaN(Number(v)) ? undefined : Number(v);
  }

  /** Milliseconds; undefined when unknown or not a Go duration. */
  public ms(flag: string): number | undefined {
    return this.msOf(this.raw(flag));
  }

  /** A Go duration string in milliseconds; undefined when not one. */
  public msOf(v: string | undefined): number | undefined {
    if (v === undefined) return undefined;
    const negative = v.startsWith('-');
    const abs = negative ? v.slice(1) : v;
    const ms = abs === '0' ? 0 : parseGoDuration(abs);
    return ms === undefined ? undefined : negative ? -ms : ms;
  }

  public bool(flag: string): boolean {
    return GO_TRUE.includes(this.raw(flag) ?? '');
  }

  /** The descriptor's type of the flag (`duration`, `int`, `boolean`…), undefined for flags it does not list. */
  public typeOf(flag: string): string | undefined {
    return this.fields[flag]?.[0];
  }

  /** The flag's YAML path in the config descriptor. */
  public pathOf(flag: string): string | undefined {
    return this.fields[flag]?.[1];
  }

  /** The type of a per-tenant limit by its YAML key (`max_global_series_per_user`), from the descriptor's `limits.*`. */
  public limitType(key: string): string | undefined {
    return limitIndex(this.fields).get(key)?.[1];
  }

  public list(flag: string): string[] {
    const v = this.str(flag);
    return v === '' ? [] : v.split(',');
  }

  /** Written flags, for rules over flag families (`*.grpc-compression`). */
  public written(): readonly Flag[] {
    return [...this.explicit.values()];
  }

  public static isGoBool(value: string): boolean {
    return GO_BOOL.includes(value);
  }
}
