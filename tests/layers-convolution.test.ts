// Convolution-family layers and spellings no oracle fixture covers (tfjs-layers lacks them, and the hand-counted
// files in tests/fixtures/keras-handcounted do not use these forms). Every expected number is worked out by hand
// from the Keras source named next to it (keras-team/keras tag 1.2.2 for Keras 1, keras-team/tf-keras for
// Keras 2), never read from Paramsketch.
import { describe, expect, it } from 'vitest';
import { importKerasModel } from '../src/shared/keras/import';
import { reportImport } from '../src/shared/report';
import { nodeResult } from '../src/shared/evaluate';
import { chain, evaluate } from './helpers';

type Config = Record<string, unknown>;
type Expected = { total: number; layers: Record<string, [params: number, outputShape: (number | null)[] | (number | null)[][]]> };

/** Keras 1's Sequential: `config` is the list of layers. */
const keras1 = (layers: [string, Config][]) => ({
  class_name: 'Sequential',
  config: layers.map(([class_name, config]) => ({ class_name, config })),
  keras_version: '1.2.2',
});

/** Keras 2's (tf.keras) Sequential. */
const keras2 = (layers: [string, Config][]) => ({
  class_name: 'Sequential',
  config: { name: 'sequential', layers: layers.map(([class_name, config]) => ({ class_name, config })) },
  keras_version: '2.12.0',
  backend: 'tensorflow',
});

function expectCounts(model: unknown, expected: Expected) {
  const report = reportImport(importKerasModel(model), 'keras');
  expect(report.errors).toEqual([]);
  expect(report.warnings).toEqual([]);
  expect(report.total).toBe(expected.total);
  const got = Object.fromEntries(report.layers.filter((l) => l.name in expected.layers).map((l) => [l.name, [l.params, l.outputShape]]));
  expect(got).toEqual(expected.layers);
}

