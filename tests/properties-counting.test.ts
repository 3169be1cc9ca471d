// Properties 2 and 3: counting is consistent (params = trainable + nonTrainable = Σ weights, totals =
// Σ nodes) and the worked formula is right; first, the formula evaluator those properties rely on.
// Shared checks and fast-check's configuration: property-helpers.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../src/shared/catalog';
import { nodeResult } from '../src/shared/evaluate';
import { validishDesign } from './arbitraries/designs';
import { convention } from './arbitraries/fields';
import { anyDesign, checkCounts, checkFormulas, equal, evaluateFormula, full, parseGrouped } from './property-helpers';

describe('the formula evaluator the properties use', () => {
  it.each([
    ['4 × [2(2+3) + 2]', 48n],
    ['2 × 3 × [5(5+8) + 5]', 420n],
    ['3×(3×3)×32 + 32', 896n],
    ['4 × [512×512 + 512]', 1_050_624n],
    ['4 × [8×8 + 8] + (8×32 + 32) + (32×8 + 8) + 2 × 2×8', 872n],
    ['0', 0n],
  ])('%s = %s', (expr, value) => expect(evaluateFormula(expr)).toBe(value));

  it.each(['1e+21', '2 ×', '(1 + 2', '1 + 2]', '3 - 1', '2 3', '1,000', ''])('refuses %j', (expr) =>
    expect(() => evaluateFormula(expr)).toThrow(),
  );

  it('reads grouped totals strictly', () => {
    expect(parseGrouped('1,000,000,001,000,000,000')).toBe(1_000_000_001_000_000_000n);
    expect(() => parseGrouped('1000,000')).toThrow();
    expect(() => parseGrouped('1,00')).toThrow();
  });
});

describe('2. counting is consistent', () => {
  it('on valid-ish designs', () => {
    fc.assert(
      fc.property(validishDesign(), convention, (design, conv) => checkCounts(full(design, conv))),
      { numRuns: 600 },
    );
  });

  it('on hostile designs', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => checkCounts(full(design, conv))),
      { numRuns: 600 },
    );
  });

  it('a frozen node never shows trainable weights', () => {
    fc.assert(
      fc.property(validishDesign(), convention, (design, conv) => {
        const evaluation = full(design, conv);
        for (const node of design.nodes) {
          const r = nodeResult(evaluation, node.id)!;
          if (node.trainable === false) equal(r.weights.filter((w) => w.role === 'trainable'), [], `${node.id}'s trainable weights`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('3. the worked formula is right', () => {
  it('EXPR = N with N = params and EXPR evaluating exactly to params; every weighted layer type is reached', () => {
    const counted = new Set<string>();
    fc.assert(
      fc.property(validishDesign(), convention, (design, conv) => checkFormulas(full(design, conv), counted)),
      // Types are drawn alike: runs grow with the catalog, so the rarely valid ones (an einsum equation) are still reached.
      { numRuns: 20 * CATALOG.length },
    );
    // The property is not vacuous: the generator counts every layer type that has weights.
    const weighted = CATALOG.filter((s) => s.weights).map((s) => s.type);
    expect(weighted.filter((t) => !counted.has(t))).toEqual([]);
  });

  it('holds on hostile designs too', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => checkFormulas(full(design, conv))),
      { numRuns: 600 },
    );
  });
});
