import type { Dim, Tensor } from '../../tensor';
import { activation, channelsOf, dataFormat, exactProduct, filtersField, padding, perAxis, requireRank, slideWindows, spatialOf, useBias } from '../common';
import { valuesOf } from '../fields';
import { keras1Convolution } from '../keras1';
import type { LayerContext, LayerSpec, WeightSpec } from '../types';

// Keras 2's LocallyConnected1D and LocallyConnected2D (tf-keras layers/locally_connected/; gone from Keras 3):
// a convolution whose kernel is not shared, one per output position, so its size depends on the input's.

type Fields = { filters: number; kernel_size: number[]; strides: number[]; padding: string; implementation: number; data_format: string; use_bias: boolean };
const fieldsOf = (ctx: LayerContext) => valuesOf<Fields>(ctx);

const AXES = ['steps', 'rows, cols'];

/**
 * How many input positions the output positions read along one axis, summed over them: tf-keras
 * utils/conv_utils.py conv_connected_inputs, whose window at output p is [p·s − ⌊k/2⌋, p·s − ⌊k/2⌋ + k) cut
 * to the input with 'same', [p·s, p·s + k) with 'valid' (always inside). So outputs × k, less what the cuts
 * remove at either end (two arithmetic series). In bigint: sizes may be anything up to 2^53.
 */
function connectedAlong(length: number, kernel: number, stride: number, pad: string, outputs: number): bigint {
  const [L, k, s, P] = [BigInt(length), BigInt(kernel), BigInt(stride), BigInt(outputs)];
  const full = P * k;
  if (pad === 'valid') return full;
  const left = k / 2n;
  // Cut at the start: left − p·s while positive.
  const m = min(P, (left + s - 1n) / s);
  const before = m * left - (s * m * (m - 1n)) / 2n;
  // Cut at the end: p·s + r while positive, r = k − left − L.
  const r = k - left - L;
  const p0 = r > 0n ? 0n : -r / s + 1n;
  const n = P > p0 ? P - p0 : 0n;
  const after = n * r + (s * n * (p0 + P - 1n)) / 2n;
  return full - before - after;
}
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const product = (sizes: readonly number[]) => sizes.reduce((a, b) => a * b, 1);

/** The output: the windows' positions, `filters` channels. Called after inferShape succeeded, it is a tensor. */
const slideOf = (ctx: LayerContext) => {
  const { kernel_size: k, strides, padding: pad, filters } = fieldsOf(ctx);
  return slideWindows(ctx, k, pad, strides, undefined, filters);
};
const outputsOf = (ctx: LayerContext): number[] => {
  const dims = (slideOf(ctx) as Tensor).dims as number[];
  return fieldsOf(ctx).data_format === 'channels_first' ? dims.slice(1) : dims.slice(0, -1);
};

/** Input positions read, summed over output positions, for every axis: the kernel entries per (channel, filter) pair. */
const connected = (ctx: LayerContext, inputs: number[], outputs: number[]): bigint => {
  const { kernel_size: k, strides, padding: pad } = fieldsOf(ctx);
  return inputs.reduce((n, length, axis) => n * connectedAlong(length, k[axis], strides[axis], pad, outputs[axis]), 1n);
};

/**
 * The kernel each implementation keeps (locally_connected{1,2}d.py, build): 1, one (window × C, filters)
 * matrix per output position; 2, a dense (input…, C, output…, filters) kernel that a mask cuts down to the
 * windows (data_format decides its layout); 3, only the connected entries, as one flat vector.
 */
function kernelOf(ctx: LayerContext, inputs: number[], outputs: number[]): WeightSpec {
  const { filters, kernel_size: k, implementation, data_format: format } = fieldsOf(ctx);
  const c = channelsOf(ctx) as number;
  if (implementation === 2) {
    const shape = format === 'channels_first' ? [c, ...inputs, filters, ...outputs] : [...inputs, c, ...outputs, filters];
    return { name: 'kernel', shape, role: 'trainable' };
  }
  // Past 2^53 the number is no safe integer, and the evaluator refuses it rather than count it wrong.
  if (implementation === 3) return { name: 'kernel', shape: [Number(connected(ctx, inputs, outputs) * BigInt(c) * BigInt(filters))], role: 'trainable' };
  return { name: 'kernel', shape: [product(outputs), product(k) * c, filters], role: 'trainable' };
}

function locallyConnected(rank: 1 | 2): LayerSpec {
  const type = `LocallyConnected${rank}D`;
  return {
    type,
    family: 'convolution',
    // Keras 1's LocallyConnected1D(nb_filter, filter_length, subsample_length), 2D(nb_filter, nb_row, nb_col, subsample).
    fromKerasConfig: keras1Convolution(rank),
    kernel: { name: 'kernel' },
    // Keras's one line, then what it counts.
    description: `Locally-connected layer for ${rank}D inputs: a convolution with a separate kernel (and bias) at every output position.`,
    fields: [
      filtersField,
      perAxis('kernel_size', rank, 3),
      perAxis('strides', rank, 1),
      padding(),
      dataFormat,
      useBias,
      activation(),
      {
        name: 'implementation',
        kind: 'int',
        default: 1,
        min: 1,
        max: 3,
        help: "1: a kernel per position; 2: a masked dense kernel (input × output positions); 3: only the connected weights. 1 takes only padding='valid'.",
      },
    ],
    summary: ['filters', 'kernel_size', 'strides?', 'padding?', 'implementation?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, rank + 1, `${AXES[rank - 1]}, channels`);
      if (wrongRank) return wrongRank;
      const { padding: pad, implementation } = fieldsOf(ctx);
      if (pad !== 'valid' && implementation === 1)
        return { field: 'padding', message: `${type} takes only padding='valid' with implementation 1`, hint: 'set implementation to 2 or 3' };
      if (channelsOf(ctx) === null) return { message: `${type} needs a known channel axis`, hint: 'give the Input a fixed channel count' };
      if (spatialOf(ctx).some((d: Dim) => d === null))
        return { message: `${type} needs every ${AXES[rank - 1]} size known: it keeps a kernel per output position`, hint: 'give the Input fixed sizes' };
      return slideOf(ctx);
    },
    weights: (ctx) => {
      const outputs = outputsOf(ctx);
      const kernel = kernelOf(ctx, spatialOf(ctx) as number[], outputs);
      return fieldsOf(ctx).use_bias ? [kernel, { name: 'bias', shape: [...outputs, fieldsOf(ctx).filters], role: 'trainable' }] : [kernel];
    },
    // Every connected weight is used once per sample, whichever way it is stored.
    macs: (ctx) => exactProduct([connected(ctx, spatialOf(ctx) as number[], outputsOf(ctx)), channelsOf(ctx), fieldsOf(ctx).filters]),
  };
}

export const LocallyConnected1D = locallyConnected(1);
export const LocallyConnected2D = locallyConnected(2);
