// "Collapse repeated structure": the runs of identical copies in a flat design (an imported Keras model's
// ResNet stages, DenseNet dense blocks, transformer layers) become block instances ×N, and runs of the same
// unit elsewhere become instances of the same block. Counting is unchanged: an instance counts its copies.
import { layerSpec, SOURCE } from '../catalog';
import type { BlockDefinition, Design, Edge, LayerNode } from '../design';
import type { Sketch } from '../sketch';
import type { Dim } from '../tensor';
import { autoLayout } from './auto-layout';
import { freshId } from './names';
import { designSequence, type Sequence } from './repeat-sequence';
import { commonLength, findStacks, stackOutputs, type Stack } from './repeat-stacks';

export interface Collapsed {
  sketch: Sketch;
  /** Copies folded into instances (a ×3 stack is 3), instances made and distinct blocks they are of. */
  copies: number;
  instances: number;
  blocks: number;
}

/** `conv2_block1_` from `conv2_block1_1_conv`, `conv2_block1_out`…: the name prefix every layer of a copy shares. */
function sharedPrefix(names: readonly string[]): string {
  let prefix = names.reduce((common, name) => common.slice(0, commonLength(common, name)), names[0] ?? '');
  const cut = Math.max(prefix.lastIndexOf('_'), prefix.lastIndexOf('/'));
  prefix = prefix.slice(0, cut + 1);
  // `dense_` of dense_1, dense_2 names no block: what is left after it must still say what each layer is.
  return prefix.length > 1 && names.every((n) => /[a-z]/i.test(n.slice(prefix.length))) ? prefix : '';
}

const trimmed = (prefix: string) => prefix.replace(/[_/]+$/, '');

type ShapeOf = (node: string, port: number) => Dim[] | undefined;
type Tally = Omit<Collapsed, 'sketch'>;

/**
 * The design with its repeats collapsed, and what changed; undefined when nothing repeats. Blocks already
 * there (a Keras model nested as a layer is imported as one) have their own graphs collapsed too. `shapeOf`
 * sizes the new blocks' Input layers from what feeds them now (shown when a block is opened; counting uses
 * the real feed). `topChanged`: the design's own graph changed (not only its blocks'), so it needs a new layout.
 */
export function collapseDesign(design: Design, shapeOf: ShapeOf = () => undefined): (Tally & { design: Design; topChanged: boolean }) | undefined {
  const blocks: Record<string, BlockDefinition> = { ...design.blocks };
  const tally: Tally = { copies: 0, instances: 0, blocks: 0 };
  for (const [type, def] of Object.entries(design.blocks ?? {})) {
    const inner = collapseBlock(def, blocks, tally);
    if (inner) blocks[type] = inner;
  }
  const top = collapseGraph(design, blocks, tally, shapeOf);
  return tally.copies ? { design: { ...(top ?? design), blocks }, topChanged: Boolean(top), ...tally } : undefined;
}

/** The sketch with its repeats collapsed (see collapseDesign), re-laid out where its graph changed. */
export function collapseRepeats(sketch: Sketch, shapeOf?: ShapeOf): Collapsed | undefined {
  const collapsed = collapseDesign(sketch.design, shapeOf);
  if (!collapsed) return undefined;
  const { design, topChanged, ...tally } = collapsed;
  return { sketch: { ...sketch, design, layout: topChanged ? autoLayout(design) : sketch.layout }, ...tally };
}

