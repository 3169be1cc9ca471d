import { Graph, layout } from '@dagrejs/dagre';
import type { Design } from '../design';
import type { Position } from '../sketch';
import { layeredLayout } from './layered-layout';

/** The size the editor draws a layer node at; the layout keeps this much room around each. */
export const NODE_SIZE = { width: 220, height: 76 };
const GAP = { x: 40, y: 56 };
/**
 * dagre took 0.3–0.9 s for 177 layers and 1.8–3 s for 769 on this machine, and overflows the stack on a
 * 2,000-layer chain. Larger designs get the layered layout (layered-layout.ts), which on every big graph
 * in bench/layout.bench.ts drew far fewer edges across layers, in a tenth of the time or less.
 */
const DAGRE_MAX_NODES = 150;
/**
 * dagre's cost follows its edges too: 20,000 parallel edges between two layers took 15 s, 400,000 ran out of
 * memory. Parallel edges place nothing differently, so dagre gets each pair once; past this many pairs the
 * layered layout decides.
 */
const DAGRE_MAX_EDGES = 3_000;

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
export function dagreLayout(design: Design): Record<string, Position> | undefined {
  const graph = new Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: GAP.x, ranksep: GAP.y });
  graph.setDefaultEdgeLabel(() => ({}));
  const keyOf = new Map<string, string>();
  for (const node of design.nodes) if (!keyOf.has(node.id)) keyOf.set(node.id, `n${keyOf.size}`);
  for (const key of keyOf.values()) graph.setNode(key, { ...NODE_SIZE });
  for (const e of design.edges) {
    const [from, to] = [keyOf.get(e.from), keyOf.get(e.to)];
    // A simple graph: setting an edge again between the same pair keeps one.
    if (from && to) graph.setEdge(from, to, {});
    if (graph.edgeCount() > DAGRE_MAX_EDGES) return undefined;
  }
  layout(graph);
  return Object.fromEntries(
    [...keyOf].map(([id, key]) => {
      const { x, y } = graph.node(key);
      return [id, { x: Math.round(x - NODE_SIZE.width / 2), y: Math.round(y - NODE_SIZE.height / 2) }];
    }),
  );
}

/** The layered layout at the canvas's node size and spacing: for designs too large (or odd) for dagre. */
export const bigLayout = (design: Design): Record<string, Position> => layeredLayout(design, { node: NODE_SIZE, gap: GAP });

/**
 * Positions for every node, as top-left corners (as the canvas places nodes): dagre's where it is quick
 * and does not fail, the layered layout's otherwise (and for any node dagre could not place).
 */
export function autoLayout(design: Design): Record<string, Position> {
  let positions: Record<string, Position> | undefined;
  if (design.nodes.length <= DAGRE_MAX_NODES) {
    try {
      positions = dagreLayout(design);
    } catch {
      // dagre recursed too deep or failed on odd input: the layered layout always works.
    }
  }
  if (positions && design.nodes.every(({ id }) => placedAt(positions!, id))) return positions;
  return bigLayout(design);
}

/** The saved layout where it places a node, the auto-layout's for the others (worked out only if needed). */
export function completeLayout(design: Design, saved: Record<string, Position>): Record<string, Position> {
  if (design.nodes.every(({ id }) => placedAt(saved, id))) return saved;
  const auto = autoLayout(design);
  return Object.fromEntries(design.nodes.map(({ id }) => [id, placedAt(saved, id) ?? auto[id]]));
}
