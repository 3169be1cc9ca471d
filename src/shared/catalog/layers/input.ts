import { looksSpatial, tensor } from '../../tensor';
import type { LayerSpec } from '../types';

export const Input: LayerSpec = {
  type: 'Input',
  family: 'input',
  description: 'Where data enters: its shape without the batch axis, channels last (None = variable length).',
  fields: [
    { name: 'shape', kind: 'dims', default: [32, 32, 3], help: 'e.g. 28, 28, 1 for an image; None, 8 for a sequence' },
    {
      name: 'layout',
      kind: 'enum',
      default: 'auto',
      options: ['auto', 'channels_last', 'features'],
      help: 'channels_last: an image, volume or signal whose last axis is channels (PyTorch shows it first); features: a vector or sequence; auto: channels_last from 3 axes up',
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
