import { BlockResult } from './blocks/block-result';
import { blockNamed } from './blocks/definition';
import { evaluateBlock, type BlockScope } from './blocks/evaluate-block';
import { startWork, workSpent } from './blocks/work';
import { isSource } from './catalog';
import type { InputSource } from './catalog/types';
import type { Convention, Design } from './design';
import { blockedInputs, EvaluationScope, evaluateNode, passThrough, wiringProblems, type InputFailure, type NodeEvaluation } from './evaluate-node';
import { buildTopology, dependentsOf, type Topology } from './graph';
import { NodeResult } from './node-result';
import type { Problem } from './problem';
import { sameTensor, type Tensor } from './tensor';
import { tieProblem } from './ties';

export interface Totals {
  params: bigint;
  trainable: bigint;
  nonTrainable: bigint;
  /** Active parameters, what one token uses (a mixture's router, shared parts and top_k experts): `params` without experts. */
  active: bigint;
  /** Nodes that could not be counted (their own problem or one upstream). */
  uncounted: number;
}

export interface Evaluation {
  design: Design;
  convention: Convention;
  topology: Topology;
  /** Per node, by topological position (see `topology.order`). */
  results: readonly NodeEvaluation[];
  totals: Totals;
  /** The block work it spent (blocks/work.ts), which an incremental evaluation starts from. */
  blockWork?: number;
}

export interface EvaluateOptions {
  convention: Convention;
  /** Set when the design is a block's graph: the enclosing design's blocks, and what feeds the block. */
  within?: BlockScope;
}

/** What feeds the node at position p, given the results so far. */
function gatherInputs(topology: Topology, results: readonly NodeEvaluation[], p: number): Tensor[] | InputFailure {
  const first = topology.inputStart[p];
  const count = topology.inputStart[p + 1] - first;
  let tensors: Tensor[] | undefined;
  for (let k = 0; k < count; k++) {
    const source = topology.inputSource[first + k];
    const fromPort = topology.inputPort[first + k];
    const upstream = results[source];
    if (!upstream || !upstream.outputs) return blockedInputs(upstream?.blockedBy ?? topology.order[source]);
    const out = upstream.outputs[fromPort];
    if (!out) {
      const has = `${upstream.outputs.length} output${upstream.outputs.length === 1 ? '' : 's'}`;
      return wiringProblems([{ path: [topology.order[p], 'inputs'], message: `reads output ${fromPort} of '${upstream.name}', which has ${has}` }]);
    }
    // The one output of the one upstream node is already the list of inputs: output lists are never
    // changed once made, so nodes share them rather than copy one per node. Others are sized up front
    // (arrays grown by push reserve room for many more inputs than a layer has).
    if (count === 1 && upstream.outputs.length === 1) tensors = upstream.outputs;
    else (tensors ??= new Array<Tensor>(count))[k] = out;
  }
  return tensors ?? [];
}

function scopeOf(design: Design, topology: Topology, convention: Convention, within: BlockScope | undefined): EvaluationScope {
  const sourcesOf = (p: number): InputSource[] => {
    const sources: InputSource[] = [];
    for (let k = topology.inputStart[p]; k < topology.inputStart[p + 1]; k++)
      sources.push(design.nodes[topology.nodeIndex[topology.inputSource[k]]]);
    return sources;
  };
  return new EvaluationScope(convention, sourcesOf, within ?? (design.blocks ? { blocks: design.blocks, path: [] } : undefined));
}

/** `untied`: a tie that cannot hold, and why; the node is then counted with its own weights. */
function evaluateAt(design: Design, topology: Topology, results: readonly NodeEvaluation[], p: number, scope: EvaluationScope, untied?: Problem) {
  const tiedNode = design.nodes[topology.nodeIndex[p]];
  const node = untied ? { ...tiedNode, tiedTo: undefined } : tiedNode;
  const arity = topology.inputStart[p + 1] - topology.inputStart[p];
  const { blocks } = scope;
  const bound = blocks?.bound?.get(node.id);
  // An Input passes on what feeds the block; a layer first in line (a nested model's first layer) is fed it.
  if (bound && isSource(node.type)) return passThrough(node, bound);
  // The maps are empty for a well-wired design: skip the lookups there.
  const wiring = !bound && topology.problems.size ? topology.problems.get(node.id) : undefined;
  // Nodes behind a cycle have no sorted inputs: they wait on the cycle.
  const cycle = !bound && !wiring && topology.cycleUpstream.size ? topology.cycleUpstream.get(node.id) : undefined;
  const inputs = bound ?? (wiring ? wiringProblems(wiring) : cycle ? blockedInputs(cycle) : gatherInputs(topology, results, p));
  const fed = bound ? bound.length : arity;
  const block = blocks && blockNamed(blocks.blocks, node.type);
  return block ? evaluateBlock(node, block, inputs, fed, scope.convention, blocks!) : evaluateNode(node, p, inputs, fed, scope, untied && [untied]);
}

