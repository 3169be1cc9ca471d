/** Short texts for a layer and a tensor, as the canvas and the exported pictures show them. */
import { blockNamed } from './blocks/definition';
import { layerSpec, type FieldSpec, type LayerSpec } from './catalog';
import { isDefault, orDefault } from './catalog/fields';
import type { BlockDefinition, Convention, Design, FieldValue, LayerNode } from './design';
import { displayShape, formatShape, type Tensor } from './tensor';

/** A value from a file as text, never throwing: a damaged file may hold an object (one without a prototype has no toString). */
const plain = (v: unknown): string => (v === null ? 'None' : typeof v === 'object' ? '?' : String(v));

const isDim = (d: unknown) => d === null || typeof d === 'number';

/** A field's value in a node's one-line summary: `3×3` for per-axis sizes, the layer type for a wrapper. */
function showValue(field: FieldSpec, v: FieldValue): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return field.kind === 'dims' && v.every(isDim) ? formatShape(v) : v.map(plain).join('×');
  return typeof v === 'object' ? plain(v.type) : plain(v);
}

/** One summary entry: key fields by value alone; optional ones (`name?`) only when changed, named unless self-explanatory. */
function entry(spec: LayerSpec, layer: LayerNode, key: string): string | undefined {
  const optional = key.endsWith('?');
  const field = spec.fields.find((f) => f.name === key.replace(/\?$/, ''));
  if (!field) return undefined;
  const raw = orDefault(field, layer.fields?.[field.name]);
  // One number stands for every axis (kernel_size=3 is 3×3), as the core reads it.
  const v = field.kind === 'ints' && typeof raw === 'number' ? (field.list ? [raw] : Array<number>(field.length).fill(raw)) : raw;
  if (!optional) return showValue(field, v);
  if (isDefault(field, v)) return undefined;
  if (field.kind === 'enum' || field.kind === 'text') return showValue(field, v);
  if (field.kind === 'bool') return v === true ? field.name : `${field.name}=False`;
  return `${field.name} ${showValue(field, v)}`;
}

/** A block instance's parameters, e.g. `filters 128 · stride 2`. */
const blockSummary = (layer: LayerNode, def: BlockDefinition): string =>
  (def.params ?? []).map((p) => `${p.name} ${plain(layer.fields?.[p.name] ?? p.default)}`).join(' · ');

/** e.g. `32 · 3×3 · same` for a Conv2D: the fields its catalog entry lists as its summary. */
export function layerSummary(layer: LayerNode, blocks?: Design['blocks']): string {
  const block = blockNamed(blocks, layer.type);
  if (block) return blockSummary(layer, block);
  const spec = layerSpec(layer.type);
  if (!spec?.summary) return '';
  return spec.summary
    .map((key) => entry(spec, layer, key))
    .filter(Boolean)
    .join(' · ');
}

export const tensorText = (t: Tensor, convention: Convention) => formatShape(displayShape(t, convention));
