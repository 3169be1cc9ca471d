// Decoder-only language models of the Llama family (Llama 2 and 3, Mistral, Mixtral, Qwen2, Gemma), as their
// Hugging Face …ForCausalLM builds them: token embedding, N identical pre-norm decoder layers (one block,
// repeated), a final RMSNorm and the output head, tied to the embedding or not. The Hugging Face config
// reader (hf/) builds its designs with this too.
import { DesignBuilder, type Out } from './builder';
import type { Design } from '../design';

export interface DecoderSpec {
  vocab: number;
  width: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Each (routed) expert's hidden width where there are experts. */
  intermediate: number;
  /** The gated MLP's activation: silu (SwiGLU) or gelu (GeGLU: Gemma). */
  activation: string;
  epsilon: number;
  /** The sequence the shapes show (the model's context). */
  context: number;
  /** The output head reads the token embedding's matrix (Gemma, small Qwen2): counted once. */
  tied: boolean;
  /** Biases on q, k and v; `outputBias` on the attention's output too (Qwen2: q, k, v only). */
  attentionBias: boolean;
  outputBias: boolean;
  mlpBias: boolean;
  /** A sparse mixture of experts in place of the MLP (Mixtral). */
  experts?: { count: number; topK: number; shared?: number; sharedIntermediate?: number };
}

/** One decoder layer: x + attention(norm(x)), then + mlp(norm(·)); the attention is self-attention with RoPE. */
function decoderLayer(b: DesignBuilder, x: Out, d: DecoderSpec): Out {
  const norm = (input: Out, name: string) => b.add('RMSNormalization', { epsilon: d.epsilon }, input, name);
  const attention = {
    head_dim: d.headDim,
    num_query_heads: d.heads,
    num_key_value_heads: d.kvHeads,
    use_bias: d.attentionBias,
    ...(d.attentionBias && !d.outputBias ? { output_bias: false } : {}),
    rotary: true,
  };
  // Self-attention: query and value the same tensor, as Keras calls it (and writes it).
  const h = norm(x, 'input_layernorm');
  const attended = b.add('Add', {}, [x, b.add('GroupQueryAttention', attention, [h, h], 'self_attn')], 'attention_add');
  const normed = norm(attended, 'post_attention_layernorm');
  const ffn = { intermediate_size: d.intermediate, activation: d.activation, ...(d.mlpBias ? { use_bias: true } : {}) };
  const e = d.experts;
  const mlp = e
    ? b.add(
        'MixtureOfExperts',
        { num_experts: e.count, top_k: e.topK, ...ffn, ...(e.shared ? { shared_experts: e.shared } : {}), ...(e.sharedIntermediate ? { shared_intermediate_size: e.sharedIntermediate } : {}) },
        normed,
        'block_sparse_moe',
      )
    : b.add('GatedMLP', ffn, normed, 'mlp');
  return b.add('Add', {}, [attended, mlp], 'mlp_add');
}

/** The whole causal language model, the decoder layer one block repeated `layers` times. */
export function decoderModel(d: DecoderSpec): Design {
  const g = new DesignBuilder();
  const layer = g.defineBlock('decoder_layer', {}, [[d.context, d.width]], (b, [x]) => decoderLayer(b, x, d));
  const tokens = g.add('Embedding', { input_dim: d.vocab, output_dim: d.width }, g.input([d.context], 'input_ids'), 'embed_tokens');
  const x = g.instance(layer, {}, tokens, 'layers', d.layers);
  g.add('Dense', { units: d.vocab, use_bias: false }, g.add('RMSNormalization', { epsilon: d.epsilon }, x, 'norm'), 'lm_head');
  if (d.tied) g.tie('lm_head', 'embed_tokens');
  return g.design();
}
