// Blocks in the editor: selected layers made into a block, a block's own graph edited as a sketch of its
// own, and an instance expanded back into layers. Pure, like every edit.
import { expandInstance } from '../blocks/inline';
import { isSource, layerSpec, SOURCE } from '../catalog';
import { orDefault } from '../catalog/fields';
import type { BlockDefinition, Edge, FieldValue } from '../design';
import type { Position, Sketch } from '../sketch';
import type { Dim } from '../tensor';
import { NODE_SIZE } from './auto-layout';
import { freshId } from './names';

export type Made = { sketch: Sketch; instance: string; block: string } | { refused: string };

const portKey = (from: string, port = 0) => `${from}:${port}`;

/** An outside node both fed by the selection and feeding it: collapsing the selection would make a cycle. */
function pathOutAndBack(edges: readonly Edge[], picked: ReadonlySet<string>): string | undefined {
  const outOf = new Map<string, string[]>();
  for (const e of edges) outOf.set(e.from, [...(outOf.get(e.from) ?? []), e.to]);
  const seen = new Set<string>();
  const queue = edges.filter((e) => picked.has(e.from) && !picked.has(e.to)).map((e) => e.to);
  for (let k = 0; k < queue.length; k++) {
    const at = queue[k];
    if (seen.has(at)) continue;
    seen.add(at);
    for (const next of outOf.get(at) ?? []) {
      if (picked.has(next)) return at;
      queue.push(next);
    }
  }
  return undefined;
}

/**
 * The selected layers become a block, and one instance of it takes their place. Edges from outside become
 * the block's inputs (one per distinct tensor), edges leaving it its outputs (or, where nothing leaves, the
 * selection's last layers). `shapeOf` sizes the block's Input layers from what feeds them now.
 */
export function makeBlock(sketch: Sketch, ids: readonly string[], shapeOf: (from: string, port: number) => Dim[] | undefined = () => undefined): Made {
  const { nodes, edges } = sketch.design;
  const picked = new Set(ids.filter((id) => nodes.some((n) => n.id === id)));
  if (!picked.size) return { refused: 'select the layers to put in the block' };
  const input = nodes.find((n) => picked.has(n.id) && isSource(n.type));
  if (input) return { refused: `'${input.id}' is an Input layer: a block's inputs come from outside it` };
  const back = pathOutAndBack(edges, picked);
  if (back) return { refused: `'${back}' is fed by the selection and feeds it too: add it to the selection or leave out what it feeds` };

  const blocks = sketch.design.blocks ?? {};
  const block = freshId('block', new Set(Object.keys(blocks)));
  const instance = freshId(block, new Set(nodes.map((n) => n.id)));
  const innerIds = new Set(picked);
  const inputs = new Map<string, { id: string; from: string; fromPort: number }>();
  const outputs = new Map<string, { node: string; port: number }>();
  const inner: Edge[] = [];
  const outer: Edge[] = [];
  for (const e of edges) {
    const [fromIn, toIn] = [picked.has(e.from), picked.has(e.to)];
    if (fromIn && toIn) inner.push(e);
    else if (toIn) {
      const key = portKey(e.from, e.fromPort);
      let fed = inputs.get(key);
      if (!fed) {
        const id = freshId('input', innerIds);
        innerIds.add(id);
        inputs.set(key, (fed = { id, from: e.from, fromPort: e.fromPort ?? 0 }));
        outer.push({ from: e.from, ...(e.fromPort ? { fromPort: e.fromPort } : {}), to: instance, toPort: inputs.size - 1 });
      }
      inner.push({ from: fed.id, to: e.to, ...(e.toPort !== undefined ? { toPort: e.toPort } : {}) });
    } else if (fromIn) {
      const key = portKey(e.from, e.fromPort);
      if (!outputs.has(key)) outputs.set(key, { node: e.from, port: e.fromPort ?? 0 });
      const port = [...outputs.keys()].indexOf(key);
      outer.push({ ...e, from: instance, ...(port ? { fromPort: port } : { fromPort: undefined }) });
    } else outer.push(e);
  }
  if (!outputs.size) for (const id of picked) if (!edges.some((e) => e.from === id)) outputs.set(portKey(id), { node: id, port: 0 });

  const corner = cornerOf([...picked].map((id) => sketch.layout[id]).filter(Boolean));
  const layout: Record<string, Position> = {};
  for (const id of picked) if (sketch.layout[id]) layout[id] = { x: sketch.layout[id].x - corner.x, y: sketch.layout[id].y - corner.y + NODE_SIZE.height + 56 };
  [...inputs.values()].forEach(({ id }, k) => (layout[id] = { x: k * (NODE_SIZE.width + 40), y: 0 }));
  const definition: BlockDefinition = {
    design: {
      nodes: [
        ...[...inputs.values()].map(({ id, from, fromPort }) => ({ id, type: SOURCE.type, fields: { shape: shapeOf(from, fromPort) ?? [null] } })),
        ...nodes.filter((n) => picked.has(n.id)),
      ],
      edges: inner,
    },
    inputs: [...inputs.values()].map(({ id }) => id),
    outputs: [...outputs.values()].map(({ node, port }) => (port ? { node, port } : { node })),
    layout,
  };
  const at = nodes.findIndex((n) => picked.has(n.id));
  const kept = nodes.filter((n) => !picked.has(n.id));
  kept.splice(at, 0, { id: instance, type: block });
  const { [instance]: _old, ...rest } = Object.fromEntries(Object.entries(sketch.layout).filter(([id]) => !picked.has(id)));
  return {
    instance,
    block,
    sketch: {
      ...sketch,
      design: { nodes: kept, edges: outer.map(({ fromPort, ...e }) => (fromPort ? { ...e, fromPort } : e)), blocks: { ...blocks, [block]: definition } },
      layout: { ...rest, [instance]: corner },
    },
  };
}

