import type { Dim, Tensor } from '../../tensor';
import type { LayerProblem } from '../../problem';
import {
  activation,
  channelsOf,
  dataFormat,
  elementsOf,
  exactProduct,
  filtersField,
  innerContext,
  joined,
  padding,
  perAxis,
  requireRank,
  slideWindows,
  spatialOf,
  useBias,
  WeightLists,
  withChannels,
} from '../common';
import { valuesOf } from '../fields';
import { keras1Convolution } from '../keras1';
import { kerasCannotHold } from '../pytorch-only';
import type { FieldSpec, LayerContext, LayerSpec, WeightSpec } from '../types';

const AXES = ['length', 'height, width', 'depth, height, width'];

// Fields read with `valuesOf`: these rules run for every Dense and convolution of every evaluation.
/** What every convolution-like layer has. */
const windowFields = (ctx: LayerContext) => valuesOf<{ kernel_size: number[]; strides: number[]; padding: string; dilation_rate: number[] }>(ctx);
/** A convolution's own. */
const convFields = (ctx: LayerContext) => valuesOf<{ filters: number; groups: number }>(ctx);
/** Every layer with a kernel has use_bias. */
const hasBias = (ctx: LayerContext) => valuesOf<{ use_bias: boolean }>(ctx).use_bias;

/** What a kernel's weight list depends on besides its sizes, as one number for a `WeightLists` key: convention and bias. */
export const kernelFlags = (ctx: LayerContext) => Number(ctx.convention === 'pytorch') * 2 + Number(hasBias(ctx));

/** A convolution's output, after the checks every convolution shares: input rank, known channels, window fit. */
export function convolve(ctx: LayerContext, type: string, rank: number, outChannels: number): Tensor | LayerProblem {
  const wrongRank = requireRank(ctx, type, rank + 1, `${AXES[rank - 1]}, channels`);
  if (wrongRank) return wrongRank;
  if (channelsOf(ctx) === null) return { message: `${type} needs a known channel axis`, hint: 'give the Input a fixed channel count' };
  const { strides, dilation_rate: dilation, padding, kernel_size } = windowFields(ctx);
  // A Keras limit (its convolution ops refuse it); torch's convolutions take both.
  if (ctx.convention === 'keras' && strides.some((s) => s > 1) && dilation.some((d) => d > 1))
    return { field: 'strides', message: `${type} cannot combine strides > 1 with dilation_rate > 1`, hint: 'set strides to 1' };
  const pad = torchPad(ctx);
  if (pad) {
    if (padding !== 'valid') return { field: 'pad', message: `${type}: pad gives the padding itself; padding must stay 'valid', got '${padding}'` };
    return slideWindows(padded(ctx, pad), kernel_size, 'valid', strides, dilation, outChannels);
  }
  return slideWindows(ctx, kernel_size, padding === 'causal' ? 'same' : padding, strides, dilation, outChannels);
}

/** torch's numeric padding (`pad`), where a layer has it and it pads anything; else undefined. */
const torchPad = (ctx: LayerContext): number[] | undefined => {
  const pad = ctx.values.pad as number[] | undefined;
  return pad && pad.some((p) => p > 0) ? pad : undefined;
};

/** The input as torch's padding makes it: `pad` more on both sides of each spatial axis. */
const padded = (ctx: LayerContext, pad: number[]): LayerContext =>
  innerContext(ctx, [withChannels(ctx, spatialOf(ctx).map((length, axis) => (length === null ? null : length + 2 * pad[axis])), channelsOf(ctx))]);

/** PyTorch's numeric `padding` of a convolution or pooling (`pad`, beside Keras's `padding`), per axis. */
export const torchPadField = (rank: number, help: string): FieldSpec => ({
  name: 'pad',
  kind: 'ints',
  length: rank,
  min: 0,
  default: Array<number>(rank).fill(0),
  pytorchOnly: true,
  help,
});

/**
 * nn.Conv{1,2,3}d's numeric `padding` (int or per axis; Keras's padding stays 'valid') and `padding_mode`
 * (what fills the border: no count or shape changes). PyTorch-only fields.
 */
