import type { Convention, FieldValue, LayerNode } from '../design';
import type { LayerProblem } from '../problem';
import type { Dim, Tensor } from '../tensor';

/** The palette's groups, in its order; families.ts says how each is shown. */
export type Family =
  | 'input'
  | 'core'
  | 'convolution'
  | 'pooling'
  | 'recurrent'
  | 'attention'
  | 'normalization'
  | 'regularization'
  | 'preprocessing'
  | 'reshaping'
  | 'merge'
  | 'wrapper'
  | 'custom';

interface FieldBase {
  name: string;
  /** One line for the inspector's tooltip. */
  help?: string;
  /** The name in Keras JSON when it differs (kept here so the importer stays generic). */
  keras?: string;
  /** torch's argument name when it differs (filters: `out_channels`): what the inspector shows in the PyTorch convention. */
  torch?: string;
  /** Turns Keras's spelling of the value into ours (e.g. ((1, 1), (2, 2)) → [1, 1, 2, 2]); `config` is the whole layer's. */
  fromKeras?: (value: unknown, config: Record<string, unknown>) => FieldValue;
  /**
   * The inverse of `fromKeras`, for the exporter: our value in a spelling Keras 2 and TensorFlow.js read.
   * Absent: written as is; returning undefined: Keras has no such setting, nothing is written.
   */
  toKeras?: (value: FieldValue, values: FieldValues) => unknown;
  /** Keras has no default for it: a file without it is an error, not the catalog's default. */
  required?: boolean;
  /**
   * PyTorch's only (nn.LSTM's num_layers): a Keras import never sets it, the Keras exporter refuses a value
   * other than the default (and writes nothing at the default), the Keras convention calls one a problem.
   */
  pytorchOnly?: true;
}

export type FieldSpec = FieldBase &
  (
    | { kind: 'int'; default: number | null; min: number; max?: number; nullable?: boolean }
    | { kind: 'float'; default: number; min?: number; max?: number }
    | { kind: 'bool'; default: boolean }
    | { kind: 'enum'; default: string | null; options: (string | null)[] }
    /**
     * Free text; `known`: the values Keras knows (the inspector offers them as a list, and marks any other
     * value, kept as a file had it).
     */
    | { kind: 'text'; default: string; known?: readonly string[] }
    /**
     * One int per spatial axis; a single number is repeated on every axis, as Keras allows. `list`: one to
     * `length` ints, each its own (a normalisation's axes), a single number being a list of one.
     */
    | { kind: 'ints'; default: number[] | null; length: number; min: number; nullable?: boolean; list?: true }
    /** A shape: positive sizes, `null` for a variable axis; `allowInfer` lets one axis be -1 (Reshape). */
    | { kind: 'dims'; default: Dim[]; allowInfer?: boolean }
    /** A wrapped layer; `nullable` ones may be None (e.g. Bidirectional's backward_layer: same as forward). */
    | {
        kind: 'layer';
        default: { type: string; fields?: Record<string, FieldValue> } | null;
        /** Which layers it can hold (read from their specs: `recurrent`, `perStep`), and how to say so. */
        accepts: { test: (spec: LayerSpec) => boolean; what: string };
        nullable?: boolean;
        /** Config Keras needs on the wrapped layer that no field of ours holds (a backward_layer must say go_backwards). */
        kerasConfig?: Record<string, unknown>;
      }
  );

/** The resolved value of a `layer` field: the wrapped layer's spec and its own context. */
export interface NestedContext {
  spec: LayerSpec;
  values: FieldValues;
}

export type FieldValues = Record<string, unknown>;

/** Where a layer sits in the palette and the pictures: the family table (families.ts) says how each is shown. */
export interface FamilyInfo {
  title: string;
  /** Its fill in thumbnails and pictures, and the palette's accent (a CSS colour). */
  colour: string;
}

/**
 * A weight as a layer declares it. `buffer`s (PyTorch running stats) are shown but not counted; `tied`
 * weights are another layer's (a layer tied to it: GPT-2's output head reads the token embedding), counted there.
 */
export interface WeightSpec {
  name: string;
  shape: number[];
  role: 'trainable' | 'non-trainable' | 'buffer' | 'tied';
  /**
   * A weight stacked over a mixture's experts (axis 0) of which one token uses only this many (its top_k):
   * the active count takes that share of it. Absent: every token uses all of it (every other weight).
   */
  active?: number;
}

/** Where an input tensor came from (the upstream node): merges use it to suggest a fix there. */
export type InputSource = LayerNode;

/** What a layer's rules read. Derive one for an inner layer with `innerContext`, not a spread (see there). */
export interface LayerContext {
  convention: Convention;
  inputs: Tensor[];
  sources: InputSource[];
  values: FieldValues;
}

