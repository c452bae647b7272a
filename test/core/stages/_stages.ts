// Runs the pipeline's stages one by one on a definition, for the stage unit tests.
import { checkDefinition } from '../../../src/core/check/check';
import { MIMIR } from '../../../src/core/dialect/mimir';
import { resolveEdges } from '../../../src/core/edges/graph';
import { Problems } from '../../../src/core/errors';
import { WeakerChoices } from '../../../src/core/tls/policy';
import { resolveTopology } from '../../../src/core/topology/topology';
import { BASE } from '../../_helpers';

export function stages(props: any = {}) {
  const problems = new Problems();
  const weaker = new WeakerChoices();
  const checked = checkDefinition(problems, weaker, { ...BASE, ...props }, MIMIR);
  const topology = resolveTopology(problems, weaker, checked, MIMIR);
  const graph = resolveEdges(problems, checked, topology, MIMIR);
  return { problems, weaker, checked, topology, graph, dialect: MIMIR };
}

/** The problems a stage collected, as `field: problem` lines. */
export function problemsOf(problems: Problems): string[] {
  try {
    problems.throwIfAny();
    return [];
  } catch (e: any) {
    return e.problems.map((p: any) => `${p.field}: ${p.problem}`);
  }
}
