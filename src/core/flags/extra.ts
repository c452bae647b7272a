// The last flag transform: a component's `extraFlags`.
import { Problems } from '../errors';
import { RefusedFlags, refusal } from '../startup/refused';
import { isPlainObject, show } from '../validate';
import { VersionInfo } from '../version';
import { Flag } from './flag';

/** Flags that turn the binary into a one-shot command (help, version, config dump). */
const COMMAND_FLAGS = new Set(['h', 'help', 'help-all', 'version', 'print.config']);

/**
 * `extraFlags` of one component: new flags are appended; a flag the library set as a tuning default is
 * overridden in place; every other library flag (TLS, addresses, paths, ports, storage, gossip) is refused.
 */
export function resolveExtraFlags(problems: Problems, field: string, extra: unknown, flags: readonly Flag[], version: VersionInfo | undefined, refused: readonly RefusedFlags[]): Flag[] {
  if (extra === undefined) return [...flags];
  if (!isPlainObject(extra)) {
    problems.add(`${field}.extraFlags`, 'is not an object', 'Pass { "flag.name": "value" }');
    return [...flags];
  }
  const out = [...flags];
  for (const [rawName, value] of Object.entries(extra as { [flag: string]: unknown })) {
    const name = rawName.replace(/^-+/, '');
    const path = `${field}.extraFlags.${rawName}`;
    if (typeof value !== 'string') { problems.add(path, `is ${show(value)}, not a string`, 'Give flag values as strings'); continue; }
    if (COMMAND_FLAGS.has(name)) {
      problems.add(path, 'makes Mimir print something and exit instead of running', 'Remove it');
      continue;
    }
    const existing = out.findIndex((f) => f.name === name);
    if (existing >= 0 && out[existing].role === 'tuning') {
      out[existing] = { name, value, role: 'extra' };
      continue;
    }
    const family = refusal(refused, name);
    if (family) {
      problems.add(path, family.rules.length ? `${family.problem} (startup rules ${family.rules.join(', ')})` : family.problem, family.fix);
      continue;
    }
    if (existing >= 0 || /(^|\.)tls-|insecure|^server\.(http|grpc)-tls|^memberlist\.|^target$|^config\./.test(name)) {
      problems.add(path, 'is set by the library (TLS, addresses, paths, ports, storage, gossip)', 'Use the typed option for it instead of extraFlags');
      continue;
    }
    if (version && !version.flags.has(name)) {
      problems.add(path, `is not a flag of Mimir ${version.version}`, `Check the name against \`mimir -help-all\` of ${version.version}`);
      continue;
    }
    out.push({ name, value, role: 'extra' });
  }
  return out;
}
