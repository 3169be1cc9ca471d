// The feed-forward nets of transformer layers, as one node each: the plain two-layer MLP (GPT-2, BERT, ViT:
// up, activation, down) and the gated MLP of Llama-era models (SwiGLU, GeGLU: down(act(gate(x)) · up(x))).
import { lastDim, tensor } from '../../tensor';
import { ACTIVATIONS, exactProduct, positionsOf, shapeText } from '../common';
import { bool, int } from '../fields';
import type { FieldSpec, LayerContext, LayerSpec, WeightSpec } from '../types';

/**
 * A linear projection's weights, named per convention: Keras `name/kernel` (in, out), PyTorch
 * `torchName.weight` (out, in), each with its bias. `stack`: experts stacked on a leading axis, of which one
 * token uses `active` (a mixture of experts' top_k).
 */
export function projection(ctx: LayerContext, names: [keras: string, torch: string], inF: number, outF: number, bias: boolean, stack?: { experts: number; active?: number }): WeightSpec[] {
  const torch = ctx.convention === 'pytorch';
  const lead = stack ? [stack.experts] : [];
  const active = stack?.active === undefined ? {} : { active: stack.active };
  const kernel: WeightSpec = torch
    ? { name: `${names[1]}.weight`, shape: [...lead, outF, inF], role: 'trainable', ...active }
    : { name: `${names[0]}/kernel`, shape: [...lead, inF, outF], role: 'trainable', ...active };
  if (!bias) return [kernel];
  return [kernel, { name: torch ? `${names[1]}.bias` : `${names[0]}/bias`, shape: [...lead, outF], role: 'trainable', ...active }];
}

/** The fields of a feed-forward net: its hidden width, activation and biases. */
export const feedForwardFields = (act: string, bias: boolean): FieldSpec[] => [
  { name: 'intermediate_size', kind: 'int', required: true, default: 2048, min: 1, help: 'The hidden width (d_ff)' },
  { name: 'activation', kind: 'text', default: act, known: ACTIVATIONS },
  { name: 'use_bias', kind: 'bool', default: bias, help: 'Biases on every projection' },
];

/** The gated MLP's three projections (gate, up, down); `stack` for a mixture's experts. */
export const gatedWeights = (ctx: LayerContext, width: number, hidden: number, bias: boolean, prefix = '', stack?: { experts: number; active?: number }): WeightSpec[] => [
  ...projection(ctx, [`${prefix}gate`, `${prefix}gate_proj`], width, hidden, bias, stack),
  ...projection(ctx, [`${prefix}up`, `${prefix}up_proj`], width, hidden, bias, stack),
  ...projection(ctx, [`${prefix}down`, `${prefix}down_proj`], hidden, width, bias, stack),
];

/** A net that keeps its input's shape: it reads the last axis and writes one as wide. */
export function featuresIn(ctx: LayerContext, type: string) {
  const width = lastDim(ctx.inputs[0]);
  return width === null ? { message: `${type} needs a known last axis, got ${shapeText(ctx, ctx.inputs[0])}` } : tensor(ctx.inputs[0].dims, ctx.inputs[0].spatial);
}

const width = (ctx: LayerContext) => lastDim(ctx.inputs[0]) as number;

export const GatedMLP: LayerSpec = {
  type: 'GatedMLP',
  family: 'core',
  description: 'Gated feed-forward net (SwiGLU with silu, GeGLU with gelu): down(activation(gate(x)) · up(x)), as in Llama, Mistral, Gemma.',
  pytorch: 'LlamaMLP',
  keras: false,
  fields: feedForwardFields('silu', false),
  summary: ['intermediate_size', 'activation?', 'use_bias?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => featuresIn(ctx, 'GatedMLP'),
  weights: (ctx) => gatedWeights(ctx, width(ctx), int(ctx, 'intermediate_size'), bool(ctx, 'use_bias')),
  // Three d × d_ff products at every position; the gating product and the activation are not MACs.
  macs: (ctx) => exactProduct([positionsOf(ctx.inputs[0]), 3, width(ctx), int(ctx, 'intermediate_size')]),
};

export const MLP: LayerSpec = {
  type: 'MLP',
  family: 'core',
  description: 'Two-layer feed-forward net: down(activation(up(x))), as in GPT-2, BERT and ViT.',
  pytorch: 'MLP',
  keras: false,
  fields: feedForwardFields('gelu', true),
  summary: ['intermediate_size', 'activation?', 'use_bias?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => featuresIn(ctx, 'MLP'),
  weights: (ctx) => [
    ...projection(ctx, ['fc1', 'fc1'], width(ctx), int(ctx, 'intermediate_size'), bool(ctx, 'use_bias')),
    ...projection(ctx, ['fc2', 'fc2'], int(ctx, 'intermediate_size'), width(ctx), bool(ctx, 'use_bias')),
  ],
  macs: (ctx) => exactProduct([positionsOf(ctx.inputs[0]), 2, width(ctx), int(ctx, 'intermediate_size')]),
};
