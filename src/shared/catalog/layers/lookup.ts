// Categorical preprocessing: CategoryEncoding, Hashing, StringLookup, IntegerLookup and TextVectorization.
// None holds a weight Keras counts (Keras 3: keras/src/layers/preprocessing/*.py add none; the lookups' vocabulary
// is a hash table, not a weight). Shapes follow each layer's compute_output_shape, cited at each rule.
import type { LayerProblem } from '../../problem';
import { tensor, type Dim, type Tensor } from '../../tensor';
import { optInt, valuesOf } from '../fields';
import { renamed } from '../keras1';
import type { FieldSpec, LayerContext, LayerSpec } from '../types';
import { oneHot, outputMode } from './preprocessing';

type Encoded = Tensor | LayerProblem;

/** multi_hot, count, tf_idf: the last axis (a sample's values) becomes `depth`. */
function perSample(type: string, mode: string, dims: Dim[], depth: Dim): Encoded {
  if (!dims.length)
    return { message: `${type} in ${mode} mode needs an axis of values per sample besides the batch axis`, hint: 'give the Input a shape such as (1,)' };
  return tensor([...dims.slice(0, -1), depth]);
}

const MODES = ['int', 'one_hot', 'multi_hot', 'count'];

// ── CategoryEncoding ──

export const CategoryEncoding: LayerSpec = {
  type: 'CategoryEncoding',
  family: 'preprocessing',
  description: 'A preprocessing layer which encodes integer features.',
  pytorch: 'F.one_hot',
  fields: [
    { name: 'num_tokens', kind: 'int', required: true, default: 10, min: 1, help: 'How many categories: inputs are 0 … num_tokens − 1.' },
    outputMode(MODES.slice(1), 'multi_hot'),
  ],
  summary: ['num_tokens', 'output_mode?'],
  // tf.keras's deprecated spelling of num_tokens.
  fromKerasConfig: (config) => renamed(config, { max_tokens: 'num_tokens' }),
  inputs: { min: 1, max: 1 },
  // keras/src/layers/preprocessing/category_encoding.py and tf_keras's, compute_output_shape().
  inferShape: (ctx) => {
    const { num_tokens: depth, output_mode: mode } = valuesOf<{ num_tokens: number; output_mode: string }>(ctx);
    const dims = ctx.inputs[0].dims;
    if (mode === 'one_hot') return oneHot(dims, depth);
    return perSample('CategoryEncoding', mode, dims, depth);
  },
};

// ── Hashing ──

export const Hashing: LayerSpec = {
  type: 'Hashing',
  family: 'preprocessing',
  description: 'A preprocessing layer which hashes and bins categorical features.',
  fields: [
    { name: 'num_bins', kind: 'int', required: true, default: 64, min: 1, help: 'How many bins values are hashed into.' },
    outputMode(MODES, 'int'),
  ],
  summary: ['num_bins', 'output_mode?'],
  kerasIgnored: ['mask_value', 'salt'],
  inputs: { min: 1, max: 1 },
  // keras/src/layers/preprocessing/hashing.py, compute_output_shape(): int keeps the shape; every other mode
  // (one_hot included: its call squeezes a last axis of 1 first) turns the last axis into num_bins.
  inferShape: (ctx) => {
    const { num_bins: bins, output_mode: mode } = valuesOf<{ num_bins: number; output_mode: string }>(ctx);
    return mode === 'int' ? ctx.inputs[0] : perSample('Hashing', mode, ctx.inputs[0].dims, bins);
  },
};

// ── StringLookup, IntegerLookup, TextVectorization ──

const LOOKUP_MODES = [...MODES, 'tf_idf'];

/** The tokens Keras adds before a vocabulary (mask, then OOV), where a config leaves them out. */
interface Special {
  mask: unknown;
  oov: unknown;
}

/**
 * The vocabulary's size, mask and OOV indices included, as Keras's set_vocabulary() counts it
 * (keras/src/layers/preprocessing/index_lookup.py): what get_config() writes as vocabulary_size, else worked
 * out from the vocabulary it writes. The vocabulary itself is data, not a count, and is not kept.
 */
