import type { FieldValue } from '../../design';
import { looksSpatial, tensor, type Dim } from '../../tensor';
import type { LayerSpec } from '../types';

export const Input: LayerSpec = {
  type: 'Input',
  family: 'input',
  kerasClass: 'InputLayer',
  description: 'Where data enters: its shape without the batch axis, channels last (None = variable length).',
  fields: [
    {
      name: 'shape',
      kind: 'dims',
      default: [32, 32, 3],
      help: 'e.g. 28, 28, 1 for an image; None, 8 for a sequence',
      // Keras 2 and TensorFlow.js write the batch axis too (the importer reads Keras 3's spellings itself).
      keras: 'batch_input_shape',
      fromKeras: (v) => (Array.isArray(v) ? v.slice(1) : (v as FieldValue)),
      toKeras: (v) => [null, ...(v as Dim[])],
    },
    {
      name: 'layout',
      kind: 'enum',
      default: 'auto',
      options: ['auto', 'channels_last', 'features'],
      help: 'channels_last: an image, volume or signal whose last axis is channels (PyTorch shows it first); features: a vector or sequence; auto: channels_last from 3 axes up',
      // Keras tensors carry no layout: nothing to write (and Keras refuses config keys it does not know).
      toKeras: () => undefined,
    },
  ],
  summary: ['shape'],
  inputs: { min: 0, max: 0 },
  inferShape: (ctx) => {
    const dims = ctx.values.shape as (number | null)[];
    const layout = ctx.values.layout;
    if (dims.length === 0) return { field: 'shape', message: 'shape needs at least one axis' };
    return tensor(dims, layout === 'channels_last' || (layout === 'auto' && looksSpatial(dims)));
  },
};
