// Active parameters, what one token uses: the core's second count. The figures themselves are checked
// against torch (oracle-pytorch-llm.test.ts) and Mixtral's publisher (templates.test.ts); here, that the
// count behaves: equal to the total without experts (or with every expert used), summed through blocks and
// ×N stacks, and kept right by incremental evaluation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costTotals } from '../src/shared/cost';
import type { Design, LayerNode } from '../src/shared/design';
import { evaluateDesign, nodeResult } from '../src/shared/evaluate';
import { TEMPLATES, templateById } from '../src/shared/templates';

const moe = (fields: Record<string, unknown>): Design => ({
  nodes: [
    { id: 'in', type: 'Input', fields: { shape: [5, 16] } },
    { id: 'moe', type: 'MixtureOfExperts', fields: { num_experts: 4, top_k: 2, intermediate_size: 8, ...fields } as LayerNode['fields'] },
  ],
  edges: [{ from: 'in', to: 'moe' }],
});
const PYTORCH = { convention: 'pytorch' } as const;

describe('active parameters', () => {
  it('equal the total in every template without experts', () => {
    for (const t of TEMPLATES.filter((t) => t.id !== 'mixtral-8x7b')) {
      const { totals } = evaluateDesign(t.design(t.conventions[0]), { convention: t.conventions[0] });
      expect(totals.active, t.id).toBe(totals.params);
    }
  });

  it('equal the total when a token goes through every expert (top_k = num_experts)', () => {
    const e = evaluateDesign(moe({ top_k: 4 }), PYTORCH);
    expect(e.totals.active).toBe(e.totals.params);
    expect(nodeResult(e, 'moe')!.active).toBe(nodeResult(e, 'moe')!.params);
  });

  it('leave out the same share of every expert weight: one expert fewer per token is one expert’s weights fewer', () => {
    const [two, one] = [2, 1].map((k) => evaluateDesign(moe({ top_k: k }), PYTORCH).totals);
    const oneExpert = 3n * 16n * 8n; // gate, up and down projections of one expert, no biases
    expect(two.params).toBe(one.params);
    expect(two.active - one.active).toBe(oneExpert);
  });

  it('list the stacked experts’ weights with the share a token uses', () => {
    const weights = nodeResult(evaluateDesign(moe({}), PYTORCH), 'moe')!.weights;
    expect(weights.filter((w) => w.active === 2).map((w) => w.name)).toEqual(['experts.gate_proj.weight', 'experts.up_proj.weight', 'experts.down_proj.weight']);
    expect(weights.find((w) => w.name === 'gate.weight')?.active).toBeUndefined();
  });

  it('are kept right by an incremental evaluation, as a full one gives them', () => {
    const design = moe({});
    const before = evaluateDesign(design, PYTORCH);
    const edited: Design = { ...design, nodes: [design.nodes[0], { ...design.nodes[1], fields: { ...design.nodes[1].fields, top_k: 3 } }] };
    const after = evaluateDesign(edited, PYTORCH, before);
    expect(after.totals).toEqual(evaluateDesign(edited, PYTORCH).totals);
    expect(after.totals.active).not.toBe(before.totals.active);
  });

  it('sum through a block ×N: Mixtral’s 32 decoder layers', () => {
    const mixtral = evaluateDesign(templateById('mixtral-8x7b')!.design('pytorch'), PYTORCH);
    const layers = nodeResult(mixtral, 'layers')!;
    const outside = mixtral.totals.params - layers.params!;
    // Everything outside the decoder layers (embedding, final norm, head) has no experts.
    expect(mixtral.totals.active - layers.active!).toBe(outside);
    expect(layers.active! < layers.params!).toBe(true);
  });
});

describe('the Keras side: Keras 3’s GroupedQueryAttention and RMSNormalization', () => {
  it('imports them by their Keras class names and configs, counted as Keras 3 builds them', async () => {
    const { importKerasModel } = await import('../src/shared/keras/import');
    const { reportImport } = await import('../src/shared/report');
    const model = {
      class_name: 'Sequential',
      config: {
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 5, 16], name: 'in' } },
          { class_name: 'RMSNormalization', config: { name: 'norm', axis: -1, epsilon: 1e-6 } },
          { class_name: 'GroupedQueryAttention', config: { name: 'gqa', head_dim: 4, num_query_heads: 4, num_key_value_heads: 2, use_bias: true, dropout: 0.0 } },
        ],
      },
    };
    const report = reportImport(importKerasModel(model), 'keras');
    expect(report.errors).toEqual([]);
    // keras.layers.RMSNormalization.build: scale (16,). GroupedQueryAttention.build: EinsumDense query kernel
    // (16, 4, 4) + bias (4, 4), key and value kernels (16, 2, 4) + biases (2, 4), output kernel (4, 4, 16) + bias (16).
    expect(report.layers.map((l) => [l.name, l.params])).toEqual([
      ['in', 0],
      ['norm', 16],
      ['gqa', 16 * 4 * 4 + 16 + 2 * (16 * 2 * 4 + 8) + 4 * 4 * 16 + 16],
    ]);
  });
});

describe('active MACs: what one token computes', () => {
  // A linear weight does one multiply-accumulate per position it is applied at (a bias is an add, docs/cost.md):
  // so without expert biases, MACs are the positions × the weights less the biases, and active MACs the same of
  // the active weights — torch's counts (totals and forward-hook active counts), never our own.
  interface LlmCase { name: string; design: Design; expected: { total: number; active: number; outputShape: (number | null)[]; weights: [string, number[]][] } }
  const cases = (JSON.parse(readFileSync(new URL('./fixtures/pytorch/llm-cases.json', import.meta.url), 'utf8')) as LlmCase[]).filter((c) =>
    c.name.startsWith('llm-MixtureOfExperts-'),
  );

  it.each(cases.map((c) => [c.name, c] as const))('%s: positions × torch’s weights, all of them and the active ones', (_, c) => {
    const { expected } = c;
    const biases = expected.weights.filter(([name]) => name.endsWith('.bias')).reduce((sum, [, shape]) => sum + shape.reduce((a, b) => a * b, 1), 0);
    // Only the router has a bias here, and every token runs the router.
    expect(expected.weights.filter(([name]) => name.endsWith('.bias')).map(([name]) => name)).toEqual(biases ? ['gate.bias'] : []);
    const positions = BigInt(expected.outputShape[1]!);
    const cost = nodeResult(evaluateDesign(c.design, PYTORCH), 'layer')!.cost;
    expect([cost.macs, cost.activeMacs]).toEqual([positions * BigInt(expected.total - biases), positions * BigInt(expected.active - biases)]);
  });

  it('equal the MACs without experts, and sum through Mixtral’s 32 layers ×N to less than its MACs', () => {
    const llama = evaluateDesign(templateById('llama-2-7b')!.design('pytorch'), PYTORCH);
    const llamaCost = costTotals(llama);
    expect(llamaCost.activeMacs).toBe(llamaCost.macs);
    const mixtral = costTotals(evaluateDesign(templateById('mixtral-8x7b')!.design('pytorch'), PYTORCH));
    expect(mixtral.activeMacs! < mixtral.macs!).toBe(true);
  });
});