describe('Keras 1 spellings (keras-team/keras 1.2.2, keras/layers/*.py)', () => {
  it("ZeroPadding2D's dictionary and 4-tuple, Cropping2D, UpSampling2D, Convolution2D", () => {
    // convolutional.py ZeroPadding2D.__init__: a dict {top_pad, bottom_pad, left_pad, right_pad} (missing keys 0)
    // or a 4-tuple (top, bottom, left, right); get_config writes `padding` as given. get_output_shape_for ('tf'):
    //   (10, 12) → (10+1+2, 12+0+3) = (13, 15) → (13+1+0, 15+2+1) = (14, 18).
    // Cropping2D ((2, 1), (3, 0)): (14−3, 18−3) = (11, 15). UpSampling2D (2, 3): (22, 45).
    // Convolution2D(4, 3, 3, subsample (2, 2), valid): W (3, 3, 3, 4) = 108 + b 4 = 112;
    //   np_utils.conv_output_length: ceil((22−3+1)/2) = 10, ceil((45−3+1)/2) = 22 → (10, 22, 4).
    // Flatten 880; Dense(2): 880·2 + 2 = 1762. Total 1874.
    const model = keras1([
      ['ZeroPadding2D', { name: 'pad_dict', batch_input_shape: [null, 10, 12, 3], padding: { top_pad: 1, bottom_pad: 2, right_pad: 3 } }],
      ['ZeroPadding2D', { name: 'pad_four', padding: [1, 0, 2, 1] }],
      ['Cropping2D', { name: 'crop', cropping: [[2, 1], [3, 0]] }],
      ['UpSampling2D', { name: 'up', size: [2, 3] }],
      ['Convolution2D', { name: 'conv', nb_filter: 4, nb_row: 3, nb_col: 3, subsample: [2, 2], border_mode: 'valid', dim_ordering: 'tf', bias: true, init: 'glorot_uniform', activation: 'linear', W_regularizer: null, b_regularizer: null, activity_regularizer: null, W_constraint: null, b_constraint: null }],
      ['Flatten', { name: 'flat' }],
      ['Dense', { name: 'out', output_dim: 2, input_dim: null, bias: true, init: 'glorot_uniform', activation: 'linear' }],
    ]);
    expectCounts(model, {
      total: 1874,
      layers: {
        pad_dict: [0, [null, 13, 15, 3]],
        pad_four: [0, [null, 14, 18, 3]],
        crop: [0, [null, 11, 15, 3]],
        up: [0, [null, 22, 45, 3]],
        conv: [112, [null, 10, 22, 4]],
        out: [1762, [null, 2]],
      },
    });
  });

  it('ZeroPadding1D (dictionary, pair), Cropping1D, UpSampling1D(length), MaxPooling1D(pool_length, stride), Convolution1D', () => {
    // ZeroPadding1D {left_pad: 2} (right_pad missing: 0): 9 → 11; (1, 3): 15. Cropping1D (2, 1): 12.
    // UpSampling1D(length=3): 36. pooling.py _Pooling1D (pool_length 4, stride 3, valid): ceil((36−4+1)/3) = 11.
    // Convolution1D(5, 3, same): W (3, 1, 4, 5) = 60 + 5 = 65 → (11, 5). Flatten 55; Dense(1): 56. Total 121.
    const model = keras1([
      ['ZeroPadding1D', { name: 'pad_dict', batch_input_shape: [null, 9, 4], padding: { left_pad: 2 } }],
      ['ZeroPadding1D', { name: 'pad_pair', padding: [1, 3] }],
      ['Cropping1D', { name: 'crop', cropping: [2, 1] }],
      ['UpSampling1D', { name: 'up', length: 3 }],
      ['MaxPooling1D', { name: 'pool', pool_length: 4, stride: 3, border_mode: 'valid' }],
      ['Convolution1D', { name: 'conv', nb_filter: 5, filter_length: 3, border_mode: 'same', subsample_length: 1, bias: true, input_dim: null, input_length: null }],
      ['Flatten', { name: 'flat' }],
      ['Dense', { name: 'out', output_dim: 1 }],
    ]);
    expectCounts(model, {
      total: 121,
      layers: {
        pad_dict: [0, [null, 11, 4]],
        pad_pair: [0, [null, 15, 4]],
        crop: [0, [null, 12, 4]],
        up: [0, [null, 36, 4]],
        pool: [0, [null, 11, 4]],
        conv: [65, [null, 11, 5]],
        out: [56, [null, 1]],
      },
    });
  });

  it('ZeroPadding3D (one size per axis), Cropping3D, UpSampling3D, Convolution3D(kernel_dim1…3)', () => {
    // ZeroPadding3D (1, 0, 2) pads both sides of each axis: (4, 5, 6) → (6, 5, 10). Cropping3D ((1, 0), (0, 2), (3, 3)):
    // (5, 3, 4). UpSampling3D (2, 1, 2): (10, 3, 8). Convolution3D(2, 3, 3, 3, valid, 'tf'): W (3, 3, 3, 2, 2) = 108 + 2
    // = 110 → (8, 1, 6, 2). Flatten 96; Dense(1): 97. Total 207.
    const model = keras1([
      ['ZeroPadding3D', { name: 'pad', batch_input_shape: [null, 4, 5, 6, 2], padding: [1, 0, 2] }],
      ['Cropping3D', { name: 'crop', cropping: [[1, 0], [0, 2], [3, 3]], dim_ordering: 'tf' }],
      ['UpSampling3D', { name: 'up', size: [2, 1, 2] }],
      ['Convolution3D', { name: 'conv', nb_filter: 2, kernel_dim1: 3, kernel_dim2: 3, kernel_dim3: 3, subsample: [1, 1, 1], border_mode: 'valid', dim_ordering: 'tf', bias: true }],
      ['Flatten', { name: 'flat' }],
      ['Dense', { name: 'out', output_dim: 1 }],
    ]);
    expectCounts(model, {
      total: 207,
      layers: { pad: [0, [null, 6, 5, 10, 2]], crop: [0, [null, 5, 3, 4, 2]], up: [0, [null, 10, 3, 8, 2]], conv: [110, [null, 8, 1, 6, 2]], out: [97, [null, 1]] },
    });
  });

  it('LocallyConnected1D(nb_filter, filter_length, subsample_length) and LocallyConnected2D(nb_row, nb_col, dim_ordering th)', () => {
    // local.py LocallyConnected1D.build: output_length = conv_output_length(11, 4, valid, 2) = ceil(8/2) = 4;
    //   W (4, 4·5, 3) = 240, b (4, 3) = 12 → 252, (None, 4, 3).
    // LocallyConnected2D ('th', input (2, 7, 6)): rows ceil((7−3+1)/2) = 3, cols ceil((6−2+1)/2) = 3;
    //   W (3·3, 3·2·2, 3) = 324, b (3, 3, 3) = 27 → 351, (None, 3, 3, 3) channels first.
    const lc1 = keras1([
      ['LocallyConnected1D', { name: 'lc1', batch_input_shape: [null, 11, 5], nb_filter: 3, filter_length: 4, subsample_length: 2, border_mode: 'valid', bias: true, input_dim: null, input_length: null }],
    ]);
    expectCounts(lc1, { total: 252, layers: { lc1: [252, [null, 4, 3]] } });
    const lc2 = keras1([
      ['LocallyConnected2D', { name: 'lc2', batch_input_shape: [null, 2, 7, 6], nb_filter: 3, nb_row: 3, nb_col: 2, subsample: [2, 2], border_mode: 'valid', dim_ordering: 'th', bias: true }],
    ]);
    expectCounts(lc2, { total: 351, layers: { lc2: [351, [null, 3, 3, 3]] } });
  });

  it("ConvLSTM2D(nb_filter, nb_row, nb_col, dim_ordering='th'): frames are (channels, rows, cols)", () => {
    // convolutional_recurrent.py ConvLSTM2D.build ('th'): per gate W (nb_filter, stack_size, nb_row, nb_col) = 2·3·2·3 = 36,
    // U (nb_filter, nb_filter, nb_row, nb_col) = 2·2·2·3 = 24, b 2: 4 × 62 = 248. get_output_shape_for ('th', same,
    // no return_sequences): (None, 2, 7, 6).
    const model = keras1([
      ['ConvLSTM2D', { name: 'clstm', batch_input_shape: [null, 4, 3, 7, 6], nb_filter: 2, nb_row: 2, nb_col: 3, border_mode: 'same', dim_ordering: 'th', return_sequences: false, go_backwards: false, stateful: false, init: 'glorot_uniform', inner_init: 'orthogonal', forget_bias_init: 'one', activation: 'tanh', inner_activation: 'hard_sigmoid' }],
    ]);
    expectCounts(model, { total: 248, layers: { clstm: [248, [null, 2, 7, 6]] } });
  });
});

