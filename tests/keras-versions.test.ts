// What a layer's config means can depend on the Keras that wrote it. Counts by hand from each version's source.
import { describe, expect, it } from 'vitest';
import { importKerasModel } from '../src/shared/keras/import';
import { reportImport } from '../src/shared/report';

const gruModel = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  class_name: 'Sequential',
  config: [{ class_name: 'GRU', config: { name: 'gru', batch_input_shape: [null, 7, 3], ...config } }],
  ...extra,
});
const gruParams = (model: unknown) => reportImport(importKerasModel(model), 'keras').layers.find((l) => l.name === 'gru')?.params;

describe('GRU without reset_after', () => {
  // keras-team/keras 2.0.8 keras/layers/recurrent.py GRU.build: kernel (i, 3u), recurrent_kernel (u, 3u),
  // bias (3u,) — no reset_after yet. 3 × [4(4+3) + 4] = 96.
  it('written by Keras 2.0 (no such setting yet): one bias per gate', () => {
    expect(gruParams(gruModel({ units: 4 }, { keras_version: '2.0.8' }))).toBe(96);
  });

  // Keras 1.2.2 GRU(output_dim=4): W_z, U_z, b_z … for three gates: the same 96.
  it('written by Keras 1 (output_dim): one bias per gate', () => {
    expect(gruParams(gruModel({ output_dim: 4 }, { keras_version: '1.2.2' }))).toBe(96);
  });

  // keras-team/keras 3.x keras/src/layers/rnn/gru.py GRUCell.build: bias (2, 3u) when reset_after (the default).
  // 3 × [4(4+3) + 2×4] = 108.
  it('written by Keras 3 (its default, reset_after=True, is meant): two biases per gate', () => {
    const keras3 = {
      class_name: 'Sequential',
      config: {
        name: 'seq',
        layers: [
          { class_name: 'InputLayer', config: { batch_shape: [null, 7, 3], name: 'in' } },
          { class_name: 'GRU', config: { name: 'gru', units: 4 } },
        ],
      },
    };
    expect(gruParams(keras3)).toBe(108);
  });
});

describe("Keras 1's image ordering", () => {
  // Keras 1.2.2 keras/layers/convolutional.py: ZeroPadding2D's get_config has no dim_ordering (it took
  // keras.json's); Convolution2D's has. A Theano-ordered VGG start: (3, 32, 32) padded by 1 → (3, 34, 34),
  // then Convolution2D(8, 3, 3, dim_ordering='th') → (8, 32, 32) with 3×3×3×8 + 8 = 224 weights.
  it('a layer that did not write dim_ordering takes the one the model’s other layers were written with', () => {
    const model = {
      class_name: 'Sequential',
      keras_version: '1.2.2',
      config: [
        { class_name: 'ZeroPadding2D', config: { name: 'zeropadding2d_1', batch_input_shape: [null, 3, 32, 32], padding: [1, 1] } },
        { class_name: 'Convolution2D', config: { name: 'convolution2d_1', nb_filter: 8, nb_row: 3, nb_col: 3, dim_ordering: 'th', border_mode: 'valid', subsample: [1, 1], bias: true } },
      ],
    };
    const report = reportImport(importKerasModel(model), 'keras');
    expect(report.errors).toEqual([]);
    expect(report.layers.map((l) => [l.name, l.outputShape, l.params])).toEqual([
      ['zeropadding2d_1_input', [null, 3, 32, 32], 0],
      ['zeropadding2d_1', [null, 3, 34, 34], 0],
      ['convolution2d_1', [null, 8, 32, 32], 224],
    ]);
  });
});