function vocabularySize(config: Record<string, unknown>, defaults: Special): number | null {
  const vocabulary = config.vocabulary;
  if (!Array.isArray(vocabulary) || !vocabulary.length) return null;
  const mask = 'mask_token' in config ? config.mask_token : defaults.mask;
  const oov = 'oov_token' in config ? config.oov_token : defaults.oov;
  const oovIndices = typeof config.num_oov_indices === 'number' ? config.num_oov_indices : 1;
  // The mask takes an index only for int outputs (_oov_start_index).
  const int = (config.output_mode ?? 'int') === 'int';
  const special = [...(mask !== null && mask !== undefined && int ? [mask] : []), ...Array<unknown>(oovIndices).fill(oov)];
  // A vocabulary that starts with the special tokens already counts them.
  const included = special.every((token, i) => vocabulary[i] === token);
  return included ? vocabulary.length : vocabulary.length + special.length;
}

const vocabularySizeField: FieldSpec = {
  name: 'vocabulary_size',
  kind: 'int',
  default: null,
  nullable: true,
  min: 1,
  help: 'The vocabulary with its mask and OOV indices (what adapt() or vocabulary gives): the width of one_hot, multi_hot, count and tf_idf outputs.',
};

/** A config without vocabulary_size (written by hand, or before Keras wrote it) gets the one its vocabulary has. */
const withVocabularySize = (defaults: Special) => (config: Record<string, unknown>) => {
  if (typeof config.vocabulary_size === 'number') return config;
  const size = vocabularySize(config, defaults);
  return size === null ? config : { ...config, vocabulary_size: size };
};

const maxTokens: FieldSpec = { name: 'max_tokens', kind: 'int', default: null, nullable: true, min: 2, help: 'The largest vocabulary adapt() keeps.' };
const padToMaxTokens: FieldSpec = { name: 'pad_to_max_tokens', kind: 'bool', default: false, help: 'Encode to max_tokens values whatever the vocabulary size.' };

interface LookupValues {
  vocabulary_size: number | null;
  max_tokens: number | null;
  pad_to_max_tokens: boolean;
  output_mode: string;
  invert?: boolean;
}

/** What Keras's constructor and set_vocabulary() refuse about the sizes, whatever the mode. */
function sizeProblem(ctx: LayerContext): LayerProblem | undefined {
  const { vocabulary_size: size, max_tokens: max, pad_to_max_tokens: pad } = valuesOf<LookupValues>(ctx);
  if (pad && max === null) return { field: 'pad_to_max_tokens', message: 'pad_to_max_tokens needs max_tokens', hint: 'set max_tokens' };
  if (size !== null && max !== null && size > max)
    return { field: 'vocabulary_size', message: `the vocabulary (${size}) is larger than max_tokens (${max})` };
  return undefined;
}

/** The encoded width: max_tokens when padded, else the vocabulary's size, which must then be known. */
function depthOf(ctx: LayerContext, type: string): number | LayerProblem {
  const { vocabulary_size: size, max_tokens: max, pad_to_max_tokens: pad, output_mode: mode } = valuesOf<LookupValues>(ctx);
  if (pad) return max as number;
  if (size !== null) return size;
  return {
    field: 'vocabulary_size',
    message: `${type} in ${mode} mode needs its vocabulary's size to size its output`,
    hint: 'set vocabulary_size (or pad_to_max_tokens with max_tokens)',
  };
}

/** StringLookup and IntegerLookup: index_lookup.py, compute_output_shape() (Keras 3.14 and later). */
function lookup(type: 'StringLookup' | 'IntegerLookup', description: string, defaults: Special): LayerSpec {
  return {
    type,
    family: 'preprocessing',
    description,
    fromKerasConfig: withVocabularySize(defaults),
    fields: [
      vocabularySizeField,
      maxTokens,
      { name: 'num_oov_indices', kind: 'int', default: 1, min: 0, help: 'How many indices out-of-vocabulary values are hashed into.' },
      outputMode(LOOKUP_MODES, 'int'),
      padToMaxTokens,
      { name: 'invert', kind: 'bool', default: false, help: 'Map indices back to tokens (output_mode int only).' },
    ],
    summary: ['vocabulary_size?', 'output_mode?'],
    // What the vocabulary holds and how tokens are read change no shape once vocabulary_size is known.
    kerasIgnored: ['vocabulary', 'idf_weights', 'mask_token', 'oov_token', 'encoding', 'vocabulary_dtype', 'oov_method', 'salt', 'has_input_vocabulary'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const { output_mode: mode, invert } = valuesOf<LookupValues>(ctx);
      if (invert && mode !== 'int') return { field: 'invert', message: `invert needs output_mode 'int', got '${mode}'` };
      const wrong = sizeProblem(ctx);
      if (wrong) return wrong;
      // int: one index per value.
      if (mode === 'int') return ctx.inputs[0];
      const depth = depthOf(ctx, type);
      if (typeof depth !== 'number') return depth;
      return mode === 'one_hot' ? oneHot(ctx.inputs[0].dims, depth) : perSample(type, mode, ctx.inputs[0].dims, depth);
    },
  };
}