describe('Keras 2 (tf-keras) forms', () => {
  it('Deconvolution3D and Convolution3DTranspose (aliases of Conv3DTranspose), ZeroPadding3D of 3 ints, Cropping3D of one int', () => {
    // reshaping/zero_padding3d.py: (1, 2, 0) pads both sides: (6, 5, 4) → (8, 9, 4). cropping3d.py: 1 → ((1,1),(1,1),(1,1)):
    // (6, 7, 2). convolutional/conv3d_transpose.py build: kernel kernel_size + (filters, input_dim):
    //   (2, 2, 2, 3, 2) = 48 + 3 = 51; utils/conv_utils.py deconv_output_length (valid, no output_padding):
    //   L·s + max(k − s, 0): 6·2 + 0 = 12, 7 + 1 = 8, 2 + 1 = 3 → (12, 8, 3, 3).
    //   (3, 3, 3, 1, 3) = 81 + 1 = 82; same: L·s → (12, 8, 3, 1). Flatten 288; Dense(1): 289. Total 422.
    const model = keras2([
      ['ZeroPadding3D', { name: 'pad', batch_input_shape: [null, 6, 5, 4, 2], padding: [1, 2, 0], data_format: 'channels_last' }],
      ['Cropping3D', { name: 'crop', cropping: 1, data_format: 'channels_last' }],
      ['Deconvolution3D', { name: 'deconv', filters: 3, kernel_size: [2, 2, 2], strides: [2, 1, 1], padding: 'valid', data_format: 'channels_last', use_bias: true }],
      ['Convolution3DTranspose', { name: 'tconv', filters: 1, kernel_size: 3, strides: 1, padding: 'same', output_padding: null, data_format: 'channels_last' }],
      ['Flatten', { name: 'flat' }],
      ['Dense', { name: 'out', units: 1 }],
    ]);
    expectCounts(model, {
      total: 422,
      layers: {
        pad: [0, [null, 8, 9, 4, 2]],
        crop: [0, [null, 6, 7, 2, 2]],
        deconv: [51, [null, 12, 8, 3, 3]],
        tconv: [82, [null, 12, 8, 3, 1]],
        out: [289, [null, 1]],
      },
    });
  });

  it("SeparableConvolution1D with padding='causal', Bidirectional(ConvLSTM1D), Reshape with -1", () => {
    // base_separable_conv.py build: depthwise (3, 4, 2) = 24, pointwise (1, 8, 6) = 48, bias 6 → 78; base_conv.py:
    // 'causal' is allowed for SeparableConv1D and conv_output_length keeps the length: (10, 6).
    // Reshape (5, 2, 6). rnn/base_conv_lstm.py build, per direction: kernel (2, 6, 12) = 144, recurrent_kernel
    // (2, 3, 12) = 72, bias 12 → 228; Bidirectional: 456; base_conv_rnn.py compute_output_shape: rows 2 − 2 + 1 = 1,
    // no sequences → (1, 3) each, concatenated on the last axis: (1, 6). Reshape (-1,): (6,). Dense(2): 14. Total 548.
    const model = keras2([
      ['SeparableConvolution1D', { name: 'sep', batch_input_shape: [null, 10, 4], filters: 6, kernel_size: [3], strides: [1], padding: 'causal', data_format: 'channels_last', dilation_rate: [2], depth_multiplier: 2, use_bias: true }],
      ['Reshape', { name: 'frames', target_shape: [5, 2, 6] }],
      [
        'Bidirectional',
        {
          name: 'bi',
          merge_mode: 'concat',
          layer: { class_name: 'ConvLSTM1D', config: { name: 'clstm', filters: 3, kernel_size: [2], strides: [1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1], return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false } },
        },
      ],
      ['Reshape', { name: 'flat', target_shape: [-1] }],
      ['Dense', { name: 'out', units: 2 }],
    ]);
    expectCounts(model, {
      total: 548,
      layers: { sep: [78, [null, 10, 6]], frames: [0, [null, 5, 2, 6]], bi: [456, [null, 1, 6]], flat: [0, [null, 6]], out: [14, [null, 2]] },
    });
  });

  it("LocallyConnected2D implementation 3 with padding='same' and implementation 2 with channels_first", () => {
    // locally_connected2d.py build. (None, 2, 5, 4) channels_first; 3 filters, kernel (3, 2), strides (2, 1), same:
    // output (ceil(5/2), 4) = (3, 4). implementation 3: kernel (len(kernel_idxs),), utils/conv_utils.py conv_kernel_idxs
    // and conv_connected_inputs cut each window at the edges: rows 2 + 3 + 2 = 7, cols 1 + 2 + 2 + 2 = 7, so
    // 7·7·2·3 = 294; bias (3, 4, 3) = 36 → 330.
    // Then (3, 3, 4) channels first; 2 filters 2×2 valid: output (2, 3); implementation 2, channels_first: kernel
    // (input_filter, input_row, input_col, filters, output_row, output_col) = 3·3·4·2·2·3 = 432, bias (2, 3, 2) = 12 → 444.
    // Flatten 12; Dense(1): 13. Total 787.
    const model = keras2([
      ['LocallyConnected2D', { name: 'lc_same', batch_input_shape: [null, 2, 5, 4], filters: 3, kernel_size: [3, 2], strides: [2, 1], padding: 'same', data_format: 'channels_first', implementation: 3, use_bias: true }],
      ['LocallyConnected2D', { name: 'lc_dense', filters: 2, kernel_size: [2, 2], strides: [1, 1], padding: 'valid', data_format: 'channels_first', implementation: 2, use_bias: true }],
      ['Flatten', { name: 'flat', data_format: 'channels_first' }],
      ['Dense', { name: 'out', units: 1 }],
    ]);
    expectCounts(model, {
      total: 787,
      layers: { lc_same: [330, [null, 3, 3, 4]], lc_dense: [444, [null, 2, 2, 3]], out: [13, [null, 1]] },
    });
  });

  it('LocallyConnected implementation 3: windows larger than the stride or the input, cut at both edges', () => {
    // len(conv_kernel_idxs(...)) per tf-keras utils/conv_utils.py, summing conv_connected_inputs' ranges over the
    // output positions ('same'): length 9, kernel 5, stride 2 → outputs 0..4 read 3, 5, 5, 5, 3 = 21 inputs;
    // length 3, kernel 6 → 3 + 3 + 3 = 9; length 4, kernel 7, stride 3 → outputs 0, 1 read 4 + 4 = 8.
    // 2-D, (11, 7), kernel (4, 3), strides (3, 2): rows 2 + 4 + 4 + 4 = 14, cols 2 + 3 + 3 + 2 = 10 over (4, 4)
    // outputs: 14 · 10 × 2 channels × 5 filters = 1400.
    const lc = (shape: number[], kernel: number[], strides: number[], filters = 1) =>
      nodeResult(
        evaluate(chain(shape, [`LocallyConnected${kernel.length}D`, { filters, kernel_size: kernel, strides, padding: 'same', implementation: 3, use_bias: false }])),
        'n0',
      )!.params;
    expect(lc([9, 1], [5], [2])).toBe(21n);
    expect(lc([3, 1], [6], [1])).toBe(9n);
    expect(lc([4, 1], [7], [3])).toBe(8n);
    expect(lc([11, 7, 2], [4, 3], [3, 2], 5)).toBe(1400n);
  });

  it("LocallyConnected implementation 1 refuses padding='same', as Keras's constructor does", () => {
    const result = nodeResult(evaluate(chain([10, 3], ['LocallyConnected1D', { filters: 2, kernel_size: 3, padding: 'same' }])), 'n0')!;
    expect(result.params).toBeNull();
    expect(result.problems.map((p) => p.path)).toEqual([['n0', 'padding']]);
  });

  it("ConvLSTM2D channels_first: channels from the frame's first axis, output and states channels first", () => {
    // base_conv_lstm.py build: channel_axis 1 of the frame → input_dim 3; kernel (3, 3, 3, 8) = 216, recurrent_kernel
    // (3, 3, 2, 8) = 144, bias 8 → 368. base_conv_rnn.py compute_output_shape ('same', return_sequences,
    // return_state): [(None, 4, 2, 6, 5), (None, 2, 6, 5), (None, 2, 6, 5)].
    const model = keras2([
      ['ConvLSTM2D', { name: 'clstm', batch_input_shape: [null, 4, 3, 6, 5], filters: 2, kernel_size: [3, 3], padding: 'same', data_format: 'channels_first', return_sequences: true, return_state: true }],
    ]);
    expectCounts(model, {
      total: 368,
      layers: { clstm: [368, [[null, 4, 2, 6, 5], [null, 2, 6, 5], [null, 2, 6, 5]]] },
    });
  });
});

