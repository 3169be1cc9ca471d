import { looksSpatial, tensor, type Dim } from '../../tensor';
import type { LayerSpec } from '../types';

/**
 * The shape with its batch axis as Keras 2 and TensorFlow.js write it (batch_input_shape), from Keras 3's
 * batch_shape, or a first layer's input_shape (no batch axis) or Keras 1's input_dim.
 */
function batchInputShape(config: Record<string, unknown>): Record<string, unknown> {
  if (config.batch_input_shape !== undefined) return config;
  const { batch_shape, input_shape, input_dim, ...rest } = config;
  const shape = Array.isArray(batch_shape)
    ? batch_shape
    : Array.isArray(input_shape)
      ? [null, ...input_shape]
      : typeof input_dim === 'number'
        ? [null, input_dim]
        : undefined;
  return shape ? { ...rest, batch_input_shape: shape } : config;
}

export const Input: LayerSpec = {
  type: 'Input',
  family: 'input',
  kerasClass: 'InputLayer',
  source: true,
  fromKerasConfig: batchInputShape,
  // Keras 3's optional inputs (None may be passed) still have their shape.
  kerasIgnored: ['optional'],
  description: 'Used to instantiate a Keras tensor: where data enters (its shape without the batch axis; None for a variable length).',
  fields: [
    {
      name: 'shape',
      kind: 'dims',
      default: [32, 32, 3],
      required: true,
      help: 'e.g. 28, 28, 1 for an image; None, 8 for a sequence',
      // Keras writes the batch axis too (spellings in fromKerasConfig).
      keras: 'batch_input_shape',
      fromKeras: (v) => (Array.isArray(v) ? v.slice(1) : null),
      toKeras: (v, values) => [values.batch_size ?? null, ...(v as Dim[])],
    },
    {
      name: 'batch_size',
      kind: 'int',
      default: null,
      nullable: true,
      min: 1,
      help: 'A fixed batch size (a stateful RNN needs one); None: any. Keras prints it as the first axis of every shape.',
      keras: 'batch_input_shape',
      fromKeras: (v) => (Array.isArray(v) ? v[0] : null),
      // Written as the first axis of the shape.
      toKeras: () => undefined,
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
    const out = tensor(dims, layout === 'channels_last' || (layout === 'auto' && looksSpatial(dims)));
    const batch = ctx.values.batch_size as number | null;
    return batch === null ? out : { ...out, batch };
  },
};
