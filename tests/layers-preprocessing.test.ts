// Regularization and preprocessing layers where neither the tfjs oracle nor tests/fixtures/keras-handcounted
// reaches: models as Keras writes them, every expected number worked out from Keras's own source (cited at
// each case: keras-team/keras keras/src/…, Keras 3; keras-team/tf-keras tf_keras/…, Keras 2), none from Paramsketch.
import { describe, expect, it } from 'vitest';
import { importKerasModel } from '../src/shared/keras/import';
import { reportImport } from '../src/shared/report';

type Config = Record<string, unknown>;

/** A Sequential model as tf.keras 2 writes it (model.to_json()): an InputLayer, then the layers l0, l1, … */
const sequential = (input: (number | null)[], ...layers: [className: string, config: Config][]) => ({
  class_name: 'Sequential',
  config: {
    name: 'model',
    layers: [
      { class_name: 'InputLayer', config: { batch_input_shape: [null, ...input], dtype: 'float32', name: 'input' } },
      ...layers.map(([className, config], i) => ({ class_name: className, config: { name: `l${i}`, trainable: true, ...config } })),
    ],
  },
  keras_version: '2.15.0',
  backend: 'tensorflow',
});

function counted(model: unknown) {
  const imported = importKerasModel(model);
  const report = reportImport(imported, 'keras');
  const layers = Object.fromEntries(report.layers.map((l) => [l.name, { shape: l.outputShape, params: l.params, nonTrainable: l.nonTrainable }]));
  return { errors: report.errors, warnings: imported.warnings, total: report.total, layers };
}

/** The problems of one layer (the model's errors on it). */
const problemsOf = (model: unknown, layer: string) => counted(model).errors.filter((e) => e.path[0] === layer).map((e) => e.message);

describe('regularization layers', () => {
  it('SpatialDropout2D and 3D keep the shape and hold nothing; ActivityRegularization and Identity too', () => {
    // tf_keras/layers/regularization/spatial_dropout2d.py, spatial_dropout3d.py: Dropout subclasses (Dropout.compute_output_shape
    // returns input_shape), InputSpec(ndim=4) / (ndim=5), no add_weight. activity_regularization.py and core/identity.py: the
    // input shape, no weights. Conv2D(2, 3) after: 3·3·4·2 + 2 = 74.
    const image = counted(
      sequential(
        [8, 8, 4],
        ['SpatialDropout2D', { rate: 0.3, data_format: 'channels_last' }],
        ['ActivityRegularization', { l1: 0.01, l2: 0 }],
        ['Identity', {}],
        ['Conv2D', { filters: 2, kernel_size: [3, 3] }],
      ),
    );
    expect(image.errors).toEqual([]);
    expect(image.warnings).toEqual([]);
    expect(image.layers.l0).toEqual({ shape: [null, 8, 8, 4], params: 0, nonTrainable: 0 });
    expect(image.layers.l1).toEqual({ shape: [null, 8, 8, 4], params: 0, nonTrainable: 0 });
    expect(image.layers.l2).toEqual({ shape: [null, 8, 8, 4], params: 0, nonTrainable: 0 });
    expect(image.layers.l3).toEqual({ shape: [null, 6, 6, 2], params: 74, nonTrainable: 0 });
    expect(image.total).toBe(74);

    const volume = counted(sequential([4, 6, 6, 2], ['SpatialDropout3D', { rate: 0.5, data_format: 'channels_last' }]));
    expect(volume.layers.l0).toEqual({ shape: [null, 4, 6, 6, 2], params: 0, nonTrainable: 0 });
  });

  it('SpatialDropout2D on a sequence is refused, as its InputSpec(ndim=4) refuses it', () => {
    expect(problemsOf(sequential([10, 4], ['SpatialDropout2D', { rate: 0.3 }]), 'l0')).toHaveLength(1);
  });

  it("reads Keras 1's spellings: GaussianNoise(sigma), SpatialDropout2D(p, dim_ordering='th')", () => {
    // Keras 1.2.2 keras/layers/noise.py GaussianNoise(sigma), keras/layers/core.py SpatialDropout2D(p, dim_ordering): the
    // 'th' ordering is channels first, so the Convolution2D after it reads 3 channels: 3·3·3·5 + 5 = 140 on (None, 5, 6, 6).
    const model = {
      class_name: 'Sequential',
      config: [
        { class_name: 'GaussianNoise', config: { name: 'noise', sigma: 0.1, batch_input_shape: [null, 3, 8, 8], input_dtype: 'float32', trainable: true } },
        { class_name: 'SpatialDropout2D', config: { name: 'drop', p: 0.2, dim_ordering: 'th', trainable: true } },
        {
          class_name: 'Convolution2D',
          config: { name: 'conv', nb_filter: 5, nb_row: 3, nb_col: 3, border_mode: 'valid', subsample: [1, 1], dim_ordering: 'th', bias: true, activation: 'linear', trainable: true },
        },
      ],
      keras_version: '1.2.2',
    };
    const { errors, warnings, layers, total } = counted(model);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(layers.drop.shape).toEqual([null, 3, 8, 8]);
    expect(layers.conv).toEqual({ shape: [null, 5, 6, 6], params: 140, nonTrainable: 0 });
    expect(total).toBe(140);
  });
});

