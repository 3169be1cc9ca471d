// Reading a Hugging Face config.json's fields as transformers reads them: each value checked, each absent
// field its model type's own default, and every key accounted for. A key nobody read is either known to
// change no count (ids, dropout, dtype, rope settings…), known to change it in a way not built here (an error
// naming it: never a silent guess), or unknown (a warning naming it).
type Json = Record<string, unknown>;

/** Keys of any model type that change no parameter count (and no shape this app shows). */
const NO_COUNT = new Set([
  '_name_or_path', 'architectures', 'auto_map', 'model_type', 'transformers_version', 'torch_dtype', 'dtype', 'use_cache',
  'bos_token_id', 'eos_token_id', 'pad_token_id', 'sep_token_id', 'decoder_start_token_id', 'tokenizer_class',
  'initializer_range', 'initializer_factor', 'gradient_checkpointing', 'pretraining_tp', 'id2label', 'label2id',
  'attention_dropout', 'hidden_dropout', 'hidden_dropout_prob', 'attention_probs_dropout_prob', 'classifier_dropout',
  'embd_pdrop', 'resid_pdrop', 'attn_pdrop', 'summary_type', 'summary_use_proj', 'summary_activation',
  'summary_proj_to_labels', 'summary_first_dropout', 'task_specific_params', 'n_ctx', 'scale_attn_weights',
  'scale_attn_by_inverse_layer_idx', 'reorder_and_upcast_attn', 'rope_theta', 'rope_scaling', 'rope_parameters',
  'sliding_window', 'use_sliding_window', 'max_window_layers', 'output_router_logits', 'router_aux_loss_coef',
  'router_jitter_noise', 'attn_logit_softcapping', 'final_logit_softcapping', 'query_pre_attn_scalar', 'is_decoder',
  'output_attentions', 'output_hidden_states', 'torchscript', 'quantization_config', 'hidden_activation',
]);

/** Keys that change the count in ways no builder here reads (other architectures' extensions). */
const NOT_BUILT = new Set([
  'num_experts', 'moe_intermediate_size', 'shared_expert_intermediate_size', 'n_shared_experts', 'n_routed_experts',
  'first_k_dense_replace', 'q_lora_rank', 'kv_lora_rank', 'qk_layernorm', 'use_qk_norm', 'add_cross_attention',
  'num_nextn_predict_layers', 'decoder_sparse_step', 'mlp_only_layers', 'layer_types',
]);

/** A falsy value (false, null, 0, []) of a NOT_BUILT key is its default: it changes nothing. */
const isUnset = (v: unknown) => v === null || v === false || v === 0 || (Array.isArray(v) && v.length === 0);

export class ConfigFields {
  readonly errors: string[] = [];
  readonly #read = new Set<string>();

  constructor(
    readonly json: Json,
    readonly type: string,
  ) {}

  #take(key: string): unknown {
    this.#read.add(key);
    return this.json[key];
  }

  /** A positive integer; `fallback` where the config leaves it out (null where transformers derives it). */
  int(key: string, fallback: number): number;
  int(key: string, fallback: number | null): number | null;
  int(key: string, fallback: number | null): number | null {
    const v = this.#take(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v;
    this.errors.push(`${key} must be a positive integer, got ${JSON.stringify(v)}`);
    return fallback ?? 1;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.#take(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    this.errors.push(`${key} must be true or false, got ${JSON.stringify(v)}`);
    return fallback;
  }

  float(key: string, fallback: number): number {
    const v = this.#take(key);
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  }

  text(key: string, fallback: string): string {
    const v = this.#take(key);
    return typeof v === 'string' ? v : fallback;
  }

  /** A key whose only value built here is `expected` (BERT's absolute positions): any other is an error. */
  only(key: string, expected: unknown): void {
    const v = this.#take(key);
    if (v !== undefined && v !== null && v !== expected)
      this.errors.push(`${key} = ${JSON.stringify(v)} changes the count in a way Paramsketch does not build (only ${JSON.stringify(expected)})`);
  }

  /** Every key not read: errors for those known to change the count, warnings for unknown ones. */
  leftovers(): string[] {
    const warnings: string[] = [];
    for (const [key, value] of Object.entries(this.json)) {
      if (this.#read.has(key) || NO_COUNT.has(key)) continue;
      if (NOT_BUILT.has(key)) {
        if (!isUnset(value)) this.errors.push(`${key} = ${JSON.stringify(value)} changes the count of a ${this.type} model in a way Paramsketch does not build`);
      } else warnings.push(`${key}: not read (not known to change a ${this.type} model's count)`);
    }
    return warnings;
  }
}
