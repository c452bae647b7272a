// Flags: every argument is a flag of the image's version, the combination passes Mimir's startup rules (the same
// tables the library checks its own output with), and nothing switches verification off.
import { MIMIR } from '../../core/dialect/mimir';
import { candidates } from '../../core/startup/check';
import { versionsWithFlag } from '../../core/version';
import { valuesOf } from '../graph';
import { isHiddenFlag } from '../hidden';
import { Finding } from '../finding';
import { MimirWorkload } from '../workloads';
import { Check, workloadFinding } from './context';

const at = workloadFinding;

function catalog(w: MimirWorkload): Finding[] {
  const out: Finding[] = [];
  if (!w.versionFromImage) out.push(at(w, 'info', 'version.assumed', `the image names no Mimir version: flags were checked against Mimir ${w.version.version}`, 'Pin the image to a release (grafana/mimir:<version>) or pass --mimir-version'));
  else if (w.imageVersion && w.version.catalogKey.split('.').slice(0, 2).join('.') !== w.imageVersion.split('.').slice(0, 2).join('.')) {
    out.push(at(w, 'warning', 'version.nearest', `the doctor has no flag catalog for Mimir ${w.imageVersion}: judged as Mimir ${w.version.version}, the nearest older release it knows`, 'Expect findings about flags that release added or removed; check them against `mimir -help-all` of the image'));
  }
  for (const flag of w.args.keys()) {
    if (w.version.flags.has(flag) || isHiddenFlag(flag)) continue;
    const having = versionsWithFlag(flag, MIMIR.flagCatalogs).filter((v) => /^\d/.test(v));
    out.push(at(w, 'error', 'version.unknown-flag', `Mimir ${w.version.version} has no flag -${flag}: "flag provided but not defined: -${flag}", exit code 2`,
      having.length ? `Remove it, or use Mimir ${having.join(' or ')}, which has it` : 'Remove it; check the name against `mimir -help-all`'));
  }
  return out;
}

function startup(w: MimirWorkload): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const target of w.targets) {
    const values = valuesOf(w, target);
    for (const rule of candidates(MIMIR.startupRules, values.written(), target)) {
      const found = rule.check(values);
      if (found === undefined) continue;
      const error = typeof found === 'string' ? found : found.error;
      if (seen.has(rule.id + error)) continue;
      seen.add(rule.id + error);
      out.push(at(w, 'error', `startup.${rule.id}`, `Mimir ${w.version.version} (${target}) breaks startup rule ${rule.id}: ${error}`, rule.fix));
    }
  }
  return out;
}

function insecure(w: MimirWorkload): Finding[] {
  return [...w.flags].filter(([k, v]) => k.endsWith('insecure-skip-verify') && ['true', '1'].includes(v))
    .map(([k]) => at(w, 'warning', 'tls.insecure-skip-verify', `-${k}=true accepts any certificate: the connection is encrypted but not authenticated`, `Remove -${k} and give the client the server's CA (-${k.replace(/insecure-skip-verify$/, 'ca-path')})`));
}

export const flags: Check = (ctx) => ctx.workloads.flatMap((w) => [...catalog(w), ...startup(w), ...insecure(w)]);
