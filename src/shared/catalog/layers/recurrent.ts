import { lastDim, tensor, type Tensor } from '../../tensor';
import type { LayerProblem } from '../../problem';
import { activation, exactProduct, requireRank, shapeText, useBias } from '../common';
import { bool, int } from '../fields';
import { keras1 } from '../keras1';
import type { FieldSpec, LayerContext, LayerSpec, WeightSpec } from '../types';

/**
 * Each gate is a small dense layer on [h_prev, x]: h(h+i) weights and h biases.
 * PyTorch always keeps two bias vectors (input and hidden); Keras keeps one, except GRU with
 * reset_after, which applies the reset gate after the matmul and so needs the second one too, and the
 * cuDNN layers (CuDNNLSTM, CuDNNGRU), which keep cuDNN's two as one vector of 2 × gates × h.
 * The rules read the input's last axis: a sequence's features, or one step's (an RNN cell's input).
 */
const inputSize = (ctx: LayerContext) => lastDim(ctx.inputs[0]) as number;
const biasVectors = (ctx: LayerContext, cudnn: boolean) =>
  cudnn ? 2 : !bool(ctx, 'use_bias') ? 0 : ctx.convention === 'pytorch' || ctx.values.reset_after === true ? 2 : 1;

/** How a layer keeps its gates' weights: PyTorch's name suffix (nn.LSTM's `_l0`; none for nn.LSTMCell), and cuDNN's biases. */
export interface GateStyle {
  suffix: string;
  cudnn?: boolean;
}
const LAYER: GateStyle = { suffix: '_l0' };

export function gateWeights(ctx: LayerContext, gates: number, style: GateStyle = LAYER): WeightSpec[] {
  const cudnn = style.cudnn === true;
  const [h, i, biases] = [int(ctx, 'units'), inputSize(ctx), biasVectors(ctx, cudnn)];
  if (ctx.convention === 'pytorch') {
    const s = style.suffix;
    return [
      { name: `weight_ih${s}`, shape: [gates * h, i], role: 'trainable' },
      { name: `weight_hh${s}`, shape: [gates * h, h], role: 'trainable' },
      ...(biases ? [`bias_ih${s}`, `bias_hh${s}`].map((name) => ({ name, shape: [gates * h], role: 'trainable' as const })) : []),
    ];
  }
  const biasShape = biases === 2 ? (cudnn ? [2 * gates * h] : [2, gates * h]) : [gates * h];
  return [
    { name: 'kernel', shape: [i, gates * h], role: 'trainable' },
    { name: 'recurrent_kernel', shape: [h, gates * h], role: 'trainable' },
    ...(biases ? [{ name: 'bias', shape: biasShape, role: 'trainable' as const }] : []),
  ];
}

export function gateFormula(ctx: LayerContext, gates: number, cudnn = false): string {
  const [h, i, biases] = [int(ctx, 'units'), inputSize(ctx), biasVectors(ctx, cudnn)];
  const matrices = `${h}(${h}+${i})`;
  const inner = biases === 0 ? matrices : `${matrices} + ${biases === 2 ? `2×${h}` : h}`;
  return gates === 1 ? inner : `${gates} × [${inner}]`;
}

/** One step's MACs: each gate's h(h+i) matrix products; biases and the gates' element-wise work are not MACs. */
export const gateMacs = (ctx: LayerContext, gates: number): bigint => {
  const [h, i] = [int(ctx, 'units'), inputSize(ctx)];
  return BigInt(gates) * BigInt(h) * (BigInt(h) + BigInt(i));
};

export const gateNote = (ctx: LayerContext, gates: number): string | undefined =>
  bool(ctx, 'use_bias') && ctx.values.reset_after !== true
    ? `PyTorch keeps two bias vectors per gate (bias_ih and bias_hh); Keras keeps one: ${gates}×${int(ctx, 'units')} more in PyTorch.`
    : undefined;

/** The fields every layer running over a sequence has: which outputs it gives. */
export const sequenceFields = (states: string): FieldSpec[] => [
  { name: 'return_sequences', kind: 'bool', default: false, help: 'Output every step, not only the last.' },
  { name: 'return_state', kind: 'bool', default: false, help: `Also output the final state (${states}).` },
];

/** What one step gives: its output size and the sizes of the states it carries. */
export interface StepSizes {
  output: number;
  states: number[];
}

const stateWords = (n: number) => (n === 1 ? 'one state' : n === 2 ? 'both states (h, c)' : `its ${n} states`);

/**
 * With return_state the layer also outputs its final state: h, and for an LSTM c too (Keras's
 * `output, state_h, state_c = LSTM(…, return_state=True)(x)`). Those states may start another RNN
 * (`initial_state=[state_h, state_c]`, a seq2seq decoder): they arrive as its inputs after the first. They
 * change no count: a state is h numbers, which the layer holds no weights for.
 */
function stateProblem(ctx: LayerContext, type: string, states: number[]): LayerProblem | undefined {
  for (let k = 1; k < ctx.inputs.length; k++) {
    const [dims, units] = [ctx.inputs[k].dims, states[k - 1]];
    if (dims.length !== 1 || (dims[0] !== null && dims[0] !== units))
      return {
        field: 'inputs',
        message: `${type}: initial state ${k} of ${states.length} must be (None, ${units}), got ${shapeText(ctx, ctx.inputs[k])}`,
        hint: `feed it the state of an RNN with ${units} units, or a Dense(${units})`,
      };
  }
  return undefined;
}

