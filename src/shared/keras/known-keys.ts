// Keras config keys that change neither a shape nor a count, whatever the layer: the importer ignores
// them without a word. Any other key a layer's spec does not read is a warning (never silently dropped).
import type { LayerSpec } from '../catalog/types';

const NEUTRAL = [
  'name', 'trainable', 'dtype', 'dtype_policy', 'autocast', 'module', 'registered_name', 'build_config', 'input_dtype',
  'batch_input_shape', 'batch_shape', 'input_shape', 'input_dim', 'input_length', 'sparse', 'ragged', 'seed', 'activity_regularizer',
  'dropout', 'recurrent_dropout', 'dropout_W', 'dropout_U', 'noise_shape', 'lora_rank', 'lora_alpha', 'quantization_config',
  'implementation', 'unroll', 'stateful', 'go_backwards', 'time_major', 'zero_output_for_mask', 'consume_less',
  'recurrent_activation', 'inner_activation', 'unit_forget_bias', 'supports_masking', 'synchronized', 'renorm',
  'renorm_clipping', 'renorm_momentum', 'fused', 'virtual_batch_size', 'adjustment', 'beta_init', 'gamma_init', 'mode',
];
/** Initialisers, regularisers and constraints, in every version's spelling (kernel_initializer, W_regularizer, init). */
const NEUTRAL_PATTERN = /(^|_)(initializer|regularizer|constraint|init)$/;

/**
 * Per spec, the config keys it reads or knows to change nothing, and the other keys already judged: every
 * imported layer's every key is looked up here (a 10,000-layer file has some 150,000), so each spec's
 * answer is worked out once.
 */
const KNOWN = new Map<LayerSpec, Map<string, boolean>>();

function knownKeys(spec: LayerSpec): Map<string, boolean> {
  let known = KNOWN.get(spec);
  if (known) return known;
  known = new Map();
  for (const key of [...NEUTRAL, ...(spec.kerasIgnored ?? []), ...(spec.kerasInputShapes ?? [])]) known.set(key, true);
  for (const field of spec.fields) if (!field.pytorchOnly) known.set(field.keras ?? field.name, true);
  KNOWN.set(spec, known);
  return known;
}

/** The keys of a (translated) config that `spec` neither reads nor knows to be neutral, in order. */
export function unknownKeys(spec: LayerSpec, config: Record<string, unknown>): string[] | undefined {
  const known = knownKeys(spec);
  let unknown: string[] | undefined;
  for (const key in config) {
    let ok = known.get(key);
    if (ok === undefined) known.set(key, (ok = NEUTRAL_PATTERN.test(key)));
    if (!ok) (unknown ??= []).push(key);
  }
  return unknown;
}
