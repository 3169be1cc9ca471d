/** Errors are values: a message a user understands and a path to the offending node and field. */
export interface Problem {
  /** e.g. `['conv3', 'padding']`: node id, then field (and nested field) names. */
  path: string[];
  message: string;
  /** A plain fix, when there is one. */
  hint?: string;
}

/** What a layer's rules report; the evaluator adds the node id in front of `path`. */
export interface LayerProblem {
  field?: string;
  message: string;
  hint?: string;
}
