// Keras defaults and call conventions, pinned down on models written in the exact Keras 3 layout.
// Shared fixtures and checks: keras3-helpers.ts.
import { describe, expect, it } from 'vitest';
import { importKerasModel } from '../src/shared/keras/import';
import { reportImport, type CountReport } from '../src/shared/report';
import { dtypePolicy, kerasTensor } from './keras3-format';
import { expectLikeTfjs, keras3Of, paramsByName, usable } from './keras3-helpers';

// Hand-built models in the exact Keras 3 layout, to pin down Keras defaults and call conventions.
const layer3 = (className: string, config: Record<string, unknown>, calls: unknown[] = [], buildShape?: unknown) => ({
  module: 'keras.layers',
  class_name: className,
  config: className === 'InputLayer' ? config : { name: config.name, trainable: true, dtype: dtypePolicy(), ...config },
  registered_name: null,
  ...(buildShape ? { build_config: { input_shape: buildShape } } : {}),
  name: config.name,
  inbound_nodes: calls,
});
const input3 = (name: string, batchShape: (number | null)[]) =>
  layer3('InputLayer', { batch_shape: batchShape, dtype: 'float32', sparse: false, ragged: false, name });
const call3 = (...args: unknown[]) => ({ args, kwargs: {} });
const functional3 = (name: string, layers: unknown[], inputs: unknown, outputs: unknown) => ({
  module: 'keras.src.models.functional',
  class_name: 'Functional',
  config: { name, trainable: true, layers, input_layers: inputs, output_layers: outputs },
  registered_name: 'Functional',
  build_config: { input_shape: null },
});
const nested3 = (className: string, config: Record<string, unknown>, buildShape: unknown) => ({
  module: 'keras.layers',
  class_name: className,
  config: { trainable: true, dtype: dtypePolicy(), ...config },
  registered_name: null,
  build_config: { input_shape: buildShape },
});
const count = (json: unknown) => reportImport(importKerasModel(json), 'keras');

