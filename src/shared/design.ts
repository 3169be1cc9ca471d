/** A design is a DAG of layer nodes; edges carry tensors from one node's output to another's input. */

/** A nested layer, as wrappers (Bidirectional, TimeDistributed) hold one. */
export interface NestedLayer {
  type: string;
  fields?: Record<string, FieldValue>;
}

export type FieldValue = number | string | boolean | null | (number | null)[] | NestedLayer;

export interface LayerNode {
  id: string;
  type: string;
  /** The user's (or the imported file's) name; falls back to the id. */
  name?: string;
  fields?: Record<string, FieldValue>;
  /** `false` freezes the layer: all its weights count as non-trainable, as Keras writes it. */
  trainable?: boolean;
  /**
   * The layer whose weights this one uses (tied, or a layer called twice): its own are listed but counted
   * once, there. Output heads tied to an input embedding are the common case.
   */
  tiedTo?: string;
  /**
   * The parameter count the weights in the imported file hold for this layer (a weights manifest, an .h5), as
   * a decimal: the count is checked against it, and a disagreement is a warning on the layer.
   */
  fileParams?: string;
  /** On a block instance: how many copies of the block are stacked, each fed by the one before (default 1). */
  repeat?: number;
}

export interface Edge {
  from: string;
  to: string;
  /** Which output of the source, for layers with several (default 0). */
  fromPort?: number;
  /** Input slot on the target; edges without one follow those with one, in array order. */
  toPort?: number;
}

export interface Design {
  nodes: LayerNode[];
  edges: Edge[];
  /**
   * Block definitions by id. A node whose `type` names one is an instance of it: one node on the canvas,
   * counted by evaluating the block's own graph (see blocks/). Block ids are never catalog layer types.
   */
  blocks?: Record<string, BlockDefinition>;
}

/** A field of a block that feeds fields of its layers, e.g. a bottleneck's `filters`. */
export interface BlockParam {
  name: string;
  default: number;
  min?: number;
  /** Where the value goes: each target field gets value × scale (a bottleneck's last conv has 4 × filters). */
  targets: { node: string; field: string; scale?: number }[];
}

/** A named, reusable sub-graph with its own inputs and outputs. */
export interface BlockDefinition {
  /** Its layers; instances inside it name blocks of the enclosing design. */
  design: { nodes: LayerNode[]; edges: Edge[] };
  /** The inner nodes (Input layers) that receive an instance's inputs, in input order. */
  inputs: string[];
  /** What an instance outputs, in output order: an inner node's output. */
  outputs: { node: string; port?: number }[];
  params?: BlockParam[];
  /** Where its layers sit when the block is opened; unplaced ones get the auto-layout's positions. */
  layout?: Record<string, { x: number; y: number }>;
}

export type Convention = 'keras' | 'pytorch';
