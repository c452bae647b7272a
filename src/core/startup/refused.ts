// Flag families `extraFlags` may not set: the library owns them, or they switch on a part of Mimir the library does
// not deploy, so the startup rules that concern them cannot be met through extraFlags.
export interface RefusedFlags {
  /** Matches the flag name (without the dash). */
  readonly pattern: RegExp;
  /** The startup rules this keeps from being broken (ids of the reference). */
  readonly rules: readonly string[];
  readonly problem: string;
  readonly fix: string;
}

export function refusal(families: readonly RefusedFlags[], flag: string): RefusedFlags | undefined {
  return families.find((f) => f.pattern.test(flag));
}
