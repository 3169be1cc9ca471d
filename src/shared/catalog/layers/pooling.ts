import { tensor, type Dim, type Tensor } from '../../tensor';
import type { LayerProblem } from '../../problem';
import { channelsOf, dataFormat, padding, perAxis, requireRank, slideWindows, spatialOf, times, withChannels } from '../common';
import { bool, ints, optInts, text } from '../fields';
import { keras1 } from '../keras1';
import { torchPadField } from './conv';
import { kerasCannotHold } from '../pytorch-only';
import type { FieldSpec, LayerContext, LayerSpec } from '../types';

const AXES = ['steps', 'height, width', 'depth, height, width'];

/**
 * nn.MaxPool / nn.AvgPool's own settings (PyTorch-only fields): numeric padding, dilation (max pooling
 * only) and ceil_mode. With any of them the output length is torch's:
 * ⌊or⌈(L + 2·pad − dilation·(k − 1) − 1) / stride⌉ + 1, less one where ceil_mode would start a window in the padding.
 */
const torchPoolFields = (kind: 'Max' | 'Average', rank: number): FieldSpec[] => [
  torchPadField(rank, "PyTorch's padding: this many on both sides of each axis (at most half the pool size; padding stays 'valid')."),
  ...(kind === 'Max'
    ? [{ name: 'dilation_rate', kind: 'ints', length: rank, min: 1, default: Array<number>(rank).fill(1), pytorchOnly: true, torch: 'dilation', help: "PyTorch's dilation: spacing between the pooled elements." } satisfies FieldSpec]
    : []),
  { name: 'ceil_mode', kind: 'bool', default: false, pytorchOnly: true, help: "PyTorch's ceil_mode: round the output length up, not down." },
];

const torchPooled = (length: Dim, k: number, s: number, p: number, d: number, ceil: boolean): Dim => {
  if (length === null) return null;
  const span = (length + 2 * p - d * (k - 1) - 1) / s;
  let out = (ceil ? Math.ceil(span) : Math.floor(span)) + 1;
  // torch: the last window must start inside the input or its left padding.
  if (ceil && (out - 1) * s >= length + p) out--;
  return out;
};

function torchPooling(ctx: LayerContext, type: string, pool: number[], strides: number[]): Tensor | LayerProblem | undefined {
  // Runs for every pooling of every evaluation: at the defaults, nothing is allocated.
  const pad = ints(ctx, 'pad');
  const dilated = ctx.values.dilation_rate as number[] | undefined;
  const ceil = bool(ctx, 'ceil_mode');
  if (!ceil && pad.every((p) => p === 0) && (!dilated || dilated.every((d) => d === 1))) return undefined;
  const dilation = dilated ?? pool.map(() => 1);
  if (text(ctx, 'padding') !== 'valid') return { field: 'pad', message: `${type}: pad, dilation_rate and ceil_mode are torch's; padding must stay 'valid'` };
  if (pad.some((p, axis) => 2 * p > pool[axis])) return { field: 'pad', message: `${type}: pad (${times(pad)}) must be at most half the pool size (${times(pool)})` };
  // torch's avg_pool3d wants the input itself at least the pool's size, padding or not.
  if (type === 'AveragePooling3D' && spatialOf(ctx).some((length, axis) => length !== null && length < pool[axis]))
    return { field: 'pool_size', message: `${type}: the pool (${times(pool)}) is larger than the input (${times(spatialOf(ctx).map(String))}); torch's AvgPool3d refuses that even with padding` };
  const out = spatialOf(ctx).map((length, axis) => torchPooled(length, pool[axis], strides[axis], pad[axis], dilation[axis], ceil));
  const bad = out.findIndex((length) => length !== null && length <= 0);
  if (bad >= 0) return { field: 'pool_size', message: `the window (${times(pool)}) is larger than the padded input on axis ${bad + 1}` };
  return withChannels(ctx, out, channelsOf(ctx));
}

