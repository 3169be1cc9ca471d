// A design read as a sequence, for finding repeated structure: its layers in a canonical topological order,
// each with a symbol saying what the layer is and where its inputs come from *relative to it*, so that two
// copies of a sub-graph read as the same run of symbols wherever they sit. The order is Keras's own
// (deepest from the outputs first, as a functional model lists its layers), which keeps each copy of a
// block contiguous: every layer of a block lies further from the outputs than the block's output does.
import { isSource } from '../catalog';
import type { Design, LayerNode } from '../design';
import { buildTopology } from '../graph';
import { canonical } from './same-design';

export interface Sequence {
  length: number;
  /** Index into design.nodes, per sequence position. */
  node: Int32Array;
  /** What feeds each position, in input order: sequence positions of the sources and their output ports. */
  inputs: { from: number; port: number }[][];
  /** Who reads each position's outputs: consumer positions with the output port read. */
  consumers: { to: number; port: number }[][];
  /** Equal contents: the same layer type, fields and trainability (wherever it is and whatever feeds it); negative, like its symbol, for a layer that matches nothing. */
  content: Int32Array;
  /** Equal symbols: the same layer, fed from the same relative places. A negative symbol matches nothing. */
  symbol: Int32Array;
  /**
   * Positions whose outputs every copy of a repeat reads as the very same tensor (the model's Input
   * layers, e.g. an attention mask fed to every transformer layer): referred to absolutely, not relatively.
   */
  shared: Uint8Array;
  /** How many layers' outputs cross the boundary before each position (0…length): the narrowest cut a block can start at. */
  width: Int32Array;
  /** Each position's layer name (its id when unnamed): Keras's prefixes (`conv2_block1_`) tell where blocks start. */
  names: string[];
}

/** A layer tied to another's weights (either end) is left as it is: a block cannot point outside itself. */
const tiedIds = (nodes: readonly LayerNode[]) => new Set(nodes.flatMap((n) => (n.tiedTo ? [n.id, n.tiedTo] : [])));

class Interner {
  #ids = new Map<string, number>();
  id(key: string): number {
    let id = this.#ids.get(key);
    if (id === undefined) this.#ids.set(key, (id = this.#ids.size));
    return id;
  }
}

/** The design as a sequence, or undefined when its wiring has problems (a cycle, a missing node). */
export function designSequence(design: Pick<Design, 'nodes' | 'edges'>): Sequence | undefined {
  const topology = buildTopology(design);
  const n = topology.order.length;
  if (topology.sorted < n || topology.problems.size) return undefined;
  const { inputStart, inputSource, inputPort, nodeIndex } = topology;
  const consumersAt: number[][] = Array.from({ length: n }, () => []);
  for (let p = 0; p < n; p++) for (let k = inputStart[p]; k < inputStart[p + 1]; k++) consumersAt[inputSource[k]].push(p);

  // Longest path to an output: sorting by it, deepest first, is a topological order.
  const depth = new Int32Array(n);
  for (let p = n - 1; p >= 0; p--) for (const c of consumersAt[p]) depth[p] = Math.max(depth[p], depth[c] + 1);

  const nodes = design.nodes;
  const interner = new Interner();
  const tied = tiedIds(nodes);
  const content = Int32Array.from({ length: n }, (_, p) => {
    // Not the file's own count (`fileParams`): a DenseNet's dense layers are alike but read ever wider inputs.
    const { type, fields, trainable, repeat } = nodes[nodeIndex[p]];
    return interner.id(JSON.stringify(canonical([type, fields ?? {}, trainable ?? true, repeat ?? 1])));
  });
  // Ties in depth (parallel branches) are broken by what the layer is, then by what surrounds it (alike
  // BatchNormalizations after different convolutions), the same in every copy, and only then by the file's order.
  const around = Int32Array.from({ length: n }, (_, p) => {
    const fed: number[] = [];
    for (let k = inputStart[p]; k < inputStart[p + 1]; k++) fed.push(content[inputSource[k]]);
    const feeds = consumersAt[p].map((c) => content[c]).sort((a, b) => a - b);
    return interner.id(`${content[p]}<${fed.join()}>${feeds.join()}`);
  });
  const order = Array.from({ length: n }, (_, p) => p).sort((a, b) => depth[b] - depth[a] || content[a] - content[b] || around[a] - around[b] || nodeIndex[a] - nodeIndex[b]);
  const at = new Int32Array(n);
  order.forEach((p, q) => (at[p] = q));

  const node = Int32Array.from(order, (p) => nodeIndex[p]);
  const inputs = order.map((p) => {
    const list: { from: number; port: number }[] = [];
    for (let k = inputStart[p]; k < inputStart[p + 1]; k++) list.push({ from: at[inputSource[k]], port: inputPort[k] });
    return list;
  });
  const consumers: Sequence['consumers'] = Array.from({ length: n }, () => []);
  inputs.forEach((list, q) => list.forEach(({ from, port }) => consumers[from].push({ to: q, port })));
  const shared = Uint8Array.from(node, (i) => (isSource(nodes[i].type) ? 1 : 0));
  const symbol = Int32Array.from({ length: n }, (_, q) => {
    const layer = nodes[node[q]];
    if (shared[q] || tied.has(layer.id)) return -1 - q;
    const refs = inputs[q].map(({ from, port }) => (shared[from] ? `@${from}:${port}` : `${q - from}:${port}`));
    return interner.id(`${content[order[q]]}|${refs.join()}`);
  });
  return {
    length: n,
    node,
    inputs,
    consumers,
    content: Int32Array.from(order, (p, q) => (symbol[q] < 0 ? symbol[q] : content[p])),
    symbol,
    shared,
    width: crossingWidths(consumers),
    names: Array.from(node, (i) => nodes[i].name ?? nodes[i].id),
  };
}

/** Per boundary b (before position b): how many positions before it are read at or after it. */
function crossingWidths(consumers: Sequence['consumers']): Int32Array {
  const n = consumers.length;
  const change = new Int32Array(n + 2);
  consumers.forEach((list, p) => {
    if (!list.length) return;
    const last = list.reduce((most, c) => Math.max(most, c.to), -Infinity);
    change[p + 1]++;
    change[last + 1]--;
  });
  const width = new Int32Array(n + 1);
  for (let b = 1, live = 0; b <= n; b++) width[b] = live += change[b];
  return width;
}
