/**
 * The editor's changes to a sketch, as pure functions: each returns a new sketch and leaves the old one
 * intact (undo keeps old sketches; the evaluator re-counts only replaced node objects).
 */
import { layerSpec } from '../catalog';
import type { FieldSpec } from '../catalog';
import { isDefault } from '../catalog/fields';
import type { Edge, FieldValue, LayerNode, NestedLayer } from '../design';
import type { Position, Sketch } from '../sketch';
import { NODE_SIZE } from './auto-layout';
import { refuseEdge } from './connect';
import { freshId, snakeCase } from './names';
import { overlaps } from './placement';

/** An edge's identity in the editor: its ends, and which of several identical edges it is. */
export function edgeKeys(edges: readonly Edge[]): string[] {
  const seen = new Map<string, number>();
  return edges.map((e) => {
    const base = `${e.from}:${e.fromPort ?? 0}>${e.to}`;
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return `${base}#${k}`;
  });
}

/**
 * A new node stores what an imported one does (README, "One default policy"): its required fields, and
 * after that only values other than the catalog's default.
 */
const requiredOf = (fields: readonly FieldSpec[]): Record<string, FieldValue> =>
  Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.name, structuredClone(f.default) as FieldValue]));

export function addLayer(sketch: Sketch, type: string, at: Position, after?: string): { sketch: Sketch; id: string } {
  const spec = layerSpec(type);
  const id = freshId(snakeCase(type), new Set(sketch.design.nodes.map((n) => n.id)));
  const node: LayerNode = { id, type, fields: spec ? requiredOf(spec.fields) : {} };
  const added = {
    ...sketch,
    design: { ...sketch.design, nodes: [...sketch.design.nodes, node] },
    layout: { ...sketch.layout, [id]: at },
  };
  // Wired to `after` where that edge is allowed; otherwise the layer is simply added unconnected.
  const wired = after === undefined ? undefined : connect(added, { from: after, to: id });
  return { id, sketch: wired && 'sketch' in wired ? wired.sketch : added };
}

export function connect(sketch: Sketch, edge: Edge): { sketch: Sketch } | { refused: string } {
  const refused = refuseEdge(sketch.design, edge);
  if (refused) return { refused };
  return { sketch: { ...sketch, design: { ...sketch.design, edges: [...sketch.design.edges, edge] } } };
}

/** Removes nodes (with every edge touching them) and edges (by `edgeKeys`). */
export function removeElements(sketch: Sketch, nodeIds: Iterable<string>, keys: Iterable<string> = []): Sketch {
  const gone = new Set(nodeIds);
  const cut = new Set(keys);
  const all = edgeKeys(sketch.design.edges);
  const edges = sketch.design.edges.filter((e, i) => !gone.has(e.from) && !gone.has(e.to) && !cut.has(all[i]));
  const layout = Object.fromEntries(Object.entries(sketch.layout).filter(([id]) => !gone.has(id)));
  return { ...sketch, design: { ...sketch.design, nodes: sketch.design.nodes.filter((n) => !gone.has(n.id)), edges }, layout };
}

function replaceNode(sketch: Sketch, id: string, change: (node: LayerNode) => LayerNode): Sketch {
  // Edges stay the same array: the evaluator then re-counts only this node and what it feeds.
  const nodes = sketch.design.nodes.map((n) => (n.id === id ? change(n) : n));
  return { ...sketch, design: { ...sketch.design, nodes } };
}

/** `fields` with the value at `path` set; a value equal to an optional field's default is left out (one default policy). */
function withField(type: string, fields: Record<string, FieldValue> | undefined, path: readonly string[], value: FieldValue): Record<string, FieldValue> {
  const [head, ...rest] = path;
  const field = layerSpec(type)?.fields.find((f) => f.name === head);
  if (!rest.length) {
    if (!field || field.required || !isDefault(field, value)) return { ...fields, [head]: value };
    const { [head]: _left, ...others } = fields ?? {};
    return others;
  }
  const inner = (fields?.[head] ?? field?.default ?? {}) as NestedLayer;
  return { ...fields, [head]: { ...inner, fields: withField(inner.type, inner.fields, rest, value) } };
}

