import { FLAG_CATALOGS } from './flags/catalog.generated';
import { FieldEntry, FLAG_FIELDS } from './flags/fields.generated';

/**
 * A Grafana Mimir release the library can configure.
 *
 * Every release has a flag catalog generated from its own `-help-all` text; flags are checked against it.
 */
export class MimirVersion {
  /** Mimir 3.0.7, the default target: the newest 3.0 patch release (ruler path-traversal checks since 3.0.3, CVE fixes). */
  public static readonly V3_0_7 = new MimirVersion('3.0.7');
  /** Mimir 3.0.2, which lacks 3.0.3's ruler path-traversal checks; prefer V3_0_7. */
  public static readonly V3_0_2 = new MimirVersion('3.0.2');
  /** Mimir 2.11.0, the previous major's last dialect. */
  public static readonly V2_11_0 = new MimirVersion('2.11.0');

  /**
   * Any release by its number, e.g. `'3.0.1'`. Resolution fails with a clear error when no flag catalog
   * covers that release (patch releases share the catalog of their minor).
   */
  public static of(version: string): MimirVersion {
    return new MimirVersion(version);
  }

  private constructor(public readonly version: string) {}
}

/**
 * A Cortex release the library can configure (`CortexCluster`).
 *
 * Every release has a flag catalog generated from its own `-help` text; flags are checked against it.
 */
export class CortexVersion {
  /** Cortex 1.21.1, the default target. */
  public static readonly V1_21_1 = new CortexVersion('1.21.1');
  /** Cortex 1.19.0. */
  public static readonly V1_19_0 = new CortexVersion('1.19.0');

  /** Any release by its number, e.g. `'1.21.0'` (patch releases share the catalog of their minor). */
  public static of(version: string): CortexVersion {
    return new CortexVersion(version);
  }

  private constructor(public readonly version: string) {}
}

/** What the library knows about a release: its catalog and the features that differ between dialects. @internal */
export interface VersionInfo {
  readonly version: string;
  /** Key into FLAG_CATALOGS. */
  readonly catalogKey: string;
  readonly flags: ReadonlySet<string>;
  /** Type, YAML path and default of each flag, from the version's config descriptor (empty where none is known). */
  readonly fields: { readonly [flag: string]: FieldEntry };
  readonly major: number;
  readonly minor: number;
}

type Catalogs = { readonly [key: string]: readonly string[] };
type Fields = { readonly [key: string]: { readonly [flag: string]: FieldEntry } };

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;
const flagSets = new WeakMap<Catalogs, Map<string, ReadonlySet<string>>>();

/** Released help texts, by minor; development snapshots (main-*) are for forward checks only. @internal */
export function supportedVersions(catalogs: Catalogs = FLAG_CATALOGS): string[] {
  return Object.keys(catalogs).filter((k) => SEMVER.test(k));
}

/** Finds the catalog for a release, or undefined when none covers it. @internal */
export function versionInfo(version: string, catalogs: Catalogs = FLAG_CATALOGS, fields: Fields = FLAG_FIELDS): VersionInfo | undefined {
  const m = SEMVER.exec(version);
  if (!m) return undefined;
  const released = supportedVersions(catalogs);
  const key = released.find((k) => k === version)
    ?? released.find((k) => k.split('.').slice(0, 2).join('.') === `${m[1]}.${m[2]}`);
  if (!key) return undefined;
  return { version, catalogKey: key, flags: catalogFlags(key, catalogs), fields: fields[key] ?? {}, major: Number(m[1]), minor: Number(m[2]) };
}

/** The flag set of one catalog key (memoised: the catalogs are static data). @internal */
export function catalogFlags(key: string, catalogs: Catalogs = FLAG_CATALOGS): ReadonlySet<string> {
  let sets = flagSets.get(catalogs);
  if (!sets) {
    sets = new Map();
    flagSets.set(catalogs, sets);
  }
  let set = sets.get(key);
  if (!set) {
    set = new Set(catalogs[key]);
    sets.set(key, set);
  }
  return set;
}

/** The catalog keys whose version has the flag. @internal */
export function versionsWithFlag(flag: string, catalogs: Catalogs = FLAG_CATALOGS): string[] {
  return Object.keys(catalogs).filter((v) => catalogFlags(v, catalogs).has(flag));
}