/** Results counted with their own weights because their tie cannot hold. */
const UNTIED = new WeakSet<NodeEvaluation>();

/**
 * Ties checked once every node is evaluated (a tie may point to a node placed later). Only tied nodes are
 * looked at: a design without ties pays nothing. A tie that cannot hold counts the node's own weights.
 */
function settleTies(design: Design, topology: Topology, results: NodeEvaluation[], scope: EvaluationScope, totals: Tally): void {
  const tied = { design, topology, results };
  for (const index of topology.tied) {
    const p = topology.positionOfIndex[index];
    const before = results[p];
    if (p < 0 || before instanceof BlockResult) continue;
    const node = design.nodes[index];
    const problem = tieProblem(tied, node.id, node.tiedTo!, before);
    if (!problem && !UNTIED.has(before)) continue;
    const after = evaluateAt(design, topology, results, p, scope, problem);
    if (problem) UNTIED.add(after);
    addTo(totals, before, -1);
    addTo(totals, after, 1);
    results[p] = after;
  }
}

/**
 * Totals while nodes are added and taken off: what experts leave unused is summed (it is 0 for nearly every
 * node), and the active total is worked out once from it, as the trainable total is, in `settled`.
 */
interface Tally extends Totals {
  inactive: bigint;
}

/** A settled total, to add to and take from again (an incremental evaluation starts from the previous one). */
const tallyOf = (t: Totals): Tally => ({ params: t.params, trainable: t.trainable, nonTrainable: t.nonTrainable, active: t.active, uncounted: t.uncounted, inactive: t.params - t.active });

/** Adds a node's counts to the totals, or takes them off (`sign` -1); `trainable` and `active` wait for `settled`. */
function addTo(totals: Tally, r: NodeEvaluation, sign: 1 | -1): void {
  if (r.params === null) totals.uncounted += sign;
  // Most layers hold nothing, or only trainable weights: skip bigint arithmetic that changes nothing.
  else if (r.params !== 0n) {
    totals.params = sign > 0 ? totals.params + r.params : totals.params - r.params;
    if (r.nonTrainable) totals.nonTrainable = sign > 0 ? totals.nonTrainable + r.nonTrainable : totals.nonTrainable - r.nonTrainable;
    // Plain layers are all their params active: only other results (experts, blocks) are asked, a getter less per node.
    if (r.constructor !== NodeResult) {
      const active = r.active!;
      if (active !== r.params) totals.inactive = sign > 0 ? totals.inactive + (r.params - active) : totals.inactive - (r.params - active);
    }
  }
}

/** Every count is trainable or not, active or not: those totals are the rest, worked out once rather than summed per node. */
function settled({ params, nonTrainable, inactive, uncounted }: Tally): Totals {
  return { params, trainable: params - nonTrainable, nonTrainable, active: inactive ? params - inactive : params, uncounted };
}

function fullEvaluation(design: Design, { convention, within }: EvaluateOptions): Evaluation {
  if (!within) startWork();
  const topology = buildTopology(design);
  const results: NodeEvaluation[] = new Array(topology.order.length);
  const totals: Tally = { params: 0n, trainable: 0n, nonTrainable: 0n, active: 0n, uncounted: 0, inactive: 0n };
  const scope = scopeOf(design, topology, convention, within);
  for (let p = 0; p < topology.order.length; p++) {
    results[p] = evaluateAt(design, topology, results, p, scope);
    addTo(totals, results[p], 1);
  }
  if (topology.tied.length) settleTies(design, topology, results, scope, totals);
  return { design, convention, topology, results, totals: settled(totals), blockWork: workSpent() };
}

/** Same outputs (keeping the old objects, so dependents see no change) and the same blocker. */
function unchangedForDependents(after: NodeEvaluation, before: NodeEvaluation): boolean {
  const [a, b] = [after.outputs, before.outputs];
  if (a === null || b === null) return a === b && (after.blockedBy ?? after.id) === (before.blockedBy ?? before.id);
  if (a.length !== b.length || !a.every((t, i) => sameTensor(t, b[i]))) return false;
  after.outputs = b;
  return true;
}

