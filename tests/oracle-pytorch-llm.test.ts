// The LLM-era layers against torch (scripts/fixtures/generate_llm_pytorch.py → fixtures/pytorch/llm-cases.json):
// RMSNorm, grouped-query attention, gated and plain MLPs and a mixture of experts, each written in torch from
// nn.Linear / nn.Parameter as the Llama and Mixtral reference code writes them. The total is torch's
// parameters(); the active count is what torch ran for one token (forward hooks), router and top_k experts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Design } from '../src/shared/design';
import { evaluateDesign, nodeResult } from '../src/shared/evaluate';
import { displayShape } from '../src/shared/tensor';

interface Case {
  name: string;
  design: Design;
  expected: { total: number; active: number; outputShape: (number | null)[]; weights: [string, number[]][] };
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/pytorch/llm-cases.json', import.meta.url), 'utf8')) as Case[];

describe('PyTorch oracle: LLM-era layers', () => {
  it('covers every layer, and mixtures where a token leaves experts out', () => {
    const types = new Set(cases.map((c) => c.design.nodes[1].type));
    expect([...types].sort()).toEqual(['GatedMLP', 'GroupQueryAttention', 'MLP', 'MixtureOfExperts', 'RMSNormalization']);
    expect(cases.filter((c) => c.expected.active < c.expected.total).length).toBeGreaterThan(3);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, { design, expected }) => {
    const evaluation = evaluateDesign(design, { convention: 'pytorch' });
    expect(evaluation.results.flatMap((r) => r.problems)).toEqual([]);
    expect([evaluation.totals.params, evaluation.totals.active]).toEqual([BigInt(expected.total), BigInt(expected.active)]);
    const layer = nodeResult(evaluation, 'layer')!;
    expect([layer.params, layer.active]).toEqual([BigInt(expected.total), BigInt(expected.active)]);
    expect(displayShape(layer.outputs![0], 'pytorch')).toEqual(expected.outputShape);
    // Torch's names and shapes, where ours are torch's own modules (a mixture's experts are stacked here, one module each in torch).
    if (design.nodes[1].type !== 'MixtureOfExperts') expect(layer.weights.map((w) => [w.name, w.shape])).toEqual(expected.weights);
  });
});
