// Version 1 → 2 of the Paramsketch file format. Version 2 adds custom layers (a class the catalog does not
// know, kept with its name and given a shape and count) and a layer's `fileParams`. A version-1 node of a
// type neither the catalog nor the design's blocks know was an uncountable "unknown layer type": it becomes
// a custom layer of that class, which the user can now give a shape and count.
import { CUSTOM, layerSpec } from '../catalog';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function customNodes(nodes: unknown, blocks: ReadonlySet<string>, warnings: string[], where: string): unknown {
  if (!Array.isArray(nodes)) return nodes;
  return nodes.map((node) => {
    if (!isObject(node) || typeof node.type !== 'string' || layerSpec(node.type) || blocks.has(node.type)) return node;
    warnings.push(`${where}'${String(node.id)}' (type ${node.type}) is now a custom layer: give its output shape and parameter count`);
    const fields = isObject(node.fields) ? node.fields : {};
    return { ...node, type: CUSTOM.type, fields: { ...fields, class_name: node.type.slice(0, 200) } };
  });
}

export function upgradeV1(file: Json, warnings: string[]): Json {
  const sketch = file.sketch;
  if (!isObject(sketch) || !isObject(sketch.design)) return file;
  const design = sketch.design;
  const blockDefs = isObject(design.blocks) ? design.blocks : {};
  const blocks = new Set(Object.keys(blockDefs));
  const upgradedBlocks = Object.fromEntries(
    Object.entries(blockDefs).map(([id, block]) =>
      isObject(block) && isObject(block.design)
        ? [id, { ...block, design: { ...block.design, nodes: customNodes(block.design.nodes, blocks, warnings, `block ${id}: `) } }]
        : [id, block],
    ),
  );
  const nodes = customNodes(design.nodes, blocks, warnings, '');
  return { ...file, sketch: { ...sketch, design: { ...design, nodes, ...(isObject(design.blocks) ? { blocks: upgradedBlocks } : {}) } } };
}