/** A block's graph collapsed: a stand-in layer reads the block's outputs meanwhile, so they stay outputs. */
function collapseBlock(def: BlockDefinition, blocks: Record<string, BlockDefinition>, tally: Tally): BlockDefinition | undefined {
  const reader = freshId('outputs', new Set(def.design.nodes.map((n) => n.id)));
  const reads = def.outputs.map(({ node, port }, k): Edge => ({ from: node, ...(port ? { fromPort: port } : {}), to: reader, toPort: k }));
  const graph = collapseGraph({ nodes: [...def.design.nodes, { id: reader, type: reader }], edges: [...def.design.edges, ...reads] }, blocks, tally);
  if (!graph) return undefined;
  const outputs = graph.edges.filter((e) => e.to === reader).sort((a, b) => a.toPort! - b.toPort!);
  const { layout: _moved, ...rest } = def;
  return {
    ...rest,
    design: { nodes: graph.nodes.filter((n) => n.id !== reader), edges: graph.edges.filter((e) => e.to !== reader) },
    outputs: outputs.map(({ from, fromPort }) => (fromPort ? { node: from, port: fromPort } : { node: from })),
  };
}

/**
 * One graph's runs as block instances ×N (new blocks go into `blocks`), or undefined when nothing repeats.
 * Instances keep their first layer's place in the node list; the layers they hold leave it.
 */
function collapseGraph(design: Pick<Design, 'nodes' | 'edges'>, blocks: Record<string, BlockDefinition>, tally: Tally, shapeOf: ShapeOf = () => undefined) {
  const seq = design.nodes.length >= 4 ? designSequence(design) : undefined;
  const stacks = seq ? findStacks(seq) : [];
  if (!seq || !stacks.length) return undefined;
  const idAt = (p: number) => design.nodes[seq.node[p]].id;
  const typeOf = new Map<string, string>();
  const instanceAt = new Map<number, { id: string; stack: Stack; outputs: Map<string, number> }>();
  const stackAt = new Int32Array(seq.length).fill(-1);
  // A file's own count of a layer (`fileParams`) stays in the block only where every copy has the same.
  const alike = new Map<string, Stack[]>();
  for (const stack of stacks) alike.set(stack.key, [...(alike.get(stack.key) ?? []), stack]);
  const countOf = (p: number) => design.nodes[seq.node[p]].fileParams;
  const agreed = (stack: Stack) => (inner: number) =>
    alike.get(stack.key)!.every(({ start, size, copies }) => Array.from({ length: copies }, (_, c) => countOf(start + c * size + inner)).every((count) => count === countOf(stack.start + inner)));
  stacks.forEach(({ start, size, copies }, s) => stackAt.fill(s, start, start + size * copies));
  // The ids of the layers going into instances are free again: an instance may take its output layer's.
  const takenIds = new Set(Array.from(seq.node, (i, p) => (stackAt[p] < 0 ? design.nodes[i].id : '')));
  stacks.forEach((stack) => {
    const { start, size, copies } = stack;
    const copyNames = (c: number) => seq.names.slice(start + c * size, start + (c + 1) * size);
    const prefix = sharedPrefix(copyNames(0));
    let type = typeOf.get(stack.key);
    if (!type) {
      // conv2_block2_ and conv2_block3_ are copies of a `conv2_block`.
      const last = sharedPrefix(copyNames(copies - 1));
      const base = prefix && last ? prefix.slice(0, commonLength(prefix, last)).replace(/[\d_/]+$/, '') : '';
      // A block may not take a layer type's name (a prefix `Conv2D_` would give one).
      type = freshId(!base ? 'repeated' : layerSpec(base) ? `${base}_block` : base, new Set([...Object.keys(blocks), ...takenIds]));
      typeOf.set(stack.key, type);
      blocks[type] = blockDefinition(design, seq, stack, prefix, (j) => shapeOf(idAt(stack.inputs[j].from), stack.inputs[j].port), agreed(stack));
    }
    // Without a shared prefix (Keras 2.1's res2b_branch2a, bn2b_branch2a, activation_7), the first copy's output names it (mixed1).
    const id = freshId(trimmed(prefix) || seq.names[start + size - 1], takenIds);
    takenIds.add(id);
    instanceAt.set(start, { id, stack, outputs: stackOutputs(stack) });
  });
  const startOf = (p: number) => stacks[stackAt[p]].start;
  const positionOfIndex = new Int32Array(design.nodes.length);
  seq.node.forEach((i, p) => (positionOfIndex[i] = p));
  const nodes: LayerNode[] = [];
  const placed = new Set<number>();
  design.nodes.forEach((node, i) => {
    const at = positionOfIndex[i];
    if (stackAt[at] < 0) return void nodes.push(node);
    const start = startOf(at);
    if (placed.has(start)) return;
    placed.add(start);
    const { id, stack } = instanceAt.get(start)!;
    nodes.push({ id, type: typeOf.get(stack.key)!, ...(stack.copies > 1 ? { repeat: stack.copies } : {}) });
  });
  // A tensor in the new graph: a layer's output, or an instance's output where the layer went into one.
  const tensorAt = (p: number, port: number): { from: string; fromPort?: number } => {
    if (stackAt[p] < 0) return { from: idAt(p), ...(port ? { fromPort: port } : {}) };
    const { id, outputs } = instanceAt.get(startOf(p))!;
    const j = outputs.get(`${p}:${port}`) ?? 0;
    return { from: id, ...(j ? { fromPort: j } : {}) };
  };
  const edges: Edge[] = [];
  seq.inputs.forEach((list, p) => {
    if (stackAt[p] >= 0) return;
    list.forEach(({ from, port }, slot) => edges.push({ ...tensorAt(from, port), to: idAt(p), ...(list.length > 1 ? { toPort: slot } : {}) }));
  });
  for (const { id, stack } of instanceAt.values())
    stack.inputs.forEach(({ from, port }, j) => edges.push({ ...tensorAt(from, port), to: id, toPort: j }));
  tally.copies += stacks.reduce((sum, s) => sum + s.copies, 0);
  tally.instances += stacks.length;
  tally.blocks += typeOf.size;
  return { nodes, edges };
}

