import { layerSpec } from '../catalog';
import { blockNamed } from './definition';
import type { BlockDefinition, Design, LayerNode } from '../design';

/** Nodes whose type is a renamed block, retyped (the same array when none is). */
const retype = (nodes: LayerNode[], renames: ReadonlyMap<string, string>) =>
  nodes.some((n) => renames.has(n.type)) ? nodes.map((n) => (renames.has(n.type) ? { ...n, type: renames.get(n.type)! } : n)) : nodes;

/** A block renamed: its key, and the type of every instance of it, in the design and inside blocks. */
export function renameBlock(design: Design, from: string, to: string): Design {
  if (!blockNamed(design.blocks, from) || from === to) return design;
  return renameBlocks(design, new Map([[from, to]]));
}

/**
 * Several blocks renamed at once, in one pass over the design: renaming them one by one rewrote every block
 * per rename (a binary tree of nested Keras models 12 deep took 21 s). New names must be free.
 */
export function renameBlocks(design: Design, renames: ReadonlyMap<string, string>): Design {
  if (!design.blocks || !renames.size) return design;
  const renamed: Record<string, BlockDefinition> = {};
  for (const [id, def] of Object.entries(design.blocks)) {
    const nodes = retype(def.design.nodes, renames);
    renamed[renames.get(id) ?? id] = nodes === def.design.nodes ? def : { ...def, design: { nodes, edges: def.design.edges } };
  }
  return { ...design, nodes: retype(design.nodes, renames), blocks: renamed };
}

/** A block's id names its instances' type: a plain word, so it can never be a prototype's key ('__proto__'). */
export const BLOCK_ID = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

/** Why `name` cannot be a block's new name in this design, or undefined when it can. */
export function blockNameProblem(name: string, design: Design): string | undefined {
  if (!BLOCK_ID.test(name)) return 'a block name is a letter, then letters, digits or _ (up to 100)';
  if (layerSpec(name)) return `'${name}' is a layer type`;
  if (blockNamed(design.blocks, name)) return `there is a block named '${name}' already`;
  return undefined;
}
