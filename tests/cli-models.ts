// Small Keras models the command-line tests write to files, each count worked out by hand.
import { dtypePolicy, kerasTensor } from './keras3-format';

// Keras 3 model.to_json() of a Sequential: InputLayer with batch_shape, then the layers.
const keras3Layer = (className: string, config: Record<string, unknown>, inputShape: (number | null)[]) => ({
  module: 'keras.layers',
  class_name: className,
  config: { name: config.name, trainable: true, dtype: dtypePolicy(), ...config },
  registered_name: null,
  build_config: { input_shape: inputShape },
});
const sequential3 = (name: string, inputShape: (number | null)[], layers: unknown[]) => ({
  module: 'keras',
  class_name: 'Sequential',
  config: {
    name,
    trainable: true,
    dtype: dtypePolicy(),
    layers: [
      { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: inputShape, dtype: 'float32', sparse: false, ragged: false, name: 'input_layer' }, registered_name: null },
      ...layers,
    ],
    build_input_shape: inputShape,
  },
  registered_name: null,
  build_config: { input_shape: inputShape },
});

// The seed FFNN: 3 inputs → Dense(5) → Dense(2).
export const ffnn = sequential3('seed_ffnn', [null, 3], [
  keras3Layer('Dense', { name: 'hidden', units: 5, activation: 'relu', use_bias: true }, [null, 3]),
  keras3Layer('Dense', { name: 'output', units: 2, activation: 'linear', use_bias: true }, [null, 5]),
]);
export const FFNN_TOTAL = 3 * 5 + 5 + (5 * 2 + 2); // 32

// LSTM(2) on sequences of 3 features.
export const lstm = sequential3('lstm_2_on_3', [null, 10, 3], [
  keras3Layer('LSTM', { name: 'lstm', units: 2, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, return_sequences: false }, [null, 10, 3]),
]);

// Dense(10^9) on an input of 10^9 features, as Keras 2 to_json() writes a Functional model.
export const billion = 1_000_000_000;
export const huge = {
  class_name: 'Functional',
  config: {
    name: 'huge',
    layers: [
      { class_name: 'InputLayer', config: { batch_input_shape: [null, billion], dtype: 'float32', sparse: false, ragged: false, name: 'input_1' }, name: 'input_1', inbound_nodes: [] },
      { class_name: 'Dense', config: { name: 'dense', trainable: true, dtype: 'float32', units: billion, activation: 'linear', use_bias: true }, name: 'dense', inbound_nodes: [[['input_1', 0, 0, {}]]] },
    ],
    input_layers: [['input_1', 0, 0]],
    output_layers: [['dense', 0, 0]],
  },
  keras_version: '2.15.0',
  backend: 'tensorflow',
};
// 10^9 · 10^9 weights + 10^9 biases, far beyond 2^53: only a decimal string carries it exactly.
export const HUGE_TOTAL = (10n ** 9n * 10n ** 9n + 10n ** 9n).toString();

// A Functional model with an unknown layer: a file with errors.
export const withLambda = {
  module: 'keras.src.models.functional',
  class_name: 'Functional',
  config: {
    name: 'with_lambda',
    trainable: true,
    layers: [
      { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4], dtype: 'float32', sparse: false, ragged: false, name: 'x' }, registered_name: null, name: 'x', inbound_nodes: [] },
      { ...keras3Layer('Lambda', { name: 'lambda', function: { class_name: '__lambda__', config: { value: ['4wEAAAAA', null, null] } } }, [null, 4]), name: 'lambda', inbound_nodes: [{ args: [kerasTensor('x', 0, 0, [null, 4])], kwargs: {} }] },
    ],
    input_layers: ['x', 0, 0],
    output_layers: ['lambda', 0, 0],
  },
  registered_name: 'Functional',
};