/** Sets a field; `path` reaches into wrapped layers (e.g. `['layer', 'units']` of a Bidirectional). */
export const setField = (sketch: Sketch, id: string, path: readonly string[], value: FieldValue): Sketch =>
  replaceNode(sketch, id, (n) => ({ ...n, fields: withField(n.type, n.fields, path, value) }));

export type NodeProps = Pick<LayerNode, 'name' | 'trainable' | 'repeat' | 'tiedTo'>;

/** Renames a node (blank: back to its id), freezes / unfreezes or ties it, or sets a block instance's repeat. */
export const setNodeProps = (sketch: Sketch, id: string, props: NodeProps): Sketch =>
  replaceNode(sketch, id, (n) => {
    const next = { ...n, ...props };
    if (!next.name?.trim()) delete next.name;
    if (next.trainable !== false) delete next.trainable;
    if (next.repeat === 1 || next.repeat === undefined) delete next.repeat;
    if (!next.tiedTo) delete next.tiedTo;
    return next;
  });

export const moveNodes = (sketch: Sketch, moved: Record<string, Position>): Sketch => ({
  ...sketch,
  layout: { ...sketch.layout, ...moved },
});

/** Nodes with the edges between them, as copy puts them on the clipboard. */
export interface Fragment {
  nodes: LayerNode[];
  edges: Edge[];
  layout: Record<string, Position>;
}

export function copyFragment(sketch: Sketch, ids: Iterable<string>): Fragment {
  const picked = new Set(ids);
  return structuredClone({
    nodes: sketch.design.nodes.filter((n) => picked.has(n.id)),
    edges: sketch.design.edges.filter((e) => picked.has(e.from) && picked.has(e.to)),
    layout: Object.fromEntries(Object.entries(sketch.layout).filter(([id]) => picked.has(id))),
  });
}

/**
 * How far to shift a fragment so its copy hides no layer: beside the originals (to their right), and
 * further right while anything is there. Pasted copies used to land 40 px over their originals, unseen.
 */
export function pasteOffset(layout: Record<string, Position>, placed: Record<string, Position>): Position {
  const gap = 40;
  const points = Object.values(placed);
  if (!points.length) return { x: gap, y: gap };
  const others = Object.values(layout);
  const xs = points.map((p) => p.x);
  const step = xs.reduce((a, b) => Math.max(a, b)) - xs.reduce((a, b) => Math.min(a, b)) + NODE_SIZE.width + gap;
  const covers = (dx: number) => points.some((p) => others.some((q) => overlaps(q, { x: p.x + dx, y: p.y })));
  let dx = step;
  while (covers(dx)) dx += NODE_SIZE.width + gap;
  return { x: dx, y: 0 };
}

/** Adds a fragment's nodes under fresh ids, shifted by `offset`; returns the new ids. */
export function pasteFragment(sketch: Sketch, fragment: Fragment, offset: Position): { sketch: Sketch; ids: string[] } {
  const taken = new Set(sketch.design.nodes.map((n) => n.id));
  const renamed = new Map<string, string>();
  for (const node of fragment.nodes) {
    const id = freshId(node.id.replace(/_\d+$/, ''), taken);
    taken.add(id);
    renamed.set(node.id, id);
  }
  // Names follow the new ids: two layers with one name would clash in Keras.
  const nodes = fragment.nodes.map(({ name: _name, ...node }) => ({ ...structuredClone(node), id: renamed.get(node.id)! }));
  const edges = fragment.edges.map((e) => ({ ...e, from: renamed.get(e.from)!, to: renamed.get(e.to)! }));
  const layout = { ...sketch.layout };
  for (const [id, p] of Object.entries(fragment.layout)) if (renamed.has(id)) layout[renamed.get(id)!] = { x: p.x + offset.x, y: p.y + offset.y };
  return {
    ids: [...renamed.values()],
    sketch: { ...sketch, design: { ...sketch.design, nodes: [...sketch.design.nodes, ...nodes], edges: [...sketch.design.edges, ...edges] }, layout },
  };
}
