import { layerSpec } from '../catalog';
import { renameBlock } from '../blocks/rename';
import type { BlockDefinition, Design, LayerNode } from '../design';
import { freshId } from '../edit/names';
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

/** A block id (a plain word, not a layer type, not taken) for a nested model named `name`. */
function blockIdFor(name: string, taken: ReadonlySet<string>): string {
  const word = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]+/, '') || 'model';
  return freshId(layerSpec(word) ? `${word}_model` : word.slice(0, 90), taken);
}

/**
 * A nested model (a Keras model used as a layer) becomes a block of the outer design, and the node
 * standing for it an instance: one row, as Keras's summary shows it. Its Input layers fed by the outer
 * graph are the block's inputs; one first in line brings its own input and stays an Input. Models nested
 * in it are blocks of the outer design too (renamed where two share a name). Freezing it freezes them all.
 */
export function nestModel(outer: Design, placeholder: LayerNode, part: ModelPart): Design {
  const blocks: Record<string, BlockDefinition> = { ...outer.blocks };
  const taken = new Set(Object.keys(blocks));
  let inner: Design = part.design;
  for (const id of Object.keys(part.design.blocks ?? {})) {
    const fresh = blockIdFor(id, taken);
    taken.add(fresh);
    if (fresh !== id) inner = renameBlock(inner, id, fresh);
  }
  Object.assign(blocks, inner.blocks);
  const fed = outer.edges.filter((e) => e.to === placeholder.id).length;
  const block = blockIdFor(placeholder.id, taken);
  blocks[block] = {
    design: { nodes: inner.nodes, edges: inner.edges },
    inputs: part.inputs.slice(0, fed),
    outputs: part.outputs.map(({ id, port }) => (port ? { node: id, port } : { node: id })),
  };
  const { fields: _none, ...node } = placeholder;
  return { ...outer, nodes: outer.nodes.map((n) => (n === placeholder ? { ...node, type: block } : n)), blocks };
}
