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

/** Past this many weights, a stack's alike copies list theirs once (`#2–#10000 dense/kernel`, the count × copies). */
const MAX_LISTED_WEIGHTS = 10_000;

/** Consecutive copies that share one run, as that run and how many copies: alike copies are worked out once. */
function distinctRuns(runs: readonly BlockRun[]): { run: BlockRun; first: number; copies: number }[] {
  const groups: { run: BlockRun; first: number; copies: number }[] = [];
  runs.forEach((run, k) => {
    const last = groups[groups.length - 1];
    if (last?.run === run) last.copies++;
    else groups.push({ run, first: k, copies: 1 });
  });
  return groups;
}

/** A run's weights, named by their layer, worked out once per run (nested blocks asked them again at every level). */
const RUN_WEIGHTS = new WeakMap<BlockRun, CountedWeight[]>();

function runWeights(run: BlockRun): CountedWeight[] {
  let weights = RUN_WEIGHTS.get(run);
  if (!weights) RUN_WEIGHTS.set(run, (weights = ownResults(run).flatMap((r) => r.weights.map((w) => ({ ...w, name: `${r.inner?.length ? '' : `${r.name}/`}${w.name}` })))));
  return weights;
}

type RunCost = Pick<LayerCost, 'macs' | 'activeMacs' | 'activations'>;

/** A run's MACs and activations, summed once per run however many copies share it. */
const RUN_COSTS = new WeakMap<BlockRun, RunCost>();

function runCost(run: BlockRun): RunCost {
  let cost = RUN_COSTS.get(run);
  if (!cost) {
    const costs = ownResults(run).map((r) => r.cost);
    const sum = (key: keyof RunCost) => exactSum(costs.map((c) => c[key]));
    RUN_COSTS.set(run, (cost = { macs: sum('macs'), activeMacs: sum('activeMacs'), activations: sum('activations') }));
  }
  return cost;
}

const times = (sum: bigint | null, part: bigint | null, copies: number) => (sum === null || part === null ? null : sum + part * BigInt(copies));

/** A block instance's result: the sum of its copies' layers, each copy an evaluation of the block's graph. */
export class BlockResult implements NodeEvaluation {
  #cost?: LayerCost;
  #weights?: CountedWeight[];
  /** The block work its evaluation spent (blocks/work.ts): taken off again when an edit replaces it. */
  work = 0;

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
    if (this.#weights) return this.#weights;
    // All counted and none trainable: the instance is frozen, and so is every weight in it.
    const frozen = this.params !== null && this.params > 0n && this.nonTrainable === this.params;
    const many = this.runs.length > 1;
    const groups = distinctRuns(this.runs);
    const grouped = groups.reduce((sum, { run, copies }) => sum + runWeights(run).length * copies, 0) > MAX_LISTED_WEIGHTS;
    const named = (w: CountedWeight, copy: string, copies: number): CountedWeight => ({
      ...w,
      name: `${copy}${w.name}`,
      role: frozen && w.role === 'trainable' ? 'non-trainable' : w.role,
      count: w.count * BigInt(copies),
    });
    return (this.#weights = groups.flatMap(({ run, first, copies }) => {
      const list = runWeights(run);
      if (grouped && copies > 1) return list.map((w) => named(w, `#${first + 1}–#${first + copies} `, copies));
      return Array.from({ length: copies }, (_, k) => list.map((w) => named(w, many ? `#${first + k + 1} ` : '', 1))).flat();
    }));
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
    const counted = this.params !== null;
    let [macs, activeMacs, activations]: (bigint | null)[] = counted ? [0n, 0n, 0n] : [null, null, null];
    for (const { run, copies } of distinctRuns(this.runs)) {
      const part = runCost(run);
      macs = times(macs, part.macs, copies);
      activeMacs = times(activeMacs, part.activeMacs, copies);
      activations = times(activations, part.activations, copies);
    }
    return (this.#cost = {
      macs,
      activeMacs,
      activations,
      activationBytes: activations === null ? null : bytesOf(activations),
      paramBytes: this.params === null ? null : bytesOf(this.params),
    });
  }

  get conventionNote(): string | undefined {
    const notes = new Set(distinctRuns(this.runs).flatMap(({ run }) => ownResults(run).flatMap((r) => (r.conventionNote ? [`${r.name}: ${r.conventionNote}`] : []))));
    return notes.size ? [...notes].join(' ') : undefined;
  }
}
