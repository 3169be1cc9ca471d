import { layerSpec } from './catalog';
import { sizeOf } from './catalog/common';
import { resolveFields } from './catalog/fields';
import type { FieldValues, InputSource, LayerContext, WeightSpec } from './catalog/types';
import type { LayerCost } from './cost';
import type { BlockScope } from './blocks/evaluate-block';
import type { Convention, LayerNode } from './design';
import type { Evaluation } from './evaluate';
import { ExpertResult, NO_FIELDS, NO_PROBLEMS, NodeResult, roleOf, ZERO } from './node-result';
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
  /**
   * Active parameters, what one token uses: `params` less the experts a mixture's router leaves out (all but
   * top_k of them). Equal to `params` for every layer without experts.
   */
  readonly active: bigint | null;
  problems: readonly Problem[];
  /** The upstream node whose problem keeps this one from being counted. */
  blockedBy?: string;
  /** The named weights with their shapes and counts (worked out when first read). */
  readonly weights: CountedWeight[];
  /** The worked formula with the numbers filled in, e.g. `4 × [2(2+3) + 2] = 48` (worked out when first read). */
  readonly formula: string | null;
  /** Why the Keras and PyTorch conventions differ here, where they do. */
  readonly conventionNote?: string;
  /** MACs, activation and parameter memory for one sample (worked out when first read; see cost.ts). */
  readonly cost: LayerCost;
  /** A block instance's graph, evaluated: one evaluation per copy of a stack. */
  readonly inner?: readonly Evaluation[];
}

/** Why a node has no inputs to read: the node whose failure blocks it, or problems with its wiring. */
export interface InputFailure {
  blockedBy: string | undefined;
  problems: Problem[] | undefined;
}

export const blockedInputs = (blockedBy: string): InputFailure => ({ blockedBy, problems: undefined });
export const wiringProblems = (problems: Problem[]): InputFailure => ({ blockedBy: undefined, problems });

/**
 * The layer context of the node being evaluated: one per evaluation, pointed at each node in turn (an
 * object less per node). Rules read it only while they run, and results keep its inputs, never it.
 * Where the inputs come from is looked up only when a rule reads it (merges do, for a hint, when they fail).
 */
class NodeContext implements LayerContext {
  inputs: Tensor[] = [];
  values: FieldValues = {};
  readonly #scope: EvaluationScope;
  #position = -1;

  constructor(scope: EvaluationScope) {
    this.#scope = scope;
  }

  get convention(): Convention {
    return this.#scope.convention;
  }

  get sources(): InputSource[] {
    return this.#scope.sourcesOf(this.#position);
  }

  at(position: number, inputs: Tensor[], values: FieldValues): LayerContext {
    this.#position = position;
    this.inputs = inputs;
    this.values = values;
    return this;
  }
}

/** What every node of one evaluation shares. */
export class EvaluationScope {
  readonly context = new NodeContext(this);

  constructor(
    readonly convention: Convention,
    /** The nodes feeding the node at a position, in input order. */
    readonly sourcesOf: (position: number) => InputSource[],
    /** The design's blocks, and inside a block what feeds it; undefined for a design without blocks. */
    readonly blocks?: BlockScope,
  ) {}
}

// Not frozen: frozen arrays are another kind of array to the loops that read weights, which slows them.
const NO_WEIGHTS: readonly WeightSpec[] = [];


// Designs repeat a few counts (every 3×3 Conv2D from 32 to 32 channels holds 9,248), so the bigints
// are kept, one per slot of a small table, rather than made for every node of every evaluation.
const BIGINT_SLOTS = 1 << 10;
const bigintKeys = new Float64Array(BIGINT_SLOTS).fill(NaN);
const bigints = new Array<bigint>(BIGINT_SLOTS).fill(ZERO);

/** `BigInt(count)` for a safe integer count. */
function bigintOf(count: number): bigint {
  const slot = (count ^ (count >>> 10)) & (BIGINT_SLOTS - 1);
  if (bigintKeys[slot] === count) return bigints[slot];
  bigintKeys[slot] = count;
  return (bigints[slot] = BigInt(count));
}

const MISSING = (count: number, min: number, max: number) =>
  min === max
    ? `needs ${min} input${min === 1 ? '' : 's'}, has ${count}`
    : count < min
      ? `needs at least ${min} inputs, has ${count}`
      : `takes at most ${max} inputs, has ${count}`;

const exactSum = (weights: readonly WeightSpec[], frozen: boolean, tied: boolean, role: WeightSpec['role']) =>
  weights.reduce((sum, w) => (roleOf(w, frozen, tied) === role ? sum + sizeOf(w.shape) : sum), 0n);

/**
 * What one token leaves unused of the counted weights stacked over experts (the experts beyond each weight's
 * `active`, its top_k), exact at any size; a tied or buffer weight is counted nowhere here, so it leaves nothing.
 */
function exactInactive(weights: readonly WeightSpec[], frozen: boolean, tied: boolean): bigint {
  let sum = ZERO;
  for (const w of weights) {
    const role = roleOf(w, frozen, tied);
    if (w.active !== undefined && (role === 'trainable' || role === 'non-trainable'))
      sum += (sizeOf(w.shape) / BigInt(w.shape[0])) * BigInt(w.shape[0] - w.active);
  }
  return sum;
}

const withProblems = (problems: readonly Problem[] | undefined) => (problems ? { problems } : undefined);

const failed = (node: LayerNode, problems: readonly Problem[], blockedBy?: string) => new NodeResult(node, null, null, null, { problems, blockedBy });

