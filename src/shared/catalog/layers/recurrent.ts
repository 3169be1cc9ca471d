import { tensor } from '../../tensor';
import { activation, exactProduct, requireRank, useBias } from '../common';
import { bool, int } from '../fields';
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

function recurrent(type: string, gates: number, pytorch: string, extra: FieldSpec[] = []): LayerSpec {
  return {
    type,
    family: 'recurrent',
    description: `${gates === 1 ? 'One gate' : `${gates} gates`}, each g·[h(h+i) + h]: h units reading i features per step.`,
    pytorch,
    fields: [
      { name: 'units', kind: 'int', required: true, default: 32, min: 1 },
      activation('tanh'),
      useBias,
      { name: 'return_sequences', kind: 'bool', default: false, help: 'Output every step, not only the last.' },
      ...extra,
    ],
    summary: ['units', 'return_sequences?', ...extra.map((f) => `${f.name}?`)],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, 2, 'steps, features');
      if (wrongRank) return wrongRank;
      const [steps, features] = ctx.inputs[0].dims;
      if (features === null) return { message: `${type} needs a known feature size`, hint: 'give the Input a fixed last axis' };
      return tensor(bool(ctx, 'return_sequences') ? [steps, int(ctx, 'units')] : [int(ctx, 'units')]);
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
