// The work one evaluation may spend inside blocks. Alike copies of a stack share one run of the block's graph,
// so a design's cost follows its distinct work; a design whose copies all differ (each wider than the last,
// nested ×1,000 in ×1,000) could still ask for a million runs, so that work is counted and bounded. The counter
// is a plain number, charged once per distinct run of an instance: no pass of its own.
import { groupThousands } from '../format';
import type { Problem } from '../problem';

/** Blocks inside blocks deeper than this are refused (a nested Keras model 1,000 deep overflowed the stack). */
export const MAX_NESTING = 64;
/** Layers evaluated inside blocks, over every distinct run, per evaluation of a design. */
export const MAX_BLOCK_LAYERS = 1_000_000;
/** What one run costs besides its layers (its topology, its cache key): a run of 2 layers is not free. */
const RUN_COST = 100;

let spent = 0;

/** Called by each top-level evaluation: `from` is what the parts it keeps (an incremental one's) already cost. */
export function startWork(from = 0): void {
  spent = from;
}

export const workSpent = (): number => spent;

/** Adds a run's cost: its own layers (its nested runs charge themselves while it runs). */
export function chargeRun(layers: number): void {
  spent += layers + RUN_COST;
}

/** Charges a run already made (a cached one) what it cost when it was made; false when past the limit. */
export function chargeAgain(cost: number): boolean {
  spent += cost;
  return spent <= MAX_BLOCK_LAYERS;
}

export const overBudget = (): boolean => spent > MAX_BLOCK_LAYERS;

const BUDGET = "this design's blocks need more";
const NESTING = 'blocks are nested more than';

/** A limit's problem is said once, where it struck, not again by every block around it. */
export const isLimitProblem = (p: Problem): boolean => p.message.startsWith(BUDGET) || p.message.startsWith(NESTING);

export const budgetProblem = (id: string): Problem => ({
  path: [id],
  message: `${BUDGET} than ${groupThousands(BigInt(MAX_BLOCK_LAYERS))} distinct layer evaluations (copies that each differ from the one before); Paramsketch evaluates up to that many`,
  hint: 'copies fed alike are counted once each and cost nothing more: make the stack’s copies alike, or repeat fewer',
});

export const nestingProblem = (id: string, path: readonly string[]): Problem => ({
  path: [id],
  message: `${NESTING} ${MAX_NESTING} deep here (${path.slice(0, 3).join(' → ')} → …); Paramsketch evaluates up to ${MAX_NESTING} levels`,
});

/** Layers a flat listing (the flat table, a Keras file of plain layers) writes out at most. */
export const MAX_LISTED_LAYERS = 200_000;

export const expansionProblem = (layers: bigint, path: string[], what = 'lists'): Problem => ({
  path,
  message: `this design expands to ${groupThousands(layers)} layers; Paramsketch ${what} up to ${groupThousands(BigInt(MAX_LISTED_LAYERS))} (counts are still exact)`,
  hint: 'its blocks are counted by multiplication: the grouped table shows them',
});
