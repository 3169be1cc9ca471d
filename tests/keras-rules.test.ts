// Behaviour Keras documents that the tfjs oracle cannot show (see DEVELOPERS.md, "Known oracle limits").
import { describe, expect, it } from 'vitest';
import { nodeResult } from '../src/shared/evaluate';
import { displayShape } from '../src/shared/tensor';
import type { Design } from '../src/shared/design';
import { chain, evaluate } from './helpers';

describe('Keras rules without a tfjs oracle', () => {
  it("Conv1D padding='causal' keeps the length (Keras: pads left by dilation × (kernel − 1))", () => {
    const result = nodeResult(evaluate(chain([20, 3], ['Conv1D', { filters: 4, kernel_size: 3, padding: 'causal', dilation_rate: 2 }])), 'n0')!;
    expect(result.outputs![0].dims).toEqual([20, 4]);
    expect(result.params).toBe(BigInt(3 * 3 * 4 + 4));
  });

  it('GRU reset_after=True keeps a (2, 3·units) bias: 3·[h(h+i) + 2h]', () => {
    const result = nodeResult(evaluate(chain([null, 8], ['GRU', { units: 5 }])), 'n0')!;
    expect(result.weights.map((w) => [w.name, w.shape])).toEqual([
      ['kernel', [8, 15]],
      ['recurrent_kernel', [5, 15]],
      ['bias', [2, 15]],
    ]);
    expect(result.params).toBe(BigInt(3 * (5 * (5 + 8) + 2 * 5)));
  });

  it('Keras MultiHeadAttention: per-head query/key/value kernels and an output kernel', () => {
    const design: Design = {
      nodes: [
        { id: 'q', type: 'Input', fields: { shape: [5, 8] } },
        { id: 'v', type: 'Input', fields: { shape: [7, 6] } },
        { id: 'mha', type: 'MultiHeadAttention', fields: { num_heads: 2, key_dim: 4 } },
      ],
      edges: [
        { from: 'q', to: 'mha' },
        { from: 'v', to: 'mha' },
      ],
    };
    const result = nodeResult(evaluate(design), 'mha')!;
    // query 8·2·4 + 2·4, key 6·2·4 + 2·4, value 6·2·4 + 2·4, output 2·4·8 + 8 (Keras's layout)
    expect(result.params).toBe(BigInt(8 * 2 * 4 + 2 * 4 + (6 * 2 * 4 + 2 * 4) * 2 + 2 * 4 * 8 + 8));
    expect(displayShape(result.outputs![0], 'keras')).toEqual([null, 5, 8]);
  });

  it('a channels_first Conv2D keeps channels first, and PyTorch shows it unchanged', () => {
    const evaluation = evaluate(chain([3, 32, 32], ['Conv2D', { filters: 8, kernel_size: 3, data_format: 'channels_first' }]));
    const out = nodeResult(evaluation, 'n0')!.outputs![0];
    expect(displayShape(out, 'keras')).toEqual([null, 8, 30, 30]);
    expect(displayShape(out, 'pytorch')).toEqual([null, 8, 30, 30]);
  });

  it('counts stay exact beyond 2^53: Dense(10^9) on 10^9 inputs', () => {
    const evaluation = evaluate(chain([1e9], ['Dense', { units: 1e9 }]));
    expect(evaluation.totals.params).toBe(10n ** 18n + 10n ** 9n);
    expect(nodeResult(evaluation, 'n0')!.formula).toBe('1000000000×1000000000 + 1000000000 = 1,000,000,001,000,000,000');
  });
});
