import type { Dim } from '../../tensor';
import { activation, channelsOf, dataFormat, filtersField, padding, perAxis, requireRank, spatialOf, times, useBias, withChannels } from '../common';
import { int, ints, optInts, text } from '../fields';
import { keras1Convolution } from '../keras1';
import type { LayerContext, LayerSpec } from '../types';
import { windowMacs, withBias } from './conv';

/** Keras's deconv_output_length; PyTorch's ConvTranspose2d (padding 0) differs when kernel < stride. */
function upLength(ctx: LayerContext, length: Dim, axis: number): Dim {
  if (length === null) return null;
  const [k, s, d] = [ints(ctx, 'kernel_size')[axis], ints(ctx, 'strides')[axis], ints(ctx, 'dilation_rate')[axis]];
  const span = k + (k - 1) * (d - 1);
  if (!Number.isSafeInteger(span)) return NaN; // rounded: the evaluator refuses sizes it cannot count exactly
  const extra = optInts(ctx, 'output_padding')?.[axis];
  const valid = text(ctx, 'padding') === 'valid';
  if (ctx.convention === 'pytorch' && valid) return (length - 1) * s + span + (extra ?? 0);
  if (extra === undefined) return valid ? length * s + Math.max(span - s, 0) : length * s;
  return (length - 1) * s + span - 2 * (valid ? 0 : Math.floor(span / 2)) + extra;
}

const channels = (ctx: LayerContext) => channelsOf(ctx) as number;

export const Conv2DTranspose: LayerSpec = {
  type: 'Conv2DTranspose',
  family: 'convolution',
  kerasAliases: ['Deconvolution2D', 'Convolution2DTranspose'],
  fromKerasConfig: keras1Convolution(2),
  description: 'Transposed ("de-") convolution: upsamples height and width by the strides.',
  pytorch: 'nn.ConvTranspose2d',
  fields: [
    filtersField,
    perAxis('kernel_size', 2, 3),
    perAxis('strides', 2, 1),
    padding(),
    { name: 'output_padding', kind: 'ints', length: 2, min: 0, default: null, nullable: true },
    perAxis('dilation_rate', 2, 1),
    useBias,
    activation(),
    dataFormat,
  ],
  summary: ['filters', 'kernel_size', 'strides?', 'padding?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const wrongRank = requireRank(ctx, 'Conv2DTranspose', 3, 'height, width, channels');
    if (wrongRank) return wrongRank;
    if (channelsOf(ctx) === null) return { message: 'Conv2DTranspose needs a known channel axis' };
    const extra = optInts(ctx, 'output_padding');
    const strides = ints(ctx, 'strides');
    if (extra && extra.some((p, axis) => p >= strides[axis]))
      return { field: 'output_padding', message: `output_padding must be smaller than strides (${times(strides)})` };
    return withChannels(ctx, spatialOf(ctx).map((length, axis) => upLength(ctx, length, axis)), int(ctx, 'filters'));
  },
  // The kernel maps filters back to inputs: Keras (kh, kw, filters, C), PyTorch (C, filters, kh, kw).
  weights: (ctx) => {
    const [k, c, f] = [ints(ctx, 'kernel_size'), channels(ctx), int(ctx, 'filters')];
    const kernel =
      ctx.convention === 'pytorch'
        ? { name: 'weight', shape: [c, f, ...k], role: 'trainable' as const }
        : { name: 'kernel', shape: [...k, f, c], role: 'trainable' as const };
    return withBias(ctx, kernel, f);
  },
  // Each input element is spread over a window × filters outputs (as fvcore and ptflops count it): the
  // input's elements, not the output's, so padding and output_padding change nothing.
  macs: (ctx) => windowMacs(ctx, ctx.inputs[0], int(ctx, 'filters')),
  conventionNote: (ctx) => {
    const [k, s] = [ints(ctx, 'kernel_size'), ints(ctx, 'strides')];
    return text(ctx, 'padding') === 'valid' && k.some((size, axis) => size < s[axis])
      ? "With kernel smaller than stride and padding='valid', Keras pads the output to input × stride; PyTorch gives (input − 1) × stride + kernel."
      : undefined;
  },
};
