// The comparison view's model: totals in both conventions, params per family, and layers aligned
// with the baseline's (LCS by name and type, leftovers of one type in one gap paired as 'changed').
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockNamed } from '../src/shared/blocks/definition';
import { compareSketches, type Comparison, type RowStatus } from '../src/shared/compare';
import { changeSummary } from '../src/shared/compare/change';
import type { Convention, Design, LayerNode } from '../src/shared/design';
import type { Sketch } from '../src/shared/sketch';
import { validishDesign } from './arbitraries/designs';
import { chain } from './helpers';
import { anyDesign, check } from './property-helpers';

const sketch = (design: Design, name = 'design', convention: Convention = 'keras'): Sketch => ({ name, convention, design, layout: {} });
/** Status per row for one column, and the layer types of its rows ('·' where a column has none). */
const statuses = (c: Comparison, column = 1): (RowStatus | undefined)[] => c.rows.map((r) => r.diffs[column]?.status);
const rowTypes = (c: Comparison, column: number) => c.rows.map((r) => r.cells[column]?.type ?? '·');
/** The same Δ in both conventions (layers whose count does not depend on it). */
const both = (params: bigint | null, macs: bigint | null) => ({ keras: { params, macs }, pytorch: { params, macs } });

// Seed 000, example 1.1: Input(3) → Dense(5) → Dense(2), (3×5 + 5×2) + (5+2) = 32. The same formula
// with a hidden layer of 10 units: (3×10 + 10×2) + (10+2) = 62. MACs (docs/cost.md: a Dense is in × out):
// 3×5 + 5×2 = 25 against 3×10 + 10×2 = 50.
const ffnn = (hidden: number) => chain([3], ['Dense', { units: hidden }, 'hidden'], ['Dense', { units: 2 }, 'output']);

describe('compareSketches: the seed FFNN against a wider one', () => {
  const c = compareSketches([sketch(ffnn(5), '3→5→2'), sketch(ffnn(10), '3→10→2')]);

  it('totals 32 against 62, in both conventions', () => {
    for (const conv of ['keras', 'pytorch'] as const) {
      expect(c.columns[0].totals[conv]).toEqual({ params: 32n, trainable: 32n, nonTrainable: 0n, active: 32n, uncounted: 0 });
      expect(c.columns[1].totals[conv]).toEqual({ params: 62n, trainable: 62n, nonTrainable: 0n, active: 62n, uncounted: 0 });
    }
    expect(c.columns.map((col) => col.alignedBy)).toEqual(['baseline', 'exact']);
  });

  it('has one changed row, on units, and the Dense it feeds counts differently but is the same layer', () => {
    expect(statuses(c)).toEqual(['same', 'changed', 'same']);
    // Δ: 40 − 20 params, 30 − 15 MACs; then 22 − 12 and 20 − 10.
    expect(c.rows[1].diffs[1]).toEqual({ status: 'changed', fields: ['units'], paramsDiffer: true, delta: both(20n, 15n) });
    expect(c.rows[1].cells.map((cell) => cell?.params)).toEqual([
      { keras: 20n, pytorch: 20n },
      { keras: 40n, pytorch: 40n },
    ]);
    expect(c.rows[2].diffs[1]).toEqual({ status: 'same', fields: [], paramsDiffer: true, delta: both(10n, 10n) });
    expect(c.rows.every((r) => r.diffs[0] === null)).toBe(true);
  });

  it('sums up the change: +30 params (+94 %), +25 MACs (+100 %)', () => {
    expect(c.columns[0].change).toBeNull();
    expect(c.columns.map((col) => col.macs)).toEqual([
      { keras: 25n, pytorch: 25n },
      { keras: 50n, pytorch: 50n },
    ]);
    expect(c.columns[1].change!.keras).toEqual({ params: 30n, macs: 25n, paramsPercent: (30 / 32) * 100, macsPercent: 100 });
    expect(changeSummary(c.columns[1].change!.keras)).toBe('+30 params (+94 %), +25 MACs (+100 %)');
  });

  it('breaks params down by family, with shares of the column total', () => {
    expect(c.columns[1].families.keras).toEqual([
      { family: 'input', layers: 1, params: 0n, share: 0 },
      { family: 'core', layers: 2, params: 62n, share: 1 },
    ]);
  });
});