export interface LayerSpec {
  type: string;
  family: Family;
  description: string;
  fields: FieldSpec[];
  /**
   * The fields a node's one-line summary shows, in order, e.g. `['filters', 'kernel_size', 'padding?']`
   * for `32 · 3×3 · same`; a trailing `?` shows the field only when it differs from its default.
   */
  summary?: string[];
  /** How many input tensors the layer takes. */
  inputs: { min: number; max: number };
  /** What PyTorch calls it, for the palette and the convention notes. */
  pytorch?: string;
  /**
   * torch's own class, where one torch module is this layer (`nn.Conv2d`): the palette and inspector name the
   * layer so in the PyTorch convention (the file keeps `type`). Checked against torch's class names.
   */
  torch?: string;
  /** A source of the graph (Input): takes no inputs, and is what an importer or a new block makes for an entry point. */
  source?: true;
  /** A recurrent layer over a sequence (LSTM, the generic RNN…): Bidirectional can run it both ways. */
  recurrent?: true;
  /** `false`: TimeDistributed cannot apply it to every step (any one-input, one-output layer can by default). */
  perStep?: false;
  /**
   * An RNN cell (LSTMCell, a StackedRNNCells): one step of a recurrence, its input one step's features, which
   * the generic RNN layer runs over a sequence. `states`: the sizes of the states it carries, in Keras's order
   * (an LSTM's h and c; a stack's cell by cell). `stack`: it holds several cells and names their weights itself.
   */
  cell?: { states(ctx: LayerContext): number[]; stack?: true };
  /**
   * The weight Keras exposes as the layer's `kernel` (an Embedding's `embeddings`), by its Keras name: what
   * SpectralNormalization normalises, so it can wrap the layer. `torchDim`: the axis of the PyTorch weight
   * that torch's spectral_norm keeps one u per (1 for transposed convolutions; 0, the default, otherwise).
   */
  kernel?: { name: string; torchDim?: 1 };
  /** The Keras class when it is not `type` (Input is written as an InputLayer). */
  kerasClass?: string;
  /** Other class names Keras (any version) and TensorFlow.js wrote for this layer: read as it (Convolution2D, MaxPool2D). */
  kerasAliases?: string[];
  /**
   * Rewrites an older Keras's config into the one this spec reads (Keras 1's nb_filter, border_mode, subsample);
   * called on every imported config of the layer, so it must leave a current one as it is. `kerasMajor`: the
   * Keras that wrote the file, where a layer's meaning changed between versions (EinsumDense's output shape).
   */
  fromKerasConfig?: (config: Record<string, unknown>, kerasMajor: 1 | 2 | 3) => Record<string, unknown>;
  /**
   * The exporter's inverse of `fromKerasConfig`, where the catalog holds a config otherwise than Keras writes
   * it (a StackedRNNCells' list of cells, held as a chain): rewrites the config written from the fields.
   */
  toKerasConfig?: (config: Record<string, unknown>) => Record<string, unknown>;
  /** The layer the exporter writes instead, with its values, where Keras 2 has no such class (Keras 1's Merge became Add, Concatenate…). */
  kerasAs?: (values: FieldValues) => { spec: LayerSpec; values: FieldValues };
  /**
   * Settings Keras keeps in the call rather than the config (tf.keras's TF op layers: `tf.reduce_mean(x, axis=1)`):
   * the first call's constant arguments, as this layer's field values.
   */
  fromKerasCall?: (args: Record<string, unknown>) => Record<string, FieldValue>;
  /** Config keys Keras writes that change neither a shape nor a count, besides the ones every layer has (keras/known-keys.ts). */
  kerasIgnored?: string[];
  /** `false`: Keras has no such class (a PyTorch-only layer), so a Keras model file cannot hold it. */
  keras?: false;
  /** Keras takes the inputs after the first as these keyword arguments, in order (MultiHeadAttention's value, key). */
  kerasKeywords?: string[];
  /** The keyword Keras 3 may name the first input by when a call passes every input by keyword (MultiHeadAttention's query). */
  kerasFirstKeyword?: string;
  /** Keras 2 and TensorFlow.js need this many inputs where Keras 3 takes fewer (a merge of one tensor: `x * 0.5`). */
  kerasMinInputs?: number;
  /** Config keys where Keras 2 keeps each input's shape, in input order: its from_config fails without them. */
  kerasInputShapes?: string[];
  inferShape(ctx: LayerContext): Tensor | Tensor[] | LayerProblem;
  /**
   * The layer's named weights, declared once: counts, the weights table and the default worked formula all
   * come from them. Called only after `inferShape` succeeded. Absent: the layer has no weights.
   */
  weights?(ctx: LayerContext): WeightSpec[];
  /**
   * The worked formula with the numbers filled in, without `= total`, where the textbook form reads better
   * than the one derived from the weights (`3×3×32×64 + 64`): RNN gates, attention. It must sum to the
   * weights' count (the property tests check every layer's).
   */
  formula?(ctx: LayerContext): string;
  /**
   * Multiply-accumulates for one sample, given the outputs `inferShape` gave (docs/cost.md has the convention).
   * Null where a variable (None) axis decides it. Absent: 0 (pooling, activations, normalisations, reshapes).
   * Numbers only while exact; `exactProduct` in common.ts is exact at any size.
   */
  macs?(ctx: LayerContext, outputs: readonly Tensor[]): bigint | number | null;
  /**
   * What one token computes, where it is less than `macs` (a mixture's top_k experts of all of them), by the
   * same convention. Absent: `macs`, as every layer without experts.
   */
  activeMacs?(ctx: LayerContext, outputs: readonly Tensor[]): bigint | number | null;
  /**
   * What one token leaves in a decoder's KV cache at this layer, from its fields alone: its key/value heads
   * and each head's key and value widths (inference-memory.ts sums them over the design). Absent: no cache.
   */
  kvCache?(ctx: LayerContext): { kvHeads: number; keyDim: number; valueDim: number };
  /** Why the Keras and PyTorch counts (or shapes) differ for this configuration. */
  conventionNote?(ctx: LayerContext): string | undefined;
}