function cornerOf(points: Position[]): Position {
  if (!points.length) return { x: 0, y: 0 };
  return points.reduce((corner, p) => ({ x: Math.min(corner.x, p.x), y: Math.min(corner.y, p.y) }), { x: Infinity, y: Infinity });
}

/** A block's graph as a sketch the editor's edits apply to (its instances name the design's blocks). */
export function blockSketch(sketch: Sketch, block: string): Sketch | undefined {
  const def = sketch.design.blocks?.[block];
  if (!def) return undefined;
  return { name: block, convention: sketch.convention, design: { ...def.design, blocks: sketch.design.blocks }, layout: def.layout ?? {} };
}

/** Applies an edit made to `blockSketch(sketch, block)` back to the block: every instance follows. */
export function editBlock(sketch: Sketch, block: string, edit: (inner: Sketch) => Sketch): Sketch {
  const before = blockSketch(sketch, block);
  if (!before) return sketch;
  const after = edit(before);
  if (after === before) return sketch;
  const blocks = sketch.design.blocks!;
  const def: BlockDefinition = { ...blocks[block], design: { nodes: after.design.nodes, edges: after.design.edges }, layout: after.layout };
  return { ...sketch, design: { ...sketch.design, blocks: { ...blocks, [block]: def } } };
}

/** The instance replaced by its layers, placed where it stood (copies of a stack side by side). */
export function expandBlock(sketch: Sketch, id: string): Sketch | undefined {
  const expanded = expandInstance(sketch.design, id);
  const node = sketch.design.nodes.find((n) => n.id === id);
  if (!expanded || !node) return undefined;
  const def = sketch.design.blocks![node.type];
  const corner = cornerOf(Object.values(def.layout ?? {}));
  const at = sketch.layout[id] ?? { x: 0, y: 0 };
  const { [id]: _gone, ...layout } = sketch.layout;
  for (const { id: fresh, copy, inner } of expanded.placed) {
    const p = def.layout?.[inner] ?? { x: 0, y: 0 };
    layout[fresh] = { x: at.x + p.x - corner.x + copy * (NODE_SIZE.width + 80), y: at.y + p.y - corner.y };
  }
  return { ...sketch, design: expanded.design, layout };
}

/** A field's value as one parameter can set it: a whole number, or the same one on every axis (3×3). */
export function paramValue(value: FieldValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (Array.isArray(value) && value.length && value.every((v) => v === value[0])) return paramValue(value[0] ?? undefined);
  return undefined;
}

/**
 * A layer's field inside a block becomes a block parameter (named after the field, its current value the
 * default): each instance then sets it for itself. A field already fed by a parameter stays as it is.
 */
export function exposeParam(sketch: Sketch, block: string, node: string, field: string): Sketch {
  const def = sketch.design.blocks?.[block];
  const layer = def?.design.nodes.find((n) => n.id === node);
  const spec = layer && layerSpec(layer.type)?.fields.find((f) => f.name === field);
  const value = spec && paramValue(orDefault(spec, layer.fields?.[field]));
  const params = def?.params ?? [];
  if (!def || value === undefined || params.some((p) => p.targets.some((t) => t.node === node && t.field === field))) return sketch;
  const name = freshId(field, new Set([...params.map((p) => p.name), 'repeat']));
  const next: BlockDefinition = { ...def, params: [...params, { name, default: value, targets: [{ node, field }] }] };
  return { ...sketch, design: { ...sketch.design, blocks: { ...sketch.design.blocks, [block]: next } } };
}
