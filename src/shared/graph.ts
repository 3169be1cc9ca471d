import type { Design } from './design';
import { IdIndex } from './id-index';
import { blameCycles } from './cycles';
import type { Problem } from './problem';

/**
 * The design's wiring by topological position; shared between evaluations while edges don't change.
 * Adjacency is kept in flat typed arrays (CSR): the inputs of the node at position p are
 * `inputSource[inputStart[p] … inputStart[p + 1] - 1]`, which keeps a 10,000-layer graph cheap to build.
 */
export interface Topology {
  /** Node ids, sources before the nodes they feed; nodes on or behind a cycle come last. */
  order: string[];
  /** Index into design.nodes, per position. */
  nodeIndex: Int32Array;
  /** Position, per index into design.nodes (-1 for a repeated id). */
  positionOfIndex: Int32Array;
  /** Index into design.nodes of each id's first node. */
  indexOf: IdIndex;
  inputStart: Int32Array;
  /** Position of the node feeding each input slot, and which of its outputs. */
  inputSource: Int32Array;
  inputPort: Int32Array;
  /** Positions from here on could not be sorted: they are on a cycle or fed by one. */
  sorted: number;
  /** Problems of the wiring itself, by node id. */
  problems: Map<string, Problem[]>;
  /** For nodes fed (directly or not) by a cycle: a node of that cycle. */
  cycleUpstream: ReadonlyMap<string, string>;
  /** Indices into design.nodes of the nodes tied to another that is in the design (ties.ts checks them). */
  tied: number[];
}

const UNSLOTTED = 0x7fffffff;
/** Inputs one node may have: 20,000 parallel edges into one layer are a hostile file, not a design. */
export const MAX_INPUTS = 10_000;
const NO_CYCLES: ReadonlyMap<string, string> = new Map();

function addProblem(problems: Map<string, Problem[]>, id: string, problem: Problem) {
  const list = problems.get(id);
  if (list) list.push(problem);
  else problems.set(id, [problem]);
}

/** Indices of the nodes whose id no earlier node has; later ones are reported as repeats. */
function firstOccurrences(nodes: Design['nodes'], repeats: Uint8Array, problems: Map<string, Problem[]>): Int32Array {
  const live: number[] = [];
  nodes.forEach(({ id }, i) => {
    if (!repeats[i]) live.push(i);
    else addProblem(problems, id, { path: [id], message: `two nodes share the id '${id}'` });
  });
  return Int32Array.from(live);
}

/**
 * Room for the arrays a build needs only while it runs, kept for the next build rather than a dozen typed
 * arrays allocated per build (each with a backing store of its own, counted as external memory, which
 * brings the collector sooner). A build never runs inside another, and nothing it returns points here.
 */
let working = new Int32Array(0);
let workingUsed = 0;

function workspace(size: number): void {
  if (working.length < size) working = new Int32Array(Math.ceil(size * 1.25));
  workingUsed = 0;
}

/** 0, 1, 2… in place. */
function counting(indices: Int32Array): Int32Array {
  for (let i = 0; i < indices.length; i++) indices[i] = i;
  return indices;
}

/** The next `length` entries of the workspace, zeroed. */
function temporary(length: number): Int32Array {
  // A view past the end would be silently shorter: a build that asks for more than it sized is a bug.
  if (workingUsed + length > working.length) throw new Error('buildTopology: workspace sized too small');
  const part = working.subarray(workingUsed, (workingUsed += length));
  return part.fill(0);
}

const isPort = (port: number | undefined) => port === undefined || (Number.isInteger(port) && port >= 0 && port < UNSLOTTED);

/** Compressed rows, into `start`: `start[k]` is where row k's entries begin; row k has `sizes[rows[k]]` (without `rows`, `sizes[k]`). */
function rowStarts(start: Int32Array, sizes: Int32Array, rows?: Int32Array): Int32Array {
  const count = rows ? rows.length : sizes.length;
  start[0] = 0;
  for (let k = 0; k < count; k++) start[k + 1] = start[k] + sizes[rows ? rows[k] : k];
  return start;
}

