import { tensor, lastDim } from '../../tensor';
import { activation, exactProduct, positionsOf, shapeText, useBias, WeightLists } from '../common';
import { valuesOf } from '../fields';
import { keras1 } from '../keras1';
import type { LayerContext, LayerSpec } from '../types';
import { kernelFlags, kernelWeight, withBias } from './conv';

const inputSize = (ctx: LayerContext) => lastDim(ctx.inputs[0]) as number;
const NO_WINDOW: number[] = [];
const LISTS = new WeightLists();
const fields = (ctx: LayerContext) => valuesOf<{ units: number; use_bias: boolean }>(ctx);

export const Dense: LayerSpec = {
  type: 'Dense',
  family: 'core',
  fromKerasConfig: keras1({ output_dim: 'units' }),
  description: 'Just your regular densely-connected NN layer.',
  torch: 'nn.Linear',
  kernel: { name: 'kernel' },
  fields: [{ name: 'units', kind: 'int', required: true, default: 32, min: 1, torch: 'out_features' }, useBias, activation()],
  summary: ['units', 'activation?', 'use_bias?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const input = ctx.inputs[0];
    if (lastDim(input) === null)
      return { message: `Dense needs a known last axis, got ${shapeText(ctx, input)}`, hint: 'give the Input a fixed feature size' };
    const dims = input.dims.slice();
    dims[dims.length - 1] = fields(ctx).units;
    return tensor(dims, input.spatial);
  },
  // A kernel without a window: Keras (in, out), PyTorch (out, in).
  weights: (ctx) => {
    const { units } = fields(ctx);
    const inC = inputSize(ctx);
    return LISTS.find(kernelFlags(ctx), inC, units) ?? LISTS.keep(withBias(ctx, kernelWeight(ctx, 'kernel', NO_WINDOW, inC, units), units));
  },
  // in × out at every position of the leading axes (a sequence's steps); the bias add is not a MAC.
  macs: (ctx) => exactProduct([positionsOf(ctx.inputs[0]), inputSize(ctx), fields(ctx).units]),
};
