import type { LayerProblem } from '../problem';
import { displayShape, formatShape, type Dim, type Tensor } from '../tensor';
import type { FieldSpec, LayerContext } from './types';

/** Field declarations many layers share. */
export const useBias = (help = 'Learn an additive bias per output.'): FieldSpec => ({
  name: 'use_bias',
  kind: 'bool',
  default: true,
  help,
});
export const activation = (fallback = 'linear'): FieldSpec => ({ name: 'activation', kind: 'text', default: fallback });
export const padding = (options: string[] = ['valid', 'same']): FieldSpec => ({
  name: 'padding',
  kind: 'enum',
  default: 'valid',
  options,
});
export const perAxis = (name: string, rank: number, fill: number, help?: string): FieldSpec => ({
  name,
  kind: 'ints',
  length: rank,
  min: 1,
  default: Array(rank).fill(fill),
  help,
});

export const shapeText = (ctx: LayerContext, t: Tensor): string => formatShape(displayShape(t, ctx.convention));

/** Spatial layers read (spatial axes…, channels); anything else is a plain problem. */
export function requireRank(ctx: LayerContext, type: string, rank: number, what: string): LayerProblem | undefined {
  const input = ctx.inputs[0];
  if (input.dims.length === rank) return undefined;
  return { message: `${type} needs a ${rank}-D input (${what}) besides the batch axis, got ${shapeText(ctx, input)}` };
}

export function requireKnown(dim: Dim, message: string, hint?: string): LayerProblem | number {
  return dim === null ? { message, hint } : dim;
}

/** Keras's conv_output_length: sizes after a window of `kernel` slides with `stride`. */
export function windowLength(length: Dim, kernel: number, pad: string, stride: number, dilation = 1): Dim {
  if (length === null) return null;
  const span = kernel + (kernel - 1) * (dilation - 1);
  const kept = pad === 'valid' ? length - span + 1 : length;
  return Math.ceil(kept / stride);
}

/** Output sizes of every spatial axis, or a problem naming the axis where the window does not fit. */
export function slideWindows(
  ctx: LayerContext,
  spatial: Dim[],
  kernel: number[],
  pad: string,
  strides: number[],
  dilation?: number[],
): Dim[] | LayerProblem {
  const out = spatial.map((len, axis) => windowLength(len, kernel[axis], pad, strides[axis], dilation?.[axis]));
  const bad = out.findIndex((len) => len !== null && len <= 0);
  if (bad < 0) return out;
  return {
    field: 'kernel_size' in ctx.values ? 'kernel_size' : 'pool_size',
    message: `the window (${kernel.join('×')}) is larger than the input (${spatial.map(String).join('×')}) on axis ${bad + 1}`,
    hint: pad === 'valid' ? "use padding='same' or a smaller window" : 'use a smaller window',
  };
}

/** `3×3` style text for per-axis sizes. */
export const times = (values: readonly (number | string)[]): string => values.join('×');

/** The element count of a weight shape, exact at any size. */
export const sizeOf = (shape: readonly number[]): bigint => shape.reduce((acc, d) => acc * BigInt(d), 1n);