describe('MACs (docs/cost.md)', () => {
  const result = (shape: (number | null)[], layer: [string, Record<string, unknown>]) => nodeResult(evaluate(chain(shape, layer as never)), 'n0')!;

  it('LocallyConnected: each connected kernel weight once, whichever implementation stores the kernel', () => {
    const lc = (implementation: number, padding = 'valid') =>
      result([7, 6, 2], ['LocallyConnected2D', { filters: 3, kernel_size: [3, 2], strides: [2, 1], padding, implementation }]);
    const kernel = (r: ReturnType<typeof result>) => r.weights.find((w) => w.name === 'kernel')!.count;
    // valid: 3×5 outputs, each reading a 3×2 window of 2 channels for 3 filters = 15·6·2·3 = 540, implementation 1's kernel.
    expect(kernel(lc(1))).toBe(540n);
    for (const implementation of [1, 2, 3]) expect(lc(implementation).cost.macs).toBe(540n);
    // same: implementation 3 keeps exactly the connected weights; 2 the dense kernel, but the same MACs.
    expect(lc(2, 'same').cost.macs).toBe(kernel(lc(3, 'same')));
    expect(lc(3, 'same').cost.macs).toBe(kernel(lc(3, 'same')));
  });

  it('ConvLSTM2D channels_first: steps × frame positions × window × 4·filters × (channels + filters)', () => {
    const r = result([4, 3, 6, 5], ['ConvLSTM2D', { filters: 2, kernel_size: 3, padding: 'same', data_format: 'channels_first', return_sequences: true }]);
    expect(r.cost.macs).toBe(4n * 30n * 9n * 8n * 5n);
  });
});
