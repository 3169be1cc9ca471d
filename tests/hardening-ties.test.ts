// Issue 17, item 4: ties that cannot hold are problems on the `tiedTo` field and count the layer's own weights
// (never lose them); the inspector offers only ties that hold; a weighted layer first in a block (a nested
// model's first layer) is counted. Figures by hand: Dense i → o holds i·o + o; Keras's LSTM(u) on i features
// 4·(u·(u + i) + u), twice for Bidirectional.
import { describe, expect, it } from 'vitest';
import type { Design, LayerNode } from '../src/shared/design';
import { setNodeProps } from '../src/shared/edit/sketch-edits';
import { evaluateDesign, listProblems, nodeResult } from '../src/shared/evaluate';
import { importKerasModel } from '../src/shared/keras/import';
import { summaryReport } from '../src/shared/report';
import { templateById } from '../src/shared/templates';
import { tieTargets } from '../src/shared/ties';
import { bidirectionalFirstModel } from './hardening-helpers';

const KERAS = { convention: 'keras' } as const;
const dense = (i: number, o: number) => BigInt(i * o + o);

/** in(width) → a Dense(4) → b Dense(4) → wide Dense(1,000), with each node's extra settings. */
const design = (width: number, extra: Record<string, Partial<LayerNode>> = {}): Design => ({
  nodes: [
    { id: 'in', type: 'Input', fields: { shape: [width] } },
    { id: 'a', type: 'Dense', fields: { units: 4 }, ...extra.a },
    { id: 'b', type: 'Dense', fields: { units: 4 }, ...extra.b },
    { id: 'wide', type: 'Dense', fields: { units: 1000 }, ...extra.wide },
  ],
  edges: [{ from: 'in', to: 'a' }, { from: 'a', to: 'b' }, { from: 'b', to: 'wide' }],
});
const untiedTotal = dense(4, 4) * 2n + dense(4, 1000);