describe('Keras defaults and call conventions', () => {
  const gruModel = (gruConfig: Record<string, unknown>) =>
    functional3(
      'gru_model',
      [
        input3('x', [null, 5, 3]),
        layer3('GRU', { name: 'gru', units: 4, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, return_sequences: false, ...gruConfig }, [
          call3(kerasTensor('x', 0, 0, [null, 5, 3])),
        ], [null, 5, 3]),
      ],
      ['x', 0, 0],
      ['gru', 0, 0],
    );

  it('GRU without reset_after counts as Keras does: reset_after=True, two bias vectors', () => {
    const report = count(gruModel({}));
    expect(report.errors).toEqual([]);
    // 3 gates · [h(h+i) + 2h], h = 4, i = 3
    expect(report.total).toBe(3 * (4 * (4 + 3) + 2 * 4)); // 108
  });

  it('GRU with reset_after: false (as tfjs writes it) has one bias vector', () => {
    expect(count(gruModel({ reset_after: false })).total).toBe(3 * (4 * (4 + 3) + 4)); // 96
    // and in the tfjs fixtures, with tfjs's own numbers
    const gruFixtures = usable.filter(([, f]) => JSON.stringify(f.model).includes('"reset_after":false'));
    expect(gruFixtures.length).toBeGreaterThan(3);
    for (const [, fixture] of gruFixtures) expectLikeTfjs(importKerasModel(keras3Of(fixture)), fixture);
  });

  it('Bidirectional and TimeDistributed with nested Keras 3 layer objects', () => {
    const lstm = { units: 3, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, return_sequences: true, go_backwards: false };
    const model = functional3(
      'wrappers',
      [
        input3('seq', [null, 4, 2]),
        layer3(
          'Bidirectional',
          {
            name: 'bidirectional',
            merge_mode: 'concat',
            layer: nested3('LSTM', { name: 'forward_lstm', ...lstm }, [null, 4, 2]),
            backward_layer: nested3('LSTM', { name: 'backward_lstm', ...lstm, go_backwards: true }, [null, 4, 2]),
          },
          [call3(kerasTensor('seq', 0, 0, [null, 4, 2]))],
          [null, 4, 2],
        ),
        layer3(
          'TimeDistributed',
          { name: 'time_distributed', layer: nested3('Dense', { name: 'dense', units: 5, activation: 'linear', use_bias: true }, [null, 6]) },
          [call3(kerasTensor('bidirectional', 0, 0, [null, 4, 6]))],
          [null, 4, 6],
        ),
      ],
      ['seq', 0, 0],
      ['time_distributed', 0, 0],
    );
    const report = count(model);
    expect(report.errors).toEqual([]);
    const bidirectional = 2 * 4 * (3 * (3 + 2) + 3); // two LSTMs, 4 gates · [h(h+i) + h], h = 3, i = 2: 144
    const timeDistributed = 6 * 5 + 5; // Dense(5) on 2·3 concatenated features: 35
    expect(paramsByName(report)).toMatchObject({ bidirectional, time_distributed: timeDistributed });
    expect(report.total).toBe(bidirectional + timeDistributed);
    expect(report.layers.map((l) => l.outputShape)).toEqual([
      [null, 4, 2],
      [null, 4, 6],
      [null, 4, 5],
    ]);
  });

  // Keras 3 always writes backward_layer. It is a copy of the forward layer unless the model passed its own
  // (Bidirectional(LSTM(3), backward_layer=GRU(2, go_backwards=True))), which may differ in type and units.
  it('Bidirectional with a backward_layer of its own counts that layer', () => {
    const common = { activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, return_sequences: true };
    const model = functional3(
      'own_backward',
      [
        input3('seq', [null, 4, 2]),
        layer3(
          'Bidirectional',
          {
            name: 'bidirectional',
            merge_mode: 'concat',
            layer: nested3('LSTM', { name: 'forward_lstm', units: 3, go_backwards: false, ...common }, [null, 4, 2]),
            backward_layer: nested3('GRU', { name: 'backward_gru', units: 2, go_backwards: true, ...common }, [null, 4, 2]),
          },
          [call3(kerasTensor('seq', 0, 0, [null, 4, 2]))],
          [null, 4, 2],
        ),
      ],
      ['seq', 0, 0],
      ['bidirectional', 0, 0],
    );
    const report = count(model);
    expect(report.errors).toEqual([]);
    const forward = 4 * (3 * (3 + 2) + 3); // LSTM(3) on 2 features: 72
    const backward = 3 * (2 * (2 + 2) + 2 * 2); // GRU(2), reset_after by default (two biases): 36
    expect(report.layers.find((l) => l.name === 'bidirectional')).toMatchObject({ params: forward + backward, outputShape: [null, 4, 3 + 2] });
  });

  // Keras 3 writes Python operators on tensors as op layers (the real transformer file has `x + res` as
  // {"module": "keras.src.ops.numpy", "class_name": "Add"}). With a constant operand, `x * 0.5` is a
  // Multiply op with one tensor and one number: no weights, the tensor's shape.
  it('an op layer with a constant operand (x * 0.5) passes its tensor on', () => {
    const model = functional3(
      'scaled',
      [
        input3('x', [null, 4]),
        {
          module: 'keras.src.ops.numpy',
          class_name: 'Multiply',
          config: { name: 'multiply' },
          registered_name: 'Multiply',
          name: 'multiply',
          inbound_nodes: [{ args: [kerasTensor('x', 0, 0, [null, 4]), 0.5], kwargs: {} }],
        },
        layer3('Dense', { name: 'dense', units: 2, activation: 'linear', use_bias: true }, [call3(kerasTensor('multiply', 0, 0, [null, 4]))], [null, 4]),
      ],
      ['x', 0, 0],
      ['dense', 0, 0],
    );
    const report = count(model);
    expect(report.errors).toEqual([]);
    expect(report.layers.find((l) => l.name === 'multiply')).toMatchObject({ params: 0, outputShape: [null, 4] });
    expect(report.total).toBe(4 * 2 + 2);
  });

  describe('MultiHeadAttention(num_heads=2, key_dim=4): query (None, 5, 8), value (None, 7, 6)', () => {
    // Keras's weight layout: query/key/value kernels [features, heads, key_dim] + biases [heads, key_dim],
    // attention_output kernel [heads, value_dim, query features] + bias [query features]; key defaults to value.
    const query = 8 * 2 * 4 + 2 * 4;
    const key = 6 * 2 * 4 + 2 * 4;
    const value = 6 * 2 * 4 + 2 * 4;
    const output = 2 * 4 * 8 + 8;
    const expected = query + key + value + output; // 72 + 56 + 56 + 72 = 256
    const mhaConfig = { name: 'mha', num_heads: 2, key_dim: 4, value_dim: null, dropout: 0, use_bias: true, output_shape: null, attention_axes: null };

    const keras2 = (node: unknown[]) => ({
      class_name: 'Functional',
      config: {
        name: 'attention',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 5, 8], dtype: 'float32', sparse: false, ragged: false, name: 'query' }, name: 'query', inbound_nodes: [] },
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 7, 6], dtype: 'float32', sparse: false, ragged: false, name: 'value' }, name: 'value', inbound_nodes: [] },
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 7, 10], dtype: 'float32', sparse: false, ragged: false, name: 'key' }, name: 'key', inbound_nodes: [] },
          { class_name: 'MultiHeadAttention', config: { trainable: true, dtype: 'float32', ...mhaConfig }, name: 'mha', inbound_nodes: [node] },
        ],
        input_layers: [['query', 0, 0], ['value', 0, 0], ['key', 0, 0]],
        output_layers: [['mha', 0, 0]],
      },
      keras_version: '2.15.0',
      backend: 'tensorflow',
    });
    const q = kerasTensor('query', 0, 0, [null, 5, 8]);
    const v = kerasTensor('value', 0, 0, [null, 7, 6]);
    const k = kerasTensor('key', 0, 0, [null, 7, 10]);
    const keras3 = (node: unknown) =>
      functional3(
        'attention',
        [input3('query', [null, 5, 8]), input3('value', [null, 7, 6]), input3('key', [null, 7, 10]), layer3('MultiHeadAttention', mhaConfig, [node])],
        [['query', 0, 0], ['value', 0, 0], ['key', 0, 0]],
        ['mha', 0, 0],
      );
    const mhaRow = (report: CountReport) => report.layers.find((l) => l.name === 'mha');

    it('Keras 2: value as a keyword argument of the call node', () => {
      const report = count(keras2([['query', 0, 0, { value: ['value', 0, 0] }]]));
      expect(report.errors).toEqual([]);
      expect(mhaRow(report)).toMatchObject({ params: expected, outputShape: [null, 5, 8] });
      expect(report.total).toBe(expected);
    });

    it('Keras 3: {"args": [query], "kwargs": {"value": value}}', () => {
      const report = count(keras3({ args: [q], kwargs: { value: v } }));
      expect(report.errors).toEqual([]);
      expect(mhaRow(report)).toMatchObject({ params: expected, outputShape: [null, 5, 8] });
    });

    it('Keras 3: {"args": [query, value]} (how the real transformer file calls it)', () => {
      expect(mhaRow(count(keras3({ args: [q, v], kwargs: {} })))).toMatchObject({ params: expected, outputShape: [null, 5, 8] });
    });

    // With a key of its own, (None, 7, 10), the key projection reads 10 features: 10·2·4 + 2·4 = 88.
    const withKey = query + (10 * 2 * 4 + 2 * 4) + value + output; // 288

    it('Keras 2: value and key both as keyword arguments', () => {
      const report = count(keras2([['query', 0, 0, { key: ['key', 0, 0], value: ['value', 0, 0] }]]));
      expect(report.errors).toEqual([]);
      expect(mhaRow(report)?.params).toBe(withKey);
    });

    it('Keras 3: key before value in kwargs still means key = the key tensor', () => {
      const report = count(keras3({ args: [q], kwargs: { key: k, value: v } }));
      expect(report.errors).toEqual([]);
      expect(mhaRow(report)?.params).toBe(withKey);
    });

    it('Keras 3: non-tensor kwargs (training, masks) are not inputs', () => {
      const report = count(keras3({ args: [q, v], kwargs: { training: false, attention_mask: null, use_causal_mask: false } }));
      expect(report.errors).toEqual([]);
      expect(mhaRow(report)?.params).toBe(expected);
    });
  });
});