/**
 * A recurrent layer's outputs over its sequence (steps, features), given what one step of the features
 * gives: the output (every step's, or the last), then the final states with return_state. Checks the
 * sequence and the initial states (all or none, each of its state's size).
 */
export function overSequence(ctx: LayerContext, type: string, step: (features: Tensor) => StepSizes | LayerProblem): Tensor | Tensor[] | LayerProblem {
  const wrongRank = requireRank(ctx, type, 2, 'steps, features');
  if (wrongRank) return wrongRank;
  const [steps, features] = ctx.inputs[0].dims;
  if (features === null) return { message: `${type} needs a known feature size`, hint: 'give the Input a fixed last axis' };
  const sizes = step(tensor([features]));
  if (!('states' in sizes)) return sizes;
  const states = sizes.states;
  if (ctx.inputs.length !== 1 && ctx.inputs.length !== 1 + states.length)
    return { field: 'inputs', message: `${type} takes its sequence and then ${stateWords(states.length)} as initial state, got ${ctx.inputs.length - 1}` };
  const wrongState = stateProblem(ctx, type, states);
  if (wrongState) return wrongState;
  const output = tensor(bool(ctx, 'return_sequences') ? [steps, sizes.output] : [sizes.output]);
  return bool(ctx, 'return_state') ? [output, ...states.map((units) => tensor([units]))] : output;
}

const fromKeras1 = keras1({ output_dim: 'units' });

/** A recurrent layer of `gates` gates; `cudnn`: Keras 2's CuDNNLSTM / CuDNNGRU (no activation nor use_bias, two biases). */
function recurrent(type: string, gates: number, pytorch: string, extra: FieldSpec[] = [], cudnn = false): LayerSpec {
  // An LSTM carries two states (h and c); SimpleRNN and GRU one.
  const states = gates === 4 ? 2 : 1;
  const style: GateStyle = { suffix: '_l0', cudnn };
  return {
    type,
    family: 'recurrent',
    recurrent: true,
    fromKerasConfig: extra.includes(resetAfter) ? (config, major) => fromKeras1(olderGru(config, major)) : fromKeras1,
    description: cudnn
      ? `Fast ${gates === 4 ? 'LSTM' : 'GRU'} implementation backed by cuDNN.`
      : ['Fully-connected RNN where the output is to be fed back as the new input.', '', 'Gated Recurrent Unit - Cho et al. 2014.', 'Long Short-Term Memory layer - Hochreiter 1997.'][gates - 1],
    pytorch,
    fields: [
      { name: 'units', kind: 'int', required: true, default: 32, min: 1 },
      ...(cudnn ? [] : [activation('tanh'), useBias]),
      ...sequenceFields(states === 2 ? 'h and c' : 'h'),
      ...extra,
    ],
    summary: ['units', 'return_sequences?', 'return_state?', ...extra.map((f) => `${f.name}?`)],
    // The sequence, then (optionally) the initial state: all of it or none.
    inputs: { min: 1, max: 1 + states },
    inferShape: (ctx) => overSequence(ctx, type, () => ({ output: int(ctx, 'units'), states: Array<number>(states).fill(int(ctx, 'units')) })),
    weights: (ctx) => gateWeights(ctx, gates, style),
    formula: (ctx) => gateFormula(ctx, gates, cudnn),
    macs: (ctx) => exactProduct([ctx.inputs[0].dims[0], gateMacs(ctx, gates)]),
    // cuDNN keeps PyTorch's two bias vectors: the counts agree.
    conventionNote: cudnn ? undefined : (ctx) => gateNote(ctx, gates),
  };
}

/**
 * A GRU config without reset_after was written before the setting existed (Keras 1, Keras 2.0–2.1) or where
 * it cannot be set (TensorFlow.js): one bias per gate, reset_after=False. tf.keras from TensorFlow 2 and
 * Keras 3 always write it (a Keras 3 file without it reads as Keras 3's default, True). A Keras 1 config
 * says output_dim, whatever wrote the file around it.
 */
const olderGru = (config: Record<string, unknown>, major: 1 | 2 | 3) =>
  !('reset_after' in config) && (major < 3 || 'output_dim' in config) ? { ...config, reset_after: false } : config;

/** GRU's (and GRUCell's) choice of one bias vector or two. */
export const resetAfter: FieldSpec = {
  name: 'reset_after',
  kind: 'bool',
  default: true,
  help: 'Keras ≥ 2 default: reset gate after the matmul, with a second bias (as cuDNN and PyTorch do).',
};

export const SimpleRNN = recurrent('SimpleRNN', 1, 'nn.RNN');
export const GRU = recurrent('GRU', 3, 'nn.GRU', [resetAfter]);
export const LSTM = recurrent('LSTM', 4, 'nn.LSTM');
export const CuDNNGRU = recurrent('CuDNNGRU', 3, 'nn.GRU', [], true);
export const CuDNNLSTM = recurrent('CuDNNLSTM', 4, 'nn.LSTM', [], true);
