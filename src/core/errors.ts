const BRAND = Symbol.for('cdk8s-mimir.MimirConfigError');

/** One problem with the cluster definition: the field as the user wrote it, what is wrong, what to do. */
export interface ConfigProblem {
  /** The field, as a path into the definition (e.g. `gateway.authentication.jwt.issuer`). */
  readonly field: string;
  /** What is wrong with it. */
  readonly problem: string;
  /** What to do. */
  readonly fix: string;
}

/** @internal */
export type Problem = ConfigProblem;

function render(p: Problem): string {
  return `${p.field}: ${p.problem}. ${p.fix}.`;
}

/**
 * The only error the library throws for a bad definition. It lists every problem found, so one run shows
 * all mistakes. Kept internal because jsii cannot export Error subclasses: recognise it with
 * `MimirErrors.isMimirConfigError(x)` and read its problems with `MimirErrors.problemsOf(x)`.
 *
 * @internal
 */
export class MimirConfigError extends Error {
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.length === 1
      ? render(problems[0])
      : `${problems.length} problems in the Mimir cluster definition:\n${problems.map((p) => `  - ${render(p)}`).join('\n')}`);
    this.name = 'MimirConfigError';
    this.problems = problems;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Collects problems during resolution and throws them together. @internal */
export class Problems {
  private readonly list: Problem[] = [];

  public add(field: string, problem: string, fix: string): void {
    this.list.push({ field, problem, fix });
  }

  public get count(): number {
    return this.list.length;
  }

  public throwIfAny(): void {
    if (this.list.length > 0) throw new MimirConfigError(this.list);
  }
}

/** Helpers to recognise the library's own configuration errors from any caller. */
export class MimirErrors {
  /** True when `x` is a configuration error thrown by this library (works across package copies). */
  public static isMimirConfigError(x: any): boolean {
    return x !== null && typeof x === 'object' && (x as any)[BRAND] === true;
  }

  /** The problems of a configuration error thrown by this library, in the order found; empty for anything else. */
  public static problemsOf(x: any): ConfigProblem[] {
    return MimirErrors.isMimirConfigError(x) ? (x as MimirConfigError).problems.map((p) => ({ field: p.field, problem: p.problem, fix: p.fix })) : [];
  }

  private constructor() {}
}
