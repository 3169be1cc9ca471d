import { Graph, layout } from '@dagrejs/dagre';
import type { Design } from '../design';
import type { Position } from '../sketch';

/** The size the editor draws a layer node at; the layout keeps this much room around each. */
export const NODE_SIZE = { width: 220, height: 76 };

/**
 * Positions for every node: layers ranked top to bottom in data-flow order (dagre's layered layout),
 * branches side by side. Positions are top-left corners, as the canvas places nodes.
 */
export function autoLayout(design: Design): Record<string, Position> {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 56 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of design.nodes) graph.setNode(node.id, { ...NODE_SIZE });
  design.edges.forEach((e, i) => {
    if (graph.hasNode(e.from) && graph.hasNode(e.to)) graph.setEdge(e.from, e.to, {}, String(i));
  });
  layout(graph);
  return Object.fromEntries(
    design.nodes.map((node) => {
      const { x, y } = graph.node(node.id);
      return [node.id, { x: Math.round(x - NODE_SIZE.width / 2), y: Math.round(y - NODE_SIZE.height / 2) }];
    }),
  );
}
