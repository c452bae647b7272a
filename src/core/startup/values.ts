// A component's effective configuration as Mimir sees it at start: the flags the library writes, and for every
// other flag the version's default from Mimir's config descriptor.
import { ComponentId } from '../catalog/components';
import { Flag } from '../flags/flag';
import { FieldEntry } from '../flags/fields.generated';
import { parseGoDuration } from '../validate';

const limitTypes = new WeakMap<object, Map<string, string>>();

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
    let map = limitTypes.get(this.fields);
    if (!map) {
      map = new Map(Object.values(this.fields).filter((e) => e[1].startsWith('limits.')).map((e) => [e[1].slice('limits.'.length), e[0]]));
      limitTypes.set(this.fields, map);
    }
    return map.get(key);
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
