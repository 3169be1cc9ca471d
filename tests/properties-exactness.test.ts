// Properties 5 and 6: freezing moves weights from trainable to non-trainable and back, and counts
// stay exact at any size (past 2^53 too). Shared checks and fast-check's configuration:
// property-helpers.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Design, FieldValue } from '../src/shared/design';
import { evaluateDesign, listProblems, nodeResult, type Evaluation } from '../src/shared/evaluate';
import { validishDesign } from './arbitraries/designs';
import { convention } from './arbitraries/fields';
import { chain } from './helpers';
import { check, checkFormulas, equal, full, same } from './property-helpers';

describe('5. freezing', () => {
  it('a frozen node has trainable 0 and nonTrainable = params; unfreezing restores the split', () => {
    let frozenWithTrainable = 0;
    fc.assert(
      fc.property(validishDesign(), convention, fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), (start, conv, mask) => {
        const base: Design = { nodes: start.nodes.map(({ trainable: _t, ...n }) => n), edges: start.edges };
        const baseline = full(base, conv);
        const frozenDesign: Design = { nodes: base.nodes.map((n, i) => (mask[i] ? { ...n, trainable: false } : n)), edges: base.edges };
        for (const frozen of [evaluateDesign(frozenDesign, { convention: conv }, baseline), full(frozenDesign, conv)]) {
          for (const [i, node] of base.nodes.entries()) {
            const before = nodeResult(baseline, node.id)!;
            const after = nodeResult(frozen, node.id)!;
            if (!mask[i]) {
              equal(after, before, `unfrozen ${node.id}`);
              continue;
            }
            same(after.params, before.params, `${node.id} params`);
            equal(after.outputs, before.outputs, `${node.id} outputs`);
            if (after.params === null) continue;
            if (before.trainable! > 0n) frozenWithTrainable++;
            same(after.trainable, 0n, `frozen ${node.id} trainable`);
            same(after.nonTrainable, after.params, `frozen ${node.id} nonTrainable`);
            equal(after.weights.map((w) => [w.name, w.shape, w.count]), before.weights.map((w) => [w.name, w.shape, w.count]), `frozen ${node.id} weights`);
            equal(after.weights.map((w) => w.role), before.weights.map((w) => (w.role === 'trainable' ? 'non-trainable' : w.role)), `frozen ${node.id} roles`);
          }
          expect(frozen.totals.params).toBe(baseline.totals.params);
        }
        const frozenEvaluation = evaluateDesign(frozenDesign, { convention: conv }, baseline);
        const unfrozen: Design = { nodes: frozenDesign.nodes.map((n) => (n.trainable === false ? { ...n, trainable: true } : n)), edges: base.edges };
        const restored = evaluateDesign(unfrozen, { convention: conv }, frozenEvaluation);
        equal(restored.results, baseline.results, 'unfrozen results');
        equal(restored.totals, baseline.totals, 'unfrozen totals');
      }),
      { numRuns: 300 },
    );
    expect(frozenWithTrainable).toBeGreaterThan(50);
  });
});

// ---------------------------------------------------------------------------------------------

