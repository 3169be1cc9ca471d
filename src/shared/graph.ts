import type { Design } from './design';
import type { Problem } from './problem';

export interface Incoming {
  source: number;
  fromPort: number;
}

/** The design's wiring, by topological position; shared between evaluations while edges don't change. */
export interface Topology {
  /** Node ids, sources before the nodes they feed; nodes on or behind a cycle come last. */
  order: string[];
  /** Index into design.nodes, per position. */
  nodeIndex: number[];
  /** Position, per index into design.nodes (-1 for a repeated id). */
  positionOfIndex: Int32Array;
  /** Index into design.nodes of each id's first node. */
  indexOf: Map<string, number>;
  incoming: Incoming[][];
  dependents: number[][];
  /** Positions from here on could not be sorted: they are on a cycle or fed by one. */
  sorted: number;
  /** Problems of the wiring itself, by node id. */
  problems: Map<string, Problem[]>;
  /** For nodes fed (directly or not) by a cycle: a node of that cycle. */
  cycleUpstream: Map<string, string>;
}

/** An edge into a node while the topology is built; `source` is filled in once positions are known. */
interface Inbound extends Incoming {
  from: number;
  toPort: number;
  drawn: number;
}

function addProblem(problems: Map<string, Problem[]>, id: string, problem: Problem) {
  const list = problems.get(id);
  if (list) list.push(problem);
  else problems.set(id, [problem]);
}

/** A path from `start` back to itself through nodes that could not be sorted, if there is one. */
function findCycle(start: number, next: number[][], stuck: Uint8Array): number[] | undefined {
  const path: number[] = [];
  const seen = new Uint8Array(stuck.length);
  const walk = (at: number): boolean => {
    path.push(at);
    for (const to of next[at] ?? []) {
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

/** Kahn's algorithm over node indices: a node is placed once everything feeding it is. */
function sortNodes(count: number, live: number[], inbound: (Inbound[] | undefined)[], next: number[][]) {
  const waiting = new Int32Array(count);
  for (const i of live) waiting[i] = inbound[i]?.length ?? 0;
  const order = live.filter((i) => waiting[i] === 0);
  for (let k = 0; k < order.length; k++)
    for (const to of next[order[k]] ?? []) if (--waiting[to] === 0) order.push(to);
  return { order, waiting };
}

export function buildTopology(design: Design): Topology {
  const { nodes, edges } = design;
  const problems = new Map<string, Problem[]>();
  const indexOf = new Map<string, number>();
  const live: number[] = [];
  nodes.forEach((node, i) => {
    if (indexOf.has(node.id)) addProblem(problems, node.id, { path: [node.id], message: `two nodes share the id '${node.id}'` });
    else indexOf.set(node.id, i), live.push(i);
  });

  const inbound: (Inbound[] | undefined)[] = new Array(nodes.length);
  const next: number[][] = new Array(nodes.length);
  edges.forEach((edge, drawn) => {
    const to = indexOf.get(edge.to);
    if (to === undefined) return;
    const from = indexOf.get(edge.from);
    if (from === undefined) {
      addProblem(problems, edge.to, { path: [edge.to, 'inputs'], message: `an input comes from '${edge.from}', which is not in the design` });
      return;
    }
    (inbound[to] ??= []).push({ source: -1, fromPort: edge.fromPort ?? 0, from, toPort: edge.toPort ?? Infinity, drawn });
    (next[from] ??= []).push(to);
  });

  const { order, waiting } = sortNodes(nodes.length, live, inbound, next);
  const sorted = order.length;
  const stuck = new Uint8Array(nodes.length);
  for (const i of live) if (waiting[i] > 0) (stuck[i] = 1), order.push(i);
  const onCycle: number[] = [];
  for (let k = sorted; k < order.length; k++) {
    const cycle = findCycle(order[k], next, stuck);
    if (!cycle) continue;
    onCycle.push(order[k]);
    const id = nodes[order[k]].id;
    addProblem(problems, id, { path: [id], message: `is part of a cycle: ${cycle.map((i) => nodes[i].id).join(' → ')}`, hint: 'remove one of these edges' });
  }
  // Everything downstream of a cycle waits on it: remember which cycle node to blame.
  const cycleUpstream = new Map<string, string>();
  const queue = onCycle.map((i) => [i, nodes[i].id] as const);
  for (let k = 0; k < queue.length; k++) {
    const [at, root] = queue[k];
    for (const to of next[at] ?? [])
      if (!onCycle.includes(to) && !cycleUpstream.has(nodes[to].id)) {
        cycleUpstream.set(nodes[to].id, root);
        queue.push([to, root]);
      }
  }

  const positionOf = new Int32Array(nodes.length).fill(-1);
  order.forEach((i, p) => (positionOf[i] = p));
  // Edges with a slot first, by slot; the rest in the order they were drawn.
  const bySlot = (a: Inbound, b: Inbound) => a.toPort - b.toPort || a.drawn - b.drawn;
  const incoming: Incoming[][] = order.map((i) => {
    const list = inbound[i] ?? [];
    if (list.length > 1) list.sort(bySlot);
    for (const edge of list) edge.source = positionOf[edge.from];
    return list;
  });
  const dependents: number[][] = order.map(() => []);
  incoming.forEach((inputs, p) => inputs.forEach(({ source }) => dependents[source].push(p)));
  const ids = order.map((i) => nodes[i].id);
  return { order: ids, nodeIndex: order, positionOfIndex: positionOf, indexOf, incoming, dependents, sorted, problems, cycleUpstream };
}