describe('ties that cannot hold count the layer’s own weights, with a problem on tiedTo', () => {
  it('a mutual tie (a → b, b → a) counts both: 40, not 0', () => {
    const evaluation = evaluateDesign(design(4, { a: { tiedTo: 'b' }, b: { tiedTo: 'a' } }), KERAS);
    expect(nodeResult(evaluation, 'a')!.params! + nodeResult(evaluation, 'b')!.params!).toBe(40n);
    expect(evaluation.totals.params).toBe(untiedTotal);
    expect(listProblems(evaluation).map((p) => p.path)).toEqual([
      ['a', 'tiedTo'],
      ['b', 'tiedTo'],
    ]);
    expect(listProblems(evaluation)[0].message).toBe("is tied to itself through 'b' (a → b → a): its own weights are counted here");
  });

  it('a longer loop (a → b → wide → a) is a problem on each', () => {
    const evaluation = evaluateDesign(design(4, { a: { tiedTo: 'b' }, b: { tiedTo: 'wide' }, wide: { tiedTo: 'a' } }), KERAS);
    expect(listProblems(evaluation).map((p) => p.path[0])).toEqual(['a', 'b', 'wide']);
    expect(evaluation.totals.params).toBe(untiedTotal);
  });

  it('a Dense(1,000) on 1,000 inputs tied to the Input keeps its 1,001,000 parameters', () => {
    const tied: Design = {
      nodes: [
        { id: 'in', type: 'Input', fields: { shape: [1000] } },
        { id: 'head', type: 'Dense', fields: { units: 1000 }, tiedTo: 'in' },
      ],
      edges: [{ from: 'in', to: 'head' }],
    };
    const evaluation = evaluateDesign(tied, KERAS);
    expect(evaluation.totals.params).toBe(1_001_000n);
    expect(listProblems(evaluation)).toEqual([
      expect.objectContaining({ path: ['head', 'tiedTo'], message: "is tied to 'in' (Input), which holds no weights of its own: its own weights are counted here" }),
    ]);
  });

  it('a layer with no weights loses nothing by a tie: no problem (Keras ties a shared pooling layer’s calls)', () => {
    const shared: Design = {
      nodes: [
        { id: 'in', type: 'Input', fields: { shape: [3, 4] } },
        { id: 'flat', type: 'Flatten' },
        { id: 'flat_again', type: 'Flatten', tiedTo: 'in' },
      ],
      edges: [{ from: 'in', to: 'flat' }, { from: 'in', to: 'flat_again' }],
    };
    expect(listProblems(evaluateDesign(shared, KERAS))).toEqual([]);
  });

  it('a tie between layers of different weight shapes keeps them', () => {
    const evaluation = evaluateDesign(design(4, { wide: { tiedTo: 'a' } }), KERAS);
    expect(evaluation.totals.params).toBe(untiedTotal);
    expect(listProblems(evaluation)[0]).toMatchObject({ path: ['wide', 'tiedTo'], message: expect.stringMatching(/other shapes \(\[4, 1000\] \[1000\] here, \[4, 4\] \[4\] there\)/) });
    expect(nodeResult(evaluation, 'wide')!.weights.map((w) => w.role)).toEqual(['trainable', 'trainable']);
  });

  it('a tie that holds counts once, in incremental evaluations as in full ones; an edit that breaks it is caught', () => {
    const sketch = { name: 't', convention: 'keras' as const, design: design(4, { b: { tiedTo: 'a' } }), layout: {} };
    const before = evaluateDesign(sketch.design, KERAS);
    expect(listProblems(before)).toEqual([]);
    expect(before.totals.params).toBe(untiedTotal - dense(4, 4));
    // a becomes Dense(5): b's kernel (5 × 4) is a's (4 × 5) transposed, but b's 4 biases do not fit a's 5.
    const widened = { ...sketch, design: { ...sketch.design, nodes: sketch.design.nodes.map((n) => (n.id === 'a' ? { ...n, fields: { units: 5 } } : n)) } };
    const after = evaluateDesign(widened.design, KERAS, before);
    const full = evaluateDesign(widened.design, KERAS);
    expect(after.totals).toEqual(full.totals);
    expect(after.totals.params).toBe(dense(4, 5) + dense(5, 4) + dense(4, 1000));
    expect(listProblems(after).map((p) => p.path)).toEqual([['b', 'tiedTo']]);
    const back = evaluateDesign(sketch.design, KERAS, after);
    expect(back.totals.params).toBe(before.totals.params);
    expect(listProblems(back)).toEqual([]);
    const untied = setNodeProps(sketch, 'b', { tiedTo: undefined });
    expect(evaluateDesign(untied.design, KERAS, back).totals.params).toBe(untiedTotal);
  });

  it('GPT-2’s head stays tied to its token embedding (the transposed shape fits)', () => {
    const gpt2 = evaluateDesign(templateById('gpt2')!.design('pytorch'), { convention: 'pytorch' });
    expect(gpt2.totals.params).toBe(124_439_808n);
    expect(listProblems(gpt2)).toEqual([]);
  });
});

describe('the inspector’s tie targets', () => {
  it('lists only layers whose weights fit and that do not lead back', () => {
    const plain = evaluateDesign(design(4), KERAS);
    expect(tieTargets(plain, 'a')).toEqual(['b']);
    expect(tieTargets(plain, 'wide')).toEqual([]);
    expect(tieTargets(plain, 'in')).toEqual([]);
    const tied = evaluateDesign(design(4, { b: { tiedTo: 'a' } }), KERAS);
    expect(tieTargets(tied, 'a')).toEqual([]);
    expect(tieTargets(tied, 'b')).toEqual(['a']);
  });

  it('GPT-2’s head may be tied to its token embedding', () => {
    const gpt2 = evaluateDesign(templateById('gpt2')!.design('pytorch'), { convention: 'pytorch' });
    const head = gpt2.design.nodes.find((n) => n.id === 'lm_head')!;
    expect(tieTargets(gpt2, 'lm_head')).toContain(head.tiedTo);
  });
});

describe('a weighted layer first in a block or nested model is counted', () => {
  it('a nested model’s Bidirectional LSTM: 176, in the total and in the flat table', () => {
    const imported = importKerasModel(bidirectionalFirstModel);
    expect(imported.problems).toEqual([]);
    const evaluation = evaluateDesign(imported.design, KERAS);
    expect(evaluation.totals.params).toBe(176n);
    const flat = summaryReport(imported, 'keras', true);
    expect(flat.errors).toEqual([]);
    expect(flat.layers.map((l) => [l.name, l.params])).toEqual([
      ['in', 0],
      ['inner › bi', 176],
    ]);
  });
});