/** The first copy's layers as a block: ids without the copy's name prefix, one Input layer per input. */
function blockDefinition(
  design: Pick<Design, 'nodes'>,
  seq: Sequence,
  stack: Stack,
  prefix: string,
  shape: (j: number) => Dim[] | undefined,
  countAgreed: (inner: number) => boolean,
): BlockDefinition {
  const { start, size } = stack;
  const inner = new Map<number, string>();
  const taken = new Set<string>();
  const inputIds = stack.inputs.map((_, j) => {
    const id = freshId(j ? `input_${j + 1}` : 'input', taken);
    taken.add(id);
    return id;
  });
  const layers: LayerNode[] = [];
  for (let p = start; p < start + size; p++) {
    const { name, id, fileParams, ...layer } = design.nodes[seq.node[p]];
    const fresh = freshId(prefix && seq.names[p].startsWith(prefix) ? seq.names[p].slice(prefix.length) : (name ?? id), taken);
    taken.add(fresh);
    inner.set(p, fresh);
    layers.push({ ...layer, id: fresh, ...(fileParams !== undefined && countAgreed(p - start) ? { fileParams } : {}) });
  }
  const inputOf = new Map(stack.inputs.map(({ from, port }, j) => [`${from}:${port}`, j]));
  const edges: Edge[] = [];
  for (let p = start; p < start + size; p++)
    seq.inputs[p].forEach(({ from, port }, slot) => {
      const toPort = seq.inputs[p].length > 1 ? { toPort: slot } : {};
      if (from >= start) edges.push({ from: inner.get(from)!, ...(port ? { fromPort: port } : {}), to: inner.get(p)!, ...toPort });
      else edges.push({ from: inputIds[inputOf.get(`${from}:${port}`)!], to: inner.get(p)!, ...toPort });
    });
  return {
    design: { nodes: [...inputIds.map((id, j) => ({ id, type: SOURCE.type, fields: { shape: shape(j) ?? [null] } })), ...layers], edges },
    inputs: inputIds,
    outputs: stack.outputs.map((out) => ('inner' in out ? { node: inner.get(start + out.inner)!, ...(out.port ? { port: out.port } : {}) } : { node: inputIds[out.pass] })),
  };
}
