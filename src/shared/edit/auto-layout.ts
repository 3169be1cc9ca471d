import { Graph, layout } from '@dagrejs/dagre';
import type { Design } from '../design';
import { buildTopology } from '../graph';
import type { Position } from '../sketch';

/** The size the editor draws a layer node at; the layout keeps this much room around each. */
export const NODE_SIZE = { width: 220, height: 76 };
const GAP = { x: 40, y: 56 };
/**
 * dagre took ~0.2 s for 300 nodes and ~0.8 s for 1,000 here, grows faster than linearly, and overflows
 * the stack on a 2,000-layer chain: larger designs are ranked by a plain layering instead.
 */
const DAGRE_MAX_NODES = 1_000;

/** An own, finite position only: ids such as '__proto__' must not read Object.prototype, and dagre may give NaN. */
export const placedAt = (layout: Record<string, Position>, id: string): Position | undefined => {
  const at = Object.hasOwn(layout, id) ? layout[id] : undefined;
  return at && Number.isFinite(at.x) && Number.isFinite(at.y) ? at : undefined;
};

/**
 * dagre's layered layout: ranks top to bottom in data-flow order, branches side by side. dagre keys
 * plain objects by node name, so an id such as '__proto__' followed by 'toString' would write onto
 * Object.prototype: it is given index-based names, never the ids themselves.
 */
function dagreLayout(design: Design): Record<string, Position> {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: GAP.x, ranksep: GAP.y });
  graph.setDefaultEdgeLabel(() => ({}));
  const keyOf = new Map<string, string>();
  for (const node of design.nodes) if (!keyOf.has(node.id)) keyOf.set(node.id, `n${keyOf.size}`);
  for (const key of keyOf.values()) graph.setNode(key, { ...NODE_SIZE });
  design.edges.forEach((e, i) => {
    const [from, to] = [keyOf.get(e.from), keyOf.get(e.to)];
    if (from && to) graph.setEdge(from, to, {}, String(i));
  });
  layout(graph);
  return Object.fromEntries(
    [...keyOf].map(([id, key]) => {
      const { x, y } = graph.node(key);
      return [id, { x: Math.round(x - NODE_SIZE.width / 2), y: Math.round(y - NODE_SIZE.height / 2) }];
    }),
  );
}

/** A plain layering (rank = longest path from an input, ranks centred), for designs too large for dagre. */
function plainLayout(design: Design): Record<string, Position> {
  const { order, inputStart, inputSource } = buildTopology(design);
  const rank = new Int32Array(order.length);
  const perRank: number[] = [];
  for (let p = 0; p < order.length; p++) {
    // Positions after `sorted` (cycles) may read inputs not ranked yet: those count as rank 0.
    for (let k = inputStart[p]; k < inputStart[p + 1]; k++) rank[p] = Math.max(rank[p], rank[inputSource[k]] + 1);
    perRank[rank[p]] = (perRank[rank[p]] ?? 0) + 1;
  }
  const slot = new Int32Array(perRank.length);
  // fromEntries defines own keys: an id such as '__proto__' is then a key like any other.
  return Object.fromEntries(
    order.map((id, p) => {
      const r = rank[p];
      return [id, { x: Math.round((slot[r]++ - perRank[r] / 2) * (NODE_SIZE.width + GAP.x)), y: r * (NODE_SIZE.height + GAP.y) }];
    }),
  );
}

/**
 * Positions for every node, as top-left corners (as the canvas places nodes): dagre's where it is quick
 * and does not fail, the plain layering's otherwise (and for any node dagre could not place).
 */
export function autoLayout(design: Design): Record<string, Position> {
  let positions: Record<string, Position> | undefined;
  if (design.nodes.length <= DAGRE_MAX_NODES) {
    try {
      positions = dagreLayout(design);
    } catch {
      // dagre recursed too deep or failed on odd input: the plain layering always works.
    }
  }
  if (positions && design.nodes.every(({ id }) => placedAt(positions!, id))) return positions;
  return plainLayout(design);
}

/** The saved layout where it places a node, the auto-layout's for the others (worked out only if needed). */
export function completeLayout(design: Design, saved: Record<string, Position>): Record<string, Position> {
  if (design.nodes.every(({ id }) => placedAt(saved, id))) return saved;
  const auto = autoLayout(design);
  return Object.fromEntries(design.nodes.map(({ id }) => [id, placedAt(saved, id) ?? auto[id]]));
}
