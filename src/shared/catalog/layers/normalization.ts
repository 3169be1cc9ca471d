import type { LayerProblem } from '../../problem';
import { displayShape, type Dim } from '../../tensor';
import { joined, requireRank, shapeText, WeightLists } from '../common';
import { ints, valuesOf } from '../fields';
import { kerasCannotHold } from '../pytorch-only';
import type { FieldSpec, LayerContext, LayerSpec, WeightSpec } from '../types';

// Keras 2 writes axis as a one-element list.
const axisField: FieldSpec = {
  name: 'axis',
  kind: 'int',
  default: -1,
  min: -8,
  fromKeras: (v) => (Array.isArray(v) && v.length === 1 ? v[0] : (v as number)),
  // An int is what TensorFlow.js writes, and Keras 2 and 3 read it for both normalisations.
  toKeras: (v) => v,
};

/** One axis or several (LayerNormalization, UnitNormalization): Keras takes an int or a list. */
const axesField: FieldSpec = {
  name: 'axis',
  kind: 'ints',
  list: true,
  length: 8,
  min: -8,
  default: [-1],
  help: 'One axis or several (1, 2, 3 for height, width and channels); the batch axis is 0, as Keras counts',
  fromKeras: (v) => (Array.isArray(v) ? v : [v]) as number[],
  // One axis as an int, as Keras 2 and TensorFlow.js wrote it before lists; several as the list.
  toKeras: (v) => (Array.isArray(v) && v.length === 1 ? v[0] : v),
};

const flags: FieldSpec[] = [
  { name: 'center', kind: 'bool', default: true, help: 'Learn a shift β.' },
  { name: 'scale', kind: 'bool', default: true, help: 'Learn a scale γ.' },
  { name: 'epsilon', kind: 'float', default: 0.001, min: 0, torch: 'eps' },
];

/** Fields every normalisation has (`valuesOf`: read for every normalisation of every evaluation). */
const fields = (ctx: LayerContext) => valuesOf<{ axis: number; center: boolean; scale: boolean }>(ctx);

/** An axis as an index into dims; `axis` counts the batch axis as 0, as Keras does. Out of range: -1. */
function axisIndex(ctx: LayerContext, axis: number): number {
  const rank = ctx.inputs[0].dims.length;
  const index = axis < 0 ? rank + axis : axis - 1;
  return index >= 0 && index < rank ? index : -1;
}

const outside = (ctx: LayerContext, axis: number): LayerProblem => ({
  field: 'axis',
  message: `axis ${axis} is outside the input ${shapeText(ctx, ctx.inputs[0])}`,
});

/** The normalised axis size (one axis: BatchNormalization, GroupNormalization). */
function featureSize(ctx: LayerContext, type: string): number | LayerProblem {
  const axis = fields(ctx).axis;
  const index = axisIndex(ctx, axis);
  if (index < 0) return outside(ctx, axis);
  return ctx.inputs[0].dims[index] ?? { field: 'axis', message: `${type} needs a known size on axis ${axis}` };
}

const size = (ctx: LayerContext) => featureSize(ctx, '') as number;

/**
 * The sizes of the normalised axes, in axis order (Keras 3 sorts them; the count is the same in any order),
 * or what is wrong: an axis out of range, twice, or of unknown size where `known`.
 */
function axesSizes(ctx: LayerContext, type: string, known: boolean): number[] | LayerProblem {
  const axes = ints(ctx, 'axis');
  const indices: number[] = [];
  for (const axis of axes) {
    const index = axisIndex(ctx, axis);
    if (index < 0) return outside(ctx, axis);
    if (indices.includes(index)) return { field: 'axis', message: `axis (${axes.join(', ')}) names one axis twice` };
    indices.push(index);
  }
  const dims = ctx.inputs[0].dims;
  const sizes = indices.sort((a, b) => a - b).map((index) => dims[index]);
  if (known && sizes.includes(null))
    return { field: 'axis', message: `${type} needs ${axes.length === 1 ? `a known size on axis ${axes[0]}` : `known sizes on axes (${axes.join(', ')})`}` };
  return sizes as number[];
}

// Every weight of a normalisation has one value per feature: its weights share the one shape (shapes are
// never changed once made).
const perFeature = (name: string, shape: number[], role: WeightSpec['role']): WeightSpec => ({ name, shape, role });

/** γ and β, named as each convention names them. */
function affine(ctx: LayerContext, shape = [size(ctx)], { scale, center }: { scale: boolean; center: boolean } = fields(ctx)): WeightSpec[] {
  const torch = ctx.convention === 'pytorch';
  const gamma = scale ? perFeature(torch ? 'weight' : 'gamma', shape, 'trainable') : undefined;
  const beta = center ? perFeature(torch ? 'bias' : 'beta', shape, 'trainable') : undefined;
  return gamma && beta ? [gamma, beta] : gamma ? [gamma] : beta ? [beta] : [];
}

const check = (type: string) => (ctx: LayerContext) => {
  const found = featureSize(ctx, type);
  return typeof found === 'number' ? ctx.inputs[0] : found;
};

