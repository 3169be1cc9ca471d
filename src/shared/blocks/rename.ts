import { layerSpec } from '../catalog';
import { blockNamed } from './definition';
import type { BlockDefinition, Design, LayerNode } from '../design';

/** Every node of type `from` made of type `to`. */
const retype = (nodes: LayerNode[], from: string, to: string) => nodes.map((n) => (n.type === from ? { ...n, type: to } : n));

/** A block renamed: its key, and the type of every instance of it, in the design and inside blocks. */
export function renameBlock(design: Design, from: string, to: string): Design {
  if (!blockNamed(design.blocks, from) || from === to) return design;
  const blocks = design.blocks!;
  const renamed: Record<string, BlockDefinition> = {};
  for (const [id, def] of Object.entries(blocks))
    renamed[id === from ? to : id] = { ...def, design: { nodes: retype(def.design.nodes, from, to), edges: def.design.edges } };
  return { ...design, nodes: retype(design.nodes, from, to), blocks: renamed };
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
