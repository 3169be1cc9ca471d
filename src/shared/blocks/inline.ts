// Blocks written out as plain layers: for a format that has no blocks (a Keras model file) and for the
// editor's "expand block"; and layers counted as a user counts them. Counting parameters never needs this.
import type { Design, LayerNode } from '../design';
import { expandInstances, type Expanded } from './expand';
import { blockNamed } from './definition';
import { instanceSetup } from './params';
import { MAX_LISTED_LAYERS, MAX_NESTING } from './work';
import { isSource } from '../catalog';

export type { Expanded } from './expand';

/**
 * One instance replaced by its layers (one level: instances inside stay instances), each copy of a stack
 * in turn. Undefined when the instance cannot be written out (unknown block, invalid fields).
 */
export function expandInstance(design: Design, id: string): Expanded | undefined {
  const node = design.nodes.find((n) => n.id === id);
  const def = node && blockNamed(design.blocks, node.type);
  const setup = node && def && instanceSetup(node, node.type, def);
  if (!node || !def || !setup || Array.isArray(setup)) return undefined;
  return expandInstances(design, (n) => n === node);
}

/** Blocks deeper than this are a block inside itself (which its instances report), not a design. */
const MAX_DEPTH = MAX_NESTING;

/** Every instance expanded, nested ones too, and the block definitions dropped: plain layers only. */
export function inlineBlocks(design: Design): Design {
  let flat = design;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const next = expandInstances(flat, (n) => blockNamed(flat.blocks, n.type) !== undefined).design;
    // A block inside itself would grow with every level: past the listing limit its instances stay as they are.
    if (next === flat || next.nodes.length > MAX_LISTED_LAYERS) break;
    flat = next;
  }
  const { blocks: _blocks, ...plain } = flat;
  return plain;
}

/** The largest layer count that is exact as a number; countLayers says "more" with the next one, 2^53. */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Layers as a user counts them, exactly: an instance stands for its block's layers (its Input layers aside)
 * times its repeat, nested blocks included. A block inside itself, or nested past MAX_NESTING, counts its
 * instance as one layer. Blocks ×10,000 nested 80 deep make a number of 320 digits: a bigint holds it.
 */
export function countLayersExact(design: Design): bigint {
  const layersOf = layerCounter(design);
  return design.nodes.reduce((sum, node) => sum + layersOf(node), 0n);
}

/** How many layers each node of the design stands for, blocks' counts worked out once each. */
export function layerCounter(design: Design): (node: LayerNode) => bigint {
  const perBlock = new Map<string, bigint>();
  const count = (node: LayerNode, path: readonly string[]): bigint => {
    const def = blockNamed(design.blocks, node.type);
    if (!def || path.includes(node.type) || path.length >= MAX_NESTING) return 1n;
    let inner = perBlock.get(node.type);
    if (inner === undefined) {
      inner = 0n;
      for (const n of def.design.nodes) if (!def.inputs.includes(n.id) || !isSource(n.type)) inner += count(n, [...path, node.type]);
      perBlock.set(node.type, inner);
    }
    const repeat = node.repeat ?? 1;
    return inner * BigInt(Number.isSafeInteger(repeat) && repeat > 0 ? repeat : 1);
  };
  return (node) => count(node, []);
}

/** The same as a number, finite always: past 2^53 − 1 it is 2^53, which Number.isSafeInteger refuses ("more than"). */
export function countLayers(design: Design): number {
  const exact = countLayersExact(design);
  return exact > SAFE ? Number.MAX_SAFE_INTEGER + 1 : Number(exact);
}
