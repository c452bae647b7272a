// Fixes in the words of the file people edit: where a workload configures a flag's block in its YAML file (the
// Helm chart's and jsonnet's way), a fix naming `-<flag>` names the YAML key as well, and the file.
import { FLAG_FIELDS } from '../core/flags/fields.generated';
import { Finding } from './finding';
import { MimirWorkload } from './workloads';

/** The block of a flag: `ingester.client.tls-ca-path` → `ingester.client`. */
const blockOf = (flag: string) => flag.slice(0, flag.lastIndexOf('.'));

/** True when the workload's YAML file, not its arguments, sets some flag of the block. */
function blockInYaml(w: MimirWorkload, block: string): boolean {
  if (!w.config?.found) return false;
  for (const name of w.flags.keys()) if (blockOf(name) === block && !w.args.has(name)) return true;
  return false;
}

export function inYamlTerms(findings: readonly Finding[], workloads: readonly MimirWorkload[]): Finding[] {
  const byName = new Map(workloads.map((w) => [w.name, w]));
  return findings.map((f) => {
    const involved = f.components.map((c) => byName.get(c)).filter((w): w is MimirWorkload => w !== undefined);
    const files = new Set<string>();
    const fix = f.fix.replace(/(^|[\s(`])-([a-z][a-z0-9_.-]*[a-z0-9])(=[^\s,;)]+)?/g, (all, lead: string, flag: string, value?: string) => {
      const w = involved.find((x) => blockInYaml(x, blockOf(flag)));
      const yaml = w && FLAG_FIELDS[w.version.catalogKey]?.[flag]?.[1];
      if (!w || !yaml) return all;
      files.add(w.config!.path);
      return value ? `${lead}${yaml}: ${value.slice(1)} (-${flag}${value})` : `${lead}${yaml} (-${flag})`;
    });
    return files.size ? { ...f, fix: `${fix} — in ${[...files].join(', ')}` } : f;
  });
}