describe('image preprocessing', () => {
  it('RandomHeight and RandomWidth make that axis None (tf.keras only)', () => {
    // tf_keras/layers/preprocessing/image_preprocessing.py RandomHeight.compute_output_shape: input_shape[H_AXIS] = None;
    // RandomWidth: input_shape[W_AXIS] = None (H_AXIS = -3, W_AXIS = -2); no weights. Conv2D(4, 3): 3·3·3·4 + 4 = 112.
    const model = counted(
      sequential(
        [32, 24, 3],
        ['RandomHeight', { factor: 0.2, interpolation: 'bilinear', seed: null }],
        ['RandomWidth', { factor: [-0.1, 0.3], interpolation: 'bilinear', seed: null }],
        ['Conv2D', { filters: 4, kernel_size: [3, 3] }],
      ),
    );
    expect(model.errors).toEqual([]);
    expect(model.warnings).toEqual([]);
    expect(model.layers.l0).toEqual({ shape: [null, null, 24, 3], params: 0, nonTrainable: 0 });
    expect(model.layers.l1).toEqual({ shape: [null, null, null, 3], params: 0, nonTrainable: 0 });
    expect(model.layers.l2).toEqual({ shape: [null, null, null, 4], params: 112, nonTrainable: 0 });
  });

  it("Keras 3's channels_first CenterCrop, Resizing and RandomCrop set the last two axes", () => {
    // keras/src/layers/preprocessing/image_preprocessing/center_crop.py, resizing.py, random_crop.py compute_output_shape:
    // a batched channels_first input gets input_shape[2] = height, input_shape[3] = width.
    const model = counted(
      sequential(
        [3, 40, 30],
        ['Resizing', { height: 36, width: 28, interpolation: 'bilinear', crop_to_aspect_ratio: false, pad_to_aspect_ratio: false, fill_mode: 'constant', fill_value: 0, antialias: false, data_format: 'channels_first' }],
        ['CenterCrop', { height: 32, width: 24, data_format: 'channels_first' }],
        ['RandomCrop', { height: 16, width: 16, seed: 7, data_format: 'channels_first' }],
        ['RandomFlip', { mode: 'horizontal', seed: null, data_format: 'channels_first' }],
      ),
    );
    expect(model.errors).toEqual([]);
    expect(model.warnings).toEqual([]);
    expect(model.layers.l0.shape).toEqual([null, 3, 36, 28]);
    expect(model.layers.l1.shape).toEqual([null, 3, 32, 24]);
    expect(model.layers.l2.shape).toEqual([null, 3, 16, 16]);
    expect(model.layers.l3.shape).toEqual([null, 3, 16, 16]);
    expect(model.total).toBe(0);
  });

  it('a factor that is not a number or a (low, high) pair is a problem on the field', () => {
    expect(problemsOf(sequential([8, 8, 3], ['RandomRotation', { factor: [0.1, 0.2, 0.3] }]), 'l0')).toEqual([
      "factor must be a number or a (low, high) pair, got '[0.1, 0.2, 0.3]'",
    ]);
  });
});