describe('compareSketches: alignment', () => {
  const base = ffnn(5);

  it('shows an inserted Dropout as one added row, the rest the same', () => {
    const withDropout = chain([3], ['Dense', { units: 5 }, 'hidden'], ['Dropout', { rate: 0.5 }, 'drop'], ['Dense', { units: 2 }, 'output']);
    const c = compareSketches([sketch(base), sketch(withDropout)]);
    expect(statuses(c)).toEqual(['same', 'same', 'added', 'same']);
    expect(rowTypes(c, 0)).toEqual(['Input', 'Dense', '·', 'Dense']);
    expect(rowTypes(c, 1)).toEqual(['Input', 'Dense', 'Dropout', 'Dense']);
  });

  it('shows a removed layer as a removed row with no cell', () => {
    const c = compareSketches([sketch(base), sketch(chain([3], ['Dense', { units: 2 }, 'output']))]);
    expect(statuses(c)).toEqual(['same', 'removed', 'same']);
    expect(c.rows[1].cells[1]).toBeNull();
    // The removed Dense(5) takes its 3×5 + 5 params and 3×5 MACs away.
    expect(c.rows[1].diffs[1]!.delta).toEqual(both(-20n, -15n));
    // Its input shrank from 5 to 3: 3×2 + 2 = 8 rather than 12, 6 MACs rather than 10.
    expect(c.rows[2].diffs[1]).toEqual({ status: 'same', fields: [], paramsDiffer: true, delta: both(-4n, -4n) });
  });

  it('pairs a renamed layer of the same type in the same place as changed, not removed and added', () => {
    const renamed = chain([3], ['Dense', { units: 5 }, 'features'], ['Dense', { units: 2 }, 'output']);
    const c = compareSketches([sketch(base), sketch(renamed)]);
    expect(statuses(c)).toEqual(['same', 'changed', 'same']);
    expect(c.rows[1].diffs[1]).toEqual({ status: 'changed', fields: ['name'], paramsDiffer: false, delta: both(0n, 0n) });
  });

  it('does not pair layers of different types: a Dense replaced by a Dropout is removed and added', () => {
    const replaced = chain([3], ['Dropout', { rate: 0.1 }, 'hidden'], ['Dense', { units: 2 }, 'output']);
    const c = compareSketches([sketch(base), sketch(replaced)]);
    expect(statuses(c)).toEqual(['same', 'removed', 'added', 'same']);
  });

  it('compares resolved values: an explicit default, or kernel_size 3 for [3, 3], is no change', () => {
    const conv = (fields: Record<string, unknown>) => chain([8, 8, 3], ['Conv2D', { filters: 4, ...fields } as never, 'conv']);
    const c = compareSketches([
      sketch(conv({ kernel_size: [3, 3] })),
      sketch(conv({ kernel_size: 3, strides: [1, 1], padding: 'valid', use_bias: true })),
      sketch(conv({ kernel_size: 3, padding: 'same', use_bias: false })),
    ]);
    expect(statuses(c, 1)).toEqual(['same', 'same']);
    // 3×3×3×4 + 4 = 112 params on a 6×6 'valid' output (36 × 27 × 4 = 3,888 MACs) against 108 without
    // bias on an 8×8 'same' one (64 × 27 × 4 = 6,912).
    expect(c.rows[1].diffs[2]).toEqual({ status: 'changed', fields: ['padding', 'use_bias'], paramsDiffer: true, delta: both(-4n, 3024n) });
  });

  it('marks a frozen layer as changed on trainable, its count moved to non-trainable', () => {
    const frozen = ffnn(5);
    frozen.nodes[1] = { ...frozen.nodes[1], trainable: false };
    const c = compareSketches([sketch(base), sketch(frozen)]);
    expect(c.rows[1].diffs[1]).toMatchObject({ status: 'changed', fields: ['trainable'], paramsDiffer: false });
    expect(c.columns[1].totals.keras).toEqual({ params: 32n, trainable: 12n, nonTrainable: 20n, active: 32n, uncounted: 0 });
  });

  it('aligns three designs at once, each against the first, added rows before the next shared layer', () => {
    const wider = ffnn(10);
    const deeper = chain([3], ['Dense', { units: 5 }, 'hidden'], ['Dense', { units: 5 }, 'hidden2'], ['Dropout', {}, 'drop'], ['Dense', { units: 2 }, 'output']);
    const c = compareSketches([sketch(base, 'base'), sketch(wider, 'wider'), sketch(deeper, 'deeper')]);
    expect(c.columns.map((col) => [col.name, col.totals.keras.params])).toEqual([
      ['base', 32n],
      ['wider', 62n],
      ['deeper', 62n],
    ]);
    expect(rowTypes(c, 0)).toEqual(['Input', 'Dense', '·', '·', 'Dense']);
    expect(statuses(c, 1)).toEqual(['same', 'changed', undefined, undefined, 'same']);
    expect(statuses(c, 2)).toEqual(['same', 'same', 'added', 'added', 'same']);
    expect(rowTypes(c, 2)).toEqual(['Input', 'Dense', 'Dense', 'Dropout', 'Dense']);
  });

  it('handles no sketch, and one sketch alone', () => {
    expect(compareSketches([])).toEqual({ columns: [], rows: [] });
    const c = compareSketches([sketch(base)]);
    expect(c.rows.map((r) => r.diffs)).toEqual([[null], [null], [null]]);
  });
});

