/** Why the library sets a flag; constructs and tests can tell the TLS wiring from the rest. */
export type FlagRole =
  | 'target' | 'ports' | 'paths' | 'storage' | 'ring' | 'memberlist' | 'address'
  | 'server-tls' | 'client-tls' | 'cache' | 'zone' | 'tenancy' | 'validation' | 'tuning' | 'extra';

/** One Mimir command-line flag, name without the leading dash. */
export interface Flag {
  readonly name: string;
  readonly value: string;
  readonly role: FlagRole;
}

/** Renders flags as container args (`-name=value`), in the order given. */
export function toArgs(flags: readonly Flag[]): string[] {
  return flags.map((f) => `-${f.name}=${f.value}`);
}