/** BatchNormalization's lists: one of the layers every evaluation meets most, so each list is made once (see WeightLists). */
const BATCH_NORM_LISTS = new WeightLists();

export const BatchNormalization: LayerSpec = {
  type: 'BatchNormalization',
  family: 'normalization',
  description: 'Layer that normalizes its inputs.',
  pytorch: 'nn.BatchNorm1d/2d/3d',
  // Keras 1's mode (0: per feature, 2: per batch) changes no weight: gamma, beta, running_mean and running_std.
  fields: [axisField, { name: 'momentum', kind: 'float', default: 0.99, min: 0, max: 1 }, ...flags],
  summary: ['axis?', 'center?', 'scale?'],
  inputs: { min: 1, max: 1 },
  inferShape: check('BatchNormalization'),
  weights: (ctx) => {
    const features = size(ctx);
    const torch = ctx.convention === 'pytorch';
    const { scale, center } = fields(ctx);
    const known = BATCH_NORM_LISTS.find(Number(torch), Number(scale), Number(center), features);
    if (known) return known;
    const shape = [features];
    const role = torch ? 'buffer' : 'non-trainable';
    const stats = [perFeature(torch ? 'running_mean' : 'moving_mean', shape, role), perFeature(torch ? 'running_var' : 'moving_variance', shape, role)];
    return BATCH_NORM_LISTS.keep(joined(affine(ctx, shape), stats));
  },
  conventionNote: (ctx) =>
    `Keras counts the moving mean and variance (2×${size(ctx)}) as non-trainable parameters; PyTorch keeps running_mean and running_var as buffers, not parameters.`,
};

/**
 * nn.LayerNorm's normalized_shape: the input's trailing axes as torch lays them out ((C, H, W) for an image),
 * γ and β of that shape. Empty: Keras's axis decides. A PyTorch-only field (Keras has axis).
 */
const normalizedShape: FieldSpec = {
  name: 'normalized_shape',
  kind: 'dims',
  default: [],
  pytorchOnly: true,
  help: "PyTorch's normalized_shape: the trailing axes normalised, as torch lays them out (C, H, W); empty: axis decides",
};

/** normalized_shape's sizes, checked against the input's trailing axes in torch's layout; undefined when empty. */
function trailingSizes(ctx: LayerContext): number[] | LayerProblem | undefined {
  const shape = ctx.values.normalized_shape as Dim[];
  if (!shape.length) return undefined;
  const dims = displayShape(ctx.inputs[0], 'pytorch').slice(1);
  const trailing = dims.slice(dims.length - shape.length);
  if (shape.length > dims.length || shape.some((d, k) => d === null || d !== trailing[k]))
    return {
      field: 'normalized_shape',
      message: `normalized_shape (${shape.join(', ')}) must be the input's last ${shape.length === 1 ? 'axis' : `${shape.length} axes`}, (${trailing.map(String).join(', ')}) in ${shapeText(ctx, ctx.inputs[0])}`,
    };
  return shape as number[];
}

export const LayerNormalization: LayerSpec = {
  type: 'LayerNormalization',
  family: 'normalization',
  description: 'Layer normalization layer (Ba et al., 2016).',
  torch: 'nn.LayerNorm',
  fields: [
    axesField,
    ...flags,
    {
      name: 'rms_scaling',
      kind: 'bool',
      default: false,
      help: 'Keras 3 (deprecated there): scale by the root mean square only: γ, and no β',
      // Keras 2 and TensorFlow.js have no such setting: written only when set.
      toKeras: (v) => (v === true ? true : undefined),
    },
    normalizedShape,
  ],
  summary: ['axis?', 'normalized_shape?', 'center?', 'scale?', 'rms_scaling?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const keras = kerasCannotHold(ctx, 'LayerNormalization', [normalizedShape]);
    if (keras) return keras;
    const trailing = trailingSizes(ctx);
    if (trailing) return Array.isArray(trailing) ? ctx.inputs[0] : trailing;
    const sizes = axesSizes(ctx, 'LayerNormalization', true);
    return Array.isArray(sizes) ? ctx.inputs[0] : sizes;
  },
  // γ and β have the normalised axes' shape: (H, W, C) over axis [1, 2, 3]. LayerNormalization.build: γ with
  // scale or rms_scaling, β with center unless rms_scaling.
  weights: (ctx) => {
    const { scale, center, rms_scaling: rms } = valuesOf<{ scale: boolean; center: boolean; rms_scaling: boolean }>(ctx);
    const shape = (trailingSizes(ctx) as number[] | undefined) ?? (axesSizes(ctx, '', true) as number[]);
    return affine(ctx, shape, { scale: scale || rms, center: center && !rms });
  },
};

