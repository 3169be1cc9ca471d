/** Short texts the canvas shows for a layer and a tensor. */
import { layerSpec, type FieldSpec } from '../../../shared/catalog';
import type { Convention, FieldValue, LayerNode } from '../../../shared/design';
import { displayShape, formatShape, type Tensor } from '../../../shared/tensor';

const dim = (d: unknown) => (d === null ? 'None' : String(d));

/** A field's value in a node's one-line summary: `3×3` for per-axis sizes, the layer type for a wrapper. */
function showValue(field: FieldSpec, value: FieldValue | undefined): string | undefined {
  const v = value === undefined ? field.default : value;
  if (v === null || v === undefined || v === '') return undefined;
  if (Array.isArray(v)) return field.kind === 'dims' ? formatShape(v) : v.map(dim).join('×');
  if (typeof v === 'object') return v.type;
  if (typeof v === 'boolean') return v ? field.name : undefined;
  // A choice left at its default says little (`valid`, `linear`); a changed one is worth showing (`same`).
  if (field.kind === 'enum' && v === field.default) return undefined;
  return field.kind === 'ints' && typeof v === 'number' ? `${v}×${v}` : String(v);
}

/** e.g. `32 · 3×3 · same` for a Conv2D: the fields its catalog entry calls key, in that order. */
export function layerSummary(layer: LayerNode): string {
  const spec = layerSpec(layer.type);
  if (!spec) return '';
  const names = spec.summary ?? spec.fields.slice(0, 2).map((f) => f.name);
  return names
    .map((name) => {
      const field = spec.fields.find((f) => f.name === name);
      return field && showValue(field, layer.fields?.[name]);
    })
    .filter(Boolean)
    .join(' · ');
}

export const tensorText = (t: Tensor, convention: Convention) => formatShape(displayShape(t, convention));
