// Counting a block instance natively: the block's graph is evaluated on the instance's inputs, once per
// distinct (parameters, input shapes); copies of a stack fed alike share that evaluation, so editing one
// field of a 12-copy stack evaluates the block once, not twelve flattened copies.
import type { BlockDefinition, Convention, LayerNode } from '../design';
import { evaluateDesign, listProblems, nodeResult } from '../evaluate';
import type { InputFailure, NodeEvaluation } from '../evaluate-node';
import type { LayerProblem, Problem } from '../problem';
import type { Tensor } from '../tensor';
import { BlockResult, type BlockRun } from './block-result';
import { definitionProblems, instanceSetup, withParams } from './params';
import { budgetProblem, chargeAgain, isLimitProblem, chargeRun, MAX_NESTING, nestingProblem, overBudget, workSpent } from './work';
import { isSource } from '../catalog';

/** What a node inside a block is evaluated with, besides its convention. */
export interface BlockScope {
  blocks: Readonly<Record<string, BlockDefinition>>;
  /** The block ids being evaluated, outermost first: a block inside itself would never end. */
  path: readonly string[];
  /** Inner nodes fed from outside, with the tensors they pass on. */
  bound?: ReadonlyMap<string, Tensor[]>;
}

interface CachedRun {
  run: BlockRun;
  outputs: Tensor[] | null;
  /** The inner problems, by inner path. */
  problems: Problem[];
  /** The work it took (its nested runs' included): what each later use charges again, so evaluations agree. */
  cost: number;
}

/**
 * Runs by blocks record: a definition edit replaces the record (designs are never mutated), which drops
 * every run at once; nested blocks make a finer rule unsafe. Capped, as typing through values leaves many.
 */
const RUNS = new WeakMap<object, Map<string, CachedRun>>();
const MAX_RUNS = 512;
const DEFINITION_PROBLEMS = new WeakMap<BlockDefinition, LayerProblem[]>();

const tensorsKey = (tensors: readonly Tensor[]) => tensors.map((t) => `${t.spatial ? 's' : 'f'}${JSON.stringify(t.dims)}`).join(';');

/** The block's inputs that are Input layers: they pass on what feeds the instance, and are no layer of a copy. */
const passedThrough = (def: BlockDefinition) =>
  new Set(def.inputs.filter((id) => isSource(def.design.nodes.find((n) => n.id === id)?.type ?? '')));

/** One copy's run of the block, from the cache where it was run alike before; undefined past the work limit. */
function runBlock(type: string, def: BlockDefinition, values: Record<string, number>, inputs: Tensor[], convention: Convention, scope: BlockScope): CachedRun | undefined {
  let runs = RUNS.get(scope.blocks);
  if (!runs) RUNS.set(scope.blocks, (runs = new Map()));
  const key = `${type}\u0000${JSON.stringify(values)}\u0000${convention}\u0000${tensorsKey(inputs)}`;
  const cached = runs.get(key);
  if (cached) return chargeAgain(cached.cost) ? cached : undefined;
  if (overBudget()) return undefined;
  const before = workSpent();
  chargeRun(def.design.nodes.length);
  const bound = new Map(def.inputs.map((id, k) => [id, [inputs[k]]]));
  const evaluation = evaluateDesign(withParams(def, values), { convention, within: { blocks: scope.blocks, path: [...scope.path, type], bound } });
  const problems = listProblems(evaluation);
  const outputs = def.outputs.map(({ node, port = 0 }) => {
    const out = nodeResult(evaluation, node)?.outputs?.[port];
    if (!out && !problems.length) problems.push({ path: [node], message: `the block's output ${node} (output ${port}) has no tensor` });
    return out;
  });
  const run = { evaluation, bound: passedThrough(def) };
  const result: CachedRun = { run, outputs: problems.length ? null : (outputs as Tensor[]), problems, cost: workSpent() - before };
  // A run cut short by the limit is not kept: in another design the same run may fit.
  if (overBudget()) return result;
  if (runs.size >= MAX_RUNS) runs.clear();
  runs.set(key, result);
  return result;
}

