import { layerSpec } from './catalog';
import { sizeOf } from './catalog/common';
import { resolveFields } from './catalog/fields';
import type { FieldValues, InputSource, LayerContext, LayerSpec, WeightSpec } from './catalog/types';
import type { Convention, LayerNode } from './design';
import { groupThousands } from './format';
import type { LayerProblem, Problem } from './problem';
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
  /** Counts are null when the layer could not be counted. */
  params: bigint | null;
  trainable: bigint | null;
  nonTrainable: bigint | null;
  problems: readonly Problem[];
  /** The upstream node whose problem keeps this one from being counted. */
  blockedBy?: string;
  /** The named weights with their shapes and counts (worked out when first read). */
  readonly weights: CountedWeight[];
  /** The worked formula with the numbers filled in, e.g. `4 × [2(2+3) + 2] = 48` (worked out when first read). */
  readonly formula: string | null;
  /** Why the Keras and PyTorch conventions differ here, where they do. */
  readonly conventionNote?: string;
}

/**
 * What a node receives: its input tensors, or else the node whose failure blocks it, or problems with
 * its wiring. One object shape for all three keeps the evaluator's hot path monomorphic.
 */
export interface NodeInputs {
  tensors: Tensor[];
  sources: InputSource[];
  blockedBy: string | undefined;
  problems: Problem[] | undefined;
}

const NO_TENSORS: Tensor[] = [];
export const blockedInputs = (blockedBy: string): NodeInputs => ({ tensors: NO_TENSORS, sources: [], blockedBy, problems: undefined });
export const wiringProblems = (problems: Problem[]): NodeInputs => ({ tensors: NO_TENSORS, sources: [], blockedBy: undefined, problems });

const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);
const ZERO = 0n;

const MISSING = (count: number, min: number, max: number) =>
  min === max
    ? `needs ${min} input${min === 1 ? '' : 's'}, has ${count}`
    : count < min
      ? `needs at least ${min} inputs, has ${count}`
      : `takes at most ${max} inputs, has ${count}`;

const roleOf = (w: WeightSpec, frozen: boolean) => (frozen && w.role === 'trainable' ? 'non-trainable' : w.role);

const exactSum = (weights: WeightSpec[], frozen: boolean, role: WeightSpec['role']) =>
  weights.reduce((sum, w) => (roleOf(w, frozen) === role ? sum + sizeOf(w.shape) : sum), 0n);

