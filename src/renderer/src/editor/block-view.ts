import { evaluateDesign, type Evaluation } from '../../../shared/evaluate';
import type { Sketch } from '../../../shared/sketch';

/** The first evaluation of the block's graph inside an instance of it, looking into nested blocks too. */
function firstRun(evaluation: Evaluation, block: string, depth = 0): Evaluation | undefined {
  for (const r of evaluation.results) if (r.type === block && r.inner?.length) return r.inner[0];
  if (depth > 16) return undefined;
  for (const r of evaluation.results) {
    const found = r.inner?.length ? firstRun(r.inner[0], block, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * What an open block shows: its graph as its first instance evaluates it (the instance's real input shapes
 * and parameters), or, with no instance counted, the graph on its own Input layers' shapes.
 */
export const shownEvaluation = (evaluation: Evaluation, block: string, inner: Sketch): Evaluation =>
  firstRun(evaluation, block) ?? evaluateDesign(inner.design, { convention: evaluation.convention });
