// Hugging Face config.json → a design, by `model_type`: what transformers builds for it, with each type's
// own defaults (transformers' configuration_<type>.py). Decoder language models are their …ForCausalLM
// (embedding, layers, final norm, output head); gpt2 the LM-head model (tied); bert the base model with its
// pooler, as AutoModel builds it.
import type { Design } from '../../design';
import { decoderModel } from '../decoders';
import { bertModel, gpt2LMHead } from '../transformers';
import type { ConfigFields } from './fields';

/** What each model type's config sets, and its default where the config leaves it out. */
interface DecoderDefaults {
  vocab: number;
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  /** null: as many as the query heads. */
  kvHeads: number | null;
  /** null: hidden / heads. */
  headDim: number | null;
  context: number;
  tied: boolean;
  act: string;
  /** The config has attention_bias / mlp_bias fields (Llama, Gemma); Qwen2 has fixed q/k/v biases and no output bias. */
  biasFields: { attention: boolean; mlp: boolean };
  qkvBias?: true;
  experts?: true;
}

const DECODERS: Record<string, DecoderDefaults> = {
  llama: { vocab: 32000, hidden: 4096, intermediate: 11008, layers: 32, heads: 32, kvHeads: null, headDim: null, context: 2048, tied: false, act: 'silu', biasFields: { attention: true, mlp: true } },
  mistral: { vocab: 32000, hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, headDim: null, context: 131072, tied: false, act: 'silu', biasFields: { attention: false, mlp: false } },
  mixtral: { vocab: 32000, hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, headDim: null, context: 131072, tied: false, act: 'silu', biasFields: { attention: false, mlp: false }, experts: true },
  qwen2: { vocab: 151936, hidden: 4096, intermediate: 22016, layers: 32, heads: 32, kvHeads: 32, headDim: null, context: 32768, tied: false, act: 'silu', biasFields: { attention: false, mlp: false }, qkvBias: true },
  gemma: { vocab: 256000, hidden: 3072, intermediate: 24576, layers: 28, heads: 16, kvHeads: 16, headDim: 256, context: 8192, tied: true, act: 'gelu', biasFields: { attention: true, mlp: false } },
};

function decoder(f: ConfigFields, d: DecoderDefaults): Design {
  const width = f.int('hidden_size', d.hidden);
  const heads = f.int('num_attention_heads', d.heads);
  const headDim = f.int('head_dim', d.headDim) ?? width / heads;
  if (!Number.isInteger(headDim)) f.errors.push(`hidden_size (${width}) is not a multiple of num_attention_heads (${heads}), and no head_dim says the heads' width`);
  const attentionBias = d.biasFields.attention ? f.bool('attention_bias', false) : d.qkvBias === true;
  // Mixtral's experts: 8 gated MLPs, each token through 2 (MixtralConfig's defaults).
  const experts = d.experts ? { count: f.int('num_local_experts', 8), topK: f.int('num_experts_per_tok', 2) } : undefined;
  return decoderModel({
    vocab: f.int('vocab_size', d.vocab),
    width,
    layers: f.int('num_hidden_layers', d.layers),
    heads,
    kvHeads: f.int('num_key_value_heads', d.kvHeads) ?? heads,
    headDim: Math.max(1, Math.floor(headDim)),
    intermediate: f.int('intermediate_size', d.intermediate),
    // The activation changes no count: gelu_pytorch_tanh and gelu_new are gelu to the design.
    activation: f.text('hidden_act', d.act).startsWith('gelu') ? 'gelu' : 'silu',
    epsilon: f.float('rms_norm_eps', 1e-6),
    context: f.int('max_position_embeddings', d.context),
    tied: f.bool('tie_word_embeddings', d.tied),
    attentionBias,
    outputBias: d.qkvBias ? false : attentionBias,
    mlpBias: d.biasFields.mlp ? f.bool('mlp_bias', false) : false,
    ...(experts ? { experts } : {}),
  });
}

/** GPT2Config's defaults: GPT-2 small; n_inner None is 4 × n_embd. */
function gpt2(f: ConfigFields): Design {
  const width = f.int('n_embd', 768);
  f.text('activation_function', 'gelu_new');
  f.only('tie_word_embeddings', true);
  return gpt2LMHead({
    vocab: f.int('vocab_size', 50257),
    positions: f.int('n_positions', 1024),
    width,
    heads: f.int('n_head', 12),
    feedForward: f.int('n_inner', null) ?? 4 * width,
    layers: f.int('n_layer', 12),
    epsilon: f.float('layer_norm_epsilon', 1e-5),
    preNorm: true,
  });
}

/** BertConfig's defaults: BERT-base; only absolute positions are built (relative ones add a distance table). */
function bert(f: ConfigFields): Design {
  f.only('position_embedding_type', 'absolute');
  f.text('hidden_act', 'gelu');
  return bertModel({
    vocab: f.int('vocab_size', 30522),
    positions: f.int('max_position_embeddings', 512),
    segments: f.int('type_vocab_size', 2),
    width: f.int('hidden_size', 768),
    heads: f.int('num_attention_heads', 12),
    feedForward: f.int('intermediate_size', 3072),
    layers: f.int('num_hidden_layers', 12),
    epsilon: f.float('layer_norm_eps', 1e-12),
    preNorm: false,
  });
}

/** The builder for a model type, or undefined for one not built here. */
export function builderFor(type: string): ((f: ConfigFields) => Design) | undefined {
  if (type === 'gpt2') return gpt2;
  if (type === 'bert') return bert;
  const d = Object.hasOwn(DECODERS, type) ? DECODERS[type] : undefined;
  return d && ((f) => decoder(f, d));
}

export const MODEL_TYPES = ['bert', 'gpt2', ...Object.keys(DECODERS)].sort();
