import { layerSpec } from '../catalog';
import { renameBlocks } from '../blocks/rename';
import type { BlockDefinition, Design, LayerNode } from '../design';
import type { Problem } from '../problem';

/** Keras model classes: a model in a file, or one used as a layer of another. */
export const MODEL_CLASSES: readonly string[] = ['Sequential', 'Functional', 'Model'];

/** A model read from Keras JSON, with the ends another model can plug into. */
export interface ModelPart {
  design: Design;
  problems: Problem[];
  warnings: string[];
  /** Ids of its Input nodes, in the order the model takes its inputs. */
  inputs: string[];
  /** Where each of its outputs comes from. */
  outputs: { id: string; port: number }[];
}

/**
 * Block ids (plain words, not layer types, none taken) for nested models' names. Each name remembers the
 * suffix it reached: many models of one name (`sequential` in every branch) would otherwise probe `_1`, `_2`…
 * from the start every time.
 */
function blockIds(taken: Set<string>): (name: string) => string {
  const next = new Map<string, number>();
  return (name) => {
    const word = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]+/, '') || 'model';
    const base = layerSpec(word) ? `${word}_model` : word.slice(0, 90);
    let id = base;
    if (taken.has(id)) {
      let k = next.get(base) ?? 1;
      while (taken.has(`${base}_${k}`)) k++;
      next.set(base, k + 1);
      id = `${base}_${k}`;
    }
    taken.add(id);
    return id;
  };
}

/**
 * A nested model (a Keras model used as a layer) becomes a block of the outer design, and the node
 * standing for it an instance: one row, as Keras's summary shows it. Its Input layers fed by the outer
 * graph are the block's inputs; one first in line brings its own input and stays an Input. Models nested
 * in it are blocks of the outer design too (renamed where two share a name). Freezing it freezes them all.
 */
export function nestModel(outer: Design, placeholder: LayerNode, part: ModelPart): Design {
  const outerIds = Object.keys(outer.blocks ?? {});
  const innerIds = Object.keys(part.design.blocks ?? {});
  const blockId = blockIds(new Set([...outerIds, ...innerIds]));
  // Inner blocks keep their ids unless the outer design has them already; all are renamed in one pass.
  const clashing = new Set(outerIds);
  const renames = new Map(innerIds.filter((id) => clashing.has(id)).map((id) => [id, blockId(id)]));
  const inner = renameBlocks(part.design, renames);
  const blocks: Record<string, BlockDefinition> = { ...outer.blocks, ...inner.blocks };
  const fed = outer.edges.filter((e) => e.to === placeholder.id).length;
  const block = blockId(placeholder.id);
  blocks[block] = {
    design: { nodes: inner.nodes, edges: inner.edges },
    inputs: part.inputs.slice(0, fed),
    outputs: part.outputs.map(({ id, port }) => (port ? { node: id, port } : { node: id })),
  };
  const { fields: _none, ...node } = placeholder;
  return { ...outer, nodes: outer.nodes.map((n) => (n === placeholder ? { ...node, type: block } : n)), blocks };
}
