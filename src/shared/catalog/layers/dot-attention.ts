import type { LayerProblem } from '../../problem';
import { lastDim, tensor, type Dim, type Tensor } from '../../tensor';
import { exactProduct, exactSum, positionsOf, shapeText } from '../common';
import { valuesOf } from '../fields';
import type { FieldSpec, LayerContext, LayerSpec, WeightSpec } from '../types';

// Keras's Attention and AdditiveAttention (keras/src/layers/attention/): no projections, only scores of
// query against key, softmaxed and applied to value. Inputs [query, value, key?]; key defaults to value.

const roles = ['query', 'value', 'key'];
const sequences = (ctx: LayerContext) => {
  const [query, value, key = value] = ctx.inputs;
  return { query, value, key };
};
/** The positions a key runs over: its second-to-last axis (Tv). */
const steps = (t: Tensor): Dim => t.dims[t.dims.length - 2];

function checked(ctx: LayerContext, type: string): Tensor | LayerProblem {
  for (const [k, t] of ctx.inputs.entries())
    if (t.dims.length < 2) return { field: 'inputs', message: `${type}: the ${roles[k]} must be (steps, dim), got ${shapeText(ctx, t)}` };
  const { query, value, key } = sequences(ctx);
  const [q, k] = [lastDim(query), lastDim(key)];
  if (q === null) return { field: 'inputs', message: `${type} needs a known query size, got ${shapeText(ctx, query)}` };
  if (k !== null && k !== q)
    return { field: 'inputs', message: `${type}: the query has ${q} features but the key ${k}; scores need them equal` };
  const [tk, tv] = [steps(key), steps(value)];
  if (tk !== null && tv !== null && tk !== tv)
    return { field: 'inputs', message: `${type}: the key has ${tk} steps but the value ${tv}` };
  // (…, Tq, dim of value), as Attention.compute_output_shape.
  return tensor([...query.dims.slice(0, -1), lastDim(value)], query.spatial);
}

/** Scores (Tq × Tv × dim), then the softmaxed scores times the value (Tq × Tv × value's dim). */
function scoreMacs(ctx: LayerContext): bigint | null {
  const { query, value, key } = sequences(ctx);
  const [queries, keys] = [positionsOf(query), steps(key)];
  return exactSum([exactProduct([queries, keys, lastDim(query)]), exactProduct([queries, keys, lastDim(value)])]);
}

const scalar = (name: string): WeightSpec => ({ name, shape: [], role: 'trainable' });
const SCALE = scalar('scale');
const CONCAT = scalar('concat_score_weight');

const useScale = (fallback: boolean, help: string): FieldSpec => ({ name: 'use_scale', kind: 'bool', default: fallback, help });
// Keras 2 wrote causal (a mask, later a call argument): it changes no weight.
const KERAS2_MASK = ['causal'];

export const Attention: LayerSpec = {
  type: 'Attention',
  family: 'attention',
  description: 'Dot-product attention layer, a.k.a. Luong-style attention.',
  pytorch: 'F.scaled_dot_product_attention',
  fields: [
    useScale(false, 'Learn one scalar the scores are scaled by.'),
    { name: 'score_mode', kind: 'enum', default: 'dot', options: ['dot', 'concat'], help: 'concat: tanh(query + key), with one more scalar' },
  ],
  kerasIgnored: KERAS2_MASK,
  summary: ['use_scale?', 'score_mode?'],
  inputs: { min: 2, max: 3 },
  inferShape: (ctx) => checked(ctx, 'Attention'),
  // Attention.build: a scalar `scale` with use_scale, a scalar `concat_score_weight` with score_mode 'concat'.
  weights: (ctx) => {
    const { use_scale: scale, score_mode: mode } = valuesOf<{ use_scale: boolean; score_mode: string }>(ctx);
    return [...(scale ? [SCALE] : []), ...(mode === 'concat' ? [CONCAT] : [])];
  },
  macs: scoreMacs,
};

export const AdditiveAttention: LayerSpec = {
  type: 'AdditiveAttention',
  family: 'attention',
  description: 'Additive attention layer, a.k.a. Bahdanau-style attention.',
  fields: [useScale(true, 'Learn a scale per query feature.')],
  kerasIgnored: KERAS2_MASK,
  summary: ['use_scale?'],
  inputs: { min: 2, max: 3 },
  inferShape: (ctx) => checked(ctx, 'AdditiveAttention'),
  // AdditiveAttention.build: `scale` of shape (dim,), dim the query's last axis.
  weights: (ctx) =>
    valuesOf<{ use_scale: boolean }>(ctx).use_scale ? [{ name: 'scale', shape: [lastDim(ctx.inputs[0]) as number], role: 'trainable' }] : [],
  macs: scoreMacs,
};