describe('Normalization', () => {
  it('given a mean and variance, holds them as constants: no weights', () => {
    // keras/src/layers/preprocessing/normalization.py build(): with input_mean set, mean and variance are tensors
    // (ops.cast of the broadcast values), not add_weight. Dense(2) after: 3·2 + 2 = 8.
    const model = counted(
      sequential([3], ['Normalization', { axis: [-1], mean: [1, 2, 3], variance: [1, 4, 9], invert: false }], ['Dense', { units: 2 }]),
    );
    expect(model.errors).toEqual([]);
    expect(model.layers.l0).toEqual({ shape: [null, 3], params: 0, nonTrainable: 0 });
    expect(model.total).toBe(8);
  });

  it('a scalar mean broadcasts to the kept axes; one that cannot is a problem', () => {
    // build(): a scalar is broadcast to _broadcast_shape; a mean of shape (2,) cannot be placed on a kept axis of 3.
    expect(counted(sequential([3], ['Normalization', { axis: [-1], mean: 3, variance: 2 }])).layers.l0.params).toBe(0);
    expect(problemsOf(sequential([3], ['Normalization', { axis: [-1], mean: [1, 2], variance: [1, 1] }]), 'l0')).toHaveLength(1);
    // __init__: mean and variance must be set together.
    expect(problemsOf(sequential([3], ['Normalization', { axis: [-1], mean: [1, 2, 3], variance: null }]), 'l0')).toHaveLength(1);
  });

  it('adapted over a 4-D input keeping channels: mean and variance (C,) and a count', () => {
    // build(): mean_and_var_shape = (input_shape[3],) for axis -1 on (None, 6, 6, 5): 5 + 5 + count 1 = 11, all
    // trainable=False.
    const model = counted(sequential([6, 6, 5], ['Normalization', { axis: [-1], mean: null, variance: null }]));
    expect(model.layers.l0).toEqual({ shape: [null, 6, 6, 5], params: 11, nonTrainable: 11 });
  });

  it('keeping an axis of unknown size is a problem, as build() raises', () => {
    // build(): "All `axis` values to be kept must have a known shape" for axis 1 of (None, None, 4).
    expect(problemsOf(sequential([null, 4], ['Normalization', { axis: [1], mean: null, variance: null }]), 'l0')).toHaveLength(1);
    // axis 3 is outside [-ndim, ndim) for ndim 3.
    expect(problemsOf(sequential([5, 4], ['Normalization', { axis: [3], mean: null, variance: null }]), 'l0')).toHaveLength(1);
  });
});

