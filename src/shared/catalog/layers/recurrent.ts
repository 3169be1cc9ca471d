import { tensor } from '../../tensor';
import type { LayerProblem } from '../../problem';
import { activation, exactProduct, requireRank, shapeText, useBias } from '../common';
import { bool, int } from '../fields';
import { keras1 } from '../keras1';
import type { FieldSpec, LayerContext, LayerSpec, WeightSpec } from '../types';

/**
 * Each gate is a small dense layer on [h_prev, x]: h(h+i) weights and h biases.
 * PyTorch always keeps two bias vectors (input and hidden); Keras keeps one, except GRU with
 * reset_after, which applies the reset gate after the matmul and so needs the second one too.
 */
const inputSize = (ctx: LayerContext) => ctx.inputs[0].dims[1] as number;
const biasVectors = (ctx: LayerContext) =>
  !bool(ctx, 'use_bias') ? 0 : ctx.convention === 'pytorch' || ctx.values.reset_after === true ? 2 : 1;

function recurrentWeights(ctx: LayerContext, gates: number): WeightSpec[] {
  const [h, i, biases] = [int(ctx, 'units'), inputSize(ctx), biasVectors(ctx)];
  if (ctx.convention === 'pytorch')
    return [
      { name: 'weight_ih_l0', shape: [gates * h, i], role: 'trainable' },
      { name: 'weight_hh_l0', shape: [gates * h, h], role: 'trainable' },
      ...(biases ? (['bias_ih_l0', 'bias_hh_l0'] as const).map((name) => ({ name, shape: [gates * h], role: 'trainable' as const })) : []),
    ];
  return [
    { name: 'kernel', shape: [i, gates * h], role: 'trainable' },
    { name: 'recurrent_kernel', shape: [h, gates * h], role: 'trainable' },
    ...(biases ? [{ name: 'bias', shape: biases === 2 ? [2, gates * h] : [gates * h], role: 'trainable' as const }] : []),
  ];
}

function recurrentFormula(ctx: LayerContext, gates: number): string {
  const [h, i, biases] = [int(ctx, 'units'), inputSize(ctx), biasVectors(ctx)];
  const matrices = `${h}(${h}+${i})`;
  const inner = biases === 0 ? matrices : `${matrices} + ${biases === 2 ? `2×${h}` : h}`;
  return gates === 1 ? inner : `${gates} × [${inner}]`;
}

/**
 * With return_state the layer also outputs its final state: h, and for an LSTM c too (Keras's
 * `output, state_h, state_c = LSTM(…, return_state=True)(x)`). Those states may start another RNN
 * (`initial_state=[state_h, state_c]`, a seq2seq decoder): they arrive as its inputs after the first. They
 * change no count: a state is h numbers, which the layer holds no weights for.
 */
function stateProblem(ctx: LayerContext, type: string, states: number): LayerProblem | undefined {
  const units = int(ctx, 'units');
  for (let k = 1; k < ctx.inputs.length; k++) {
    const dims = ctx.inputs[k].dims;
    if (dims.length !== 1 || (dims[0] !== null && dims[0] !== units))
      return {
        field: 'inputs',
        message: `${type}: initial state ${k} of ${states} must be (None, ${units}), got ${shapeText(ctx, ctx.inputs[k])}`,
        hint: `feed it the state of an RNN with ${units} units, or a Dense(${units})`,
      };
  }
  return undefined;
}

function recurrent(type: string, gates: number, pytorch: string, extra: FieldSpec[] = []): LayerSpec {
  // An LSTM carries two states (h and c); SimpleRNN and GRU one.
  const states = gates === 4 ? 2 : 1;
  return {
    type,
    family: 'recurrent',
    recurrent: true,
    fromKerasConfig: keras1({ output_dim: 'units' }),
    description: `${gates === 1 ? 'One gate' : `${gates} gates`}, each g·[h(h+i) + h]: h units reading i features per step.`,
    pytorch,
    fields: [
      { name: 'units', kind: 'int', required: true, default: 32, min: 1 },
      activation('tanh'),
      useBias,
      { name: 'return_sequences', kind: 'bool', default: false, help: 'Output every step, not only the last.' },
      { name: 'return_state', kind: 'bool', default: false, help: `Also output the final state (${states === 2 ? 'h and c' : 'h'}).` },
      ...extra,
    ],
    summary: ['units', 'return_sequences?', 'return_state?', ...extra.map((f) => `${f.name}?`)],
    // The sequence, then (optionally) the initial state: all of it or none.
    inputs: { min: 1, max: 1 + states },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, 2, 'steps, features');
      if (wrongRank) return wrongRank;
      const [steps, features] = ctx.inputs[0].dims;
      if (features === null) return { message: `${type} needs a known feature size`, hint: 'give the Input a fixed last axis' };
      if (ctx.inputs.length !== 1 && ctx.inputs.length !== 1 + states)
        return { field: 'inputs', message: `${type} takes its sequence and then ${states === 2 ? 'both states (h, c)' : 'one state'} as initial state, got ${ctx.inputs.length - 1}` };
      const wrongState = stateProblem(ctx, type, states);
      if (wrongState) return wrongState;
      const units = int(ctx, 'units');
      const output = tensor(bool(ctx, 'return_sequences') ? [steps, units] : [units]);
      return bool(ctx, 'return_state') ? [output, ...Array.from({ length: states }, () => tensor([units]))] : output;
    },
    weights: (ctx) => recurrentWeights(ctx, gates),
    formula: (ctx) => recurrentFormula(ctx, gates),
    // Per step, each gate's h(h+i) matrix products; biases and the gates' element-wise work are not MACs.
    macs: (ctx) => {
      const [h, i] = [int(ctx, 'units'), inputSize(ctx)];
      return exactProduct([ctx.inputs[0].dims[0], gates, h, BigInt(h) + BigInt(i)]);
    },
    conventionNote: (ctx) =>
      bool(ctx, 'use_bias') && ctx.values.reset_after !== true
        ? `PyTorch keeps two bias vectors per gate (bias_ih and bias_hh); Keras keeps one: ${gates}×${int(ctx, 'units')} more in PyTorch.`
        : undefined,
  };
}

export const SimpleRNN = recurrent('SimpleRNN', 1, 'nn.RNN');
export const GRU = recurrent('GRU', 3, 'nn.GRU', [
  {
    name: 'reset_after',
    kind: 'bool',
    default: true,
    help: 'Keras ≥ 2 default: reset gate after the matmul, with a second bias (as cuDNN and PyTorch do).',
  },
]);
export const LSTM = recurrent('LSTM', 4, 'nn.LSTM');
