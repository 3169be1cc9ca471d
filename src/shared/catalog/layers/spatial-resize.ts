import type { Dim } from '../../tensor';
import { channelsOf, dataFormat, requireRank, spatialOf, withChannels } from '../common';
import { ints } from '../fields';
import { keras1 } from '../keras1';
import type { FieldSpec, LayerContext, LayerSpec } from '../types';

// ZeroPadding, Cropping and UpSampling in 1, 2 and 3 dimensions: one factory each, the rank its number of
// spatial axes. Keras's rules: tf-keras layers/reshaping/{zero_padding,cropping,up_sampling}{1,2,3}d.py.

type Rank = 1 | 2 | 3;
const AXES = ['steps', 'height, width', 'depth, height, width'];
const WHAT = ['the sequence', 'the image', 'the volume'];
const KERAS_INPUT = ['1D input (e.g. temporal sequence)', '2D input (e.g. picture)', '3D data (spatial or spatio-temporal)'];

/** Keras 1's dictionaries of sides (ZeroPadding1D/2D: {left_pad, right_pad}, {top_pad, bottom_pad, left_pad, right_pad}), missing ones 0. */
const KERAS1_SIDES: Record<number, string[]> = { 1: ['left_pad', 'right_pad'], 2: ['top_pad', 'bottom_pad', 'left_pad', 'right_pad'] };

const isInt = (v: unknown): v is number => typeof v === 'number';
const isPair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(isInt);

/**
 * Keras writes sides as n (every side), (a, b) for the one axis of 1-D layers, one n per axis (both its sides)
 * or one (before, after) pair per axis; Keras 1 also wrote ZeroPadding2D's as (top, bottom, left, right) or a
 * dictionary. We keep (before, after) for each axis in turn, e.g. [top, bottom, left, right].
 */
function sidesOf(value: unknown, rank: Rank): number[] | unknown {
  if (isInt(value)) return Array<number>(2 * rank).fill(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && KERAS1_SIDES[rank]) {
    const sides = value as Record<string, unknown>;
    return KERAS1_SIDES[rank].map((key) => sides[key] ?? 0);
  }
  if (!Array.isArray(value)) return value;
  if (rank === 1) return value;
  if (rank === 2 && value.length === 4 && value.every(isInt)) return value;
  if (value.length !== rank || !value.every((axis) => isInt(axis) || isPair(axis))) return value;
  return value.flatMap((axis) => (isInt(axis) ? [axis, axis] : axis));
}

const SIDES_HELP = ['start, end', 'top, bottom, left, right', 'before and after each axis: depth, height, width'];

const sides = (name: string, rank: Rank, fill: number): FieldSpec => ({
  name,
  kind: 'ints',
  length: 2 * rank,
  min: 0,
  default: Array<number>(2 * rank).fill(fill),
  help: SIDES_HELP[rank - 1],
  fromKeras: (v) => sidesOf(v, rank) as number[],
  // The one spelling every Keras reads for unequal sides: (a, b) for 1-D layers, else a pair per axis.
  toKeras: (v) => {
    const list = v as number[];
    return rank === 1 ? list : Array.from({ length: rank }, (_, axis) => list.slice(2 * axis, 2 * axis + 2));
  },
});

/**
 * data_format of the 2-D and 3-D layers; Keras 2's 1-D layers have none (steps, then features) and Keras 3's
 * ZeroPadding1D added one, written only where it is not Keras 2's layout.
 */
const format1D: FieldSpec = { ...dataFormat, toKeras: (v) => (v === 'channels_last' ? undefined : v) };

function resize(ctx: LayerContext, type: string, rank: Rank, change: (dim: number, axis: number) => number) {
  const wrongRank = requireRank(ctx, type, rank + 1, `${AXES[rank - 1]}, channels`);
  if (wrongRank) return wrongRank;
  const apply = (d: Dim, axis: number) => (d === null ? null : change(d, axis));
  return withChannels(ctx, spatialOf(ctx).map(apply), channelsOf(ctx));
}

/** Both sides of an axis: before + after. */
const bothSides = (list: number[], axis: number) => list[2 * axis] + list[2 * axis + 1];

function zeroPadding(rank: Rank): LayerSpec {
  const type = `ZeroPadding${rank}D`;
  return {
    type,
    family: 'reshaping',
    // Keras's one line, then what it does.
    description: `Zero-padding layer for ${KERAS_INPUT[rank - 1]}: adds zeros around ${WHAT[rank - 1]}.`,
    pytorch: `nn.ZeroPad${rank}d`,
    fields: [sides('padding', rank, 1), rank === 1 ? format1D : dataFormat],
    summary: ['padding'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const pad = ints(ctx, 'padding');
      return resize(ctx, type, rank, (d, axis) => d + bothSides(pad, axis));
    },
  };
}

function cropping(rank: Rank): LayerSpec {
  const type = `Cropping${rank}D`;
  return {
    type,
    family: 'reshaping',
    description: `Cropping layer for ${KERAS_INPUT[rank - 1]}: cuts ${rank === 1 ? 'steps' : 'slices'} off the edges of ${WHAT[rank - 1]}.`,
    // Keras's defaults: (1, 1) for 1-D and 3-D layers, nothing for Cropping2D.
    fields: rank === 1 ? [sides('cropping', rank, 1)] : [sides('cropping', rank, rank === 2 ? 0 : 1), dataFormat],
    summary: ['cropping'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const crop = ints(ctx, 'cropping');
      const out = resize(ctx, type, rank, (d, axis) => d - bothSides(crop, axis));
      if ('dims' in out && out.dims.some((d) => d !== null && d <= 0))
        return { field: 'cropping', message: `cropping (${crop.join(', ')}) removes the whole of ${WHAT[rank - 1]}` };
      return out;
    },
  };
}

function upSampling(rank: Rank): LayerSpec {
  const type = `UpSampling${rank}D`;
  const size: FieldSpec = {
    name: 'size',
    kind: 'ints',
    length: rank,
    min: 1,
    default: Array<number>(rank).fill(2),
    // Keras's UpSampling1D takes one int (int(size) refuses a list).
    ...(rank === 1 ? { toKeras: (v: unknown) => (v as number[])[0] } : {}),
  };
  const interpolation: FieldSpec = {
    name: 'interpolation',
    kind: 'enum',
    default: 'nearest',
    options: ['nearest', 'bilinear', 'bicubic', 'lanczos3', 'lanczos5', 'area'],
  };
  return {
    type,
    family: 'reshaping',
    // Keras 1's UpSampling1D(length=2).
    fromKerasConfig: keras1({ length: 'size' }),
    description: `Upsampling layer for ${rank}D inputs: ${rank === 1 ? 'each step repeated size times' : 'the values along each axis repeated size[axis] times'}.`,
    pytorch: 'nn.Upsample',
    fields: rank === 1 ? [size] : rank === 2 ? [size, interpolation, dataFormat] : [size, dataFormat],
    summary: rank === 2 ? ['size', 'interpolation?'] : ['size'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const by = ints(ctx, 'size');
      return resize(ctx, type, rank, (d, axis) => d * by[axis]);
    },
  };
}

export const ZeroPadding1D = zeroPadding(1);
export const ZeroPadding2D = zeroPadding(2);
export const ZeroPadding3D = zeroPadding(3);
export const Cropping1D = cropping(1);
export const Cropping2D = cropping(2);
export const Cropping3D = cropping(3);
export const UpSampling1D = upSampling(1);
export const UpSampling2D = upSampling(2);
export const UpSampling3D = upSampling(3);
