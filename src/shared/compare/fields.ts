// Which settings of two paired layers differ, by resolved value: an explicit default equals an absent
// field, and `kernel_size: 3` equals `[3, 3]`, as they count the same.
import { layerSpec } from '../catalog';
import { isDefault, resolveFields } from '../catalog/fields';
import type { FieldSpec, FieldValues, LayerSpec } from '../catalog/types';
import type { FieldValue, LayerNode } from '../design';

// In-memory values (a script's, a hostile test's) may nest deeply: past this depth, values differ.
const MAX_DEPTH = 64;

/**
 * Structural equality. Values may refer to themselves: a pair already being compared further up is
 * taken as equal (two cycles are equal when nothing along them differs).
 */
function sameValue(a: unknown, b: unknown, open: [object, object][] = []): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || open.length >= MAX_DEPTH) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (open.some(([x, y]) => x === a && y === b)) return true;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const [ra, rb] = [a as Record<string, unknown>, b as Record<string, unknown>];
  open.push([a, b]);
  const same = ka.every((k) => Object.hasOwn(rb, k) && sameValue(ra[k], rb[k], open));
  open.pop();
  return same;
}

const rawFields = (node: LayerNode): Record<string, FieldValue> =>
  typeof node.fields === 'object' && node.fields !== null ? node.fields : {};

/** Resolved values, or undefined when a field is invalid (resolving reports it rather than throwing, but a hostile value may still throw). */
function resolved(spec: LayerSpec, node: LayerNode): FieldValues | undefined {
  try {
    const values = resolveFields(spec, rawFields(node), layerSpec);
    return Array.isArray(values) ? undefined : values;
  } catch {
    return undefined;
  }
}

/** The raw value with absent and explicit defaults made one, for layers whose fields do not resolve. */
const orDefault = (field: FieldSpec, raw: Record<string, FieldValue>): unknown => {
  const v = Object.hasOwn(raw, field.name) ? raw[field.name] : undefined;
  return v === undefined || isDefault(field, v) ? field.default : v;
};

/** Fields of a layer type the catalog does not know: every key either node sets, raw. */
function unknownTypeFields(a: LayerNode, b: LayerNode): string[] {
  const [ra, rb] = [rawFields(a), rawFields(b)];
  const names = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
  return names.filter((name) => !sameValue(Object.hasOwn(ra, name) ? ra[name] : undefined, Object.hasOwn(rb, name) ? rb[name] : undefined));
}

/**
 * The names of what differs between two paired layers, in the catalog's field order: `name` first when
 * they are named differently, `type` when they are instances of different blocks (their fields then
 * mean different things, so none is listed), `trainable` when one is frozen, `repeat` for a stack's copies.
 */
export function differingFields(a: LayerNode, b: LayerNode, nameA: string, nameB: string): string[] {
  const differs: string[] = [];
  if (nameA !== nameB) differs.push('name');
  const otherType = String(a.type) !== String(b.type);
  if (otherType) differs.push('type');
  if ((a.trainable === false) !== (b.trainable === false)) differs.push('trainable');
  if (!sameValue(a.repeat ?? 1, b.repeat ?? 1)) differs.push('repeat');
  if (a === b || otherType) return differs;
  const spec = layerSpec(a.type);
  if (!spec) return [...differs, ...unknownTypeFields(a, b)];
  const [va, vb] = [resolved(spec, a), resolved(spec, b)];
  for (const field of spec.fields) {
    const same =
      va && vb
        ? sameValue(va[field.name], vb[field.name])
        : sameValue(orDefault(field, rawFields(a)), orDefault(field, rawFields(b)));
    if (!same) differs.push(field.name);
  }
  return differs;
}
