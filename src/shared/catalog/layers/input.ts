import { tensor } from '../../tensor';
import type { LayerSpec } from '../types';

export const Input: LayerSpec = {
  type: 'Input',
  family: 'input',
  description: 'Where data enters: its shape without the batch axis, channels last (None = variable length).',
  fields: [{ name: 'shape', kind: 'dims', default: [32, 32, 3], help: 'e.g. 28, 28, 1 for an image; None, 8 for a sequence' }],
  inputs: { min: 0, max: 0 },
  // Rank ≥ 3 (e.g. height, width, channels) is an image or volume: PyTorch shows it channels-first.
  inferShape: (ctx) => {
    const dims = ctx.values.shape as (number | null)[];
    return dims.length === 0
      ? { field: 'shape', message: 'shape needs at least one axis' }
      : tensor(dims, dims.length >= 3);
  },
};
