/**
 * Adding a layer into the middle of a graph, as pure functions: after a layer (taking over what it fed)
 * or onto an edge (between its ends). Where the new layer cannot sit there (it takes no input, say),
 * it is added unconnected instead, as a plain add would: the caller never loses the layer.
 */
import type { Edge } from '../design';
import type { Position, Sketch } from '../sketch';
import { refuseEdge } from './connect';
import { addLayer, edgeKeys } from './sketch-edits';

/** Ids reachable from `start` (not `start` itself) along edges. */
function downstream(edges: readonly Edge[], start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const at = stack.pop()!;
    for (const e of edges) if (e.from === at && !seen.has(e.to)) seen.add(e.to), stack.push(e.to);
  }
  return seen;
}

const moveDown = (sketch: Sketch, ids: ReadonlySet<string>, step: number): Sketch => ({
  ...sketch,
  layout: Object.fromEntries(Object.entries(sketch.layout).map(([id, p]) => [id, ids.has(id) ? { x: p.x, y: p.y + step } : p])),
});

/** `sketch` with layer `id` placed between `from` and the edges `feeds` (by index), which it now feeds instead. */
function between(sketch: Sketch, id: string, inbound: Edge, feeds: ReadonlySet<number>): Sketch | undefined {
  if (refuseEdge(sketch.design, inbound)) return undefined;
  // The rewired edges keep their places: a Concatenate's inputs stay in order.
  const edges = sketch.design.edges.map((e, i) => (feeds.has(i) ? { from: id, to: e.to } : e));
  return { ...sketch, design: { ...sketch.design, edges: [...edges, inbound] } };
}

/**
 * A new layer right after `after`: fed by it, and feeding what its (first) output fed; the layers below
 * move down by `step` to make room. With nothing below `after` it is simply wired to it.
 */
export function insertAfter(sketch: Sketch, type: string, after: string, at: Position, step: number): { sketch: Sketch; id: string } {
  const outgoing = new Set(sketch.design.edges.flatMap((e, i) => (e.from === after && !e.fromPort ? [i] : [])));
  if (!outgoing.size) return addLayer(sketch, type, at, after);
  const added = addLayer(moveDown(sketch, downstream(sketch.design.edges, after), step), type, at);
  const inserted = between(added.sketch, added.id, { from: after, to: added.id }, outgoing);
  return inserted ? { sketch: inserted, id: added.id } : addLayer(sketch, type, at);
}

/**
 * A new layer spliced into the edge `key` (see `edgeKeys`): from → new → to. It takes the place below
 * `from` and the layers from `to` on move down by `step`; `at` is used only if it ends up unconnected.
 */
export function spliceIntoEdge(sketch: Sketch, type: string, key: string, at: Position, step: number): { sketch: Sketch; id: string } {
  const index = edgeKeys(sketch.design.edges).indexOf(key);
  if (index < 0) return addLayer(sketch, type, at);
  const { from, fromPort, to } = sketch.design.edges[index];
  const above = sketch.layout[from];
  const place = above ? { x: above.x, y: above.y + step } : at;
  const added = addLayer(moveDown(sketch, new Set([to, ...downstream(sketch.design.edges, to)]), step), type, place);
  const inserted = between(added.sketch, added.id, { from, ...(fromPort ? { fromPort } : {}), to: added.id }, new Set([index]));
  return inserted ? { sketch: inserted, id: added.id } : addLayer(sketch, type, at);
}
