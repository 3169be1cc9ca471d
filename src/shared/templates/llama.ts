// The open-weights language models everyone asks the size of: each the decoder of decoders.ts with its
// published configuration (the Hugging Face config.json the weights ship with).
import { decoderModel, type DecoderSpec } from './decoders';
import { defineTemplate } from './types';

const LLAMA_2_7B: DecoderSpec = {
  vocab: 32000, width: 4096, layers: 32, heads: 32, kvHeads: 32, headDim: 128, intermediate: 11008, activation: 'silu', epsilon: 1e-5,
  context: 4096, tied: false, attentionBias: false, outputBias: false, mlpBias: false,
};
const LLAMA_3_8B: DecoderSpec = { ...LLAMA_2_7B, vocab: 128256, kvHeads: 8, intermediate: 14336, context: 8192 };
const MISTRAL_7B: DecoderSpec = { ...LLAMA_2_7B, kvHeads: 8, intermediate: 14336, context: 32768 };
const MIXTRAL_8X7B: DecoderSpec = { ...MISTRAL_7B, experts: { count: 8, topK: 2 } };

const conventions: ['pytorch'] = ['pytorch'];

export const llama2_7b = defineTemplate({
  id: 'llama-2-7b',
  name: 'Llama 2 7B',
  description:
    'Meta’s Llama 2 7B: 32 pre-norm decoder layers (RMSNorm; 32-head attention with rotary positions; SwiGLU MLP of 11,008), ' +
    'a 32,000-token vocabulary and an output head of its own (untied). Sequences of 4,096 tokens.',
  source: 'Meta Llama 2 (meta-llama/Llama-2-7b-hf, LlamaForCausalLM): 6,738,415,616',
  conventions,
  design: () => decoderModel(LLAMA_2_7B),
});

export const llama3_8b = defineTemplate({
  id: 'llama-3-8b',
  name: 'Llama 3 8B',
  description:
    'Meta’s Llama 3 8B: 32 decoder layers with grouped-query attention (32 query heads sharing 8 key/value heads), a SwiGLU MLP of ' +
    '14,336 and a 128,256-token vocabulary; untied output head. Sequences of 8,192 tokens.',
  source: 'Meta Llama 3 (meta-llama/Meta-Llama-3-8B, LlamaForCausalLM): 8,030,261,248',
  conventions,
  design: () => decoderModel(LLAMA_3_8B),
});

export const mistral7b = defineTemplate({
  id: 'mistral-7b',
  name: 'Mistral 7B',
  description:
    'Mistral 7B v0.1: Llama 2’s shape with grouped-query attention (8 key/value heads) and a SwiGLU MLP of 14,336. ' +
    'Sequences of 32,768 tokens (sliding-window attention changes no count).',
  source: 'Mistral 7B v0.1 (mistralai/Mistral-7B-v0.1, MistralForCausalLM): 7,241,732,096',
  conventions,
  design: () => decoderModel(MISTRAL_7B),
});

export const mixtral8x7b = defineTemplate({
  id: 'mixtral-8x7b',
  name: 'Mixtral 8x7B',
  description:
    'Mixtral 8x7B: Mistral 7B’s layers with the MLP replaced by a sparse mixture of 8 SwiGLU experts, each token routed to 2: ' +
    '46.7 B parameters in all, 12.9 B active per token (attention, router, norms, embeddings and 2 experts).',
  source: 'Mixtral 8x7B v0.1 (mistralai/Mixtral-8x7B-v0.1, MixtralForCausalLM): 46,702,792,704; 12,879,925,248 active',
  conventions,
  design: () => decoderModel(MIXTRAL_8X7B),
});
