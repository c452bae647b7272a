// A Mimir YAML configuration file mapped onto flags, through the config descriptor's YAML paths.
import { parse } from 'yaml';
import { FieldEntry } from '../core/flags/fields.generated';
import { isHiddenYaml } from './hidden';

export interface ConfigFlags {
  readonly flags: ReadonlyMap<string, string>;
  /** YAML keys Mimir does not know: it decodes strictly and refuses to start on them. */
  readonly unknownKeys: readonly string[];
  readonly parseError?: string;
}

const pathIndexes = new WeakMap<object, Map<string, [flag: string, type: string]>>();

function pathIndex(fields: { readonly [flag: string]: FieldEntry }): Map<string, [string, string]> {
  let index = pathIndexes.get(fields);
  if (!index) {
    index = new Map(Object.entries(fields).map(([flag, e]) => [e[1], [flag, e[0]]]));
    pathIndexes.set(fields, index);
  }
  return index;
}

const sections = new WeakMap<object, Set<string>>();

/** Every YAML path that is a section (has fields below it). */
function sectionPaths(index: Map<string, [string, string]>, yamlOnly: { readonly [path: string]: string }): Set<string> {
  let set = sections.get(index);
  if (!set) {
    set = new Set();
    for (const path of [...index.keys(), ...Object.keys(yamlOnly)]) {
      const parts = path.split('.');
      for (let i = 1; i < parts.length; i++) set.add(parts.slice(0, i).join('.'));
    }
    sections.set(index, set);
  }
  return set;
}

/** A YAML value in the syntax its flag takes. */
function flagValue(value: unknown, type: string): string {
  if (Array.isArray(value)) return value.map((v) => String(v)).join(',');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  if (type === 'duration' && typeof value === 'number') return `${value}ns`;
  return String(value);
}

const parsed = new WeakMap<object, Map<string, ConfigFlags>>();

/** The file's flags; one file shared by many workloads (a Helm ConfigMap) is read once per version. */
export function configFlags(text: string, fields: { readonly [flag: string]: FieldEntry }, yamlOnly: { readonly [path: string]: string }): ConfigFlags {
  let byText = parsed.get(fields);
  if (!byText) parsed.set(fields, (byText = new Map()));
  let result = byText.get(text);
  if (!result) byText.set(text, (result = readConfig(text, fields, yamlOnly)));
  return result;
}

function readConfig(text: string, fields: { readonly [flag: string]: FieldEntry }, yamlOnly: { readonly [path: string]: string }): ConfigFlags {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { flags: new Map(), unknownKeys: [], parseError: (e as Error).message.split('\n')[0] };
  }
  const index = pathIndex(fields);
  const known = (path: string) => index.has(path) || path in yamlOnly;
  const prefixes = sectionPaths(index, yamlOnly);
  const flags = new Map<string, string>();
  const unknownKeys: string[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node as object)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const field = index.get(path);
      if (field) {
        if (value !== null && value !== undefined) flags.set(field[0], flagValue(value, field[1]));
      } else if (known(path)) {
        continue;
      } else if (prefixes.has(path) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        walk(value, path);
      } else if (!prefixes.has(path) && !isHiddenYaml(path)) {
        unknownKeys.push(path);
      }
    }
  };
  walk(doc, '');
  return { flags, unknownKeys };
}

/** `${VAR}` and `$VAR` replaced by the container's literal env values (`-config.expand-env`); others are kept. */
export function expandEnv(text: string, env: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, braced, _d, fallback, bare) => {
    const name = braced ?? bare;
    return env.get(name) ?? fallback ?? all;
  });
}
