import type { Dim, Tensor } from '../../tensor';
import type { LayerProblem } from '../../problem';
import {
  activation,
  channelsOf,
  dataFormat,
  elementsOf,
  exactProduct,
  filtersField,
  joined,
  padding,
  perAxis,
  requireRank,
  slideWindows,
  times,
  useBias,
  withChannels,
} from '../common';
import { bool, int, ints, text } from '../fields';
import type { LayerContext, LayerSpec, WeightSpec } from '../types';

const AXES = ['length', 'height, width', 'depth, height, width'];

/** Checks shared by every convolution: input rank, known channels, window fit. */
export function convolve(
  ctx: LayerContext,
  type: string,
  rank: number,
  outChannels: number,
): { channels: number; spatial: Dim[]; out: Tensor } | LayerProblem {
  const wrongRank = requireRank(ctx, type, rank + 1, `${AXES[rank - 1]}, channels`);
  if (wrongRank) return wrongRank;
  const channels = channelsOf(ctx);
  if (channels === null) return { message: `${type} needs a known channel axis`, hint: 'give the Input a fixed channel count' };
  const strides = ints(ctx, 'strides');
  const dilation = ints(ctx, 'dilation_rate');
  if (strides.some((s) => s > 1) && dilation.some((d) => d > 1))
    return { field: 'strides', message: `${type} cannot combine strides > 1 with dilation_rate > 1`, hint: 'set strides to 1' };
  const pad = text(ctx, 'padding') === 'causal' ? 'same' : text(ctx, 'padding');
  const spatial = slideWindows(ctx, ints(ctx, 'kernel_size'), pad, strides, dilation);
  if (!Array.isArray(spatial)) return spatial;
  return { channels, spatial, out: withChannels(ctx, spatial, outChannels) };
}

/** Keras stores kernels (…window, in, out); PyTorch stores weights (out, in, …window). Dense is the empty window. */
export function kernelWeight(ctx: LayerContext, kerasName: string, window: number[], inC: number, outC: number): WeightSpec {
  return ctx.convention === 'pytorch'
    ? { name: 'weight', shape: joined([outC, inC], window), role: 'trainable' }
    : { name: kerasName, shape: joined(window, [inC, outC]), role: 'trainable' };
}

/** The kernel, and a bias of `size` after it when the layer has one. */
export const withBias = (ctx: LayerContext, kernel: WeightSpec, size: number): WeightSpec[] =>
  bool(ctx, 'use_bias') ? [kernel, { name: 'bias', shape: [size], role: 'trainable' }] : [kernel];

const inChannels = (ctx: LayerContext) => channelsOf(ctx) as number;

/** MACs of a window sliding over the input: each output element reads the window × `perOutput` values. */
export const windowMacs = (ctx: LayerContext, out: Tensor, perOutput: Dim | bigint): bigint | null =>
  exactProduct([elementsOf(out), ...ints(ctx, 'kernel_size'), perOutput]);

function convolution(rank: 1 | 2 | 3): LayerSpec {
  const type = `Conv${rank}D`;
  return {
    type,
    family: 'convolution',
    description: `${rank}-D convolution: filters × (kernel window × input channels / groups) weights, plus a bias per filter.`,
    pytorch: `nn.Conv${rank}d`,
    fields: [
      filtersField,
      perAxis('kernel_size', rank, 3),
      perAxis('strides', rank, 1),
      padding(rank === 1 ? ['valid', 'same', 'causal'] : ['valid', 'same']),
      perAxis('dilation_rate', rank, 1),
      { name: 'groups', kind: 'int', default: 1, min: 1, help: 'Split channels into independent groups.' },
      useBias,
      activation(),
      dataFormat,
    ],
    summary: ['filters', 'kernel_size', 'strides?', 'padding?', 'dilation_rate?', 'groups?', 'activation?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const result = convolve(ctx, type, rank, int(ctx, 'filters'));
      if ('message' in result) return result;
      const groups = int(ctx, 'groups');
      if (result.channels % groups || int(ctx, 'filters') % groups)
        return {
          field: 'groups',
          message: `groups (${groups}) must divide both the input channels (${result.channels}) and filters (${int(ctx, 'filters')})`,
        };
      return result.out;
    },
    weights: (ctx) => {
      const filters = int(ctx, 'filters');
      const perGroup = inChannels(ctx) / int(ctx, 'groups');
      return withBias(ctx, kernelWeight(ctx, 'kernel', ints(ctx, 'kernel_size'), perGroup, filters), filters);
    },
    formula: (ctx) => {
      const filters = int(ctx, 'filters');
      const weights = `${inChannels(ctx) / int(ctx, 'groups')}×(${times(ints(ctx, 'kernel_size'))})×${filters}`;
      return bool(ctx, 'use_bias') ? `${weights} + ${filters}` : weights;
    },
    macs: (ctx, [out]) => windowMacs(ctx, out, inChannels(ctx) / int(ctx, 'groups')),
  };
}

export const Conv1D = convolution(1);
export const Conv2D = convolution(2);
export const Conv3D = convolution(3);