export function buildTopology(design: Design): Topology {
  const { nodes, edges } = design;
  const n = nodes.length;
  const problems = new Map<string, Problem[]>();
  // Repeated ids are marked while the index is built: only a design with some pays for finding them.
  const repeats = new Uint8Array(n);
  const indexOf = new IdIndex(nodes, repeats);
  const unique = indexOf.size === n;
  const count = indexOf.size;
  const tied: number[] = [];
  nodes.forEach(({ id, tiedTo }, i) => {
    if (tiedTo === undefined) return;
    if (tiedTo !== id && indexOf.has(tiedTo)) tied.push(i);
    else addProblem(problems, id, { path: [id, 'tiedTo'], message: tiedTo === id ? 'a layer cannot be tied to itself' : `is tied to '${tiedTo}', which is not in the design` });
  });

  // Edges between known nodes, by node index, in the order they were drawn; and each node's edges in
  // and out, which size the rows below.
  workspace(5 * edges.length + 5 * n + count + 1);
  const live = unique ? counting(temporary(n)) : firstOccurrences(nodes, repeats, problems);
  const from = temporary(edges.length);
  const to = temporary(edges.length);
  const fromPort = temporary(edges.length);
  const toPort = temporary(edges.length);
  const inDegree = temporary(n);
  const outDegree = temporary(n);
  let m = 0;
  let slotted = false;
  const crowded: number[] = [];
  // Edges are usually drawn in the order of the nodes they join: into the last edge's target or the node
  // after it, from the node before that. Those guesses are checked against the ids, and the index is
  // asked only when they miss. With repeated ids the index decides, as it knows which node has an id first.
  const isAt = (i: number, id: string) => unique && i >= 0 && i < n && nodes[i].id === id;
  let last = 0;
  for (const edge of edges) {
    const target = isAt(last, edge.to) ? last : isAt(last + 1, edge.to) ? last + 1 : indexOf.get(edge.to);
    if (target === undefined) continue;
    last = target;
    const source = isAt(target - 1, edge.from) ? target - 1 : indexOf.get(edge.from);
    if (source === undefined) {
      addProblem(problems, edge.to, { path: [edge.to, 'inputs'], message: `an input comes from '${edge.from}', which is not in the design` });
      continue;
    }
    if (!isPort(edge.fromPort) || !isPort(edge.toPort)) {
      const badPort = isPort(edge.fromPort) ? edge.toPort : edge.fromPort;
      addProblem(problems, edge.to, { path: [edge.to, 'inputs'], message: `the edge from '${edge.from}' has a port ${badPort}; ports are whole numbers from 0` });
      continue;
    }
    from[m] = source;
    to[m] = target;
    fromPort[m] = edge.fromPort ?? 0;
    toPort[m++] = edge.toPort ?? UNSLOTTED;
    slotted ||= edge.toPort !== undefined;
    if (++inDegree[target] === MAX_INPUTS + 1) crowded.push(target);
    outDegree[source]++;
  }
  for (const i of crowded)
    addProblem(problems, nodes[i].id, { path: [nodes[i].id, 'inputs'], message: `has more than ${MAX_INPUTS.toLocaleString('en')} inputs; Paramsketch takes up to that many per layer` });
  const outStart = rowStarts(temporary(n + 1), outDegree);
  const outTo = temporary(m);
  const outFill = temporary(n);
  outFill.set(outStart.subarray(0, n));
  for (let e = 0; e < m; e++) outTo[outFill[from[e]]++] = to[e];

  // What is returned shares one buffer.
  const kept = new Int32Array(2 * count + n + 1 + 2 * m);
  let keptUsed = 0;
  const keep = (length: number) => kept.subarray(keptUsed, (keptUsed += length));

  // Kahn's algorithm: a node is placed once everything feeding it is.
  const waiting = outFill;
  waiting.set(inDegree);
  const order = keep(count);
  let placed = 0;
  for (const i of live) if (waiting[i] === 0) order[placed++] = i;
  for (let k = 0; k < placed; k++)
    for (let j = outStart[order[k]]; j < outStart[order[k] + 1]; j++) if (--waiting[outTo[j]] === 0) order[placed++] = outTo[j];
  const sorted = placed;
  let cycleUpstream = NO_CYCLES;
  if (sorted < count) {
    const stuck = new Uint8Array(n);
    for (const i of live) if (waiting[i] > 0) (stuck[i] = 1), (order[placed++] = i);
    cycleUpstream = blameCycles(nodes, order.subarray(sorted), outStart, outTo, stuck, problems);
  }

  const positionOfIndex = keep(n).fill(-1);
  const ids = new Array<string>(count);
  for (let p = 0; p < count; p++) (positionOfIndex[order[p]] = p), (ids[p] = nodes[order[p]].id);
  // Input slots: edges with a slot first, by slot; the rest in the order they were drawn (as they are
  // placed here, so without slots there is nothing to sort).
  const inputStart = rowStarts(keep(count + 1), inDegree, order);
  const slotEdge = outTo;
  const inFill = temporary(count);
  inFill.set(inputStart.subarray(0, count));
  for (let e = 0; e < m; e++) slotEdge[inFill[positionOfIndex[to[e]]]++] = e;
  if (slotted)
    for (let p = 0; p < count; p++)
      if (inputStart[p + 1] - inputStart[p] > 1)
        slotEdge.subarray(inputStart[p], inputStart[p + 1]).sort((a, b) => toPort[a] - toPort[b] || a - b);
  const inputSource = keep(m);
  const inputPort = keep(m);
  for (let k = 0; k < m; k++) (inputSource[k] = positionOfIndex[from[slotEdge[k]]]), (inputPort[k] = fromPort[slotEdge[k]]);

  return {
    order: ids,
    nodeIndex: order,
    positionOfIndex,
    indexOf,
    inputStart,
    inputSource,
    inputPort,
    sorted,
    problems,
    cycleUpstream,
    tied,
  };
}

/** Which positions read each position's outputs, in CSR form like the inputs. */
export interface Dependents {
  start: Int32Array;
  list: Int32Array;
}

const DEPENDENTS = new WeakMap<Topology, Dependents>();

/** Built when an edit is re-evaluated, not by every full evaluation (which never needs them). */
export function dependentsOf(topology: Topology): Dependents {
  const known = DEPENDENTS.get(topology);
  if (known) return known;
  const { inputStart, inputSource } = topology;
  const count = inputStart.length - 1;
  const start = new Int32Array(count + 1);
  for (const source of inputSource) start[source + 1]++;
  for (let p = 0; p < count; p++) start[p + 1] += start[p];
  const fill = start.slice(0, count);
  const list = new Int32Array(inputSource.length);
  for (let p = 0; p < count; p++) for (let k = inputStart[p]; k < inputStart[p + 1]; k++) list[fill[inputSource[k]]++] = p;
  const dependents = { start, list };
  DEPENDENTS.set(topology, dependents);
  return dependents;
}
