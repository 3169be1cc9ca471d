// A node's result as evaluateNode makes it: the counts, with everything else worked out when read.
import { layerSpec } from './catalog';
import { sizeOf } from './catalog/common';
import { resolveFields } from './catalog/fields';
import { layerFormula } from './catalog/formula';
import type { FieldValues, LayerContext, LayerSpec, WeightSpec } from './catalog/types';
import { layerCost, type LayerCost } from './cost';
import type { Convention, FieldValue, LayerNode } from './design';
import type { CountedWeight, NodeEvaluation } from './evaluate-node';
import { groupThousands } from './format';
import type { Problem } from './problem';
import type { Tensor } from './tensor';

const NO_TENSORS: Tensor[] = [];
export const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);
export const NO_FIELDS: Record<string, FieldValue> = Object.freeze({});
export const ZERO = 0n;

/** A weight's role in this node: a frozen layer's trainable weights are not, a tied layer's are counted where they live. */
export const roleOf = (w: WeightSpec, frozen: boolean, tied: boolean): WeightSpec['role'] =>
  tied && w.role !== 'buffer' ? 'tied' : frozen && w.role === 'trainable' ? 'non-trainable' : w.role;

/**
 * Costs once worked out, by result: the totals' cost line and the table's MACs column read every node's
 * on every edit, and unchanged nodes keep their result objects. Kept apart from the results so that
 * evaluation (which never reads costs) allocates no room for them.
 */
const COSTS = new WeakMap<NodeEvaluation, LayerCost>();

/** Why a node was not counted (its own problems, or the upstream node that blocks it), or what is amiss with one counted all the same. */
interface Failure {
  problems: readonly Problem[];
  blockedBy?: string;
}

/**
 * A node's counts, with its weights and formula worked out only when read (evaluation stays cheap). What
 * the node itself says (id, name, type) is read from it, and the trainable count is the rest of the
 * total: every evaluation makes one of these per node, and each field less is 8 bytes less per node to
 * allocate and, for the collector, to copy while an evaluation is under way.
 */
export class NodeResult implements NodeEvaluation {
  // Private: not data of the result (see toJSON for that), only what the getters need. The layer
  // context is rebuilt on demand, its fields resolved again from the node, rather than kept.
  readonly #node: LayerNode;
  readonly #counted: boolean;
  readonly #inputs: Tensor[];
  readonly #failure: Failure | undefined;
  readonly #convention: Convention;

  constructor(
    node: LayerNode,
    public outputs: Tensor[] | null,
    readonly params: bigint | null,
    readonly nonTrainable: bigint | null,
    failure?: Failure,
    ctx?: LayerContext,
  ) {
    this.#node = node;
    this.#counted = ctx !== undefined;
    this.#inputs = ctx?.inputs ?? NO_TENSORS;
    this.#failure = failure;
    this.#convention = ctx?.convention ?? 'keras';
  }

  get id(): string {
    return this.#node.id;
  }

  get name(): string {
    return this.#node.name ?? this.#node.id;
  }

  get type(): string {
    return this.#node.type;
  }

  get trainable(): bigint | null {
    const { params, nonTrainable } = this;
    return params === null || nonTrainable === null || nonTrainable === ZERO ? params : params - nonTrainable;
  }

  /** A layer without experts: one token uses every weight (ExpertResult says otherwise). */
  get active(): bigint | null {
    return this.params;
  }

  get problems(): readonly Problem[] {
    return this.#failure?.problems ?? NO_PROBLEMS;
  }

  get blockedBy(): string | undefined {
    return this.#failure?.blockedBy;
  }

  /** The result's data, as JSON and the tests' comparisons see it. */
  toJSON() {
    const { id, name, type, outputs, params, trainable, nonTrainable, active, problems, blockedBy, weights, formula } = this;
    return { id, name, type, outputs, params, trainable, nonTrainable, active, problems, ...(blockedBy === undefined ? {} : { blockedBy }), weights, formula };
  }

/** The counted layer's rules and context; undefined when the node was not counted. */
  get #layer(): { spec: LayerSpec; ctx: LayerContext; frozen: boolean; tiedTo: string | undefined } | undefined {
    const node = this.#node;
    const spec = this.#counted ? layerSpec(node.type) : undefined;
    if (!spec) return undefined;
    // It was counted: its fields resolved without problems, as they do again.
    const values = resolveFields(spec, node.fields ?? NO_FIELDS, layerSpec) as FieldValues;
    const ctx = { convention: this.#convention, inputs: this.#inputs, sources: [], values };
    return { spec, ctx, frozen: node.trainable === false, tiedTo: node.tiedTo };
  }

  get weights(): CountedWeight[] {
    const layer = this.#layer;
    if (!layer) return [];
    const { spec, ctx, frozen, tiedTo } = layer;
    return (spec.weights?.(ctx) ?? []).map((w) => ({
      name: w.name,
      shape: w.shape,
      role: roleOf(w, frozen, tiedTo !== undefined),
      count: sizeOf(w.shape),
      ...(w.active === undefined ? {} : { active: w.active }),
    }));
  }

  get formula(): string | null {
    const layer = this.#layer;
    if (!layer || this.params === null) return null;
    if (layer.tiedTo !== undefined) {
      const shared = this.weights.reduce((sum, w) => (w.role === 'tied' ? sum + w.count : sum), 0n);
      return `tied to ${layer.tiedTo} (its ${groupThousands(shared)} weights, counted there) = ${groupThousands(this.params)}`;
    }
    const formula = layerFormula(layer.spec, layer.ctx);
    return formula === '0' ? formula : `${formula} = ${groupThousands(this.params)}`;
  }

  get cost(): LayerCost {
    let cost = COSTS.get(this);
    if (!cost) COSTS.set(this, (cost = layerCost(this.#layer, this.outputs, this.params)));
    return cost;
  }

  get conventionNote(): string | undefined {
    const layer = this.#layer;
    return layer && layer.spec.conventionNote?.(layer.ctx);
  }
}

/**
 * A counted layer holding experts a token does not all use (a mixture of experts): the one kind of result
 * that carries an inactive count, so every other node stays the size it was.
 */
export class ExpertResult extends NodeResult {
  readonly #inactive: bigint;

  constructor(node: LayerNode, outputs: Tensor[], params: bigint, nonTrainable: bigint, ctx: LayerContext, inactive: bigint, failure?: Failure) {
    super(node, outputs, params, nonTrainable, failure, ctx);
    this.#inactive = inactive;
  }

  override get active(): bigint | null {
    return this.params === null ? null : this.params - this.#inactive;
  }
}
