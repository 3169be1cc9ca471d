import type { Dim } from '../../tensor';
import { channelsOf, dataFormat, requireRank, spatialOf, withChannels } from '../common';
import { ints } from '../fields';
import type { FieldSpec, LayerContext, LayerSpec } from '../types';

/** Keras writes 1, (h, w) or ((top, bottom), (left, right)); we keep [top, bottom, left, right]. */
function fourSides(value: unknown): number[] | unknown {
  if (typeof value === 'number') return [value, value, value, value];
  if (Array.isArray(value) && value.length === 2) {
    const [h, w] = value;
    if (typeof h === 'number' && typeof w === 'number') return [h, h, w, w];
    if (Array.isArray(h) && Array.isArray(w)) return [...h, ...w];
  }
  return value;
}

const sides = (name: string, fill: number): FieldSpec => ({
  name,
  kind: 'ints',
  length: 4,
  min: 0,
  default: [fill, fill, fill, fill],
  help: 'top, bottom, left, right',
  fromKeras: (v) => fourSides(v) as number[],
  // The one spelling every Keras reads for unequal sides.
  toKeras: (v) => {
    const [top, bottom, left, right] = v as number[];
    return [[top, bottom], [left, right]];
  },
});

const resize = (ctx: LayerContext, type: string, change: (dim: number, axis: number) => number) => {
  const wrongRank = requireRank(ctx, type, 3, 'height, width, channels');
  if (wrongRank) return wrongRank;
  const apply = (d: Dim, axis: number) => (d === null ? null : change(d, axis));
  return withChannels(ctx, spatialOf(ctx).map(apply), channelsOf(ctx));
};

export const ZeroPadding2D: LayerSpec = {
  type: 'ZeroPadding2D',
  family: 'reshaping',
  description: 'Adds rows and columns of zeros around the image.',
  pytorch: 'nn.ZeroPad2d',
  fields: [sides('padding', 1), dataFormat],
  summary: ['padding'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const [t, b, l, r] = ints(ctx, 'padding');
    return resize(ctx, 'ZeroPadding2D', (d, axis) => d + (axis === 0 ? t + b : l + r));
  },
};

export const Cropping2D: LayerSpec = {
  type: 'Cropping2D',
  family: 'reshaping',
  description: 'Cuts rows and columns off the edges of the image.',
  fields: [sides('cropping', 0), dataFormat],
  summary: ['cropping'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const [t, b, l, r] = ints(ctx, 'cropping');
    const out = resize(ctx, 'Cropping2D', (d, axis) => d - (axis === 0 ? t + b : l + r));
    if ('dims' in out && out.dims.some((d) => d !== null && d <= 0))
      return { field: 'cropping', message: `cropping (${[t, b, l, r].join(', ')}) removes the whole image` };
    return out;
  },
};

export const UpSampling2D: LayerSpec = {
  type: 'UpSampling2D',
  family: 'reshaping',
  description: 'Repeats rows and columns: height × size[0], width × size[1].',
  pytorch: 'nn.Upsample',
  fields: [
    { name: 'size', kind: 'ints', length: 2, min: 1, default: [2, 2] },
    { name: 'interpolation', kind: 'enum', default: 'nearest', options: ['nearest', 'bilinear', 'bicubic', 'lanczos3', 'lanczos5', 'area'] },
    dataFormat,
  ],
  summary: ['size', 'interpolation?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => resize(ctx, 'UpSampling2D', (d, axis) => d * ints(ctx, 'size')[axis]),
};
