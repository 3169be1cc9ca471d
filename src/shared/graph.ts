import type { Design } from './design';
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
  indexOf: Map<string, number>;
  inputStart: Int32Array;
  /** Position of the node feeding each input slot, and which of its outputs. */
  inputSource: Int32Array;
  inputPort: Int32Array;
  dependentStart: Int32Array;
  dependent: Int32Array;
  /** Positions from here on could not be sorted: they are on a cycle or fed by one. */
  sorted: number;
  /** Problems of the wiring itself, by node id. */
  problems: Map<string, Problem[]>;
  /** For nodes fed (directly or not) by a cycle: a node of that cycle. */
  cycleUpstream: Map<string, string>;
}

const UNSLOTTED = 0x7fffffff;

function addProblem(problems: Map<string, Problem[]>, id: string, problem: Problem) {
  const list = problems.get(id);
  if (list) list.push(problem);
  else problems.set(id, [problem]);
}

/** Indices of the first node with each id; later ones are reported as repeats. */
function firstOccurrences(nodes: Design['nodes'], indexOf: Map<string, number>, problems: Map<string, Problem[]>): Int32Array {
  const live: number[] = [];
  nodes.forEach(({ id }, i) => {
    if (indexOf.get(id) === i) live.push(i);
    else addProblem(problems, id, { path: [id], message: `two nodes share the id '${id}'` });
  });
  return Int32Array.from(live);
}

const allIndices = (n: number): Int32Array => {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  return indices;
};

const isPort = (port: number | undefined) => port === undefined || (Number.isInteger(port) && port >= 0 && port < UNSLOTTED);

/** Compressed rows: `start[k]` is where row k's entries begin; row k has `sizes[rows[k]]` (without `rows`, `sizes[k]`). */
function rowStarts(sizes: Int32Array, rows?: Int32Array): Int32Array {
  const count = rows ? rows.length : sizes.length;
  const start = new Int32Array(count + 1);
  for (let k = 0; k < count; k++) start[k + 1] = start[k] + sizes[rows ? rows[k] : k];
  return start;
}

/** A path from `start` back to itself through nodes that could not be sorted, if there is one. */
function findCycle(start: number, outStart: Int32Array, outTo: Int32Array, stuck: Uint8Array): number[] | undefined {
  const path: number[] = [];
  const seen = new Uint8Array(stuck.length);
  const walk = (at: number): boolean => {
    path.push(at);
    for (let k = outStart[at]; k < outStart[at + 1]; k++) {
      const to = outTo[k];
      if (to === start) return true;
      if (stuck[to] && !seen[to]) {
        seen[to] = 1;
        if (walk(to)) return true;
      }
    }
    path.pop();
    return false;
  };
  return walk(start) ? [...path, start] : undefined;
}

