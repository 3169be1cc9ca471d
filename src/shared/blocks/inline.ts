// Blocks written out as plain layers: for a format that has no blocks (a Keras model file) and for the
// editor's "expand block"; and layers counted as a user counts them. Counting parameters never needs this.
import type { Design, Edge, LayerNode } from '../design';
import { freshId } from '../edit/names';
import { blockNamed } from './definition';
import { instanceSetup, withParams } from './params';

/** The edges into a node in input order: slotted ones by slot, then the rest as drawn (as graph.ts orders them). */
function inputEdges(edges: readonly Edge[], id: string): Edge[] {
  const UNSLOTTED = Number.MAX_SAFE_INTEGER;
  return edges
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.to === id)
    .sort((a, b) => (a.e.toPort ?? UNSLOTTED) - (b.e.toPort ?? UNSLOTTED) || a.i - b.i)
    .map(({ e }) => e);
}


export interface Expanded {
  design: Design;
  /** Each new node's id, by instance copy (0-based) and inner id: where the editor places them. */
  placed: { id: string; copy: number; inner: string }[];
}

/**
 * One instance replaced by its layers (one level: instances inside stay instances), each copy of a stack
 * in turn. New ids read `instance_inner` (`instance_2_inner` for later copies), fresh where taken.
 * Undefined when the instance cannot be written out (unknown block, invalid fields).
 */
export function expandInstance(design: Design, id: string): Expanded | undefined {
  const node = design.nodes.find((n) => n.id === id);
  const def = node && blockNamed(design.blocks, node.type);
  const setup = node && def && instanceSetup(node, node.type, def);
  if (!node || !def || !setup || Array.isArray(setup)) return undefined;
  const inner = withParams(def, setup.values);
  const bound = new Set(def.inputs);
  const taken = new Set(design.nodes.map((n) => n.id));
  const nodes: LayerNode[] = [];
  const edges: Edge[] = [];
  const placed: Expanded['placed'] = [];
  // What feeds each block input: for the first copy the instance's own inputs, then the copy before.
  let feeds = inputEdges(design.edges, id).map(({ from, fromPort }) => ({ from, fromPort }));
  for (let copy = 0; copy < setup.repeat; copy++) {
    const renamed = new Map<string, string>();
    for (const n of inner.nodes) {
      if (bound.has(n.id)) continue;
      const fresh = freshId(`${id}${copy ? `_${copy + 1}` : ''}_${n.id}`, taken);
      taken.add(fresh);
      renamed.set(n.id, fresh);
      const { name: _name, ...rest } = n;
      nodes.push({ ...rest, id: fresh });
      placed.push({ id: fresh, copy, inner: n.id });
    }
    for (const e of inner.edges) {
      const to = renamed.get(e.to);
      if (!to) continue;
      const fed = bound.has(e.from) ? feeds[def.inputs.indexOf(e.from)] : undefined;
      if (bound.has(e.from) && !fed) continue;
      const from = fed ? fed.from : renamed.get(e.from);
      const fromPort = fed ? fed.fromPort : e.fromPort;
      if (from) edges.push({ from, to, ...(fromPort ? { fromPort } : {}), ...(e.toPort !== undefined ? { toPort: e.toPort } : {}) });
    }
    // An output straight from a block input passes that input on.
    feeds = def.outputs.map(({ node: out, port }) =>
      bound.has(out) ? feeds[def.inputs.indexOf(out)] : { from: renamed.get(out) ?? out, fromPort: port },
    );
  }
  const outer = design.edges.flatMap((e): Edge[] => {
    if (e.to === id) return [];
    if (e.from !== id) return [e];
    const fed = feeds[e.fromPort ?? 0];
    if (!fed) return [];
    const { fromPort: _port, ...rest } = e;
    return [{ ...rest, from: fed.from, ...(fed.fromPort ? { fromPort: fed.fromPort } : {}) }];
  });
  const at = design.nodes.indexOf(node);
  return {
    design: { ...design, nodes: [...design.nodes.slice(0, at), ...nodes, ...design.nodes.slice(at + 1)], edges: [...outer, ...edges] },
    placed,
  };
}

/** Blocks deeper than this are a block inside itself (which its instances report), not a design. */
const MAX_DEPTH = 64;

/** Every instance expanded, nested ones too, and the block definitions dropped: plain layers only. */
export function inlineBlocks(design: Design): Design {
  let flat = design;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const instances = flat.nodes.filter((n) => blockNamed(flat.blocks, n.type));
    if (!instances.length) break;
    for (const { id } of instances) flat = expandInstance(flat, id)?.design ?? flat;
  }
  const { blocks: _blocks, ...plain } = flat;
  return plain;
}

/**
 * Layers as a user counts them: an instance stands for its block's layers (its Input layers aside) times
 * its repeat, nested blocks included. A block inside itself counts its instance as one layer.
 */
export function countLayers(design: Design): number {
  const perBlock = new Map<string, number>();
  const count = (nodes: readonly LayerNode[], path: readonly string[]): number =>
    nodes.reduce((sum, node) => {
      const def = blockNamed(design.blocks, node.type);
      if (!def || path.includes(node.type)) return sum + 1;
      let inner = perBlock.get(node.type);
      if (inner === undefined) {
        inner = count(def.design.nodes.filter((n) => !def.inputs.includes(n.id)), [...path, node.type]);
        perBlock.set(node.type, inner);
      }
      const repeat = node.repeat ?? 1;
      return sum + inner * (Number.isSafeInteger(repeat) && repeat > 0 ? repeat : 1);
    }, 0);
  return count(design.nodes, []);
}
