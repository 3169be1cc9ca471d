// Tied weights: a layer reading another's weights (GPT-2's head and its token embedding) counts them once.
// Figures by hand: Embedding(100, 16) is 1,600; nn.Linear(16, 100, bias=False) as many again when untied.
import { describe, expect, it } from 'vitest';
import type { Design } from '../src/shared/design';
import { setNodeProps } from '../src/shared/edit/sketch-edits';
import { evaluateDesign, listProblems, nodeResult } from '../src/shared/evaluate';
import { exportKerasModel } from '../src/shared/keras/export';
import { costTotals } from '../src/shared/cost';
import { templateById } from '../src/shared/templates';
import { evaluate } from './helpers';

const tiedLm = (tiedTo?: string): Design => ({
  nodes: [
    { id: 'ids', type: 'Input', fields: { shape: [8] } },
    { id: 'embed', type: 'Embedding', fields: { input_dim: 100, output_dim: 16 } },
    { id: 'head', type: 'Dense', fields: { units: 100, use_bias: false }, ...(tiedTo ? { tiedTo } : {}) },
  ],
  edges: [{ from: 'ids', to: 'embed' }, { from: 'embed', to: 'head' }],
});

describe('tied weights', () => {
  it('counts a tied head’s weights once, in the layer they belong to, and still counts its MACs', () => {
    const [untied, tied] = [evaluate(tiedLm(), 'pytorch'), evaluate(tiedLm('embed'), 'pytorch')];
    expect(untied.totals.params).toBe(1_600n + 1_600n);
    expect(tied.totals.params).toBe(1_600n);
    const head = nodeResult(tied, 'head')!;
    expect(head.params).toBe(0n);
    // PyTorch's nn.Linear(16, 100).weight is 100 × 16, the embedding's transpose.
    expect(head.weights).toEqual([{ name: 'weight', shape: [100, 16], role: 'tied', count: 1_600n }]);
    expect(head.formula).toBe('tied to embed (its 1,600 weights, counted there) = 0');
    // 8 positions × 16 × 100 multiply-accumulates, tied or not.
    expect(costTotals(tied).macs).toBe(costTotals(untied).macs);
    expect(costTotals(tied).macs).toBe(8n * 16n * 100n);
  });

  it('ties and unties in an incremental evaluation', () => {
    const sketch = { name: 't', convention: 'keras' as const, design: tiedLm(), layout: {} };
    const before = evaluateDesign(sketch.design, { convention: 'keras' });
    const tied = setNodeProps(sketch, 'head', { tiedTo: 'embed' });
    const after = evaluateDesign(tied.design, { convention: 'keras' }, before);
    expect(after.totals.params).toBe(1_600n);
    const untied = setNodeProps(tied, 'head', { tiedTo: undefined });
    expect(untied.design.nodes[2]).not.toHaveProperty('tiedTo');
    expect(evaluateDesign(untied.design, { convention: 'keras' }, after).totals.params).toBe(3_200n);
  });

  it('says so when the layer it is tied to is missing, or is itself', () => {
    expect(listProblems(evaluate(tiedLm('nowhere')))).toEqual([
      expect.objectContaining({ path: ['head', 'tiedTo'], message: "is tied to 'nowhere', which is not in the design" }),
    ]);
    expect(listProblems(evaluate(tiedLm('head')))[0].path).toEqual(['head', 'tiedTo']);
  });

  it('GPT-2’s head is tied to the token embedding: 124,439,808 with a (1024, 50257) output', () => {
    const gpt2 = evaluateDesign(templateById('gpt2')!.design('pytorch'), { convention: 'pytorch' });
    expect(gpt2.totals.params).toBe(124_439_808n);
    const head = nodeResult(gpt2, 'lm_head')!;
    expect(head.outputs?.[0].dims).toEqual([1024, 50_257]);
    expect(head.weights[0]).toMatchObject({ role: 'tied', count: 768n * 50_257n });
  });

  it('a Keras file cannot hold a tie: the export says so rather than double the count', () => {
    const exported = exportKerasModel(tiedLm('embed'));
    expect('problems' in exported && exported.problems).toEqual([expect.objectContaining({ path: ['head', 'tiedTo'] })]);
  });
});