describe('compareSketches: conventions', () => {
  it('counts BatchNormalization on 16 channels as 64 in Keras (32 non-trainable) and 32 in PyTorch', () => {
    const bn = chain([null, 16], ['BatchNormalization', {}, 'bn']);
    const c = compareSketches([sketch(bn, 'keras', 'keras'), sketch(bn, 'pytorch', 'pytorch')]);
    for (const column of c.columns) {
      expect(column.totals.keras).toEqual({ params: 64n, trainable: 32n, nonTrainable: 32n, active: 64n, uncounted: 0 });
      expect(column.totals.pytorch).toEqual({ params: 32n, trainable: 32n, nonTrainable: 0n, active: 32n, uncounted: 0 });
      expect(column.families.keras).toContainEqual({ family: 'normalization', layers: 1, params: 64n, share: 1 });
    }
    expect(c.columns.map((col) => col.convention)).toEqual(['keras', 'pytorch']);
    expect(c.rows[1].cells[0]!.params).toEqual({ keras: 64n, pytorch: 32n });
    expect(statuses(c)).toEqual(['same', 'same']);
  });

  it('shows a layer that cannot be counted with null params, and never throws', () => {
    const broken = chain([3], ['Dense', { units: -1 }, 'hidden'], ['Dense', { units: 2 }, 'output']);
    const c = compareSketches([sketch(ffnn(5)), sketch(broken)]);
    expect(c.rows[1].cells[1]!.params).toEqual({ keras: null, pytorch: null });
    expect(c.rows[1].diffs[1]).toEqual({ status: 'changed', fields: ['units'], paramsDiffer: true, delta: both(null, null) });
    expect(c.columns[1].totals.keras.uncounted).toBe(2);
    expect(c.columns[1].change!.keras).toMatchObject({ macs: null, macsPercent: null });
  });
});