describe('categorical preprocessing', () => {
  it('Discretization multi_hot on a 3-D input drops the first axis after the batch', () => {
    // keras/src/layers/preprocessing/discretization.py compute_output_shape (Keras 3.15): multi_hot/count on len ≥ 2 give
    // (input_shape[0],) + input_shape[2:] + (depth,), depth = len(bin_boundaries) + 1 = 3: (None, 2, 4) → (None, 4, 3).
    // count with num_bins 5 and no boundaries: depth 5.
    const model = counted(
      sequential(
        [2, 4],
        ['Discretization', { bin_boundaries: [0, 1], num_bins: null, epsilon: 0.01, output_mode: 'multi_hot', sparse: false }],
      ),
    );
    expect(model.errors).toEqual([]);
    expect(model.layers.l0.shape).toEqual([null, 4, 3]);
    const bins = counted(sequential([1], ['Discretization', { bin_boundaries: null, num_bins: 5, epsilon: 0.01, output_mode: 'one_hot', sparse: false }]));
    expect(bins.layers.l0.shape).toEqual([null, 5]);
  });

  it('StringLookup without vocabulary_size in its config sizes the vocabulary as set_vocabulary() does', () => {
    // keras/src/layers/preprocessing/index_lookup.py set_vocabulary(): size = _token_start_index() + len(tokens), the
    // mask counted for int outputs only; a vocabulary starting with the special tokens has them already.
    // ['a', 'b', 'c'], no mask, 1 OOV, multi_hot on (None, 2): depth 4 → (None, 4).
    const plain = counted(sequential([2], ['StringLookup', { vocabulary: ['a', 'b', 'c'], mask_token: null, oov_token: '[UNK]', num_oov_indices: 1, output_mode: 'multi_hot' }]));
    expect(plain.errors).toEqual([]);
    expect(plain.warnings).toEqual([]);
    expect(plain.layers.l0.shape).toEqual([null, 4]);
    // ['[UNK]', 'a', 'b'] with mask '' in count mode: the mask takes no index (_oov_start_index 0), the special tokens are
    // ['[UNK]'], found at the start: 1 + 2 tokens = 3; count on (None, 1) → (None, 3).
    const special = counted(sequential([1], ['StringLookup', { vocabulary: ['[UNK]', 'a', 'b'], mask_token: '', oov_token: '[UNK]', num_oov_indices: 1, output_mode: 'count' }]));
    expect(special.layers.l0.shape).toEqual([null, 3]);
  });

  it('what a lookup refuses is a problem: invert with an encoding, pad_to_max_tokens without max_tokens', () => {
    // index_lookup.py __init__: "`output_mode` must be `'int'` when `invert` is true"; "If pad_to_max_tokens is True,
    // must set `max_tokens`".
    expect(problemsOf(sequential([1], ['IntegerLookup', { vocabulary_size: 5, invert: true, output_mode: 'one_hot' }]), 'l0')).toHaveLength(1);
    expect(problemsOf(sequential([1], ['IntegerLookup', { vocabulary_size: 5, pad_to_max_tokens: true, max_tokens: null, output_mode: 'count' }]), 'l0')).toHaveLength(1);
  });

  it('TextVectorization: int gives (batch, output_sequence_length); without split, an encoding of (None, 1) gives (None, depth)', () => {
    // keras/src/layers/preprocessing/text_vectorization.py compute_output_shape: 'int' → (input_shape[0],
    // output_sequence_length); split None on (None, 1) leaves the shape, and the lookup's one_hot replaces a last axis of 1
    // (index_lookup.py compute_output_shape): (None, 7); with split, a token axis None is added: one_hot on (None, 1, None)
    // appends: (None, 1, None, 7).
    const common = { max_tokens: null, standardize: 'lower_and_strip_punctuation', ngrams: null, pad_to_max_tokens: false, sparse: false, ragged: false, vocabulary: null, idf_weights: null, encoding: 'utf-8' };
    const model = {
      class_name: 'Model',
      config: {
        name: 'model',
        layers: [
          { class_name: 'InputLayer', name: 'text', config: { batch_input_shape: [null, 1], dtype: 'string', name: 'text' }, inbound_nodes: [] },
          { class_name: 'TextVectorization', name: 'ints', config: { name: 'ints', ...common, split: 'whitespace', output_mode: 'int', output_sequence_length: null, vocabulary_size: 7 }, inbound_nodes: [[['text', 0, 0, {}]]] },
          { class_name: 'TextVectorization', name: 'whole', config: { name: 'whole', ...common, split: null, output_mode: 'one_hot', output_sequence_length: null, vocabulary_size: 7 }, inbound_nodes: [[['text', 0, 0, {}]]] },
          { class_name: 'TextVectorization', name: 'words', config: { name: 'words', ...common, split: 'whitespace', output_mode: 'one_hot', output_sequence_length: null, vocabulary_size: 7 }, inbound_nodes: [[['text', 0, 0, {}]]] },
        ],
        input_layers: [['text', 0, 0]],
        output_layers: [['ints', 0, 0], ['whole', 0, 0], ['words', 0, 0]],
      },
      keras_version: '2.15.0',
      backend: 'tensorflow',
    };
    const { errors, warnings, layers } = counted(model);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(layers.ints.shape).toEqual([null, null]);
    expect(layers.whole.shape).toEqual([null, 7]);
    expect(layers.words.shape).toEqual([null, 1, null, 7]);
  });

  it("TextVectorization refuses output_sequence_length outside 'int', as its __init__ does", () => {
    expect(problemsOf(sequential([1], ['TextVectorization', { output_mode: 'multi_hot', output_sequence_length: 8, vocabulary_size: 5 }]), 'l0')).toHaveLength(1);
  });

  it("CategoryEncoding reads tf.keras's deprecated max_tokens and output_mode 'binary'", () => {
    // tf_keras/layers/preprocessing/category_encoding.py __init__: max_tokens → num_tokens, 'binary' → 'multi_hot';
    // compute_output_shape: input_shape[:-1] + [num_tokens] = (None, 10). Hashing one_hot on (None, 1):
    // keras/src/layers/preprocessing/hashing.py compute_output_shape, input_shape[:-1] + (num_bins,) = (None, 5).
    const encoded = counted(sequential([4], ['CategoryEncoding', { max_tokens: 10, output_mode: 'binary', sparse: false }]));
    expect(encoded.errors).toEqual([]);
    expect(encoded.warnings).toEqual([]);
    expect(encoded.layers.l0.shape).toEqual([null, 10]);
    const hashed = counted(sequential([1], ['Hashing', { num_bins: 5, mask_value: null, salt: null, output_mode: 'one_hot', sparse: false }]));
    expect(hashed.layers.l0.shape).toEqual([null, 5]);
  });
});
