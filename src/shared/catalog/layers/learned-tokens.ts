// The learned tensors a vision transformer adds to its patch sequence (torchvision's VisionTransformer:
// `class_token` and `encoder.pos_embedding`, each an nn.Parameter). Written here until the catalog has a
// general Parameter node (issue 16 §1); these two are what ViT needs, counted as torch counts them.
import { tensor } from '../../tensor';
import { shapeText } from '../common';
import type { LayerContext, LayerSpec } from '../types';

/** A sequence (steps, features) with a known feature size, or why not. */
function sequenceOf(ctx: LayerContext, type: string): { steps: number | null; features: number } | { message: string } {
  const dims = ctx.inputs[0].dims;
  if (dims.length !== 2 || dims[1] === null) return { message: `${type} needs a sequence (steps, features) with known features, got ${shapeText(ctx, ctx.inputs[0])}` };
  return { steps: dims[0], features: dims[1] };
}

export const ClassToken: LayerSpec = {
  type: 'ClassToken',
  family: 'core',
  description: 'Prepends a learned token to a sequence (ViT’s [class] token): one more step.',
  pytorch: 'nn.Parameter',
  keras: false,
  fields: [],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const s = sequenceOf(ctx, 'ClassToken');
    return 'message' in s ? s : tensor([s.steps === null ? null : s.steps + 1, s.features]);
  },
  weights: (ctx) => [{ name: 'class_token', shape: [1, 1, ctx.inputs[0].dims[1] as number], role: 'trainable' }],
};

export const PositionEmbedding: LayerSpec = {
  type: 'PositionEmbedding',
  family: 'core',
  description: 'Adds a learned vector per position of a fixed-length sequence (ViT’s, BERT’s absolute position embedding).',
  pytorch: 'nn.Parameter',
  keras: false,
  fields: [],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const s = sequenceOf(ctx, 'PositionEmbedding');
    if ('message' in s) return s;
    return s.steps === null ? { message: 'PositionEmbedding needs a sequence of known length: one vector per position' } : ctx.inputs[0];
  },
  weights: (ctx) => [{ name: 'pos_embedding', shape: [1, ctx.inputs[0].dims[0] as number, ctx.inputs[0].dims[1] as number], role: 'trainable' }],
};