export const StringLookup = lookup('StringLookup', 'A preprocessing layer that maps strings to (possibly encoded) indices.', { mask: null, oov: '[UNK]' });
export const IntegerLookup = lookup('IntegerLookup', 'A preprocessing layer that maps integers to (possibly encoded) indices.', { mask: null, oov: -1 });

/**
 * A setting Keras takes as a name, a function or None (TextVectorization's standardize and split): kept as the
 * name, 'None' for None. Keras's from_config reads both keys, so they are always written.
 */
const namedOrNone = (name: string, fallback: string, help: string): FieldSpec => ({
  name,
  kind: 'text',
  default: fallback,
  help,
  // Keras 3 serialises a function as {class_name: 'function', config: its name, …}.
  fromKeras: (v) => {
    if (v === null) return 'None';
    const named = typeof v === 'object' ? (v as { config?: unknown }).config : v;
    return typeof named === 'string' ? named : JSON.stringify(v);
  },
  toKeras: (v) => (v === 'None' ? null : v),
});

export const TextVectorization: LayerSpec = {
  type: 'TextVectorization',
  family: 'preprocessing',
  description: 'A preprocessing layer which maps text features to integer sequences.',
  // Its StringLookup has the mask token '' (with int outputs, index 0) and one OOV index.
  fromKerasConfig: withVocabularySize({ mask: '', oov: '[UNK]' }),
  fields: [
    vocabularySizeField,
    maxTokens,
    outputMode(LOOKUP_MODES, 'int'),
    { name: 'output_sequence_length', kind: 'int', default: null, nullable: true, min: 1, help: 'int mode: pad or cut every text to this many tokens; None: the longest.' },
    padToMaxTokens,
    namedOrNone('standardize', 'lower_and_strip_punctuation', "'lower_and_strip_punctuation', 'lower', 'strip_punctuation', your function's name, or None"),
    namedOrNone('split', 'whitespace', "'whitespace', 'character', your function's name, or None: each input is already one token"),
  ],
  summary: ['max_tokens?', 'output_mode?', 'output_sequence_length?'],
  // The vocabulary and n-grams change no shape once the vocabulary's size is known.
  kerasIgnored: ['ngrams', 'vocabulary', 'idf_weights', 'encoding', 'has_input_vocabulary'],
  inputs: { min: 1, max: 1 },
  // text_vectorization.py, compute_output_shape(): int gives (batch, output_sequence_length); the other modes
  // add a token axis (None when splitting; 1 for an input of one value per sample when not) and ask the
  // lookup. Keras 3.14 and later keep an input's axis of 1 there, (batch, 1, depth), where call() returns
  // (batch, depth) and earlier versions and tf.keras say (batch, depth): the symbolic shape is what later layers see.
  inferShape: (ctx) => {
    const { output_mode: mode } = valuesOf<LookupValues>(ctx);
    const length = optInt(ctx, 'output_sequence_length');
    const wrong = sizeProblem(ctx);
    if (wrong) return wrong;
    if (mode === 'int') return tensor([length]);
    if (length !== null)
      return { field: 'output_sequence_length', message: `output_sequence_length applies to output_mode 'int' only, got '${mode}'`, hint: 'set it to None' };
    const depth = depthOf(ctx, 'TextVectorization');
    if (typeof depth !== 'number') return depth;
    const dims = ctx.inputs[0].dims;
    const tokens = ctx.values.split !== 'None' ? [...dims, null] : dims.length ? dims : [1];
    return mode === 'one_hot' ? oneHot(tokens, depth) : perSample('TextVectorization', mode, tokens, depth);
  },
};
