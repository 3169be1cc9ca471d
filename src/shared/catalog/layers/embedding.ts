import { tensor } from '../../tensor';
import { int } from '../fields';
import type { LayerSpec } from '../types';

export const Embedding: LayerSpec = {
  type: 'Embedding',
  family: 'core',
  description: 'Turns nonnegative integers (indexes) into dense vectors of fixed size.',
  torch: 'nn.Embedding',
  // Masking padding ids (0) changes what later layers see, not a count or a shape.
  kerasIgnored: ['mask_zero'],
  kernel: { name: 'embeddings' },
  fields: [
    { name: 'input_dim', kind: 'int', required: true, default: 1000, min: 1, torch: 'num_embeddings', help: 'Vocabulary size' },
    { name: 'output_dim', kind: 'int', required: true, default: 64, min: 1, torch: 'embedding_dim' },
  ],
  summary: ['input_dim', 'output_dim'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => tensor([...ctx.inputs[0].dims, int(ctx, 'output_dim')]),
  weights: (ctx) => [
    {
      name: ctx.convention === 'pytorch' ? 'weight' : 'embeddings',
      shape: [int(ctx, 'input_dim'), int(ctx, 'output_dim')],
      role: 'trainable',
    },
  ],
};
