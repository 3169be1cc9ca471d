// Every worked example of the seed articles (../shared/seeds), with the numbers as the articles print them.
import { describe, expect, it } from 'vitest';
import { nodeResult } from '../src/shared/evaluate';
import { chain, evaluate, paramsOf } from './helpers';

describe('seed 000/004 (Karim, "Counting No. of Parameters in Deep Learning Models by Hand")', () => {
  it('FFNN 3→5→2 has 32 parameters', () => {
    expect(evaluate(chain([null, 3], ['Dense', { units: 5 }], ['Dense', { units: 2 }])).totals.params).toBe(32n);
  });

  it('FFNN 50→100→1→100→50 has 10,451 parameters', () => {
    const design = chain([null, 50], ['Dense', { units: 100 }], ['Dense', { units: 1 }], ['Dense', { units: 100 }], ['Dense', { units: 50 }]);
    expect(evaluate(design).totals.params).toBe(10_451n);
  });

  it('LSTM(2) on 3 inputs: 4 × [2(2+3) + 2] = 48', () => {
    const result = nodeResult(evaluate(chain([null, 3], ['LSTM', { units: 2 }])), 'n0')!;
    expect(result.params).toBe(48n);
    expect(result.formula).toBe('4 × [2(2+3) + 2] = 48');
  });

  it('stacked BiGRU(5 on 8) + LSTM(50) with reset_after=False: 420 + 12,200 = 12,620', () => {
    const design = chain(
      [null, 8],
      ['Bidirectional', { layer: { type: 'GRU', fields: { units: 5, return_sequences: true, reset_after: false } } }],
      ['LSTM', { units: 50 }],
    );
    const evaluation = evaluate(design);
    expect(paramsOf(evaluation, 'n0')).toBe(420n);
    expect(paramsOf(evaluation, 'n1')).toBe(12_200n);
    expect(evaluation.totals.params).toBe(12_620n);
    expect(nodeResult(evaluation, 'n0')!.formula).toBe('2 × 3 × [5(5+8) + 5] = 420');
  });

  it('the BiGRU with Keras’s default reset_after=True has 450', () => {
    const design = chain([null, 8], ['Bidirectional', { layer: { type: 'GRU', fields: { units: 5, return_sequences: true } } }]);
    expect(evaluate(design).totals.params).toBe(450n);
  });

  it.each([
    [1, 3, 15],
    [3, 1, 13],
    [2, 3, 27],
  ])('2×2 conv on %i channel(s) to %i: %i', (channels, filters, expected) => {
    const design = chain([null, null, channels], ['Conv2D', { kernel_size: 2, filters }]);
    expect(evaluate(design).totals.params).toBe(BigInt(expected));
  });
});

describe('seed 003 (DataCamp, "How many parameters?")', () => {
  it('dense 784→10→10→3 has 7,993', () => {
    const design = chain([784], ['Dense', { units: 10 }], ['Dense', { units: 10 }], ['Dense', { units: 3 }]);
    const evaluation = evaluate(design);
    expect(evaluation.totals.params).toBe(7_993n);
    expect(paramsOf(evaluation, 'n0')).toBe(7_850n);
  });

  it('the CNN with the same units has 24,533 (100 + 910 + 23,523)', () => {
    const design = chain(
      [28, 28, 1],
      ['Conv2D', { filters: 10, kernel_size: 3, padding: 'same' }],
      ['Conv2D', { filters: 10, kernel_size: 3, padding: 'same' }],
      ['Flatten'],
      ['Dense', { units: 3 }],
    );
    const evaluation = evaluate(design);
    expect([0, 1, 3].map((i) => paramsOf(evaluation, `n${i}`))).toEqual([100n, 910n, 23_523n]);
    expect(nodeResult(evaluation, 'n2')!.outputs![0].dims).toEqual([7840]);
    expect(evaluation.totals.params).toBe(24_533n);
  });
});

describe('seed 002 (the 32×32×3 CNN with model.summary())', () => {
  const design = chain(
    [32, 32, 3],
    ['Conv2D', { kernel_size: [3, 3], filters: 32, padding: 'same', activation: 'relu' }, 'Conv1'],
    ['MaxPooling2D', { pool_size: 2 }, 'Max1'],
    ['Conv2D', { kernel_size: [3, 3], filters: 128, padding: 'same', activation: 'relu' }, 'Conv3'],
    ['Conv2D', { kernel_size: [1, 1], filters: 256, padding: 'same', activation: 'relu' }, 'Conv4'],
    ['GlobalAveragePooling2D', {}, 'GAP1'],
    ['Dense', { units: 10, activation: 'relu' }, 'Dense1'],
    ['Dense', { units: 10, activation: 'softmax' }, 'Output'],
  );

  it('counts the first convolution as the article does: 3 × 288 + 32 = 896', () => {
    expect(paramsOf(evaluate(design), 'Conv1')).toBe(896n);
  });

  it('counts the article’s 64-filter second convolution on 32 channels: 18,432 + 64 = 18,496', () => {
    expect(evaluate(chain([16, 16, 32], ['Conv2D', { kernel_size: 3, filters: 64 }])).totals.params).toBe(18_496n);
  });

  it('follows the shapes through pooling and global pooling to the dense head', () => {
    const evaluation = evaluate(design);
    // i·f·f·o + o per conv, i·o + o per dense, on the shapes the article's code gives.
    const expected = { Conv1: 896n, Max1: 0n, Conv3: 36_992n, Conv4: 33_024n, GAP1: 0n, Dense1: 2_570n, Output: 110n };
    for (const [id, params] of Object.entries(expected)) expect(paramsOf(evaluation, id), id).toBe(params);
    expect(nodeResult(evaluation, 'Max1')!.outputs![0].dims).toEqual([16, 16, 32]);
    expect(evaluation.totals.params).toBe(73_592n);
  });
});

describe('seed 001 (transformers) and the PyTorch convention', () => {
  it('MultiheadAttention(512, 8): 4 × [(x × x) + x] = 1,050,624', () => {
    const result = nodeResult(evaluate(chain([10, 512], ['MultiheadAttention', { embed_dim: 512, num_heads: 8 }]), 'pytorch'), 'n0')!;
    expect(result.params).toBe(1_050_624n);
    expect(result.formula).toBe('4 × [512×512 + 512] = 1,050,624');
  });

  it('TransformerEncoderLayer(512, 8, 2048): one MHA, two LayerNorms, one FFN = 3,152,384', () => {
    const design = chain([10, 512], ['TransformerEncoderLayer', { d_model: 512, nhead: 8, dim_feedforward: 2048 }]);
    expect(evaluate(design, 'pytorch').totals.params).toBe(3_152_384n);
  });

  it('LSTM(2) on 3 has two biases in PyTorch: 4 × [2(2+3) + 2×2] = 56', () => {
    const result = nodeResult(evaluate(chain([null, 3], ['LSTM', { units: 2 }]), 'pytorch'), 'n0')!;
    expect(result.params).toBe(56n);
    expect(result.formula).toBe('4 × [2(2+3) + 2×2] = 56');
    expect(result.conventionNote).toMatch(/two bias vectors/);
  });
});
