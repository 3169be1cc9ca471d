import { lastDim, tensor, type Tensor } from '../../tensor';
import type { LayerProblem } from '../../problem';
import { activation, exactProduct, requireRank, shapeText, useBias } from '../common';
import { bool, int } from '../fields';
import { weightsFormula } from '../formula';
import { keras1 } from '../keras1';
import { kerasCannotHold } from '../pytorch-only';
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

/**
 * nn.RNN / nn.GRU / nn.LSTM's own settings, which Keras's layers have not (PyTorch-only fields): a stack of
 * `num_layers` layers, each after the first reading the one before (both directions' outputs when
 * bidirectional), and LSTM's `proj_size`, which projects h to a smaller size (weight_hr).
 */
const numLayers: FieldSpec = {
  name: 'num_layers',
  kind: 'int',
  default: 1,
  min: 1,
  // Each layer is named weights of its own: a bound keeps the list a list (torch sets none; deep stacks stop long before).
  max: 1024,
  pytorchOnly: true,
  help: "PyTorch's num_layers: a stack of this many layers, each reading the one before.",
};
const bidirectional: FieldSpec = {
  name: 'bidirectional',
  kind: 'bool',
  default: false,
  pytorchOnly: true,
  help: "PyTorch's bidirectional: each layer also runs backwards (weights named …_reverse); outputs are concatenated.",
};
const projSize: FieldSpec = {
  name: 'proj_size',
  kind: 'int',
  default: 0,
  min: 0,
  pytorchOnly: true,
  help: "PyTorch's proj_size (LSTM): h is projected to this size by weight_hr; 0 is none. Must be below units.",
};

/** The shape of a torch recurrent stack: layers, directions, h's size after projection. */
interface Stack {
  layers: number;
  dirs: number;
  proj: number;
  out: number;
}
const stackOf = (ctx: LayerContext): Stack => {
  const [layers, dirs, proj] = [(ctx.values.num_layers as number | undefined) ?? 1, ctx.values.bidirectional === true ? 2 : 1, (ctx.values.proj_size as number | undefined) ?? 0];
  return { layers, dirs, proj, out: proj || int(ctx, 'units') };
};
/** A single layer one way, without projection: what Keras's layer is too. */
const single = (s: Stack) => s.layers === 1 && s.dirs === 1 && s.proj === 0;

/** torch's weights for a stack, in its order and with its names (weight_ih_l1_reverse, weight_hr_l0). */
function stackWeights(ctx: LayerContext, gates: number, s: Stack): WeightSpec[] {
  const [h, i, bias] = [int(ctx, 'units'), inputSize(ctx), bool(ctx, 'use_bias')];
  const weights: WeightSpec[] = [];
  for (let l = 0; l < s.layers; l++)
    for (let d = 0; d < s.dirs; d++) {
      const sfx = `_l${l}${d ? '_reverse' : ''}`;
      const input = l === 0 ? i : s.dirs * s.out;
      weights.push({ name: `weight_ih${sfx}`, shape: [gates * h, input], role: 'trainable' }, { name: `weight_hh${sfx}`, shape: [gates * h, s.out], role: 'trainable' });
      if (bias) weights.push({ name: `bias_ih${sfx}`, shape: [gates * h], role: 'trainable' }, { name: `bias_hh${sfx}`, shape: [gates * h], role: 'trainable' });
      if (s.proj) weights.push({ name: `weight_hr${sfx}`, shape: [s.proj, h], role: 'trainable' });
    }
  return weights;
}

/** One step's MACs through the whole stack: every layer and direction's gate products (and projection). */
function stackMacs(ctx: LayerContext, gates: number, s: Stack): bigint {
  const [h, i] = [BigInt(int(ctx, 'units')), BigInt(inputSize(ctx))];
  let macs = 0n;
  for (let l = 0; l < s.layers; l++) {
    const input = l === 0 ? i : BigInt(s.dirs * s.out);
    macs += BigInt(s.dirs) * (BigInt(gates) * h * (input + BigInt(s.out)) + BigInt(s.proj) * h);
  }
  return macs;
}

