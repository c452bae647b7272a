// Small checks every option section shares: unknown keys, booleans, required strings, Go durations.
import { Problems } from '../errors';
import { parseGoDuration, show, unknownKeys } from '../validate';

export function checkKeys(problems: Problems, field: string, obj: object, known: readonly string[]): void {
  for (const k of unknownKeys(obj, known)) {
    const path = field ? `${field}.${k}` : k;
    problems.add(path, 'is not an option the library knows', `Remove it or use one of ${known.join(', ')}`);
  }
}

/** An optional boolean option: undefined when absent, and when not a boolean (reported). */
export function optionalBoolean(problems: Problems, field: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    problems.add(field, `is ${show(value)}`, 'Use true or false');
    return undefined;
  }
  return value;
}

export function requireString(problems: Problems, field: string, value: unknown, fix: string): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(field, value === undefined ? 'is missing' : `is ${show(value)}`, fix);
    return undefined;
  }
  return value;
}

export function goDuration(problems: Problems, field: string, value: unknown, minMs: number, minText: string) {
  const ms = typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (ms === undefined) {
    problems.add(field, `is ${show(value)}, not a Go duration`, 'Write it like "2160h" or "1h30m" (units h, m, s)');
    return undefined;
  }
  if (ms < minMs) {
    problems.add(field, `is ${value}, below cert-manager's minimum of ${minText}`, `Use at least ${minText}`);
    return undefined;
  }
  return { ms, text: value as string };
}

