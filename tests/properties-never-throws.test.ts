// Property 1: the counting core never throws. Any design, hostile values, unknown types and bad
// wiring included, evaluates to a result per node and problems placed on nodes. Shared checks and
// fast-check's configuration: property-helpers.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Design } from '../src/shared/design';
import { listProblems, nodeResult, type Evaluation } from '../src/shared/evaluate';
import { convention } from './arbitraries/fields';
import { anyDesign, check, checkWellFormed, full } from './property-helpers';

describe('1. the core never throws', () => {
  it('evaluates any design — hostile values, unknown types, bad wiring — to results and placed problems', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => {
        checkWellFormed(design, full(design, conv));
      }),
      { numRuns: 1000 },
    );
  });

  it('never lets a layer rule crash into "could not evaluate"', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => {
        for (const p of listProblems(full(design, conv))) check(!p.message.startsWith('could not evaluate'), `${p.path}: ${p.message}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('infers only sizes: every output dimension is null or a non-negative integer', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => {
        for (const r of full(design, conv).results)
          for (const t of r.outputs ?? [])
            for (const d of t.dims) check(d === null || (Number.isInteger(d) && d >= 0), `${r.id} (${r.type}) outputs [${t.dims}]`);
      }),
      { numRuns: 1000 },
    );
  });

  it('fails loudly: an uncounted node has a problem, or is blocked by a node that has one', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => {
        const evaluation = full(design, conv);
        for (const r of evaluation.results) {
          if (r.params !== null || r.problems.length) continue;
          check(r.blockedBy !== undefined, `${r.id} is uncounted with no problem and no blocker`);
          const blocker = nodeResult(evaluation, r.blockedBy);
          check(blocker?.problems.length, `${r.id} is blocked by '${r.blockedBy}', which has no problem`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  const explained = (evaluation: Evaluation, id: string) => {
    const r = nodeResult(evaluation, id)!;
    return r.problems.length > 0 || (r.blockedBy !== undefined && nodeResult(evaluation, r.blockedBy)!.problems.length > 0);
  };

  it('fails loudly: an edge from an output port the source does not have', () => {
    const design: Design = {
      nodes: [
        { id: 'in', type: 'Input', fields: { shape: [4] } },
        { id: 'd', type: 'Dense', fields: { units: 2 } },
      ],
      edges: [{ from: 'in', to: 'd', fromPort: 1 }],
    };
    const evaluation = full(design);
    expect(nodeResult(evaluation, 'd')!.params).toBeNull();
    expect(explained(evaluation, 'd')).toBe(true);
  });

  it('fails loudly: a node fed by a cycle through a node listed before the cycle', () => {
    const design: Design = {
      nodes: [
        { id: 'c', type: 'Dense' },
        { id: 'd', type: 'Dense' },
        { id: 'a', type: 'Dense' },
        { id: 'b', type: 'Dense' },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
        { from: 'b', to: 'd' },
        { from: 'd', to: 'c' },
      ],
    };
    const evaluation = full(design);
    for (const id of ['c', 'd']) expect(explained(evaluation, id), id).toBe(true);
  });
});
