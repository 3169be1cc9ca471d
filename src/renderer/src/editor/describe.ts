/** Short texts the canvas shows for a layer and a tensor. */
import { layerSpec, type FieldSpec } from '../../../shared/catalog';
import type { Convention, FieldValue, LayerNode } from '../../../shared/design';
import { displayShape, formatShape, type Tensor } from '../../../shared/tensor';

const dim = (d: unknown) => (d === null ? 'None' : String(d));

/** A field's value in a node's one-line summary: `3×3` for per-axis sizes, the layer type for a wrapper. */
function showValue(field: FieldSpec, v: FieldValue): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return field.kind === 'dims' ? formatShape(v) : v.map(dim).join('×');
  if (typeof v === 'object') return v.type;
  return field.kind === 'ints' && typeof v === 'number' ? Array(field.length).fill(v).join('×') : String(v);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One summary entry: key fields by value alone; optional ones (`name?`) only when changed, named unless self-explanatory. */
function entry(spec: NonNullable<ReturnType<typeof layerSpec>>, layer: LayerNode, key: string): string | undefined {
  const optional = key.endsWith('?');
  const field = spec.fields.find((f) => f.name === key.replace(/\?$/, ''));
  if (!field) return undefined;
  const v = layer.fields?.[field.name] === undefined ? (field.default as FieldValue) : layer.fields[field.name];
  if (!optional) return showValue(field, v);
  if (same(v, field.default) || (field.kind === 'ints' && same(showValue(field, v), showValue(field, field.default as FieldValue)))) return undefined;
  if (field.kind === 'enum' || field.kind === 'text') return showValue(field, v);
  if (field.kind === 'bool') return v === true ? field.name : `${field.name}=False`;
  return `${field.name} ${showValue(field, v)}`;
}

/** e.g. `32 · 3×3 · same` for a Conv2D: the fields its catalog entry lists as its summary. */
export function layerSummary(layer: LayerNode): string {
  const spec = layerSpec(layer.type);
  if (!spec?.summary) return '';
  return spec.summary
    .map((key) => entry(spec, layer, key))
    .filter(Boolean)
    .join(' · ');
}

export const tensorText = (t: Tensor, convention: Convention) => formatShape(displayShape(t, convention));