export const GroupNormalization: LayerSpec = {
  type: 'GroupNormalization',
  family: 'normalization',
  description: 'Group normalization layer.',
  torch: 'nn.GroupNorm',
  fields: [
    { name: 'groups', kind: 'int', default: 32, min: -1, torch: 'num_groups', help: 'Channels are normalised in this many groups; -1: one per channel (instance normalisation)' },
    axisField,
    ...flags,
  ],
  summary: ['groups', 'axis?', 'center?', 'scale?'],
  inputs: { min: 1, max: 1 },
  // Keras's GroupNormalization.build: the channels must split evenly into the groups.
  inferShape: (ctx) => {
    const channels = featureSize(ctx, 'GroupNormalization');
    if (typeof channels !== 'number') return channels;
    const groups = valuesOf<{ groups: number }>(ctx).groups;
    if (groups === 0) return { field: 'groups', message: 'groups must be a positive integer or -1, got 0' };
    if (groups > channels) return { field: 'groups', message: `groups (${groups}) cannot be more than the channels (${channels})` };
    if (groups > 0 && channels % groups)
      return { field: 'groups', message: `groups (${groups}) must divide the channels (${channels})` };
    return ctx.inputs[0];
  },
  // One γ and β per channel, whatever the groups.
  weights: (ctx) => affine(ctx),
};

export const UnitNormalization: LayerSpec = {
  type: 'UnitNormalization',
  family: 'normalization',
  description: 'Unit normalization layer.',
  pytorch: 'F.normalize',
  fields: [axesField],
  summary: ['axis?'],
  inputs: { min: 1, max: 1 },
  // Each sample scaled to unit L2 norm over the axes: no weights; a variable axis is fine.
  inferShape: (ctx) => {
    const sizes = axesSizes(ctx, 'UnitNormalization', false);
    return Array.isArray(sizes) ? ctx.inputs[0] : sizes;
  },
};

/**
 * nn.InstanceNorm{1,2,3}d: each channel of each sample normalised over its spatial axes. `affine`: γ and β per
 * channel; `track_running_stats`: running mean and variance, buffers. PyTorch-only layers (Keras's nearest is
 * GroupNormalization with groups=-1).
 */
/** torch's channel axis, dim 1 of the input as torch lays it out (a sequence's steps, an image's channels). */
const torchChannels = (ctx: LayerContext): Dim => displayShape(ctx.inputs[0], 'pytorch')[1] ?? null;

function instanceNorm(rank: 1 | 2 | 3): LayerSpec {
  const type = `InstanceNorm${rank}d`;
  return {
    type,
    family: 'normalization',
    description: "PyTorch's instance normalisation: each channel of each sample normalised over its spatial axes.",
    pytorch: `nn.${type}`,
    keras: false,
    fields: [
      { name: 'affine', kind: 'bool', default: false, help: 'Learn γ and β per channel.' },
      { name: 'track_running_stats', kind: 'bool', default: false, help: 'Keep running mean and variance (buffers).' },
      { name: 'eps', kind: 'float', default: 1e-5, min: 0 },
    ],
    summary: ['affine?', 'track_running_stats?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, rank + 1, `channels, ${['length', 'height, width', 'depth, height, width'][rank - 1]}`);
      if (wrongRank) return wrongRank;
      return torchChannels(ctx) === null ? { message: `${type} needs a known channel axis` } : ctx.inputs[0];
    },
    weights: (ctx) => {
      const shape = [torchChannels(ctx) as number];
      const { affine: learned, track_running_stats: track } = valuesOf<{ affine: boolean; track_running_stats: boolean }>(ctx);
      // Keras has no such layer; its convention names the statistics as BatchNormalization's, non-trainable.
      const torch = ctx.convention === 'pytorch';
      const stats = track
        ? [perFeature(torch ? 'running_mean' : 'moving_mean', shape, torch ? 'buffer' : 'non-trainable'), perFeature(torch ? 'running_var' : 'moving_variance', shape, torch ? 'buffer' : 'non-trainable')]
        : [];
      return joined(learned ? affine(ctx, shape, { scale: true, center: true }) : [], stats);
    },
  };
}

export const InstanceNorm1d = instanceNorm(1);
export const InstanceNorm2d = instanceNorm(2);
export const InstanceNorm3d = instanceNorm(3);

/** nn.LocalResponseNorm: each element scaled by the squares of its `size` neighbouring channels. No weights. */
export const LocalResponseNorm: LayerSpec = {
  type: 'LocalResponseNorm',
  family: 'normalization',
  description: "PyTorch's local response normalisation (AlexNet): each element scaled by its neighbouring channels.",
  pytorch: 'nn.LocalResponseNorm',
  keras: false,
  fields: [
    { name: 'size', kind: 'int', required: true, default: 5, min: 1, help: 'Neighbouring channels used.' },
    { name: 'alpha', kind: 'float', default: 1e-4 },
    { name: 'beta', kind: 'float', default: 0.75 },
    { name: 'k', kind: 'float', default: 1 },
  ],
  summary: ['size'],
  inputs: { min: 1, max: 1 },
  // torch wants (N, C, …) with at least one axis after the channels.
  inferShape: (ctx) =>
    ctx.inputs[0].dims.length < 2 ? { message: `LocalResponseNorm needs channels and at least one more axis, got ${shapeText(ctx, ctx.inputs[0])}` } : ctx.inputs[0],
};
