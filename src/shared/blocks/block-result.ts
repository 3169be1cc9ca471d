import { exactSum } from '../catalog/common';
import { bytesOf, type LayerCost } from '../cost';
import type { Evaluation } from '../evaluate';
import type { CountedWeight, NodeEvaluation } from '../evaluate-node';
import { groupThousands } from '../format';
import type { Problem } from '../problem';
import type { Tensor } from '../tensor';

/** A block's graph evaluated once, on given inputs: one copy of a stack. */
export interface BlockRun {
  evaluation: Evaluation;
  /** The inner nodes fed from outside: their outputs are the instance's inputs, not new activations. */
  bound: ReadonlySet<string>;
}

/** Formulas list a block's layers while they stay readable; past this, the count of layers stands in. */
const MAX_TERMS = 6;

/** The layers of a run that are its own (the bound inputs are the upstream layers' outputs). */
const ownResults = (run: BlockRun): NodeEvaluation[] => run.evaluation.results.filter((r) => !run.bound.has(r.id));

/** A block instance's result: the sum of its copies' layers, each copy an evaluation of the block's graph. */
export class BlockResult implements NodeEvaluation {
  #cost?: LayerCost;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly type: string,
    public outputs: Tensor[] | null,
    readonly params: bigint | null,
    readonly trainable: bigint | null,
    readonly nonTrainable: bigint | null,
    /** What one token uses of every copy's layers (their experts' top_k only). */
    readonly active: bigint | null,
    readonly problems: readonly Problem[],
    /** One per copy, in stack order; copies fed alike share one run. */
    readonly runs: readonly BlockRun[],
    readonly blockedBy?: string,
  ) {}

  get inner(): readonly Evaluation[] {
    return this.runs.map((r) => r.evaluation);
  }

  /**
   * Every layer's weights, named by the layer (and copy, in a stack): `conv1/kernel`, `#2 conv1/kernel`.
   * A block inside names its own layers' weights: scoped by layer, not by block, as Keras names variables.
   */
  get weights(): CountedWeight[] {
    const copy = (k: number) => (this.runs.length > 1 ? `#${k + 1} ` : '');
    // All counted and none trainable: the instance is frozen, and so is every weight in it.
    const frozen = this.params !== null && this.params > 0n && this.nonTrainable === this.params;
    return this.runs.flatMap((run, k) =>
      ownResults(run).flatMap((r) =>
        r.weights.map((w) => ({ ...w, name: `${copy(k)}${r.inner?.length ? '' : `${r.name}/`}${w.name}`, role: frozen && w.role === 'trainable' ? ('non-trainable' as const) : w.role })),
      ),
    );
  }

  get formula(): string | null {
    if (this.params === null) return null;
    const total = groupThousands(this.params);
    const [first] = this.runs;
    if (this.runs.length > 1)
      return this.runs.every((r) => r === first)
        ? `${this.runs.length} × ${groupThousands(first.evaluation.totals.params)} = ${total}`
        : `${this.runs.map((r) => groupThousands(r.evaluation.totals.params)).join(' + ')} = ${total}`;
    const counted = ownResults(first).filter((r) => r.params);
    if (counted.length === 0) return '0';
    if (counted.length > MAX_TERMS) return `Σ ${counted.length} layers = ${total}`;
    return `${counted.map((r) => `${r.name} ${groupThousands(r.params!)}`).join(' + ')} = ${total}`;
  }

  get cost(): LayerCost {
    if (this.#cost) return this.#cost;
    const costs = this.runs.flatMap((run) => ownResults(run).map((r) => r.cost));
    const counted = this.params !== null;
    const activations = counted ? exactSum(costs.map((c) => c.activations)) : null;
    return (this.#cost = {
      macs: counted ? exactSum(costs.map((c) => c.macs)) : null,
      activations,
      activationBytes: activations === null ? null : bytesOf(activations),
      paramBytes: this.params === null ? null : bytesOf(this.params),
    });
  }

  get conventionNote(): string | undefined {
    const notes = new Set(this.runs.flatMap((run) => ownResults(run).flatMap((r) => (r.conventionNote ? [`${r.name}: ${r.conventionNote}`] : []))));
    return notes.size ? [...notes].join(' ') : undefined;
  }
}