describe('6. exact at any size', () => {
  const SAFE = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

  it('Dense(10^9) on an Input of [10^9] has exactly 1,000,000,001,000,000,000', () => {
    const result = nodeResult(full(chain([1e9], ['Dense', { units: 1e9 }])), 'n0')!;
    expect(result.params).toBe(1_000_000_001_000_000_000n);
    expect(result.trainable).toBe(1_000_000_001_000_000_000n);
    expect(result.formula).toBe('1000000000×1000000000 + 1000000000 = 1,000,000,001,000,000,000');
  });

  it('Dense is exact for any safe sizes, in both conventions', () => {
    fc.assert(
      fc.property(SAFE, SAFE, fc.boolean(), convention, (i, o, bias, conv) => {
        const result = nodeResult(full(chain([null, i], ['Dense', { units: o, use_bias: bias }]), conv), 'n0')!;
        expect(result.params).toBe(BigInt(i) * BigInt(o) + (bias ? BigInt(o) : 0n));
        checkFormulas(full(chain([null, i], ['Dense', { units: o, use_bias: bias }]), conv));
      }),
    );
  });

  it('Conv2D with huge channels and filters is exact', () => {
    fc.assert(
      fc.property(SAFE, SAFE, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), convention, (c, f, kh, kw, conv) => {
        const design = chain([8, 8, c], ['Conv2D', { filters: f, kernel_size: [kh, kw] }]);
        const evaluation = full(design, conv);
        expect(nodeResult(evaluation, 'n0')!.params).toBe(BigInt(c) * BigInt(kh * kw) * BigInt(f) + BigInt(f));
        checkFormulas(evaluation);
      }),
    );
  });

  it('totals of many huge layers are exact', () => {
    fc.assert(
      fc.property(SAFE, fc.array(SAFE, { minLength: 2, maxLength: 30 }), (input, units) => {
        const design = chain([input], ...units.map((u): [string, Record<string, FieldValue>] => ['Dense', { units: u }]));
        let expected = 0n;
        let last = BigInt(input);
        for (const u of units) (expected += last * BigInt(u) + BigInt(u)), (last = BigInt(u));
        const evaluation = full(design);
        expect(evaluation.totals.params).toBe(expected);
        expect(evaluation.totals.trainable).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('a Dense after Flatten past 2^53 is never counted wrong: exactly, or refused with a problem', () => {
    // 67,108,865² × 3 = 13,510,799,284,764,675 features: not a float.
    const side = 2 ** 26 + 1;
    const evaluation = full(chain([side, side, 3], ['Flatten'], ['Dense', { units: 1 }]));
    const dense = nodeResult(evaluation, 'n1')!;
    if (dense.params !== null) expect(dense.params).toBe(BigInt(side) * BigInt(side) * 3n + 1n);
    else expect(listProblems(evaluation).length).toBeGreaterThan(0);
  });

  it('a Conv2DTranspose whose dilated kernel spans past 2^53 gets its output size exactly, or refuses', () => {
    // span = 3 + 2 × 2^52 = 2^53 + 3, odd; Keras's length: (5 − 1)·1 + span − 2⌊span/2⌋ + 0 = 5.
    const dilation = 2 ** 52 + 1;
    for (const conv of ['keras', 'pytorch'] as const) {
      const design = chain([5, 5, 1], ['Conv2DTranspose', { filters: 1, kernel_size: 3, padding: 'same', output_padding: [0, 0], dilation_rate: dilation }]);
      const result = nodeResult(full(design, conv), 'n0')!;
      if (result.outputs) expect(result.outputs[0].dims, conv).toEqual([5, 5, 1]);
      else expect(result.problems.length, conv).toBeGreaterThan(0);
    }
  });

  it('a Reshape of more than 2^53 values decides on the exact total, or refuses without misquoting it', () => {
    // 134,217,729² = 18,014,398,777,917,441 values: odd, so (-1, 2^28) is impossible and (-1, 134,217,729) is fine.
    const side = 2 ** 27 + 1;
    const total = (BigInt(side) * BigInt(side)).toString();
    const reshape = (target: number[]) => nodeResult(full(chain([side, side], ['Reshape', { target_shape: target }])), 'n0')!;
    const impossible = reshape([-1, 2 ** 28]);
    expect(impossible.outputs, 'an impossible reshape is accepted').toBeNull();
    const fine = reshape([-1, side]);
    if (fine.outputs) expect(fine.outputs[0].dims).toEqual([side, side]);
    for (const p of [...impossible.problems, ...fine.problems])
      for (const number of p.message.match(/[0-9]{16,}/g) ?? []) expect(number, `misquoted in '${p.message}'`).toBe(total);
  });

  /** The tensors feeding the node at position p, when they are all known. */
  const inputsOf = ({ topology, results }: Evaluation, p: number) =>
    Array.from(topology.inputSource.subarray(topology.inputStart[p], topology.inputStart[p + 1]), (source, k) =>
      results[source]?.outputs?.[topology.inputPort[topology.inputStart[p] + k]],
    );
  const safe = (d: number | null) => d === null || Number.isSafeInteger(d);

  it('a layer given exact (safe) input sizes and huge field values keeps safe weight shapes and an exact formula', () => {
    fc.assert(
      fc.property(validishDesign({ huge: true }), convention, (design, conv) => {
        const evaluation = full(design, conv);
        evaluation.results.forEach((r, p) => {
          if (r.params === null || !inputsOf(evaluation, p).every((t) => t?.dims.every(safe))) return;
          for (const w of r.weights)
            check(w.shape.every((d) => Number.isSafeInteger(d)), `${r.id} (${r.type}) ${w.name}: [${w.shape}] is not exact`);
          checkFormulas({ ...evaluation, results: [r] });
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('no counted layer outputs a size past 2^53 (it would be rounded): it reports a problem instead', () => {
    fc.assert(
      fc.property(validishDesign({ huge: true }), convention, (design, conv) => {
        const evaluation = full(design, conv);
        evaluation.results.forEach((r, p) => {
          if (r.params === null || !inputsOf(evaluation, p).every((t) => t?.dims.every(safe))) return;
          for (const t of r.outputs!) check(t.dims.every(safe), `${r.id} (${r.type}) outputs [${t.dims}], past 2^53`);
        });
      }),
      { numRuns: 500 },
    );
  });
});