describe('compareSketches: size', () => {
  /** A chain of `n` layers, ids `${prefix}0…`; every seventh Dense wider when `edit` is set. */
  const long = (n: number, prefix: string, edit = false): Design => {
    const nodes = Array.from({ length: n }, (_, i): LayerNode =>
      i === 0 ? { id: `${prefix}0`, type: 'Input', fields: { shape: [null, 8] } } : { id: `${prefix}${i}`, type: i % 5 ? 'Dense' : 'Dropout', fields: i % 5 ? { units: edit && i % 7 === 0 ? 9 : 8 } : {} },
    );
    return { nodes, edges: nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id })) };
  };

  it('aligns two 1,000-layer designs exactly, even when no name matches', () => {
    const edited = compareSketches([sketch(long(1000, 'a')), sketch(long(1000, 'a', true))]);
    const renamed = compareSketches([sketch(long(1000, 'a')), sketch(long(1000, 'b'))]);
    expect(edited.columns[1].alignedBy).toBe('exact');
    expect(edited.rows).toHaveLength(1000);
    expect(statuses(edited).filter((s) => s === 'changed')).toHaveLength(114);
    // Every layer renamed: paired by type, in place.
    expect(renamed.rows).toHaveLength(1000);
    expect(renamed.rows.every((r) => r.diffs[1]?.status === 'changed' && r.diffs[1].fields[0] === 'name')).toBe(true);
  });

  it('falls back to matching by name in order past the LCS limit, still one row per layer', () => {
    // Different first and last layers, so that trimming the shared ends leaves 3,000 × 3,001 cells.
    const other = long(3001, 'a', true);
    other.nodes[0] = { ...other.nodes[0], name: 'start' };
    const c = compareSketches([sketch(long(3000, 'a')), sketch(other)]);
    expect(c.columns[1].alignedBy).toBe('in-order');
    expect(c.rows).toHaveLength(3001);
    expect(c.rows[0].diffs[1]).toMatchObject({ status: 'changed', fields: ['name'], paramsDiffer: false });
    expect(statuses(c).filter((s) => s === 'added')).toHaveLength(1);
    expect(c.rows[3000].cells.map((cell) => cell?.id)).toEqual([undefined, 'a3000']);
  });
});

/** Every node of every column appears in exactly one row, at its own index. */
function checkEveryLayerOnce(c: Comparison, designs: Design[]): void {
  designs.forEach((design, column) => {
    const seen = c.rows.flatMap((r) => (r.cells[column] ? [r.cells[column]!.index] : []));
    check(seen.length === design.nodes.length, `column ${column}: ${seen.length} cells for ${design.nodes.length} nodes`);
    check(seen.every((index, k) => index === k), `column ${column}: cells out of design order: ${seen}`);
  });
}

describe('compareSketches: properties', () => {
  it('compares a design with a copy of itself as all the same, every layer once', () => {
    fc.assert(
      fc.property(fc.oneof(validishDesign(), anyDesign), (design) => {
        const c = compareSketches([sketch(design), sketch(structuredClone(design))]);
        checkEveryLayerOnce(c, [design, design]);
        for (const r of c.rows) check(r.diffs[1]?.status === 'same' && !r.diffs[1].paramsDiffer, `not the same: ${JSON.stringify(r.cells[1]?.name)}`);
      }),
    );
  });

  it('never throws on random designs, and places every layer of every design once', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(validishDesign(), anyDesign), { minLength: 1, maxLength: 3 }), (designs) => {
        const c = compareSketches(designs.map((d) => sketch(d)));
        checkEveryLayerOnce(c, designs);
        for (const r of c.rows)
          r.diffs.forEach((diff, column) => {
            if (column === 0) return check(diff === null, 'a diff on the baseline');
            const [a, b] = [r.cells[0], r.cells[column]];
            const expected: (RowStatus | undefined)[] = a && b ? ['same', 'changed'] : a ? ['removed'] : b ? ['added'] : [undefined];
            check(expected.includes(diff?.status), `status ${diff?.status} for cells ${!!a}, ${!!b}`);
            const instances = a && b && blockNamed(designs[0].blocks, a.type) && blockNamed(designs[column].blocks, b.type);
            if (a && b) check(a.type === b.type || !!instances, `paired ${a.type} with ${b.type}`);
          });
        // Where every layer is counted, the Δ column adds up to the change in the totals.
        for (let column = 1; column < designs.length; column++) {
          const deltas = c.rows.map((r) => r.diffs[column]?.delta.keras.params);
          if (deltas.some((d) => d === null)) continue;
          const sum = deltas.reduce((x: bigint, d) => x + (d ?? 0n), 0n);
          check(sum === c.columns[column].change!.keras.params, `Δ column sums to ${sum}, totals differ by ${c.columns[column].change!.keras.params}`);
        }
      }),
    );
  });
});
