import type { Convention, FieldValue, LayerNode } from '../design';
import type { LayerProblem } from '../problem';
import type { Dim, Tensor } from '../tensor';

export type Family =
  | 'input'
  | 'core'
  | 'convolution'
  | 'pooling'
  | 'recurrent'
  | 'attention'
  | 'normalization'
  | 'reshaping'
  | 'merge'
  | 'wrapper';

interface FieldBase {
  name: string;
  /** One line for the inspector's tooltip. */
  help?: string;
  /** The name in Keras JSON when it differs (kept here so the importer stays generic). */
  keras?: string;
  /** Turns Keras's spelling of the value into ours (e.g. ((1, 1), (2, 2)) → [1, 1, 2, 2]). */
  fromKeras?: (value: unknown) => FieldValue;
  /** Keras has no default for it: a file without it is an error, not the catalog's default. */
  required?: boolean;
}

export type FieldSpec = FieldBase &
  (
    | { kind: 'int'; default: number | null; min: number; max?: number; nullable?: boolean }
    | { kind: 'float'; default: number; min?: number; max?: number }
    | { kind: 'bool'; default: boolean }
    | { kind: 'enum'; default: string | null; options: (string | null)[] }
    | { kind: 'text'; default: string }
    /** One int per spatial axis; a single number is repeated on every axis, as Keras allows. */
    | { kind: 'ints'; default: number[] | null; length: number; min: number; nullable?: boolean }
    /** A shape: positive sizes, `null` for a variable axis; `allowInfer` lets one axis be -1 (Reshape). */
    | { kind: 'dims'; default: Dim[]; allowInfer?: boolean }
    /** A wrapped layer; `nullable` ones may be None (e.g. Bidirectional's backward_layer: same as forward). */
    | { kind: 'layer'; default: { type: string; fields?: Record<string, FieldValue> } | null; accepts: string[]; nullable?: boolean }
  );

/** The resolved value of a `layer` field: the wrapped layer's spec and its own context. */
export interface NestedContext {
  spec: LayerSpec;
  values: FieldValues;
}

export type FieldValues = Record<string, unknown>;

/** A weight as a layer declares it. `buffer`s (PyTorch running stats) are shown but not counted. */
export interface WeightSpec {
  name: string;
  shape: number[];
  role: 'trainable' | 'non-trainable' | 'buffer';
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
  inferShape(ctx: LayerContext): Tensor | Tensor[] | LayerProblem;
  /** Called only after `inferShape` succeeded. Absent: the layer has no weights. */
  weights?(ctx: LayerContext): WeightSpec[];
  /** The worked formula with the numbers filled in, without `= total`. Absent: `0`. */
  formula?(ctx: LayerContext): string;
  /** Why the Keras and PyTorch counts (or shapes) differ for this configuration. */
  conventionNote?(ctx: LayerContext): string | undefined;
}
