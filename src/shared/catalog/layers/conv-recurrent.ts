import { tensor, type Tensor } from '../../tensor';
import { activation, channelsOf, dataFormat, exactProduct, filtersField, innerContext, padding, perAxis, requireRank, times, useBias } from '../common';
import { bool, int, ints, text } from '../fields';
import { keras1Convolution } from '../keras1';
import type { LayerContext, LayerSpec } from '../types';
import { convolve } from './conv';

const FRAME = ['rows', 'height, width', 'depth, height, width'];

/**
 * Each frame is one step of the recurrence: the input without its steps axis, in the layer's data_format
 * (channels_first frames are (channels, spatial…), as Keras's ConvLSTM reads them: base_conv_lstm.py's build).
 */
const perFrame = (ctx: LayerContext): LayerContext => {
  const frame = ctx.inputs[0].dims.slice(1);
  return innerContext(ctx, [tensor(frame, text(ctx, 'data_format') !== 'channels_first')]);
};
const channels = (ctx: LayerContext) => channelsOf(perFrame(ctx)) as number;

/** A frame's spatial sizes (without its channel axis). */
const positionsOf = (ctx: LayerContext, frame: Tensor) =>
  text(ctx, 'data_format') === 'channels_first' ? frame.dims.slice(1) : frame.dims.slice(0, -1);

/** ConvLSTM1D, ConvLSTM2D, ConvLSTM3D (tf-keras layers/rnn/base_conv_lstm.py and base_conv_rnn.py). */
function convLSTM(rank: 1 | 2 | 3): LayerSpec {
  const type = `ConvLSTM${rank}D`;
  return {
    type,
    family: 'recurrent',
    recurrent: true,
    // Keras 1's ConvLSTM2D(nb_filter, nb_row, nb_col, border_mode, dim_ordering): the same weights, four gates each.
    fromKerasConfig: keras1Convolution(rank),
    // Keras's one line, then what it counts.
    description: `${rank}D Convolutional LSTM.`,
    fields: [
      filtersField,
      perAxis('kernel_size', rank, 3),
      perAxis('strides', rank, 1),
      padding(),
      perAxis('dilation_rate', rank, 1),
      useBias,
      activation('tanh'),
      { name: 'return_sequences', kind: 'bool', default: false },
      { name: 'return_state', kind: 'bool', default: false, help: 'Also output the final state (h and c).' },
      dataFormat,
    ],
    summary: ['filters', 'kernel_size', 'strides?', 'padding?', 'return_sequences?', 'return_state?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, rank + 2, `steps, ${FRAME[rank - 1]}, channels`);
      if (wrongRank) return wrongRank;
      const frame = convolve(perFrame(ctx), type, rank, int(ctx, 'filters'));
      if ('message' in frame) return frame;
      const output = bool(ctx, 'return_sequences') ? tensor([ctx.inputs[0].dims[0], ...frame.dims]) : frame;
      // The states h and c are frames, as the last step's output is.
      return bool(ctx, 'return_state') ? [output, frame, frame] : output;
    },
    // The recurrent convolution always keeps the frame size, so its kernel reads the filters.
    weights: (ctx) => {
      const [k, f] = [ints(ctx, 'kernel_size'), int(ctx, 'filters')];
      return [
        { name: 'kernel', shape: [...k, channels(ctx), 4 * f], role: 'trainable' },
        { name: 'recurrent_kernel', shape: [...k, f, 4 * f], role: 'trainable' },
        ...(bool(ctx, 'use_bias') ? [{ name: 'bias', shape: [4 * f], role: 'trainable' as const }] : []),
      ];
    },
    formula: (ctx) => {
      const f = int(ctx, 'filters');
      const matrices = `(${times(ints(ctx, 'kernel_size'))})×${f}(${f}+${channels(ctx)})`;
      return `4 × [${bool(ctx, 'use_bias') ? `${matrices} + ${f}` : matrices}]`;
    },
    // Per step and output position, the input and the recurrent convolution of all 4 gates:
    // window × 4f × (channels + f), as the recurrent LSTM's 4h(h+i).
    macs: (ctx, [out]) => {
      const f = int(ctx, 'filters');
      const frame = bool(ctx, 'return_sequences') ? tensor(out.dims.slice(1)) : out;
      return exactProduct([ctx.inputs[0].dims[0], ...positionsOf(ctx, frame), ...ints(ctx, 'kernel_size'), 4, f, BigInt(f) + BigInt(channels(ctx))]);
    },
  };
}

export const ConvLSTM1D = convLSTM(1);
export const ConvLSTM2D = convLSTM(2);
export const ConvLSTM3D = convLSTM(3);
