// RMSNorm (Zhang & Sennrich, 2019), the normalisation of Llama, Mistral, Gemma and Qwen: x / rms(x) · γ, with
// no mean subtracted and no β. Keras 3 has it as RMSNormalization; PyTorch as nn.RMSNorm (2.4+), and every
// Hugging Face decoder writes it from one nn.Parameter (LlamaRMSNorm.weight).
import { shapeText } from '../common';
import { int } from '../fields';
import type { LayerContext, LayerSpec } from '../types';

/** The normalised axis as an index into dims (Keras counts the batch axis as 0), or -1 when outside. */
function axisIndex(ctx: LayerContext): number {
  const rank = ctx.inputs[0].dims.length;
  const axis = int(ctx, 'axis');
  const index = axis < 0 ? rank + axis : axis - 1;
  return index >= 0 && index < rank ? index : -1;
}

export const RMSNormalization: LayerSpec = {
  type: 'RMSNormalization',
  family: 'normalization',
  description: 'Root-mean-square normalization: each vector scaled by the inverse of its RMS, then by a learned γ (no β).',
  pytorch: 'nn.RMSNorm',
  kerasAliases: ['RMSNorm'],
  fields: [
    { name: 'axis', kind: 'int', default: -1, min: -8, help: 'The normalised axis; γ has its size' },
    { name: 'epsilon', kind: 'float', default: 1e-6, min: 0 },
  ],
  summary: ['axis?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const index = axisIndex(ctx);
    if (index < 0) return { field: 'axis', message: `axis ${int(ctx, 'axis')} is outside the input ${shapeText(ctx, ctx.inputs[0])}` };
    if (ctx.inputs[0].dims[index] === null) return { field: 'axis', message: `RMSNormalization needs a known size on axis ${int(ctx, 'axis')}` };
    return ctx.inputs[0];
  },
  // Keras 3 RMSNormalization.build: `scale` of the axis's size; torch's RMSNorm and LlamaRMSNorm: `weight`.
  weights: (ctx) => [{ name: ctx.convention === 'pytorch' ? 'weight' : 'scale', shape: [ctx.inputs[0].dims[axisIndex(ctx)] as number], role: 'trainable' }],
};
