/**
 * Where a picture's boxes and edges go. Either the canvas's own layout (the sketch's positions), or a
 * "paper" layout: dagre's layered layout with each box at its measured size, top-to-bottom or
 * left-to-right, edges routed around boxes by dagre and, when shapes are shown, room left for their labels.
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { Design } from '../design';
import { autoLayout, completeLayout, NODE_SIZE, placedAt } from '../edit/auto-layout';
import type { Position } from '../sketch';

export type Direction = 'TB' | 'LR';
export interface Size {
  width: number;
  height: number;
}
/** Boxes by centre, edges as points from the source box's side to the target's, in the picture's units. */
export interface Placement {
  centres: Position[];
  /** By index in design.edges; undefined for an edge whose ends are not both drawn (or a self-loop). */
  routes: (Position[] | undefined)[];
  /** Where an edge's label goes (its middle), when labels were asked for. */
  labels: (Position | undefined)[];
}

/** Room between boxes: across a rank, and between ranks (edges need length to show their arrows). */
const GAP = { node: 28, rank: 44 };
/** dagre slows sharply beyond this (see auto-layout.ts): larger designs get the plain layering, scaled. */
const DAGRE_MAX_NODES = 1_000;

/** The point where the segment from a box's centre towards `to` leaves the box. */
function boxExit(centre: Position, size: Size, to: Position): Position {
  const [dx, dy] = [to.x - centre.x, to.y - centre.y];
  if (!dx && !dy) return centre;
  const t = Math.min(dx ? size.width / 2 / Math.abs(dx) : Infinity, dy ? size.height / 2 / Math.abs(dy) : Infinity);
  return { x: centre.x + dx * t, y: centre.y + dy * t };
}

/** Straight edges between boxes already placed, clipped at the boxes' borders. */
function straightRoutes(design: Design, index: Map<string, number>, centres: Position[], sizes: Size[]): Placement {
  const routes = design.edges.map(({ from, to }) => {
    const [a, b] = [index.get(from), index.get(to)];
    if (a === undefined || b === undefined || a === b) return undefined;
    return [boxExit(centres[a], sizes[a], centres[b]), boxExit(centres[b], sizes[b], centres[a])];
  });
  const labels = routes.map((r) => r && { x: (r[0].x + r[1].x) / 2, y: (r[0].y + r[1].y) / 2 });
  return { centres, routes, labels };
}

/** The first node with each id (a damaged file may repeat one): edges attach there. */
function firstIndex(design: Design): Map<string, number> {
  const index = new Map<string, number>();
  design.nodes.forEach(({ id }, i) => index.has(id) || index.set(id, i));
  return index;
}

/**
 * The canvas's layout: each box centred where the canvas centres the node, so the picture matches what
 * the user arranged. `spread` stretches the positions when the boxes are bigger than the canvas's nodes.
 */
export function canvasPlacement(design: Design, saved: Record<string, Position>, sizes: Size[], spread = { x: 1, y: 1 }): Placement {
  const positions = completeLayout(design, saved);
  const centres = design.nodes.map(({ id }) => {
    const at = placedAt(positions, id)!;
    return { x: (at.x + NODE_SIZE.width / 2) * spread.x, y: (at.y + NODE_SIZE.height / 2) * spread.y };
  });
  return straightRoutes(design, firstIndex(design), centres, sizes);
}

/** The auto-layout's pitch between ranks and between slots of a rank, for its NODE_SIZE boxes. */
const PLAIN_PITCH = { rank: NODE_SIZE.height + 56, slot: NODE_SIZE.width + 40 };

/**
 * The plain layering (auto-layout.ts) for designs too big for dagre, stretched so the biggest box fits
 * every slot, and turned on its side for left-to-right.
 */
function plainPlacement(design: Design, sizes: Size[], direction: Direction): Placement {
  const widest = sizes.reduce((m, s) => Math.max(m, s.width), 0);
  const tallest = sizes.reduce((m, s) => Math.max(m, s.height), 0);
  const ranks = autoLayout(design);
  if (direction === 'TB') return canvasPlacement(design, ranks, sizes, { x: (widest + GAP.node) / PLAIN_PITCH.slot, y: (tallest + GAP.rank) / PLAIN_PITCH.rank });
  // Ranks along x, slots along y: positions swapped, then each axis stretched for its own pitch.
  const swapped = Object.fromEntries(Object.entries(ranks).map(([id, { x, y }]) => [id, { x: y, y: x }]));
  return canvasPlacement(design, swapped, sizes, { x: (widest + GAP.rank) / PLAIN_PITCH.rank, y: (tallest + GAP.node) / PLAIN_PITCH.slot });
}

/**
 * The paper layout. dagre keys plain objects by node name, so nodes get index-based names, never ids
 * (an id such as '__proto__' would write onto Object.prototype). `label` is the room an edge's label takes.
 */
export function paperPlacement(design: Design, sizes: Size[], direction: Direction, label?: (edge: number) => Size | undefined): Placement {
  const index = firstIndex(design);
  if (index.size > DAGRE_MAX_NODES) return plainPlacement(design, sizes, direction);
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: direction, nodesep: GAP.node, ranksep: GAP.rank, edgesep: 12 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const i of index.values()) graph.setNode(`n${i}`, { ...sizes[i] });
  design.edges.forEach((e, k) => {
    const [from, to] = [index.get(e.from), index.get(e.to)];
    if (from === undefined || to === undefined || from === to) return;
    const room = label?.(k);
    graph.setEdge(`n${from}`, `n${to}`, room ? { ...room, labelpos: 'c' } : {}, String(k));
  });
  dagreLayout(graph);
  const centres = design.nodes.map((_, i) => {
    const { x, y } = graph.node(`n${index.get(design.nodes[i].id)}`);
    return { x, y };
  });
  const routes: (Position[] | undefined)[] = [];
  const labels: (Position | undefined)[] = [];
  design.edges.forEach((e, k) => {
    const [from, to] = [index.get(e.from), index.get(e.to)];
    const edge = from === undefined || to === undefined || from === to ? undefined : graph.edge(`n${from}`, `n${to}`, String(k));
    routes[k] = edge?.points?.map(({ x, y }: Position) => ({ x, y }));
    labels[k] = edge && Number.isFinite(edge.x) ? { x: edge.x, y: edge.y } : undefined;
  });
  return { centres, routes, labels };
}
