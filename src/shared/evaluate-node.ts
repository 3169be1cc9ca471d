import { layerSpec } from './catalog';
import { sizeOf } from './catalog/common';
import { resolveFields } from './catalog/fields';
import type { InputSource, LayerContext, WeightSpec } from './catalog/types';
import type { Convention, LayerNode } from './design';
import { isLayerProblem, type Problem } from './problem';
import { groupThousands } from './format';
import type { Tensor } from './tensor';

export interface CountedWeight extends WeightSpec {
  /** Elements in the weight; buffers are listed but not counted. */
  count: bigint;
}

export interface NodeEvaluation {
  id: string;
  name: string;
  type: string;
  /** Output tensors, or null when they could not be inferred (own problem or blocked upstream). */
  outputs: Tensor[] | null;
  weights: CountedWeight[];
  /** Counts are null when the layer could not be counted. */
  params: bigint | null;
  trainable: bigint | null;
  nonTrainable: bigint | null;
  /** The worked formula with the numbers filled in, e.g. `4 × [2(2+3) + 2] = 48`. */
  formula: string | null;
  /** Why the Keras and PyTorch conventions differ here, where they do. */
  conventionNote?: string;
  problems: Problem[];
  /** The upstream node whose problem keeps this one from being counted. */
  blockedBy?: string;
}

/** What a node receives: its input tensors, the node whose failure blocks it, or a wiring problem. */
export type NodeInputs = { tensors: Tensor[]; sources: InputSource[] } | { blockedBy: string } | { problem: Problem };

const MISSING = (count: number, min: number, max: number) =>
  min === max ? `needs ${min} input${min === 1 ? '' : 's'}, has ${count}` : count < min ? `needs at least ${min} inputs, has ${count}` : `takes at most ${max} inputs, has ${count}`;

function countWeights(weights: WeightSpec[], frozen: boolean) {
  let trainable = 0n;
  let nonTrainable = 0n;
  const counted = weights.map((w) => {
    const role = frozen && w.role === 'trainable' ? 'non-trainable' : w.role;
    const count = sizeOf(w.shape);
    if (role === 'trainable') trainable += count;
    else if (role === 'non-trainable') nonTrainable += count;
    return { ...w, role, count };
  });
  return { counted, trainable, nonTrainable };
}

/** Evaluates one layer from its inputs. Never throws: a layer rule that fails becomes a problem. */
export function evaluateNode(node: LayerNode, inputs: NodeInputs, arity: number, convention: Convention): NodeEvaluation {
  const base = { id: node.id, name: node.name ?? node.id, type: node.type };
  const failed = (problems: Problem[], blockedBy?: string): NodeEvaluation => ({
    ...base,
    outputs: null,
    weights: [],
    params: null,
    trainable: null,
    nonTrainable: null,
    formula: null,
    problems,
    blockedBy,
  });
  const spec = layerSpec(node.type);
  if (!spec) return failed([{ path: [node.id, 'type'], message: `unknown layer type '${node.type}'`, hint: 'Paramsketch cannot count it, nor the layers that depend on it' }]);

  const { values, problems: fieldProblems } = resolveFields(spec, node.fields ?? {}, layerSpec);
  const problems: Problem[] = fieldProblems.map((p) => ({
    path: [node.id, ...(p.field ? p.field.split('.') : [])],
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
  }));
  if (arity < spec.inputs.min || arity > spec.inputs.max)
    problems.push({
      path: [node.id, 'inputs'],
      message: `${spec.type} ${MISSING(arity, spec.inputs.min, spec.inputs.max)}`,
      ...(arity < spec.inputs.min ? { hint: 'connect an output to it' } : {}),
    });
  if (problems.length) return failed(problems);
  if ('blockedBy' in inputs) return failed([], inputs.blockedBy);
  if ('problem' in inputs) return failed([inputs.problem]);

  const ctx: LayerContext = { convention, inputs: inputs.tensors, sources: inputs.sources, values };
  try {
    const shape = spec.inferShape(ctx);
    if (isLayerProblem(shape))
      return failed([
        { path: [node.id, ...(shape.field ? shape.field.split('.') : [])], message: shape.message, ...(shape.hint ? { hint: shape.hint } : {}) },
      ]);
    const outputs = Array.isArray(shape) ? shape : [shape];
    const weights = spec.weights?.(ctx) ?? [];
    // Sizes are JS numbers: past 2^53 they would be rounded, so say so rather than count wrong.
    const unsafe = [...outputs.flatMap((t) => t.dims), ...weights.flatMap((w) => w.shape)].find((d) => d !== null && !Number.isSafeInteger(d));
    if (typeof unsafe === 'number')
      return failed([{ path: [node.id], message: `${spec.type} would have sizes past 2^53, too large to count exactly` }]);
    const { counted, trainable, nonTrainable } = countWeights(weights, node.trainable === false);
    const params = trainable + nonTrainable;
    const note = spec.conventionNote?.(ctx);
    return {
      ...base,
      outputs,
      weights: counted,
      params,
      trainable,
      nonTrainable,
      formula: spec.formula ? `${spec.formula(ctx)} = ${groupThousands(params)}` : '0',
      ...(note ? { conventionNote: note } : {}),
      problems: [],
    };
  } catch (error) {
    // A layer rule is pure code over validated fields; if one still throws, the user sees which node.
    return failed([{ path: [node.id], message: `could not evaluate ${spec.type}: ${(error as Error).message}` }]);
  }
}
