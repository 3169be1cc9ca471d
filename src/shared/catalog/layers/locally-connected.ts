import type { Dim } from '../../tensor';
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
 * How many input positions each output position reads along one axis, summed over the output positions:
 * tf-keras utils/conv_utils.py conv_connected_inputs, whose 'same' windows are cut at the input's edges.
 * With 'valid' it is outputs × kernel.
 */
function connectedAlong(length: number, kernel: number, stride: number, pad: string, outputs: number): number {
  const left = Math.floor(kernel / 2);
  let sum = 0;
  for (let p = 0; p < outputs; p++) {
    const center = p * stride + (pad === 'valid' ? left : 0);
    sum += Math.min(length, center + kernel - left) - Math.max(0, center - left);
  }
  return sum;
}

/**
 * The kernel each implementation keeps (locally_connected{1,2}d.py, build): 1, one (window × C, filters)
 * matrix per output position; 2, a dense (input…, C, output…, filters) kernel that a mask cuts down to the
 * windows (data_format decides its layout); 3, only the connected entries, as one flat vector.
 */
function kernelOf(ctx: LayerContext, inputs: number[], outputs: number[]): WeightSpec {
  const { filters, kernel_size: k, strides, padding: pad, implementation, data_format: format } = fieldsOf(ctx);
  const c = channelsOf(ctx) as number;
  const positions = outputs.reduce((a, b) => a * b, 1);
  if (implementation === 2) {
    const shape = format === 'channels_first' ? [c, ...inputs, filters, ...outputs] : [...inputs, c, ...outputs, filters];
    return { name: 'kernel', shape, role: 'trainable' };
  }
  if (implementation === 3) {
    const connected = inputs.reduce((n, length, axis) => n * connectedAlong(length, k[axis], strides[axis], pad, outputs[axis]), 1);
    return { name: 'kernel', shape: [connected * c * filters], role: 'trainable' };
  }
  return { name: 'kernel', shape: [positions, k.reduce((a, b) => a * b, 1) * c, filters], role: 'trainable' };
}

/** The output's spatial sizes (inferShape has checked they are known and positive). */
const outputsOf = (ctx: LayerContext, rank: number): number[] => {
  const out = spatialOf(ctx).length === rank ? slideOf(ctx) : undefined;
  return out && 'dims' in out ? (fieldsOf(ctx).data_format === 'channels_first' ? out.dims.slice(1) : out.dims.slice(0, -1)) as number[] : [];
};
const slideOf = (ctx: LayerContext) => {
  const { kernel_size: k, strides, padding: pad, filters } = fieldsOf(ctx);
  return slideWindows(ctx, k, pad, strides, undefined, filters);
};

function locallyConnected(rank: 1 | 2): LayerSpec {
  const type = `LocallyConnected${rank}D`;
  return {
    type,
    family: 'convolution',
    // Keras 1's LocallyConnected1D(nb_filter, filter_length, subsample_length), 2D(nb_filter, nb_row, nb_col, subsample).
    fromKerasConfig: keras1Convolution(rank),
    // Keras 1 also wrote the input size it was given, which the model's input shape already says.
    kerasIgnored: rank === 1 ? ['input_dim', 'input_length'] : [],
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
      const outputs = outputsOf(ctx, rank);
      const kernel = kernelOf(ctx, spatialOf(ctx) as number[], outputs);
      return fieldsOf(ctx).use_bias ? [kernel, { name: 'bias', shape: [...outputs, fieldsOf(ctx).filters], role: 'trainable' }] : [kernel];
    },
    // Every connected weight is used once per sample, whichever way it is stored.
    macs: (ctx) => {
      const { filters, kernel_size: k, strides, padding: pad } = fieldsOf(ctx);
      const inputs = spatialOf(ctx) as number[];
      const outputs = outputsOf(ctx, rank);
      return exactProduct([...inputs.map((length, axis) => connectedAlong(length, k[axis], strides[axis], pad, outputs[axis])), channelsOf(ctx), filters]);
    },
  };
}

export const LocallyConnected1D = locallyConnected(1);
export const LocallyConnected2D = locallyConnected(2);
