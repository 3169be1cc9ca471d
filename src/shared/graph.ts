import type { Design, Edge } from './design';
import type { Problem } from './problem';

export interface Incoming {
  source: number;
  fromPort: number;
}

/** The design's wiring, by topological position; shared between evaluations while edges don't change. */
export interface Topology {
  /** Node ids, sources before the nodes they feed; nodes on or behind a cycle come last. */
  order: string[];
  position: Map<string, number>;
  /** Index into design.nodes, per position. */
  nodeIndex: number[];
  incoming: Incoming[][];
  dependents: number[][];
  /** Positions from here on could not be sorted: they are on a cycle or fed by one. */
  sorted: number;
  /** Problems of the wiring itself, by node id. */
  problems: Map<string, Problem[]>;
  /** For nodes fed (directly or not) by a cycle: a node of that cycle. */
  cycleUpstream: Map<string, string>;
}

const addProblem = (problems: Map<string, Problem[]>, id: string, problem: Problem) =>
  problems.set(id, [...(problems.get(id) ?? []), problem]);

/** Edges with a slot first, by slot; the rest in the order they were drawn. */
function orderedInputs(edges: { edge: Edge; index: number }[]) {
  return edges.sort((a, b) => (a.edge.toPort ?? Infinity) - (b.edge.toPort ?? Infinity) || a.index - b.index);
}

function findCycle(start: string, next: Map<string, string[]>, stuck: Set<string>): string[] | undefined {
  const path: string[] = [];
  const seen = new Set<string>();
  const walk = (id: string): boolean => {
    path.push(id);
    for (const to of next.get(id) ?? []) {
      if (to === start) return true;
      if (stuck.has(to) && !seen.has(to)) {
        seen.add(to);
        if (walk(to)) return true;
      }
    }
    path.pop();
    return false;
  };
  return walk(start) ? [...path, start] : undefined;
}

export function buildTopology(design: Design): Topology {
  const problems = new Map<string, Problem[]>();
  const indexOf = new Map<string, number>();
  design.nodes.forEach((node, i) => {
    if (indexOf.has(node.id)) addProblem(problems, node.id, { path: [node.id], message: `two nodes share the id '${node.id}'` });
    else indexOf.set(node.id, i);
  });
  const into = new Map<string, { edge: Edge; index: number }[]>();
  const next = new Map<string, string[]>();
  design.edges.forEach((edge, index) => {
    if (!indexOf.has(edge.to)) return;
    if (!indexOf.has(edge.from)) {
      addProblem(problems, edge.to, { path: [edge.to, 'inputs'], message: `an input comes from '${edge.from}', which is not in the design` });
      return;
    }
    into.set(edge.to, [...(into.get(edge.to) ?? []), { edge, index }]);
    next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  });

  // Kahn's algorithm: a node is ready once everything feeding it is placed.
  const ids = [...indexOf.keys()];
  const waiting = new Map(ids.map((id) => [id, into.get(id)?.length ?? 0]));
  const order = ids.filter((id) => waiting.get(id) === 0);
  for (let i = 0; i < order.length; i++)
    for (const to of next.get(order[i]) ?? []) {
      const left = waiting.get(to)! - 1;
      waiting.set(to, left);
      if (left === 0) order.push(to);
    }
  const sorted = order.length;
  const stuck = new Set(ids.filter((id) => waiting.get(id)! > 0));
  const onCycle: string[] = [];
  for (const id of stuck) {
    order.push(id);
    const cycle = findCycle(id, next, stuck);
    if (!cycle) continue;
    onCycle.push(id);
    addProblem(problems, id, { path: [id], message: `is part of a cycle: ${cycle.join(' → ')}`, hint: 'remove one of these edges' });
  }
  // Everything downstream of a cycle waits on it: remember which cycle node to blame.
  const cycleUpstream = new Map<string, string>();
  const queue = onCycle.map((id) => [id, id] as const);
  for (let i = 0; i < queue.length; i++) {
    const [id, root] = queue[i];
    for (const to of next.get(id) ?? [])
      if (!cycleUpstream.has(to) && !onCycle.includes(to)) {
        cycleUpstream.set(to, root);
        queue.push([to, root]);
      }
  }

  const position = new Map(order.map((id, p) => [id, p]));
  const incoming = order.map((id) =>
    orderedInputs(into.get(id) ?? []).map(({ edge }) => ({ source: position.get(edge.from)!, fromPort: edge.fromPort ?? 0 })),
  );
  const dependents: number[][] = order.map(() => []);
  incoming.forEach((inputs, p) => inputs.forEach(({ source }) => dependents[source].push(p)));
  return { order, position, nodeIndex: order.map((id) => indexOf.get(id)!), incoming, dependents, sorted, problems, cycleUpstream };
}
