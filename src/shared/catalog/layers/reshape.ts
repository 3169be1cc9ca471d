import { looksSpatial, tensor, type Dim } from '../../tensor';
import { requireRank, shapeText, sizeOf } from '../common';
import { int } from '../fields';
import type { LayerSpec } from '../types';

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

export const Flatten: LayerSpec = {
  type: 'Flatten',
  family: 'reshaping',
  description: 'Flattens the input. Does not affect the batch size.',
  torch: 'nn.Flatten',
  // channels_first only reorders the values before flattening (tf-keras layers/reshaping/flatten.py, call).
  kerasIgnored: ['data_format'],
  fields: [],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const dims = ctx.inputs[0].dims;
    if (dims.some((d) => d === null))
      return {
        message: `Flatten needs every axis known, got ${shapeText(ctx, ctx.inputs[0])}`,
        hint: 'give the Input fixed sizes, or use a global pooling layer instead',
      };
    return tensor([product(dims as number[])]);
  },
};

export const Reshape: LayerSpec = {
  type: 'Reshape',
  family: 'reshaping',
  description: 'Layer that reshapes inputs into the given shape.',
  pytorch: 'torch.reshape',
  fields: [{ name: 'target_shape', kind: 'dims', required: true, default: [-1], allowInfer: true }],
  summary: ['target_shape'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const target = ctx.values.target_shape as Dim[];
    const dims = ctx.inputs[0].dims;
    const spatial = looksSpatial(target);
    if (dims.some((d) => d === null) || target.some((d) => d === null)) {
      const known = target.every((d) => d !== null && d !== -1);
      return tensor(known ? target : target.map((d) => (d === -1 ? null : d)), spatial);
    }
    // In bigint: a float total past 2^53 would be rounded, and so would the divisibility check.
    const total = sizeOf(dims as number[]);
    const fixed = sizeOf((target as number[]).filter((d) => d !== -1));
    const inferred = target.includes(-1);
    if (inferred ? total % fixed !== 0n : total !== fixed)
      return {
        field: 'target_shape',
        message: `Reshape cannot turn ${total} values ${shapeText(ctx, ctx.inputs[0])} into (${target.join(', ')})`,
      };
    return tensor(target.map((d) => (d === -1 ? Number(total / fixed) : d)), spatial);
  },
};

export const RepeatVector: LayerSpec = {
  type: 'RepeatVector',
  family: 'reshaping',
  description: 'Repeats the input n times.',
  fields: [{ name: 'n', kind: 'int', required: true, default: 2, min: 1 }],
  summary: ['n'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => requireRank(ctx, 'RepeatVector', 1, 'features') ?? tensor([int(ctx, 'n'), ctx.inputs[0].dims[0]]),
};

export const Permute: LayerSpec = {
  type: 'Permute',
  family: 'reshaping',
  description: 'Permutes the dimensions of the input according to a given pattern.',
  pytorch: 'torch.permute',
  fields: [{ name: 'dims', kind: 'dims', required: true, default: [2, 1], help: 'e.g. 2, 1 swaps the two axes of a sequence' }],
  summary: ['dims'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const order = ctx.values.dims as number[];
    const dims = ctx.inputs[0].dims;
    const isPermutation = order.length === dims.length && order.every((axis) => order.filter((a) => a === axis).length === 1 && axis >= 1 && axis <= dims.length);
    if (!isPermutation)
      return { field: 'dims', message: `dims must reorder the axes 1…${dims.length}, got (${order.join(', ')})` };
    return tensor(order.map((axis) => dims[axis - 1]));
  },
};
