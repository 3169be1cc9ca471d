import type { LayerProblem } from '../../problem';
import { lastDim, tensor, type Tensor } from '../../tensor';
import { exactProduct, exactSum, positionsOf, shapeText, useBias } from '../common';
import { bool, int, optInt } from '../fields';
import type { LayerContext, LayerSpec, WeightSpec } from '../types';

const trainable = (name: string, shape: number[]): WeightSpec => ({ name, shape, role: 'trainable' });

function featureSize(ctx: LayerContext, t: Tensor, role: string, type: string): number | LayerProblem {
  return lastDim(t) ?? { message: `${type} needs a known feature size for the ${role}, got ${shapeText(ctx, t)}` };
}

/** Keras: inputs are query, value and (optionally) key; each gets its own per-head projection. */
const kerasSizes = (ctx: LayerContext) => {
  const [query, value, key = value] = ctx.inputs.map((t) => lastDim(t) as number);
  const heads = int(ctx, 'num_heads');
  const keyDim = int(ctx, 'key_dim');
  const valueDim = optInt(ctx, 'value_dim') ?? keyDim;
  return { query, value, key, heads, keyDim, valueDim, out: optInt(ctx, 'output_shape') ?? query };
};

export const MultiHeadAttention: LayerSpec = {
  type: 'MultiHeadAttention',
  family: 'attention',
  description: 'MultiHeadAttention layer: query, value (and key) inputs, num_heads heads of key_dim each.',
  fields: [
    { name: 'num_heads', kind: 'int', required: true, default: 8, min: 1 },
    { name: 'key_dim', kind: 'int', required: true, default: 64, min: 1 },
    { name: 'value_dim', kind: 'int', default: null, min: 1, nullable: true, help: 'None: key_dim' },
    {
      name: 'output_shape',
      kind: 'int',
      default: null,
      min: 1,
      nullable: true,
      help: 'None: the query size',
      fromKeras: (v) => (Array.isArray(v) && v.length === 1 ? v[0] : (v as number | null)),
      // Keras 2 and 3 both read a plain int here.
      toKeras: (v) => v,
    },
    useBias,
  ],
  summary: ['num_heads', 'key_dim', 'value_dim?'],
  inputs: { min: 2, max: 3 },
  // Decoding caches each head's projected key and value for every past token.
  kvCache: (ctx) => ({ kvHeads: int(ctx, 'num_heads'), keyDim: int(ctx, 'key_dim'), valueDim: optInt(ctx, 'value_dim') ?? int(ctx, 'key_dim') }),
  kerasKeywords: ['value', 'key'],
  kerasFirstKeyword: 'query',
  // Which axes attend changes no projection's shape: every count and the output shape stay.
  kerasIgnored: ['attention_axes', 'flash_attention'],
  kerasInputShapes: ['query_shape', 'value_shape', 'key_shape'],
  inferShape: (ctx) => {
    const roles = ['query', 'value', 'key'];
    for (const [index, t] of ctx.inputs.entries()) {
      const size = featureSize(ctx, t, roles[index], 'MultiHeadAttention');
      if (typeof size !== 'number') return size;
    }
    const query = ctx.inputs[0];
    return tensor([...query.dims.slice(0, -1), kerasSizes(ctx).out], query.spatial);
  },
  weights: (ctx) => {
    const s = kerasSizes(ctx);
    const bias = bool(ctx, 'use_bias');
    const projection = (name: string, size: number, dim: number) => [
      trainable(`${name}/kernel`, [size, s.heads, dim]),
      ...(bias ? [trainable(`${name}/bias`, [s.heads, dim])] : []),
    ];
    return [
      ...projection('query', s.query, s.keyDim),
      ...projection('key', s.key, s.keyDim),
      ...projection('value', s.value, s.valueDim),
      trainable('attention_output/kernel', [s.heads, s.valueDim, s.out]),
      ...(bias ? [trainable('attention_output/bias', [s.out])] : []),
    ];
  },
  formula: (ctx) => {
    const s = kerasSizes(ctx);
    const bias = bool(ctx, 'use_bias');
    const proj = (size: number, dim: number) => `${size}×${s.heads}×${dim}${bias ? ` + ${s.heads}×${dim}` : ''}`;
    const out = `${s.heads}×${s.valueDim}×${s.out}${bias ? ` + ${s.out}` : ''}`;
    return `(${proj(s.query, s.keyDim)}) + (${proj(s.key, s.keyDim)}) + (${proj(s.value, s.valueDim)}) + (${out})`;
  },
  // Positions are every axis but the features (Keras attends over all of them by default).
  macs: (ctx) => {
    const s = kerasSizes(ctx);
    const [query, value, key = value] = ctx.inputs.map(positionsOf);
    return exactSum([
      exactProduct([query, s.query, s.heads, s.keyDim]),
      exactProduct([key, s.key, s.heads, s.keyDim]),
      exactProduct([value, s.value, s.heads, s.valueDim]),
      exactProduct([query, s.heads, s.valueDim, s.out]),
      // Per head: QKᵀ (query × key positions × key_dim), then the weights times V (× value_dim).
      exactProduct([s.heads, query, key, BigInt(s.keyDim) + BigInt(s.valueDim)]),
    ]);
  },
};

