import { activation } from '../common';
import type { LayerSpec } from '../types';

/** Layers that keep the shape and hold no weights. */
const passThrough = (type: string, description: string, pytorch: string, fields: LayerSpec['fields']): LayerSpec => ({
  type,
  family: 'core',
  description,
  pytorch,
  fields,
  summary: fields.map((f) => f.name),
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => ctx.inputs[0],
});

export const Dropout = passThrough('Dropout', 'Zeroes a random fraction of activations while training.', 'nn.Dropout', [
  { name: 'rate', kind: 'float', required: true, default: 0.5, min: 0, max: 1 },
]);

export const Activation = passThrough('Activation', 'Applies a function element-wise.', 'nn.ReLU, nn.Tanh…', [
  activation('relu'),
]);
