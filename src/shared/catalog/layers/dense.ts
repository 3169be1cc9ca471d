import { tensor, lastDim } from '../../tensor';
import { activation, requireKnown, shapeText, useBias } from '../common';
import { bool, int } from '../fields';
import type { LayerContext, LayerSpec } from '../types';

const inputSize = (ctx: LayerContext) => lastDim(ctx.inputs[0]) as number;

export const Dense: LayerSpec = {
  type: 'Dense',
  family: 'core',
  description: 'Fully connected: every input feature to every unit, on the last axis.',
  pytorch: 'nn.Linear',
  fields: [{ name: 'units', kind: 'int', required: true, default: 32, min: 1 }, useBias, activation()],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const input = ctx.inputs[0];
    const known = requireKnown(
      lastDim(input),
      () => `Dense needs a known last axis, got ${shapeText(ctx, input)}`,
      'give the Input a fixed feature size',
    );
    if (typeof known !== 'number') return known;
    return tensor([...input.dims.slice(0, -1), int(ctx, 'units')], input.spatial);
  },
  weights: (ctx) => {
    const [i, o, bias] = [inputSize(ctx), int(ctx, 'units'), bool(ctx, 'use_bias')];
    const torch = ctx.convention === 'pytorch';
    return [
      { name: torch ? 'weight' : 'kernel', shape: torch ? [o, i] : [i, o], role: 'trainable' as const },
      ...(bias ? [{ name: 'bias', shape: [o], role: 'trainable' as const }] : []),
    ];
  },
  formula: (ctx) => {
    const [i, o] = [inputSize(ctx), int(ctx, 'units')];
    return bool(ctx, 'use_bias') ? `${i}×${o} + ${o}` : `${i}×${o}`;
  },
};
