// Grouped-query attention (Ainslie et al., 2023), the attention of Llama 2 70B, Llama 3, Mistral, Mixtral,
// Qwen2: num_query_heads query heads share num_key_value_heads key/value heads (1: multi-query, equal:
// multi-head), each head_dim wide — not always the width over the heads (Gemma-7B: 16 × 256 on 3,072).
// Keras 3 has it as GroupQueryAttention (class GroupedQueryAttention); the fields are its names.
import { lastDim, tensor } from '../../tensor';
import { exactProduct, exactSum, positionsOf, shapeText } from '../common';
import { bool, int } from '../fields';
import { kerasCannotHold } from '../pytorch-only';
import type { FieldSpec, LayerContext, LayerSpec, WeightSpec } from '../types';

const TORCH_ONLY: FieldSpec[] = [
  {
    name: 'output_bias',
    kind: 'bool',
    default: true,
    pytorchOnly: true,
    help: 'false: no bias on the output projection while use_bias gives q, k and v theirs (Qwen2); Keras’s use_bias covers all four',
  },
];

/** Keras: inputs are query, value and (optionally) key; one input attends to itself. */
const sizes = (ctx: LayerContext) => {
  const [query, value = query, key = value] = ctx.inputs.map((t) => lastDim(t) as number);
  const bias = bool(ctx, 'use_bias');
  return {
    query,
    value,
    key,
    heads: int(ctx, 'num_query_heads'),
    kvHeads: int(ctx, 'num_key_value_heads'),
    headDim: int(ctx, 'head_dim'),
    bias,
    outBias: bias && bool(ctx, 'output_bias'),
  };
};

/** One projection: Keras's EinsumDense kernel (in, heads, head_dim); torch's nn.Linear (heads·head_dim, in). */
function project(ctx: LayerContext, names: [string, string], inF: number, heads: number, headDim: number, bias: boolean): WeightSpec[] {
  const torch = ctx.convention === 'pytorch';
  const kernel: WeightSpec = torch
    ? { name: `${names[1]}.weight`, shape: [heads * headDim, inF], role: 'trainable' }
    : { name: `${names[0]}/kernel`, shape: [inF, heads, headDim], role: 'trainable' };
  if (!bias) return [kernel];
  return [kernel, torch ? { name: `${names[1]}.bias`, shape: [heads * headDim], role: 'trainable' } : { name: `${names[0]}/bias`, shape: [heads, headDim], role: 'trainable' }];
}

export const GroupQueryAttention: LayerSpec = {
  type: 'GroupQueryAttention',
  family: 'attention',
  kerasClass: 'GroupedQueryAttention',
  description: 'Grouped-query attention: num_query_heads query heads sharing num_key_value_heads key/value heads, head_dim each (1 KV head: multi-query).',
  pytorch: 'LlamaAttention',
  fields: [
    { name: 'head_dim', kind: 'int', required: true, default: 64, min: 1 },
    { name: 'num_query_heads', kind: 'int', required: true, default: 8, min: 1 },
    { name: 'num_key_value_heads', kind: 'int', required: true, default: 8, min: 1, help: '1: multi-query; num_query_heads: multi-head' },
    { name: 'use_bias', kind: 'bool', default: true, help: 'Biases on the q, k, v and output projections (Llama: none)' },
    ...TORCH_ONLY,
    {
      name: 'rotary',
      kind: 'bool',
      default: false,
      help: 'Rotary position embedding (RoPE) on queries and keys: no weights',
      // Keras's layer leaves positions to the model (KerasHub applies RoPE around it): nothing to write.
      toKeras: () => undefined,
    },
  ],
  summary: ['num_query_heads', 'num_key_value_heads', 'head_dim', 'rotary?'],
  inputs: { min: 1, max: 3 },
  kerasMinInputs: 2,
  kerasKeywords: ['value', 'key'],
  kerasFirstKeyword: 'query',
  kerasIgnored: ['dropout', 'flash_attention', 'seed'],
  // What makes grouped-query attention cheap to decode: only the KV heads are cached.
  kvCache: (ctx) => ({ kvHeads: int(ctx, 'num_key_value_heads'), keyDim: int(ctx, 'head_dim'), valueDim: int(ctx, 'head_dim') }),
  inferShape: (ctx) => {
    const wrong = kerasCannotHold(ctx, 'GroupQueryAttention', TORCH_ONLY);
    if (wrong) return wrong;
    const roles = ['query', 'value', 'key'];
    for (const [index, t] of ctx.inputs.entries())
      if (lastDim(t) === null) return { message: `GroupQueryAttention needs a known feature size for the ${roles[index]}, got ${shapeText(ctx, t)}` };
    const { heads, kvHeads } = sizes(ctx);
    if (heads % kvHeads)
      return { field: 'num_key_value_heads', message: `num_query_heads (${heads}) must be a multiple of num_key_value_heads (${kvHeads})` };
    const query = ctx.inputs[0];
    return tensor(query.dims, query.spatial);
  },
  weights: (ctx) => {
    const s = sizes(ctx);
    const torch = ctx.convention === 'pytorch';
    const output: WeightSpec[] = [
      torch ? { name: 'o_proj.weight', shape: [s.query, s.heads * s.headDim], role: 'trainable' } : { name: 'attention_output/kernel', shape: [s.heads, s.headDim, s.query], role: 'trainable' },
      ...(s.outBias ? [{ name: torch ? 'o_proj.bias' : 'attention_output/bias', shape: [s.query], role: 'trainable' as const }] : []),
    ];
    return [
      ...project(ctx, ['query', 'q_proj'], s.query, s.heads, s.headDim, s.bias),
      ...project(ctx, ['key', 'k_proj'], s.key, s.kvHeads, s.headDim, s.bias),
      ...project(ctx, ['value', 'v_proj'], s.value, s.kvHeads, s.headDim, s.bias),
      ...output,
    ];
  },
  macs: (ctx) => {
    const s = sizes(ctx);
    const [query, value = query, key = value] = ctx.inputs.map(positionsOf);
    return exactSum([
      exactProduct([query, s.query, s.heads, s.headDim]),
      exactProduct([key, s.key, s.kvHeads, s.headDim]),
      exactProduct([value, s.value, s.kvHeads, s.headDim]),
      exactProduct([query, s.heads, s.headDim, s.query]),
      // Every query head attends: QKᵀ and the weights times V, head_dim each.
      exactProduct([2, s.heads, query, key, s.headDim]),
    ]);
  },
};