/** What a torch stack cannot be: a projection not below units, or states in and out of more than one layer one way. */
function stackProblem(ctx: LayerContext, type: string, s: Stack): LayerProblem | undefined {
  if (s.proj >= int(ctx, 'units'))
    return { field: 'proj_size', message: `${type}: proj_size must be smaller than units (${int(ctx, 'units')}), got ${s.proj}`, hint: 'PyTorch raises "proj_size has to be smaller than hidden_size"' };
  if ((s.layers > 1 || s.dirs > 1) && (bool(ctx, 'return_state') || ctx.inputs.length > 1))
    return {
      field: s.layers > 1 ? 'num_layers' : 'bidirectional',
      message: `${type}: with num_layers or bidirectional the states are one per layer and direction (torch's h_n); Paramsketch passes states only for one layer one way`,
      hint: 'turn off return_state and initial states, or use separate layers',
    };
  return undefined;
}

/** A recurrent layer of `gates` gates; `cudnn`: Keras 2's CuDNNLSTM / CuDNNGRU (no activation nor use_bias, two biases). */
function recurrent(type: string, gates: number, pytorch: string, extra: FieldSpec[] = [], cudnn = false): LayerSpec {
  // An LSTM carries two states (h and c); SimpleRNN and GRU one.
  const states = gates === 4 ? 2 : 1;
  const style: GateStyle = { suffix: '_l0', cudnn };
  // cuDNN's layers are Keras's own (PyTorch has no such class): no torch settings on them.
  const torchFields = cudnn ? [] : gates === 4 ? [numLayers, bidirectional, projSize] : [numLayers, bidirectional];
  const fields: FieldSpec[] = [
    { name: 'units', kind: 'int', required: true, default: 32, min: 1, ...(cudnn ? {} : { torch: 'hidden_size' }) },
    ...(cudnn ? [] : [activation('tanh'), useBias]),
    ...sequenceFields(states === 2 ? 'h and c' : 'h'),
    ...extra,
    ...torchFields,
  ];
  return {
    type,
    family: 'recurrent',
    recurrent: true,
    fromKerasConfig: extra.includes(resetAfter) ? (config, major) => fromKeras1(olderGru(config, major)) : fromKeras1,
    description: cudnn
      ? `Fast ${gates === 4 ? 'LSTM' : 'GRU'} implementation backed by cuDNN.`
      : ['Fully-connected RNN where the output is to be fed back as the new input.', '', 'Gated Recurrent Unit - Cho et al. 2014.', 'Long Short-Term Memory layer - Hochreiter 1997.'][gates - 1],
    // cuDNN's are Keras's own classes, which torch's merely resemble.
    ...(cudnn ? { pytorch } : { torch: pytorch }),
    fields,
    summary: ['units', 'return_sequences?', 'return_state?', ...extra.map((f) => `${f.name}?`), ...torchFields.map((f) => `${f.name}?`)],
    // The sequence, then (optionally) the initial state: all of it or none.
    inputs: { min: 1, max: 1 + states },
    inferShape: (ctx) => {
      const s = stackOf(ctx);
      const wrong = kerasCannotHold(ctx, type, torchFields) ?? stackProblem(ctx, type, s);
      if (wrong) return wrong;
      // An LSTM's h is proj_size wide with a projection, its c stays units wide.
      const sizes = s.proj ? [s.proj, int(ctx, 'units')] : Array<number>(states).fill(int(ctx, 'units'));
      return overSequence(ctx, type, () => ({ output: s.dirs * s.out, states: sizes }));
    },
    weights: (ctx) => {
      const s = stackOf(ctx);
      return single(s) ? gateWeights(ctx, gates, style) : stackWeights(ctx, gates, s);
    },
    formula: (ctx) => {
      const s = stackOf(ctx);
      return single(s) ? gateFormula(ctx, gates, cudnn) : weightsFormula(stackWeights(ctx, gates, s));
    },
    macs: (ctx) => exactProduct([ctx.inputs[0].dims[0], single(stackOf(ctx)) ? gateMacs(ctx, gates) : stackMacs(ctx, gates, stackOf(ctx))]),
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