export const torchPadFields = (rank: number, modes = true): FieldSpec[] => [
  torchPadField(rank, "PyTorch's numeric padding: this many zeros on both sides of each axis (padding stays 'valid')."),
  ...(modes
    ? [
        {
          name: 'padding_mode',
          kind: 'enum',
          default: 'zeros',
          options: ['zeros', 'reflect', 'replicate', 'circular'],
          pytorchOnly: true,
          help: "PyTorch's padding_mode: what fills the padding (changes no count or shape).",
        } satisfies FieldSpec,
      ]
    : []),
];

/** Keras stores kernels (…window, in, out); PyTorch stores weights (out, in, …window). Dense is the empty window. */
export function kernelWeight(ctx: LayerContext, kerasName: string, window: number[], inC: number, outC: number): WeightSpec {
  return ctx.convention === 'pytorch'
    ? { name: 'weight', shape: joined([outC, inC], window), role: 'trainable' }
    : { name: kerasName, shape: joined(window, [inC, outC]), role: 'trainable' };
}

/** The kernel, and a bias of `size` after it when the layer has one. */
export const withBias = (ctx: LayerContext, kernel: WeightSpec, size: number): WeightSpec[] =>
  hasBias(ctx) ? [kernel, { name: 'bias', shape: [size], role: 'trainable' }] : [kernel];

const inChannels = (ctx: LayerContext) => channelsOf(ctx) as number;

/** MACs of a window sliding over the input: each output element reads the window × `perOutput` values. */
export const windowMacs = (ctx: LayerContext, out: Tensor, perOutput: Dim | bigint): bigint | null =>
  exactProduct([elementsOf(out), ...windowFields(ctx).kernel_size, perOutput]);

function convolution(rank: 1 | 2 | 3): LayerSpec {
  const type = `Conv${rank}D`;
  const torchFields = torchPadFields(rank);
  const lists = new WeightLists();
  return {
    type,
    family: 'convolution',
    // Keras 1 wrote Convolution{1,2,3}D and AtrousConvolution{1,2}D (atrous_rate: Keras 2's dilation_rate).
    kerasAliases: [`Convolution${rank}D`, ...(rank === 3 ? [] : [`AtrousConvolution${rank}D`, `AtrousConv${rank}D`])],
    fromKerasConfig: keras1Convolution(rank),
    description: [`1D convolution layer (e.g. temporal convolution).`, `2D convolution layer (e.g. spatial convolution over images).`, `3D convolution layer (e.g. spatial convolution over volumes).`][rank - 1],
    torch: `nn.Conv${rank}d`,
    kernel: { name: 'kernel' },
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
      ...torchFields,
    ],
    summary: ['filters', 'kernel_size', 'strides?', 'padding?', 'pad?', 'dilation_rate?', 'groups?', 'activation?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const keras = kerasCannotHold(ctx, type, torchFields);
      if (keras) return keras;
      const { filters, groups } = convFields(ctx);
      const out = convolve(ctx, type, rank, filters);
      if ('message' in out) return out;
      const channels = inChannels(ctx);
      if (channels % groups || filters % groups)
        return { field: 'groups', message: `groups (${groups}) must divide both the input channels (${channels}) and filters (${filters})` };
      return out;
    },
    weights: (ctx) => {
      const { filters, groups } = convFields(ctx);
      const k = windowFields(ctx).kernel_size;
      const perGroup = inChannels(ctx) / groups;
      const known = lists.find(kernelFlags(ctx), perGroup, filters, k[0], k[1], k[2]);
      return known ?? lists.keep(withBias(ctx, kernelWeight(ctx, 'kernel', k, perGroup, filters), filters));
    },
    macs: (ctx, [out]) => windowMacs(ctx, out, inChannels(ctx) / convFields(ctx).groups),
  };
}

export const Conv1D = convolution(1);
export const Conv2D = convolution(2);
export const Conv3D = convolution(3);
