import type { Dim } from '../../tensor';
import { activation, channelsOf, dataFormat, filtersField, padding, perAxis, requireRank, spatialOf, times, useBias, withChannels } from '../common';
import { int, ints, optInts, text } from '../fields';
import { keras1Convolution } from '../keras1';
import { kerasCannotHold } from '../pytorch-only';
import type { FieldSpec, LayerContext, LayerSpec } from '../types';
import { torchPadFields, windowMacs, withBias } from './conv';

const AXES = ['length', 'height, width', 'depth, height, width'];
const UPSAMPLED = ['the length', 'height and width', 'depth, height and width'];

/**
 * Keras's deconv_output_length (tf-keras utils/conv_utils.py; Keras 3's backend_utils.py
 * _get_output_shape_given_tf_padding agrees); PyTorch's ConvTranspose (padding 0) differs when kernel < stride.
 */
function upLength(ctx: LayerContext, length: Dim, axis: number): Dim {
  if (length === null) return null;
  const [k, s, d] = [ints(ctx, 'kernel_size')[axis], ints(ctx, 'strides')[axis], ints(ctx, 'dilation_rate')[axis]];
  const span = k + (k - 1) * (d - 1);
  if (!Number.isSafeInteger(span)) return NaN; // rounded: the evaluator refuses sizes it cannot count exactly
  const extra = optInts(ctx, 'output_padding')?.[axis];
  const valid = text(ctx, 'padding') === 'valid';
  // torch: (L − 1)·s − 2·padding + d(k − 1) + output_padding + 1.
  const pad = (ctx.values.pad as number[] | undefined)?.[axis] ?? 0;
  if (ctx.convention === 'pytorch' && valid) return (length - 1) * s + span - 2 * pad + (extra ?? 0);
  if (extra === undefined) return valid ? length * s + Math.max(span - s, 0) : length * s;
  return (length - 1) * s + span - 2 * (valid ? 0 : Math.floor(span / 2)) + extra;
}

const channels = (ctx: LayerContext) => channelsOf(ctx) as number;

const keras1Convolution2D = keras1Convolution(2);
/**
 * Keras 1's Deconvolution2D also wrote the `output_shape` it was called with. Keras 2 reads such a config by
 * dropping it and inferring the size from the input (legacy/interfaces.py, deconv2d_args_preprocessor), as here.
 */
function keras1Deconvolution(config: Record<string, unknown>): Record<string, unknown> {
  const out = keras1Convolution2D(config);
  if (!('output_shape' in out)) return out;
  const { output_shape: _dropped, ...rest } = out;
  return rest;
}

/** Conv1DTranspose, Conv2DTranspose, Conv3DTranspose: one rule, the rank its number of spatial axes. */
function convTranspose(rank: 1 | 2 | 3): LayerSpec {
  const type = `Conv${rank}DTranspose`;
  // nn.ConvTranspose's groups and numeric padding (its padding_mode can only be zeros): PyTorch-only.
  const torchFields: FieldSpec[] = [
    { name: 'groups', kind: 'int', default: 1, min: 1, pytorchOnly: true, help: "PyTorch's groups: split channels into independent groups." },
    ...torchPadFields(rank, false),
  ];
  return {
    type,
    family: 'convolution',
    // Keras 2 kept Convolution{1,2,3}DTranspose and Deconvolution{2,3}D / Deconv{2,3}D as aliases; Keras 1 wrote Deconvolution2D.
    kerasAliases: [`Convolution${rank}DTranspose`, ...(rank === 1 ? [] : [`Deconvolution${rank}D`, `Deconv${rank}D`])],
    fromKerasConfig: rank === 2 ? keras1Deconvolution : keras1Convolution(rank),
    // Keras's one line, then what it does to the shape.
    description: `Transposed convolution layer (sometimes called Deconvolution): upsamples ${UPSAMPLED[rank - 1]} by the strides.`,
    torch: `nn.ConvTranspose${rank}d`,
    kernel: { name: 'kernel', torchDim: 1 },
    fields: [
      filtersField,
      perAxis('kernel_size', rank, 3),
      perAxis('strides', rank, 1),
      padding(),
      { name: 'output_padding', kind: 'ints', length: rank, min: 0, default: null, nullable: true },
      perAxis('dilation_rate', rank, 1),
      useBias,
      activation(),
      dataFormat,
      ...torchFields,
    ],
    summary: ['filters', 'kernel_size', 'strides?', 'padding?', 'pad?', 'groups?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, rank + 1, `${AXES[rank - 1]}, channels`);
      if (wrongRank) return wrongRank;
      if (channelsOf(ctx) === null) return { message: `${type} needs a known channel axis`, hint: 'give the Input a fixed channel count' };
      const keras = kerasCannotHold(ctx, type, torchFields);
      if (keras) return keras;
      const [groups, filters] = [int(ctx, 'groups'), int(ctx, 'filters')];
      if (channels(ctx) % groups || filters % groups)
        return { field: 'groups', message: `groups (${groups}) must divide both the input channels (${channels(ctx)}) and filters (${filters})` };
      const pad = ints(ctx, 'pad');
      if (pad.some((p) => p > 0) && text(ctx, 'padding') !== 'valid')
        return { field: 'pad', message: `${type}: pad gives the padding itself; padding must stay 'valid', got '${text(ctx, 'padding')}'` };
      const extra = optInts(ctx, 'output_padding');
      const [strides, dilation] = [ints(ctx, 'strides'), ints(ctx, 'dilation_rate')];
      // torch takes an output_padding below the stride or below the dilation; Keras below the stride.
      const torch = ctx.convention === 'pytorch';
      if (extra && extra.some((p, axis) => p >= strides[axis] && (!torch || p >= dilation[axis])))
        return { field: 'output_padding', message: `output_padding must be smaller than strides (${times(strides)})${torch ? ` or dilation_rate (${times(dilation)})` : ''}` };
      const out = spatialOf(ctx).map((length, axis) => upLength(ctx, length, axis));
      const bad = out.findIndex((length) => length !== null && length <= 0);
      if (bad >= 0) return { field: 'pad', message: `${type}: pad (${times(pad)}) leaves nothing of axis ${bad + 1}` };
      return withChannels(ctx, out, filters);
    },
    // The kernel maps filters back to inputs: Keras (…window, filters, C), PyTorch (C, filters, …window).
    weights: (ctx) => {
      const [k, c, f] = [ints(ctx, 'kernel_size'), channels(ctx), int(ctx, 'filters')];
      const kernel =
        ctx.convention === 'pytorch'
          ? { name: 'weight', shape: [c, f / int(ctx, 'groups'), ...k], role: 'trainable' as const }
          : { name: 'kernel', shape: [...k, f, c], role: 'trainable' as const };
      return withBias(ctx, kernel, f);
    },
    // Each input element is spread over a window × filters outputs (as fvcore and ptflops count it): the
    // input's elements, not the output's, so padding and output_padding change nothing.
    macs: (ctx) => windowMacs(ctx, ctx.inputs[0], int(ctx, 'filters') / int(ctx, 'groups')),
    conventionNote: (ctx) => {
      const [k, s] = [ints(ctx, 'kernel_size'), ints(ctx, 'strides')];
      return text(ctx, 'padding') === 'valid' && k.some((size, axis) => size < s[axis])
        ? "With kernel smaller than stride and padding='valid', Keras pads the output to input × stride; PyTorch gives (input − 1) × stride + kernel."
        : undefined;
    },
  };
}

export const Conv1DTranspose = convTranspose(1);
export const Conv2DTranspose = convTranspose(2);
export const Conv3DTranspose = convTranspose(3);