function pooling(kind: 'Max' | 'Average', rank: 1 | 2 | 3): LayerSpec {
  const type = `${kind}Pooling${rank}D`;
  const torchFields = torchPoolFields(kind, rank);
  return {
    type,
    family: 'pooling',
    kerasAliases: [`${kind === 'Max' ? 'Max' : 'Avg'}Pool${rank}D`],
    fromKerasConfig: keras1({ pool_length: 'pool_size', stride: 'strides' }),
    description: `${kind === 'Max' ? 'Max' : 'Average'} pooling operation for ${['1D temporal data', '2D spatial data', '3D data (spatial or spatio-temporal)'][rank - 1]}.`,
    torch: `nn.${kind === 'Max' ? 'Max' : 'Avg'}Pool${rank}d`,
    fields: [
      perAxis('pool_size', rank, 2),
      { name: 'strides', kind: 'ints', length: rank, min: 1, default: null, nullable: true, torch: 'stride', help: 'None: the pool size' },
      padding(),
      dataFormat,
      ...torchFields,
    ],
    summary: ['pool_size', 'strides?', 'padding?', 'pad?', 'ceil_mode?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, rank + 1, `${AXES[rank - 1]}, channels`);
      if (wrongRank) return wrongRank;
      const keras = kerasCannotHold(ctx, type, torchFields);
      if (keras) return keras;
      const pool = ints(ctx, 'pool_size');
      const strides = optInts(ctx, 'strides') ?? pool;
      return torchPooling(ctx, type, pool, strides) ?? slideWindows(ctx, pool, text(ctx, 'padding'), strides, undefined, channelsOf(ctx));
    },
  };
}

function globalPooling(kind: 'Max' | 'Average', rank: 1 | 2 | 3): LayerSpec {
  const type = `Global${kind}Pooling${rank}D`;
  return {
    type,
    family: 'pooling',
    kerasAliases: [`Global${kind === 'Max' ? 'Max' : 'Avg'}Pool${rank}D`],
    fromKerasConfig: keras1(),
    description: `Global ${kind === 'Max' ? 'max' : 'average'} pooling operation for ${['temporal', '2D', '3D'][rank - 1]} data.`,
    pytorch: `nn.Adaptive${kind === 'Max' ? 'Max' : 'Avg'}Pool${rank}d(1) + flatten`,
    fields: [{ name: 'keepdims', kind: 'bool', default: false }, dataFormat],
    summary: ['keepdims?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, rank + 1, `${AXES[rank - 1]}, channels`);
      if (wrongRank) return wrongRank;
      const channels = channelsOf(ctx);
      return bool(ctx, 'keepdims') ? withChannels(ctx, Array(rank).fill(1), channels) : tensor([channels]);
    },
  };
}

/**
 * nn.AdaptiveAvgPool / nn.AdaptiveMaxPool{1,2,3}d: pools each channel to `output_size`, whatever the input's
 * size (AlexNet's and VGG's 7×7 before the classifier). Keras has none: a PyTorch-only layer.
 */
function adaptivePooling(kind: 'Max' | 'Avg', rank: 1 | 2 | 3): LayerSpec {
  const type = `Adaptive${kind}Pool${rank}d`;
  return {
    type,
    family: 'pooling',
    description: `PyTorch's adaptive ${kind === 'Max' ? 'max' : 'average'} pooling: each channel pooled to output_size, any input size.`,
    pytorch: `nn.${type}`,
    keras: false,
    fields: [{ name: 'output_size', kind: 'ints', length: rank, min: 1, default: Array<number>(rank).fill(1), help: 'The size of each pooled axis.' }],
    summary: ['output_size'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, rank + 1, `${AXES[rank - 1]}, channels`);
      if (wrongRank) return wrongRank;
      return withChannels(ctx, ints(ctx, 'output_size'), channelsOf(ctx));
    },
  };
}

export const AdaptiveAvgPool1d = adaptivePooling('Avg', 1);
export const AdaptiveAvgPool2d = adaptivePooling('Avg', 2);
export const AdaptiveAvgPool3d = adaptivePooling('Avg', 3);
export const AdaptiveMaxPool1d = adaptivePooling('Max', 1);
export const AdaptiveMaxPool2d = adaptivePooling('Max', 2);
export const AdaptiveMaxPool3d = adaptivePooling('Max', 3);

export const MaxPooling1D = pooling('Max', 1);
export const MaxPooling2D = pooling('Max', 2);
export const MaxPooling3D = pooling('Max', 3);
export const AveragePooling1D = pooling('Average', 1);
export const AveragePooling2D = pooling('Average', 2);
export const AveragePooling3D = pooling('Average', 3);
export const GlobalMaxPooling1D = globalPooling('Max', 1);
export const GlobalMaxPooling2D = globalPooling('Max', 2);
export const GlobalMaxPooling3D = globalPooling('Max', 3);
export const GlobalAveragePooling1D = globalPooling('Average', 1);
export const GlobalAveragePooling2D = globalPooling('Average', 2);
export const GlobalAveragePooling3D = globalPooling('Average', 3);
