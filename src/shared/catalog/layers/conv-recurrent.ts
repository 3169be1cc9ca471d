import { tensor } from '../../tensor';
import { activation, exactProduct, filtersField, innerContext, padding, perAxis, requireRank, times, useBias } from '../common';
import { bool, int, ints } from '../fields';
import type { LayerContext, LayerSpec } from '../types';
import { convolve } from './conv';

/** Each frame (steps, height, width, channels) is one step of the recurrence. */
const perFrame = (ctx: LayerContext): LayerContext => innerContext(ctx, [tensor(ctx.inputs[0].dims.slice(1), true)]);
const channels = (ctx: LayerContext) => ctx.inputs[0].dims[3] as number;

export const ConvLSTM2D: LayerSpec = {
  type: 'ConvLSTM2D',
  family: 'recurrent',
  description: 'An LSTM whose gates are convolutions: 4 × [kernel × filters × (filters + channels) + filters].',
  fields: [
    filtersField,
    perAxis('kernel_size', 2, 3),
    perAxis('strides', 2, 1),
    padding(),
    perAxis('dilation_rate', 2, 1),
    useBias,
    activation('tanh'),
    { name: 'return_sequences', kind: 'bool', default: false },
    { name: 'return_state', kind: 'bool', default: false, help: 'Also output the final state (h and c).' },
  ],
  summary: ['filters', 'kernel_size', 'strides?', 'padding?', 'return_sequences?', 'return_state?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const wrongRank = requireRank(ctx, 'ConvLSTM2D', 4, 'steps, height, width, channels');
    if (wrongRank) return wrongRank;
    const frame = convolve(perFrame(ctx), 'ConvLSTM2D', 2, int(ctx, 'filters'));
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
    const positions = out.dims.slice(-3, -1);
    return exactProduct([ctx.inputs[0].dims[0], ...positions, ...ints(ctx, 'kernel_size'), 4, f, BigInt(f) + BigInt(channels(ctx))]);
  },
};
