import {
  activation, channelsOf, dataFormat, elementsOf, exactProduct, exactSum, filtersField, padding, perAxis, useBias,
} from '../common';
import { int, ints } from '../fields';
import { keras1Convolution } from '../keras1';
import type { LayerContext, LayerSpec } from '../types';
import { convolve, windowMacs, withBias } from './conv';

const channels = (ctx: LayerContext) => channelsOf(ctx) as number;

/** What depthwise and separable convolutions share; Keras's SeparableConv1D alone also takes padding='causal'. */
const depthwiseFields = (rank: 1 | 2, paddings?: string[]) =>
  [
    perAxis('kernel_size', rank, 3),
    perAxis('strides', rank, 1),
    padding(paddings),
    { name: 'depth_multiplier', kind: 'int', default: 1, min: 1, help: 'Output channels per input channel.' },
    perAxis('dilation_rate', rank, 1),
    dataFormat,
  ] satisfies LayerSpec['fields'];

/** Keras keeps (…window, C, multiplier); PyTorch a grouped conv weight (C·multiplier, 1, …window). */
function depthwiseWeight(ctx: LayerContext, kerasName: string) {
  const [k, c, m] = [ints(ctx, 'kernel_size'), channels(ctx), int(ctx, 'depth_multiplier')];
  return ctx.convention === 'pytorch'
    ? { name: 'weight', shape: [c * m, 1, ...k], role: 'trainable' as const }
    : { name: kerasName, shape: [...k, c, m], role: 'trainable' as const };
}

/** DepthwiseConv1D and DepthwiseConv2D (tf-keras layers/convolutional/base_depthwise_conv.py). */
function depthwise(rank: 1 | 2): LayerSpec {
  const type = `DepthwiseConv${rank}D`;
  return {
    type,
    family: 'convolution',
    kerasAliases: rank === 2 ? ['DepthwiseConvolution2D'] : [],
    // Keras's one line, then what it counts.
    description: `Depthwise ${rank}D convolution: one kernel window per input channel (× depth_multiplier), no mixing across channels.`,
    pytorch: `nn.Conv${rank}d(groups=C)`,
    // Keras 3 keeps it as the layer's `kernel` (Keras 2 named the weight depthwise_kernel).
    kernel: { name: 'depthwise_kernel' },
    fields: [...depthwiseFields(rank), useBias, activation()],
    summary: ['kernel_size', 'depth_multiplier?', 'strides?', 'padding?'],
    inputs: { min: 1, max: 1 },
    // With a wrong rank or unknown channels the product means nothing, but convolve reports those first.
    inferShape: (ctx) => convolve(ctx, type, rank, channels(ctx) * int(ctx, 'depth_multiplier')),
    weights: (ctx) => withBias(ctx, depthwiseWeight(ctx, 'depthwise_kernel'), channels(ctx) * int(ctx, 'depth_multiplier')),
    // No mixing across channels: each output element reads one channel's window.
    macs: (ctx, [out]) => windowMacs(ctx, out, 1),
  };
}

/** SeparableConv1D and SeparableConv2D (tf-keras layers/convolutional/base_separable_conv.py). */
function separable(rank: 1 | 2): LayerSpec {
  const type = `SeparableConv${rank}D`;
  const ones = Array<number>(rank).fill(1);
  return {
    type,
    family: 'convolution',
    kerasAliases: [`SeparableConvolution${rank}D`],
    fromKerasConfig: keras1Convolution(rank),
    description: `Depthwise separable ${rank}D convolution: a depthwise convolution, then a ${rank === 1 ? 'size-1' : '1×1'} pointwise one mixing channels.`,
    pytorch: `nn.Conv${rank}d(groups=C) + nn.Conv${rank}d(${rank === 1 ? '1' : '1×1'})`,
    fields: [filtersField, ...depthwiseFields(rank, rank === 1 ? ['valid', 'same', 'causal'] : undefined), useBias, activation()],
    summary: ['filters', 'kernel_size', 'strides?', 'padding?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => convolve(ctx, type, rank, int(ctx, 'filters')),
    weights: (ctx) => {
      const [mid, filters] = [channels(ctx) * int(ctx, 'depth_multiplier'), int(ctx, 'filters')];
      const torch = ctx.convention === 'pytorch';
      const depthwise = depthwiseWeight(ctx, 'depthwise_kernel');
      const pointwise = torch
        ? { name: 'pointwise.weight', shape: [filters, mid, ...ones], role: 'trainable' as const }
        : { name: 'pointwise_kernel', shape: [...ones, mid, filters], role: 'trainable' as const };
      return [torch ? { ...depthwise, name: 'depthwise.weight' } : depthwise, ...withBias(ctx, pointwise, filters)];
    },
    // The depthwise stage's mid channels at every output position, then the pointwise stage on them.
    macs: (ctx, [out]) => {
      const [mid, filters] = [channels(ctx) * int(ctx, 'depth_multiplier'), int(ctx, 'filters')];
      const elements = elementsOf(out);
      const positions = elements === null ? null : elements / BigInt(filters);
      return exactSum([exactProduct([positions, mid, ...ints(ctx, 'kernel_size')]), exactProduct([positions, mid, filters])]);
    },
  };
}

export const DepthwiseConv1D = depthwise(1);
export const DepthwiseConv2D = depthwise(2);
export const SeparableConv1D = separable(1);
export const SeparableConv2D = separable(2);
