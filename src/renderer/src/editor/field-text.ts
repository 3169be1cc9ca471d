/** How the inspector shows a field's value as text, and reads it back as the user types. */
import type { FieldSpec } from '../../../shared/catalog';
import type { FieldValue } from '../../../shared/design';

const INT = /^[+-]?\d+$/;
const NONE = /^(none|null|\?)$/i;

export function formatValue(field: FieldSpec, value: FieldValue | undefined): string {
  const v = value === undefined ? field.default : value;
  if (v === null) return 'None';
  if (Array.isArray(v)) return v.map((d) => (d === null ? 'None' : String(d))).join(', ');
  if (typeof v === 'object') return v.type;
  return String(v);
}

/**
 * The items of a list as people write one: `[5, 3]`, `(None, 3)`, `(3,)`, `5x3`, `5 × 3`, `5, 3`, `5 3`.
 * Undefined for anything else (`3,,x`, `5x`, `[5, 3`): an empty item is a typo, never a skipped axis.
 */
export function listItems(text: string): string[] | undefined {
  const t = text.trim();
  const open = t[0];
  const bracketed = (open === '[' && t.endsWith(']')) || (open === '(' && t.endsWith(')'));
  if (!bracketed && /[[\]()]/.test(t)) return undefined;
  let inner = bracketed ? t.slice(1, -1).trim() : t;
  if (inner === '') return [];
  if (inner.endsWith(',')) inner = inner.slice(0, -1); // Python's one-item tuple, (3,)
  const separator = inner.includes(',') ? /\s*,\s*/ : /[x×]/i.test(inner) ? /\s*[x×]\s*/i : /\s+/;
  const items = inner.split(separator);
  return items.every((item) => /^[^\s,x×]+$/i.test(item)) ? items : undefined;
}

/**
 * The value typed so far. Text that isn't a valid value is kept as typed: the core then reports it on
 * the field (`units must be a positive integer, got '1x'`) instead of the editor guessing.
 */
export function parseValue(field: FieldSpec, text: string): FieldValue {
  const t = text.trim();
  switch (field.kind) {
    case 'int':
      if (field.nullable && (t === '' || NONE.test(t))) return null;
      return INT.test(t) ? Number(t) : text;
    case 'float':
      return t !== '' && Number.isFinite(Number(t)) ? Number(t) : text;
    case 'ints': {
      if (field.nullable && (t === '' || NONE.test(t))) return null;
      const parts = listItems(t);
      if (!parts?.length || !parts.every((p) => INT.test(p))) return text;
      // One number stands for every axis, as Keras allows (kernel_size=3).
      return parts.length === 1 ? Number(parts[0]) : parts.map(Number);
    }
    case 'dims': {
      if (t === '') return [];
      const parts = listItems(t);
      return parts?.every((p) => INT.test(p) || NONE.test(p)) ? parts.map((p) => (NONE.test(p) ? null : Number(p))) : text;
    }
    default:
      return text;
  }
}

/** The field's bounds in words, for the inspector (`integer ≥ 1`, `number from 0 to 1`, `None or 2 integers ≥ 1`). */
export function bounds(field: FieldSpec): string | undefined {
  const none = 'nullable' in field && field.nullable ? 'None or ' : '';
  switch (field.kind) {
    case 'int':
      return `${none}integer ≥ ${field.min}${field.max === undefined ? '' : ` and ≤ ${field.max}`}`;
    case 'float':
      if (field.min !== undefined && field.max !== undefined) return `number from ${field.min} to ${field.max}`;
      return field.min !== undefined ? `number ≥ ${field.min}` : field.max !== undefined ? `number ≤ ${field.max}` : 'number';
    case 'ints': {
      const count = field.list ? `1 to ${field.length} integers` : field.length === 1 ? 'an integer' : `${field.length} integers (or one for all)`;
      return `${none}${count} ≥ ${field.min}`;
    }
    case 'dims':
      return `sizes, comma-separated; None for a variable axis${field.allowInfer ? '; one may be -1' : ''}`;
    default:
      return undefined;
  }
}
