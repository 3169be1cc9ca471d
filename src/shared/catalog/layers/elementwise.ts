import { activation, shapeKeeping } from '../common';

export const Dropout = shapeKeeping(
  'Dropout',
  'core',
  'Applies dropout to the input: zeroes a random fraction of activations while training.',
  [{ name: 'rate', kind: 'float', required: true, default: 0.5, min: 0, max: 1, torch: 'p' }],
  { torch: 'nn.Dropout' },
);

// Keras has no default activation for the layer: it is always written, and always shown.
export const Activation = shapeKeeping('Activation', 'core', 'Applies an activation function to an output.', [{ ...activation('relu'), required: true }], {
  pytorch: 'nn.ReLU, nn.Tanh…',
});
