// Keras config keys that change neither a shape nor a count, whatever the layer: the importer ignores
// them without a word. Any other key a layer's spec does not read is a warning (never silently dropped).
const NEUTRAL = new Set([
  'name', 'trainable', 'dtype', 'dtype_policy', 'autocast', 'module', 'registered_name', 'build_config', 'input_dtype',
  'batch_input_shape', 'batch_shape', 'input_shape', 'input_dim', 'input_length', 'sparse', 'ragged', 'seed', 'activity_regularizer',
  'dropout', 'recurrent_dropout', 'dropout_W', 'dropout_U', 'noise_shape', 'lora_rank', 'lora_alpha', 'quantization_config',
  'implementation', 'unroll', 'stateful', 'go_backwards', 'time_major', 'zero_output_for_mask', 'consume_less',
  'recurrent_activation', 'inner_activation', 'unit_forget_bias', 'supports_masking', 'synchronized', 'renorm',
  'renorm_clipping', 'renorm_momentum', 'fused', 'virtual_batch_size', 'adjustment', 'beta_init', 'gamma_init', 'mode',
]);
/** Initialisers, regularisers and constraints, in every version's spelling (kernel_initializer, W_regularizer, init). */
const NEUTRAL_PATTERN = /(^|_)(initializer|regularizer|constraint|init)$/;

export const isNeutralKey = (key: string, ignored: readonly string[] | undefined): boolean =>
  NEUTRAL.has(key) || NEUTRAL_PATTERN.test(key) || (ignored !== undefined && ignored.includes(key));