/** A node's counts, with its weights and formula worked out only when read (evaluation stays cheap). */
class NodeResult implements NodeEvaluation {
  // Private: not data of the result (not compared, not serialised), only what the getters need. The
  // layer context is rebuilt on demand rather than kept: fewer objects survive each evaluation.
  #spec?: LayerSpec;
  #inputs: Tensor[];
  #values?: FieldValues;
  #convention: Convention;
  #frozen: boolean;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly type: string,
    public outputs: Tensor[] | null,
    readonly params: bigint | null,
    readonly trainable: bigint | null,
    readonly nonTrainable: bigint | null,
    readonly problems: readonly Problem[],
    readonly blockedBy?: string,
    spec?: LayerSpec,
    ctx?: LayerContext,
    frozen = false,
  ) {
    this.#spec = spec;
    this.#inputs = ctx?.inputs ?? NO_TENSORS;
    this.#values = ctx?.values;
    this.#convention = ctx?.convention ?? 'keras';
    this.#frozen = frozen;
  }

  get #ctx(): LayerContext | undefined {
    return this.#values && { convention: this.#convention, inputs: this.#inputs, sources: [], values: this.#values };
  }

  get weights(): CountedWeight[] {
    const [spec, ctx, frozen] = [this.#spec, this.#ctx, this.#frozen];
    if (!spec || !ctx) return [];
    return (spec.weights?.(ctx) ?? []).map((w) => ({ name: w.name, shape: w.shape, role: roleOf(w, frozen), count: sizeOf(w.shape) }));
  }

  get formula(): string | null {
    const [spec, ctx] = [this.#spec, this.#ctx];
    if (!spec || !ctx || this.params === null) return null;
    return spec.formula ? `${spec.formula(ctx)} = ${groupThousands(this.params)}` : '0';
  }

  get conventionNote(): string | undefined {
    return this.#ctx && this.#spec?.conventionNote?.(this.#ctx);
  }
}

const failed = (node: LayerNode, problems: readonly Problem[], blockedBy?: string) =>
  new NodeResult(node.id, node.name ?? node.id, node.type, null, null, null, null, problems, blockedBy);

const atNode = (id: string, p: LayerProblem): Problem => ({
  path: p.field ? [id, ...p.field.split('.')] : [id],
  message: p.message,
  ...(p.hint ? { hint: p.hint } : {}),
});

/** Evaluates one layer from its inputs. Never throws: a layer rule that fails becomes a problem. */
export function evaluateNode(node: LayerNode, inputs: NodeInputs, arity: number, convention: Convention): NodeEvaluation {
  const spec = layerSpec(node.type);
  if (!spec)
    return failed(node, [
      { path: [node.id, 'type'], message: `unknown layer type '${node.type}'`, hint: 'Paramsketch cannot count it, nor the layers that depend on it' },
    ]);
  const fields = resolveFields(spec, node.fields ?? {}, layerSpec);
  const badArity = arity < spec.inputs.min || arity > spec.inputs.max;
  if (inputs.problems || fields.problems.length || badArity) {
    const problems = [...(inputs.problems ?? []), ...fields.problems.map((p) => atNode(node.id, p))];
    if (badArity)
      problems.push({
        path: [node.id, 'inputs'],
        message: `${spec.type} ${MISSING(arity, spec.inputs.min, spec.inputs.max)}`,
        ...(arity < spec.inputs.min ? { hint: 'connect an output to it' } : {}),
      });
    return failed(node, problems);
  }
  if (inputs.blockedBy !== undefined) return failed(node, NO_PROBLEMS, inputs.blockedBy);

  const ctx: LayerContext = { convention, inputs: inputs.tensors, sources: inputs.sources, values: fields.values };
  try {
    const shape = spec.inferShape(ctx);
    const outputs = Array.isArray(shape) ? shape : (shape as Tensor).dims ? [shape as Tensor] : undefined;
    if (!outputs) return failed(node, [atNode(node.id, shape as LayerProblem)]);
    const weights = spec.weights?.(ctx) ?? [];
    // Sizes are JS numbers: past 2^53 they would be rounded, so say so rather than count wrong.
    // Counts are summed as floats while exact (the usual case), in bigint only past 2^53. Plain loops:
    // this runs for every node of every evaluation.
    const frozen = node.trainable === false;
    let safe = true;
    let trainable = 0;
    let nonTrainable = 0;
    for (const t of outputs) for (const d of t.dims) safe &&= d === null || Number.isSafeInteger(d);
    for (const w of weights) {
      let size = 1;
      for (const d of w.shape) (size *= d), (safe &&= Number.isSafeInteger(d));
      const role = roleOf(w, frozen);
      if (role === 'trainable') trainable += size;
      else if (role === 'non-trainable') nonTrainable += size;
    }
    if (!safe) return failed(node, [{ path: [node.id], message: `${spec.type} would have sizes past 2^53, too large to count exactly` }]);
    if (!Number.isSafeInteger(trainable + nonTrainable)) {
      const [t, n] = [exactSum(weights, frozen, 'trainable'), exactSum(weights, frozen, 'non-trainable')];
      return new NodeResult(node.id, node.name ?? node.id, node.type, outputs, t + n, t, n, NO_PROBLEMS, undefined, spec, ctx, frozen);
    }
    // Usually one of the two is zero: share the bigints rather than allocate three per node.
    const params = BigInt(trainable + nonTrainable);
    const t = nonTrainable === 0 ? params : BigInt(trainable);
    const n = trainable === 0 ? params : nonTrainable === 0 ? ZERO : BigInt(nonTrainable);
    return new NodeResult(node.id, node.name ?? node.id, node.type, outputs, params, t, n, NO_PROBLEMS, undefined, spec, ctx, frozen);
  } catch (error) {
    // A layer rule is pure code over validated fields; if one still throws, the user sees which node.
    return failed(node, [{ path: [node.id], message: `could not evaluate ${spec.type}: ${(error as Error).message}` }]);
  }
}
