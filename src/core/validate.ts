// Small, pure checks used by resolution. Each returns a boolean or a parsed value; resolve.ts words the error.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const GO_DURATION_PART = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/y;
const UNIT_MS: { [unit: string]: number } = { 'ns': 1e-6, 'us': 1e-3, 'µs': 1e-3, 'ms': 1, 's': 1e3, 'm': 60e3, 'h': 3600e3 };

export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** Service names must also start with a letter (DNS-1035). */
export function isServiceName(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

export function isQuantity(s: string): boolean {
  return QUANTITY.test(s);
}

/** CPU quantity (`'500m'`, `'2'`, `'1.5'`) in millicores; undefined if not one. */
export function cpuMillis(s: unknown): number | undefined {
  const m = typeof s === 'string' ? /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(s) : null;
  if (!m) return undefined;
  const millis = m[2] ? Number(m[1]) : Number(m[1]) * 1000;
  return Number.isInteger(millis) && millis > 0 ? millis : undefined;
}

const MEBI: { [unit: string]: number } = { Mi: 1, Gi: 1024, Ti: 1024 * 1024 };

/** Memory quantity with a binary unit (`'512Mi'`, `'4Gi'`) in whole mebibytes; undefined if not one. */
export function memoryMebibytes(s: unknown): number | undefined {
  const m = typeof s === 'string' ? /^([0-9]+(?:\.[0-9]+)?)(Mi|Gi|Ti)$/.exec(s) : null;
  if (!m) return undefined;
  const mi = Number(m[1]) * MEBI[m[2]];
  return Number.isInteger(mi) && mi > 0 ? mi : undefined;
}

/** Parses Go's time.ParseDuration syntax (`2160h`, `1h30m`) to milliseconds; undefined if not valid. */
export function parseGoDuration(s: string): number | undefined {
  if (s.length === 0) return undefined;
  GO_DURATION_PART.lastIndex = 0;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    GO_DURATION_PART.lastIndex = pos;
    const m = GO_DURATION_PART.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = GO_DURATION_PART.lastIndex;
  }
  return total;
}

export function isPlainObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Keys of `obj` that are not in `known` (definitions from JavaScript or JSON can carry typos). */
export function unknownKeys(obj: object, known: readonly string[]): string[] {
  return Object.keys(obj).filter((k) => !known.includes(k) && (obj as any)[k] !== undefined);
}

export function isPositiveInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1;
}

/** A value as an error message shows it; never throws (BigInt, cycles, hostile toString/toJSON). */
export function show(x: unknown): string {
  try {
    const text = JSON.stringify(x);
    return text === undefined ? String(typeof x) : text;
  } catch {
    return `a ${typeof x}`;
  }
}

/** A duration as Go's time.Duration.String() prints it (`2m0s`, `1h0m0s`, `500ms`), as Mimir's errors show it. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${trimZeros(rest)}ms`;
  const h = Math.floor(rest / 3600e3);
  rest -= h * 3600e3;
  const m = Math.floor(rest / 60e3);
  rest -= m * 60e3;
  const s = `${trimZeros(rest / 1000)}s`;
  if (h > 0) return `${sign}${h}h${m}m${s}`;
  if (m > 0) return `${sign}${m}m${s}`;
  return `${sign}${s}`;
}

function trimZeros(x: number): string {
  return String(Number(x.toFixed(9)));
}

/** Escapes every character a PCRE or JavaScript regular expression treats specially (and `/`, `@`, `-`). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/@-]/g, '\\$&');
}

const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

/** An IPv4 or IPv6 network written as address/prefix. */
export function isCidr(s: string): boolean {
  if (IPV4_CIDR.test(s)) return true;
  if (!IPV6_CIDR.test(s)) return false;
  const address = s.split('/')[0];
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) && (halves.length === 2 ? groups.length < 8 : groups.length === 8);
}