/** Positions of nodes replaced since `previous`, or undefined when the wiring changed. */
function editedPositions(previous: Evaluation, design: Design): number[] | undefined {
  const before = previous.design.nodes;
  // A block edited: its instances, and blocks holding it, are evaluated again; a full pass finds them all.
  if (design.edges !== previous.design.edges || design.nodes.length !== before.length || design.blocks !== previous.design.blocks) return undefined;
  const edited: number[] = [];
  for (let i = 0; i < before.length; i++) {
    if (design.nodes[i] === before[i]) continue;
    // Which layer a node is tied to is checked with the wiring: a change re-checks it.
    if (design.nodes[i].id !== before[i].id || design.nodes[i].tiedTo !== before[i].tiedTo) return undefined;
    const p = previous.topology.positionOfIndex[i];
    if (p >= 0) edited.push(p);
  }
  return edited;
}

/** Undefined where an edit touches a cycle: positions there are not in dependency order, so a full pass decides. */
function incremental(previous: Evaluation, design: Design, edited: number[]): Evaluation | undefined {
  const { topology, convention } = previous;
  if (edited.some((p) => p >= topology.sorted)) return undefined;
  const results = previous.results.slice();
  const totals = tallyOf(previous.totals);
  const dirty = new Uint8Array(results.length);
  const scope = scopeOf(design, topology, convention, undefined);
  startWork(previous.blockWork);
  let pending = 0;
  const mark = (p: number) => {
    if (!dirty[p]) (dirty[p] = 1), pending++;
  };
  // An edited node's dependents read its name and fields for hints, so they are looked at once too.
  const dependents = dependentsOf(topology);
  const markDependents = (p: number) => {
    for (let k = dependents.start[p]; k < dependents.start[p + 1]; k++) mark(dependents.list[k]);
  };
  for (const p of edited) mark(p), markDependents(p);
  for (let p = edited.reduce((a, b) => Math.min(a, b)); pending > 0; p++) {
    if (p >= topology.sorted) return undefined;
    if (!dirty[p]) continue;
    pending--;
    const before = results[p];
    // The work of what it replaces is taken off first: limits see the design as it is now.
    if (before instanceof BlockResult) startWork(workSpent() - before.work);
    const after = evaluateAt(design, topology, results, p, scope);
    addTo(totals, before, -1);
    addTo(totals, after, 1);
    results[p] = after;
    if (!unchangedForDependents(after, before)) markDependents(p);
  }
  if (topology.tied.length) settleTies(design, topology, results, scope, totals);
  return { design, convention, topology, results, totals: settled(totals), blockWork: workSpent() };
}

/**
 * Evaluates every node of the design: shapes, named weights, counts and formulas, in one convention.
 * Pass the previous evaluation after an edit: when only nodes' fields changed (same edges array, nodes
 * replaced rather than mutated), only they and what their outputs reach are evaluated again.
 */
export function evaluateDesign(design: Design, options: EvaluateOptions, previous?: Evaluation): Evaluation {
  const edited = previous && previous.convention === options.convention && !options.within ? editedPositions(previous, design) : undefined;
  if (!edited) return fullEvaluation(design, options);
  if (!edited.length) return { ...previous!, design };
  return incremental(previous!, design, edited) ?? fullEvaluation(design, options);
}

export const nodeResult = (evaluation: Evaluation, id: string): NodeEvaluation | undefined => {
  const { indexOf, positionOfIndex } = evaluation.topology;
  const index = indexOf.get(id);
  return index === undefined ? undefined : evaluation.results[positionOfIndex[index]];
};

/** The counted output shapes of a design, by node and port: what a new block's Input layers are sized from. */
export const outputDims = (evaluation: Evaluation) => (id: string, port: number) => nodeResult(evaluation, id)?.outputs?.[port]?.dims;

/** Results in the design's own node order (the order Keras's summary lists layers in). */
export const resultsInDesignOrder = (evaluation: Evaluation): NodeEvaluation[] => [
  ...new Set(evaluation.design.nodes.flatMap((node) => nodeResult(evaluation, node.id) ?? [])),
];

export const listProblems = (evaluation: Evaluation): Problem[] => evaluation.results.flatMap((r) => r.problems);
