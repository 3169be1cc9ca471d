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
}

export type Convention = 'keras' | 'pytorch';
