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
      const parts = t.split(/\s*[,×x]\s*|\s+/i).filter(Boolean);
      if (!parts.length || !parts.every((p) => INT.test(p))) return text;
      // One number stands for every axis, as Keras allows (kernel_size=3).
      return parts.length === 1 ? Number(parts[0]) : parts.map(Number);
    }
    case 'dims': {
      if (t === '') return [];
      const parts = t.replace(/^\(|\)$/g, '').split(/\s*[,×x]\s*|\s+/i).filter(Boolean);
      return parts.every((p) => INT.test(p) || NONE.test(p)) ? parts.map((p) => (NONE.test(p) ? null : Number(p))) : text;
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