/**
 * PyTorch's attention of `queries` positions over `keys`: the query and output projections (embed_dim²
 * each per query), key and value projections, then QKᵀ and AV (queries × keys × embed_dim each, all heads
 * together). `extraKeys`: the key and value add_bias_kv appends.
 */
export function attentionMacs(queries: bigint | null, keys: bigint | null, e: number, kdim = e, vdim = e, extraKeys = 0): bigint | null {
  const attended = keys === null ? null : keys + BigInt(extraKeys);
  return exactSum([
    exactProduct([2n, queries, e, e]),
    exactProduct([keys, BigInt(kdim) + BigInt(vdim), e]),
    exactProduct([2n, queries, attended, e]),
  ]);
}

/** PyTorch: one input is self-attention; with two, the second is both key and value. */
const torchSizes = (ctx: LayerContext) => {
  const embed = int(ctx, 'embed_dim');
  return { embed, kdim: optInt(ctx, 'kdim') ?? embed, vdim: optInt(ctx, 'vdim') ?? embed, bias: bool(ctx, 'bias') };
};

export const MultiheadAttention: LayerSpec = {
  type: 'MultiheadAttention',
  family: 'attention',
  description: 'PyTorch attention: query, key and value projections to embed_dim, split over num_heads.',
  pytorch: 'nn.MultiheadAttention',
  keras: false,
  fields: [
    { name: 'embed_dim', kind: 'int', required: true, default: 512, min: 1 },
    { name: 'num_heads', kind: 'int', required: true, default: 8, min: 1 },
    { name: 'bias', kind: 'bool', default: true },
    { name: 'add_bias_kv', kind: 'bool', default: false },
    { name: 'kdim', kind: 'int', default: null, min: 1, nullable: true, help: 'None: embed_dim' },
    { name: 'vdim', kind: 'int', default: null, min: 1, nullable: true, help: 'None: embed_dim' },
  ],
  summary: ['embed_dim', 'num_heads', 'kdim?', 'vdim?'],
  inputs: { min: 1, max: 3 },
  // Keys and values are projected to embed_dim (kdim and vdim are their inputs' widths), split over the heads.
  kvCache: (ctx) => {
    const [heads, embed] = [int(ctx, 'num_heads'), int(ctx, 'embed_dim')];
    return { kvHeads: heads, keyDim: embed / heads, valueDim: embed / heads };
  },
  inferShape: (ctx) => {
    const s = torchSizes(ctx);
    if (s.embed % int(ctx, 'num_heads'))
      return { field: 'num_heads', message: `embed_dim (${s.embed}) must be divisible by num_heads (${int(ctx, 'num_heads')})` };
    const [query, key = query, value = key] = ctx.inputs;
    const expected: [Tensor, number, string, string][] = [
      [query, s.embed, 'query', 'embed_dim'],
      [key, s.kdim, 'key', 'kdim'],
      [value, s.vdim, 'value', 'vdim'],
    ];
    for (const [t, size, role, field] of expected)
      if (lastDim(t) !== size)
        return { field, message: `the ${role} has ${lastDim(t) ?? 'an unknown number of'} features but ${field} is ${size}` };
    return tensor([...query.dims.slice(0, -1), s.embed], query.spatial);
  },
  weights: (ctx) => {
    const s = torchSizes(ctx);
    const packed = s.kdim === s.embed && s.vdim === s.embed;
    return [
      ...(packed
        ? [trainable('in_proj_weight', [3 * s.embed, s.embed])]
        : [
            trainable('q_proj_weight', [s.embed, s.embed]),
            trainable('k_proj_weight', [s.embed, s.kdim]),
            trainable('v_proj_weight', [s.embed, s.vdim]),
          ]),
      ...(s.bias ? [trainable('in_proj_bias', [3 * s.embed])] : []),
      ...(bool(ctx, 'add_bias_kv') ? [trainable('bias_k', [1, 1, s.embed]), trainable('bias_v', [1, 1, s.embed])] : []),
      trainable('out_proj.weight', [s.embed, s.embed]),
      ...(s.bias ? [trainable('out_proj.bias', [s.embed])] : []),
    ];
  },
  formula: (ctx) => {
    const { embed: e, kdim, vdim, bias } = torchSizes(ctx);
    const kv = bool(ctx, 'add_bias_kv') ? ` + 2×${e}` : '';
    if (kdim === e && vdim === e && bias && !kv) return `4 × [${e}×${e} + ${e}]`;
    const inProj = `${e}×(${e} + ${kdim} + ${vdim})`;
    return `${inProj}${bias ? ` + 3×${e}` : ''}${kv} + ${e}×${e}${bias ? ` + ${e}` : ''}`;
  },
  macs: (ctx) => {
    const { embed, kdim, vdim } = torchSizes(ctx);
    const [query, key = query] = ctx.inputs;
    return attentionMacs(positionsOf(query), positionsOf(key), embed, kdim, vdim, bool(ctx, 'add_bias_kv') ? 1 : 0);
  },
};
