/**
 * Whether two designs are the same graph: the same layers, fields, edges and blocks, whatever the order
 * of keys in their objects (a design back from the library has been through its schema, which may
 * reorder them) and ignoring keys set to undefined (JSON has none).
 */
import type { Design } from '../design';

/** A value with its objects' keys sorted and undefined keys left out: equal content, equal JSON. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, canonical(v)]));
}

export const designKey = (design: Design): string => JSON.stringify(canonical(design));

export const sameDesign = (a: Design, b: Design): boolean => designKey(a) === designKey(b);
