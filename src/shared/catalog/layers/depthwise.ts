import {
  activation, channelsOf, dataFormat, elementsOf, exactProduct, exactSum, filtersField, padding, perAxis, useBias,
} from '../common';
import { int, ints } from '../fields';
import { keras1Convolution } from '../keras1';
import type { LayerContext, LayerSpec } from '../types';
import { convolve, windowMacs, withBias } from './conv';

const channels = (ctx: LayerContext) => channelsOf(ctx) as number;
const depthwiseFields = [
  perAxis('kernel_size', 2, 3),
  perAxis('strides', 2, 1),
  padding(),
  { name: 'depth_multiplier', kind: 'int', default: 1, min: 1, help: 'Output channels per input channel.' },
  perAxis('dilation_rate', 2, 1),
  dataFormat,
] satisfies LayerSpec['fields'];

/** Keras keeps (kh, kw, C, multiplier); PyTorch a grouped conv weight (C·multiplier, 1, kh, kw). */
function depthwiseWeight(ctx: LayerContext, kerasName: string) {
  const [k, c, m] = [ints(ctx, 'kernel_size'), channels(ctx), int(ctx, 'depth_multiplier')];
  return ctx.convention === 'pytorch'
    ? { name: 'weight', shape: [c * m, 1, ...k], role: 'trainable' as const }
    : { name: kerasName, shape: [...k, c, m], role: 'trainable' as const };
}

export const DepthwiseConv2D: LayerSpec = {
  type: 'DepthwiseConv2D',
  family: 'convolution',
  kerasAliases: ['DepthwiseConvolution2D'],
  description: 'One kernel window per input channel (× depth_multiplier), no mixing across channels.',
  pytorch: 'nn.Conv2d(groups=C)',
  fields: [...depthwiseFields, useBias, activation()],
  summary: ['kernel_size', 'depth_multiplier?', 'strides?', 'padding?'],
  inputs: { min: 1, max: 1 },
  // With a wrong rank or unknown channels the product means nothing, but convolve reports those first.
  inferShape: (ctx) => convolve(ctx, 'DepthwiseConv2D', 2, channels(ctx) * int(ctx, 'depth_multiplier')),
  weights: (ctx) => withBias(ctx, depthwiseWeight(ctx, 'depthwise_kernel'), channels(ctx) * int(ctx, 'depth_multiplier')),
  // No mixing across channels: each output element reads one channel's window.
  macs: (ctx, [out]) => windowMacs(ctx, out, 1),
};

export const SeparableConv2D: LayerSpec = {
  type: 'SeparableConv2D',
  family: 'convolution',
  kerasAliases: ['SeparableConvolution2D'],
  fromKerasConfig: keras1Convolution(2),
  description: 'A depthwise convolution followed by a 1×1 pointwise convolution mixing channels.',
  pytorch: 'nn.Conv2d(groups=C) + nn.Conv2d(1×1)',
  fields: [filtersField, ...depthwiseFields, useBias, activation()],
  summary: ['filters', 'kernel_size', 'strides?', 'padding?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => convolve(ctx, 'SeparableConv2D', 2, int(ctx, 'filters')),
  weights: (ctx) => {
    const [mid, filters] = [channels(ctx) * int(ctx, 'depth_multiplier'), int(ctx, 'filters')];
    const torch = ctx.convention === 'pytorch';
    const depthwise = depthwiseWeight(ctx, 'depthwise_kernel');
    const pointwise = torch
      ? { name: 'pointwise.weight', shape: [filters, mid, 1, 1], role: 'trainable' as const }
      : { name: 'pointwise_kernel', shape: [1, 1, mid, filters], role: 'trainable' as const };
    return [torch ? { ...depthwise, name: 'depthwise.weight' } : depthwise, ...withBias(ctx, pointwise, filters)];
  },
  // The depthwise stage's mid channels at every output position, then the 1×1 pointwise stage on them.
  macs: (ctx, [out]) => {
    const [mid, filters] = [channels(ctx) * int(ctx, 'depth_multiplier'), int(ctx, 'filters')];
    const elements = elementsOf(out);
    const positions = elements === null ? null : elements / BigInt(filters);
    return exactSum([exactProduct([positions, mid, ...ints(ctx, 'kernel_size')]), exactProduct([positions, mid, filters])]);
  },
};
