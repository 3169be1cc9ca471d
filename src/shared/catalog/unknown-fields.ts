import type { Design, FieldValue, NestedLayer } from '../design';
import type { Problem } from '../problem';
import { layerSpec } from './index';
import type { LayerSpec } from './types';

const isNested = (v: FieldValue | undefined): v is NestedLayer => typeof v === 'object' && v !== null && !Array.isArray(v);

function check(spec: LayerSpec, fields: Record<string, FieldValue>, path: string[], label: string, into: Problem[]): void {
  for (const name in fields) {
    const field = spec.fields.find((f) => f.name === name);
    if (!field) {
      into.push({
        path: [...path, name],
        message: `${label}: field '${name}' is not known and was ignored — the count may be wrong`,
        hint: `${spec.type} reads ${spec.fields.map((f) => f.name).join(', ') || 'no fields'}`,
      });
      continue;
    }
    const value = fields[name];
    const inner = field.kind === 'layer' && isNested(value) ? layerSpec(value.type) : undefined;
    if (inner && isNested(value)) check(inner, value.fields ?? {}, [...path, name], `${label} › ${inner.type}`, into);
  }
}

/**
 * Fields a node sets that its layer does not have (a file from elsewhere, a typo, a PyTorch-only setting
 * such as LSTM's num_layers): never silently dropped, each is a warning naming the layer and the field.
 * Warnings, not problems: the layer is still counted, from the fields it does know. Blocks' layers too.
 */
export function unknownFields(design: Design): Problem[] {
  const warnings: Problem[] = [];
  const visit = (nodes: Design['nodes'], prefix: string[]) => {
    for (const node of nodes) {
      const spec = layerSpec(node.type);
      if (spec && node.fields) check(spec, node.fields, [...prefix, node.id], `${spec.type} '${node.name ?? node.id}'`, warnings);
    }
  };
  visit(design.nodes, []);
  for (const [id, block] of Object.entries(design.blocks ?? {})) visit(block.design.nodes, [id]);
  return warnings;
}