/** A block's input inside the block: it passes on what feeds the instance, as its Input layer would. */
export const passThrough = (node: LayerNode, tensors: Tensor[]): NodeEvaluation =>
  new NodeResult(node, tensors, ZERO, ZERO, undefined, { convention: 'keras', inputs: [], sources: [], values: {} });

const atNode = (id: string, p: LayerProblem): Problem => ({
  path: p.field ? [id, ...p.field.split('.')] : [id],
  message: p.message,
  ...(p.hint ? { hint: p.hint } : {}),
});

function batched(outputs: Tensor[], batch: number): void {
  for (let k = 0; k < outputs.length; k++) if (outputs[k].batch !== batch) outputs[k] = { ...outputs[k], batch };
}

/** Evaluates the layer at `position` from its inputs. Never throws: a layer rule that fails becomes a problem. */
export function evaluateNode(
  node: LayerNode,
  position: number,
  inputs: Tensor[] | InputFailure,
  arity: number,
  scope: EvaluationScope,
  /** Problems of a node counted all the same (a tie that cannot hold: ties.ts). */
  counted?: readonly Problem[],
): NodeEvaluation {
  const spec = layerSpec(node.type);
  if (!spec)
    return failed(node, [
      { path: [node.id, 'type'], message: `unknown layer type '${node.type}'`, hint: 'Paramsketch cannot count it, nor the layers that depend on it' },
    ]);
  const fields = resolveFields(spec, node.fields ?? NO_FIELDS, layerSpec);
  const badArity = arity < spec.inputs.min || arity > spec.inputs.max;
  const failure = Array.isArray(inputs) ? undefined : inputs;
  if (failure?.problems || Array.isArray(fields) || badArity) {
    const fieldProblems = Array.isArray(fields) ? fields.map((p) => atNode(node.id, p)) : [];
    const problems = [...(failure?.problems ?? []), ...fieldProblems];
    if (badArity)
      problems.push({
        path: [node.id, 'inputs'],
        message: `${spec.type} ${MISSING(arity, spec.inputs.min, spec.inputs.max)}`,
        ...(arity < spec.inputs.min ? { hint: 'connect an output to it' } : {}),
      });
    return failed(node, problems);
  }
  if (failure) return failed(node, NO_PROBLEMS, failure.blockedBy);

  const tensors = inputs as Tensor[];
  const ctx = scope.context.at(position, tensors, fields as FieldValues);
  try {
    const shape = spec.inferShape(ctx);
    // A layer that passes its one input through shares the input list as its output list.
    const outputs = Array.isArray(shape)
      ? shape
      : (shape as Tensor).dims
        ? shape === tensors[0] && tensors.length === 1
          ? tensors
          : [shape as Tensor]
        : undefined;
    if (!outputs) return failed(node, [atNode(node.id, shape as LayerProblem)]);
    // A fixed batch size (rare) is carried from the first input to every output, as Keras prints it.
    if (tensors.length && tensors[0].batch !== undefined) batched(outputs, tensors[0].batch);
    const weights = spec.weights?.(ctx) ?? NO_WEIGHTS;
    // Sizes are JS numbers: past 2^53 they would be rounded, so say so rather than count wrong.
    // Counts are summed as floats while exact (the usual case), in bigint only past 2^53. Plain loops:
    // this runs for every node of every evaluation.
    const frozen = node.trainable === false;
    const tied = node.tiedTo !== undefined;
    let safe = true;
    let trainable = 0;
    let nonTrainable = 0;
    // Only a mixture's stacked experts set `active`: every other layer leaves this 0 and allocates nothing more.
    let inactive = 0;
    for (const t of outputs) for (const d of t.dims) safe &&= d === null || Number.isSafeInteger(d);
    for (const w of weights) {
      let size = 1;
      for (const d of w.shape) (size *= d), (safe &&= Number.isSafeInteger(d));
      const role = roleOf(w, frozen, tied);
      if (role === 'trainable') trainable += size;
      else if (role === 'non-trainable') nonTrainable += size;
      if (w.active !== undefined && (role === 'trainable' || role === 'non-trainable')) inactive += (size / w.shape[0]) * (w.shape[0] - w.active);
    }
    if (!safe) return failed(node, [{ path: [node.id], message: `${spec.type} would have sizes past 2^53, too large to count exactly` }]);
    if (!Number.isSafeInteger(trainable + nonTrainable)) {
      const [t, n] = [exactSum(weights, frozen, tied, 'trainable'), exactSum(weights, frozen, tied, 'non-trainable')];
      const unused = inactive ? exactInactive(weights, frozen, tied) : ZERO;
      return unused ? new ExpertResult(node, outputs, t + n, n, ctx, unused, withProblems(counted)) : new NodeResult(node, outputs, t + n, n, withProblems(counted), ctx);
    }
    const params = trainable + nonTrainable === 0 ? ZERO : bigintOf(trainable + nonTrainable);
    const n = trainable === 0 ? params : nonTrainable === 0 ? ZERO : bigintOf(nonTrainable);
    if (inactive) return new ExpertResult(node, outputs, params, n, ctx, Number.isSafeInteger(inactive) ? BigInt(inactive) : exactInactive(weights, frozen, tied), withProblems(counted));
    return new NodeResult(node, outputs, params, n, withProblems(counted), ctx);
  } catch (error) {
    // A layer rule is pure code over validated fields; if one still throws, the user sees which node.
    return failed(node, [{ path: [node.id], message: `could not evaluate ${spec.type}: ${(error as Error).message}` }]);
  }
}