export function buildTopology(design: Design): Topology {
  const { nodes, edges } = design;
  const n = nodes.length;
  const problems = new Map<string, Problem[]>();
  // Set from the last node to the first, so that the first node with an id keeps it: one map
  // operation per node, and only a design with repeated ids pays for finding them. Ties are noted on
  // the way, so that a design without any is not read through again (10,000 nodes do not stay in cache).
  const indexOf = new Map<string, number>();
  let tied = false;
  for (let i = n - 1; i >= 0; i--) {
    const node = nodes[i];
    indexOf.set(node.id, i);
    tied ||= node.tiedTo !== undefined;
  }
  const unique = indexOf.size === n;
  const live = unique ? allIndices(n) : firstOccurrences(nodes, indexOf, problems);
  if (tied)
    for (const { id, tiedTo } of nodes)
      if (tiedTo !== undefined && (tiedTo === id || !indexOf.has(tiedTo)))
        addProblem(problems, id, { path: [id, 'tiedTo'], message: tiedTo === id ? 'a layer cannot be tied to itself' : `is tied to '${tiedTo}', which is not in the design` });

  // Edges between known nodes, by node index, in the order they were drawn; and each node's edges in
  // and out, which size the rows below.
  const from = new Int32Array(edges.length);
  const to = new Int32Array(edges.length);
  const fromPort = new Int32Array(edges.length);
  const toPort = new Int32Array(edges.length);
  const inDegree = new Int32Array(n);
  const outDegree = new Int32Array(n);
  let m = 0;
  let slotted = false;
  // Edges are usually drawn in the order of the nodes they join: into the last edge's target or the node
  // after it, from the node before that. Those guesses are checked against the ids, and the map, slower to
  // search (10,000 ids do not stay in cache), is asked only when they miss. With repeated ids the map
  // decides, as it knows which node has an id first.
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
    inDegree[target]++;
    outDegree[source]++;
  }
  const outStart = rowStarts(outDegree);
  const outTo = new Int32Array(m);
  const outFill = outStart.slice(0, n);
  for (let e = 0; e < m; e++) outTo[outFill[from[e]]++] = to[e];

  // Kahn's algorithm: a node is placed once everything feeding it is.
  const waiting = inDegree.slice();
  const order = new Int32Array(live.length);
  let placed = 0;
  for (const i of live) if (waiting[i] === 0) order[placed++] = i;
  for (let k = 0; k < placed; k++)
    for (let j = outStart[order[k]]; j < outStart[order[k] + 1]; j++) if (--waiting[outTo[j]] === 0) order[placed++] = outTo[j];
  const sorted = placed;
  const stuck = new Uint8Array(n);
  if (sorted < order.length) for (const i of live) if (waiting[i] > 0) (stuck[i] = 1), (order[placed++] = i);
  const cycleUpstream = sorted < order.length ? blameCycles(nodes, order.subarray(sorted), outStart, outTo, stuck, problems) : new Map<string, string>();

  const positionOfIndex = new Int32Array(n).fill(-1);
  const ids = new Array<string>(order.length);
  for (let p = 0; p < order.length; p++) (positionOfIndex[order[p]] = p), (ids[p] = nodes[order[p]].id);
  // Input slots: edges with a slot first, by slot; the rest in the order they were drawn (as they are
  // placed here, so without slots there is nothing to sort).
  const inputStart = rowStarts(inDegree, order);
  const slotEdge = new Int32Array(m);
  const inFill = inputStart.slice(0, order.length);
  for (let e = 0; e < m; e++) slotEdge[inFill[positionOfIndex[to[e]]]++] = e;
  if (slotted)
    for (let p = 0; p < order.length; p++)
      if (inputStart[p + 1] - inputStart[p] > 1)
        slotEdge.subarray(inputStart[p], inputStart[p + 1]).sort((a, b) => toPort[a] - toPort[b] || a - b);
  const inputSource = new Int32Array(m);
  const inputPort = new Int32Array(m);
  for (let k = 0; k < m; k++) (inputSource[k] = positionOfIndex[from[slotEdge[k]]]), (inputPort[k] = fromPort[slotEdge[k]]);

  const dependentStart = rowStarts(outDegree, order);
  const dependent = new Int32Array(m);
  const depFill = dependentStart.slice(0, order.length);
  for (let p = 0; p < order.length; p++)
    for (let k = inputStart[p]; k < inputStart[p + 1]; k++) dependent[depFill[inputSource[k]]++] = p;

  return {
    order: ids,
    nodeIndex: order,
    positionOfIndex,
    indexOf,
    inputStart,
    inputSource,
    inputPort,
    dependentStart,
    dependent,
    sorted,
    problems,
    cycleUpstream,
  };
}

/** Marks the nodes on a cycle, and names for everything downstream of one the cycle node to blame. */
function blameCycles(
  nodes: Design['nodes'],
  stuckNodes: Int32Array,
  outStart: Int32Array,
  outTo: Int32Array,
  stuck: Uint8Array,
  problems: Map<string, Problem[]>,
): Map<string, string> {
  const onCycle = new Set<number>();
  for (const i of stuckNodes) {
    const cycle = findCycle(i, outStart, outTo, stuck);
    if (!cycle) continue;
    onCycle.add(i);
    const id = nodes[i].id;
    addProblem(problems, id, { path: [id], message: `is part of a cycle: ${cycle.map((k) => nodes[k].id).join(' → ')}`, hint: 'remove one of these edges' });
  }
  const cycleUpstream = new Map<string, string>();
  const queue = [...onCycle].map((i) => [i, nodes[i].id] as const);
  for (let k = 0; k < queue.length; k++) {
    const [at, root] = queue[k];
    for (let j = outStart[at]; j < outStart[at + 1]; j++) {
      const next = outTo[j];
      if (!onCycle.has(next) && !cycleUpstream.has(nodes[next].id)) {
        cycleUpstream.set(nodes[next].id, root);
        queue.push([next, root]);
      }
    }
  }
  return cycleUpstream;
}
