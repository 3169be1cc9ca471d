// Designs that scripts/fixtures/generate_pytorch.py built as real torch modules and ran (torch's own
// parameters() and output shapes, in tests/fixtures/pytorch/cases.json): the PyTorch convention must agree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Design } from '../src/shared/design';
import { evaluateDesign, nodeResult } from '../src/shared/evaluate';
import { displayShape } from '../src/shared/tensor';

interface Case {
  name: string;
  design: Design;
  expected: {
    total: number;
    trainable: number;
    nonTrainable: number;
    layers: {
      id: string;
      params: number;
      trainable: number;
      nonTrainable: number;
      outputShape: (number | null)[];
      /** torch's parameters by name and shape, in its order (the cases of PyTorch's own settings). */
      weights?: [string, number[]][];
    }[];
  };
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/pytorch/cases.json', import.meta.url), 'utf8')) as Case[];

describe('PyTorch oracle', () => {
  it('has the published cases among its fixtures', () => {
    expect(cases.length).toBeGreaterThan(50);
    expect(cases.find((c) => c.name === 'mha-512-8')?.expected.total).toBe(1_050_624);
    expect(cases.find((c) => c.name === 'encoder-512-8-2048')?.expected.total).toBe(3_152_384);
    // Issue 16's examples: num_layers and bidirectional on nn.GRU, proj_size on nn.LSTM.
    expect(cases.find((c) => c.name === 'torch-gru-3-layers-bidirectional')?.expected.total).toBe(89_910);
    expect(cases.find((c) => c.name === 'torch-lstm-proj')?.expected.total).toBe(5_010);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const evaluation = evaluateDesign(testCase.design, { convention: 'pytorch' });
    const problems = evaluation.results.flatMap((r) => r.problems);
    expect(problems).toEqual([]);
    const { totals } = evaluation;
    expect([totals.params, totals.trainable, totals.nonTrainable]).toEqual(
      [testCase.expected.total, testCase.expected.trainable, testCase.expected.nonTrainable].map(BigInt),
    );
    for (const { weights, ...layer } of testCase.expected.layers) {
      const ours = nodeResult(evaluation, layer.id)!;
      if (weights) expect([layer.id, ours.weights.filter((w) => w.role !== 'buffer').map((w) => [w.name, w.shape])]).toEqual([layer.id, weights]);
      expect(
        { id: layer.id, params: ours.params, trainable: ours.trainable, nonTrainable: ours.nonTrainable, outputShape: displayShape(ours.outputs![0], 'pytorch') },
      ).toEqual({ ...layer, params: BigInt(layer.params), trainable: BigInt(layer.trainable), nonTrainable: BigInt(layer.nonTrainable) });
    }
  });
});