const atInstance = (id: string, p: LayerProblem): Problem => ({ path: p.field ? [id, p.field] : [id], message: p.message, ...(p.hint ? { hint: p.hint } : {}) });

/** An inner problem, at the instance: the path goes on into the block (instance, inner node, field). */
const fromInside = (id: string, copy: number | undefined, p: Problem): Problem => ({
  path: [id, ...p.path],
  message: isLimitProblem(p) ? p.message : `${copy === undefined ? '' : `copy ${copy + 1}, `}${p.path[0]}: ${p.message}`,
  ...(p.hint ? { hint: p.hint } : {}),
});

/** Why the instance cannot be evaluated before its block is: its fields, its inputs, its definition. */
function instanceProblems(node: LayerNode, def: BlockDefinition, arity: number, failure: InputFailure | undefined, scope: BlockScope) {
  const type = node.type;
  let own = DEFINITION_PROBLEMS.get(def);
  if (!own) DEFINITION_PROBLEMS.set(def, (own = definitionProblems(type, def)));
  const setup = instanceSetup(node, type, def);
  const problems = [...(failure?.problems ?? []), ...own.map((p) => atInstance(node.id, p))];
  if (Array.isArray(setup)) problems.push(...setup.map((p) => atInstance(node.id, p)));
  if (scope.path.length >= MAX_NESTING) problems.push(nestingProblem(node.id, scope.path));
  else if (scope.path.includes(type)) problems.push({ path: [node.id], message: `block '${type}' contains itself (${[...scope.path, type].join(' → ')})` });
  if (arity !== def.inputs.length)
    problems.push({
      path: [node.id, 'inputs'],
      message: `block '${type}' takes ${def.inputs.length} input${def.inputs.length === 1 ? '' : 's'}, has ${arity}`,
      ...(arity < def.inputs.length ? { hint: 'connect an output to it' } : {}),
    });
  return { problems, setup };
}

export function evaluateBlock(
  node: LayerNode,
  def: BlockDefinition,
  inputs: Tensor[] | InputFailure,
  arity: number,
  convention: Convention,
  scope: BlockScope,
): NodeEvaluation {
  const name = node.name ?? node.id;
  const start = workSpent();
  const failure = Array.isArray(inputs) ? undefined : inputs;
  const { problems, setup } = instanceProblems(node, def, arity, failure, scope);
  const uncounted = (problems: Problem[], runs: BlockRun[], blockedBy?: string) => {
    const result = new BlockResult(node.id, name, node.type, null, null, null, null, null, problems, runs, blockedBy);
    result.work = workSpent() - start;
    return result;
  };
  if (problems.length || Array.isArray(setup)) return uncounted(problems, []);
  if (failure) return uncounted([], [], failure.blockedBy);

  const runs: BlockRun[] = [];
  let x = inputs as Tensor[];
  let params = 0n;
  let nonTrainable = 0n;
  let active = 0n;
  for (let copy = 0; copy < setup.repeat; copy++) {
    const done = runBlock(node.type, def, setup.values, x, convention, scope);
    if (!done) return uncounted([budgetProblem(node.id)], runs);
    runs.push(done.run);
    if (!done.outputs) return uncounted(done.problems.map((p) => fromInside(node.id, setup.repeat > 1 ? copy : undefined, p)), runs);
    const { totals } = done.run.evaluation;
    // A copy that gives out what it takes in makes every later copy the same run: those are multiplied, not run.
    const alike = copy + 1 < setup.repeat && tensorsKey(done.outputs) === tensorsKey(x) ? setup.repeat - copy : 1;
    for (let k = 1; k < alike; k++) runs.push(done.run);
    params += totals.params * BigInt(alike);
    nonTrainable += totals.nonTrainable * BigInt(alike);
    active += totals.active * BigInt(alike);
    x = done.outputs;
    if (alike > 1) break;
  }
  // A frozen instance freezes every layer in it, as a frozen Keras model does.
  if (node.trainable === false) nonTrainable = params;
  const result = new BlockResult(node.id, name, node.type, x, params, params - nonTrainable, nonTrainable, active, [], runs);
  result.work = workSpent() - start;
  return result;
}
