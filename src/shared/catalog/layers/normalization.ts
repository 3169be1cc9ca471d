import type { LayerProblem } from '../../problem';
import { joined, shapeText } from '../common';
import { valuesOf } from '../fields';
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
const flags: FieldSpec[] = [
  { name: 'center', kind: 'bool', default: true, help: 'Learn a shift β.' },
  { name: 'scale', kind: 'bool', default: true, help: 'Learn a scale γ.' },
  { name: 'epsilon', kind: 'float', default: 0.001, min: 0 },
];

/** Fields both normalisations have (`valuesOf`: read for every normalisation of every evaluation). */
const fields = (ctx: LayerContext) => valuesOf<{ axis: number; center: boolean; scale: boolean }>(ctx);

/** The normalised axis size; `axis` counts the batch axis as 0, as Keras does. */
function featureSize(ctx: LayerContext, type: string): number | LayerProblem {
  const dims = ctx.inputs[0].dims;
  const axis = fields(ctx).axis;
  const index = axis < 0 ? dims.length + axis : axis - 1;
  if (index < 0 || index >= dims.length)
    return { field: 'axis', message: `axis ${axis} is outside the input ${shapeText(ctx, ctx.inputs[0])}` };
  const size = dims[index];
  return size ?? { field: 'axis', message: `${type} needs a known size on axis ${axis}` };
}

const size = (ctx: LayerContext) => featureSize(ctx, '') as number;

// Every weight of a normalisation has one value per feature: its weights share the one shape (shapes are
// never changed once made).
const perFeature = (name: string, shape: number[], role: WeightSpec['role']): WeightSpec => ({ name, shape, role });

/** γ and β, named as each convention names them. */
function affine(ctx: LayerContext, shape = [size(ctx)]): WeightSpec[] {
  const torch = ctx.convention === 'pytorch';
  const { scale, center } = fields(ctx);
  const gamma = scale ? perFeature(torch ? 'weight' : 'gamma', shape, 'trainable') : undefined;
  const beta = center ? perFeature(torch ? 'bias' : 'beta', shape, 'trainable') : undefined;
  return gamma && beta ? [gamma, beta] : gamma ? [gamma] : beta ? [beta] : [];
}

const check = (type: string) => (ctx: LayerContext) => {
  const found = featureSize(ctx, type);
  return typeof found === 'number' ? ctx.inputs[0] : found;
};

export const BatchNormalization: LayerSpec = {
  type: 'BatchNormalization',
  family: 'normalization',
  description: 'Normalises each channel over the batch; keeps moving mean and variance for inference.',
  pytorch: 'nn.BatchNorm1d/2d/3d',
  fields: [axisField, { name: 'momentum', kind: 'float', default: 0.99, min: 0, max: 1 }, ...flags],
  summary: ['axis?', 'center?', 'scale?'],
  inputs: { min: 1, max: 1 },
  inferShape: check('BatchNormalization'),
  weights: (ctx) => {
    const features = size(ctx);
    const torch = ctx.convention === 'pytorch';
    const shape = [features];
    const role = torch ? 'buffer' : 'non-trainable';
    const stats = [perFeature(torch ? 'running_mean' : 'moving_mean', shape, role), perFeature(torch ? 'running_var' : 'moving_variance', shape, role)];
    return joined(affine(ctx, shape), stats);
  },
  conventionNote: (ctx) =>
    `Keras counts the moving mean and variance (2×${size(ctx)}) as non-trainable parameters; PyTorch keeps running_mean and running_var as buffers, not parameters.`,
};

export const LayerNormalization: LayerSpec = {
  type: 'LayerNormalization',
  family: 'normalization',
  description: 'Normalises each sample over its features; learns γ and β per feature.',
  pytorch: 'nn.LayerNorm',
  fields: [axisField, ...flags],
  summary: ['axis?', 'center?', 'scale?'],
  inputs: { min: 1, max: 1 },
  inferShape: check('LayerNormalization'),
  weights: affine,
};
