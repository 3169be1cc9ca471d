import type { FieldValue, NestedLayer } from '../design';
import type { LayerProblem } from '../problem';
import type { FieldSpec, FieldValues, LayerContext, LayerSpec, NestedContext } from './types';

type Lookup = (type: string) => LayerSpec | undefined;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const show = (v: unknown): string => {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v); // NaN and Infinity, which JSON would print as null
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return 'an unreadable value';
  }
};

function intBound(min: number, max?: number): string {
  const low = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer ≥ ${min}`;
  return max === undefined ? low : `${low} ≤ ${max}`;
}

function checkInt(v: unknown, min: number, max: number | undefined): boolean {
  return isInt(v) && v >= min && (max === undefined || v <= max);
}

// Loops rather than `every` with an arrow: an arrow reading `spec` makes every call of checkField
// allocate a context for it, whatever the kind, and the evaluator checks fields on every full pass.
function allInts(list: unknown[], min: number): boolean {
  for (const x of list) if (!checkInt(x, min, undefined)) return false;
  return true;
}

function allSizes(list: unknown[], allowInfer: boolean | undefined): boolean {
  for (const x of list) if (!(x === null || checkInt(x, 1, undefined) || (allowInfer && x === -1))) return false;
  return true;
}

/** A field's value as a node gives it, or its default where the node leaves it out (an import keeps only what differs). */
export const orDefault = (field: FieldSpec, value: FieldValue | undefined): FieldValue => (value === undefined ? field.default : value);

/** Stores the field's value (its default when absent) in `values`; returns what is wrong, if anything. */
function checkField(spec: FieldSpec, raw: FieldValue | undefined, values: FieldValues): string | undefined {
  const v = orDefault(spec, raw);
  values[spec.name] = v;
  switch (spec.kind) {
    case 'int':
      if (v === null && spec.nullable) return undefined;
      return checkInt(v, spec.min, spec.max) ? undefined : `must be ${intBound(spec.min, spec.max)}, got ${show(v)}`;
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a number, got ${show(v)}`;
      if (spec.min !== undefined && v < spec.min) return `must be at least ${spec.min}, got ${v}`;
      if (spec.max !== undefined && v > spec.max) return `must be at most ${spec.max}, got ${v}`;
      return undefined;
    case 'bool':
      return typeof v === 'boolean' ? undefined : `must be true or false, got ${show(v)}`;
    case 'enum':
      return spec.options.includes(v as string | null) ? undefined : `must be one of ${spec.options.map(show).join(', ')}; got ${show(v)}`;
    case 'text':
      return typeof v === 'string' ? undefined : `must be text, got ${show(v)}`;
    case 'ints': {
      if (v === null && spec.nullable) return undefined;
      const list = isInt(v) ? (values[spec.name] = spec.list ? [v] : Array(spec.length).fill(v)) : v;
      const fits = Array.isArray(list) && (spec.list ? list.length >= 1 && list.length <= spec.length : list.length === spec.length);
      if (fits && allInts(list, spec.min)) return undefined;
      const count = spec.list ? `1 to ${spec.length} integers` : spec.length === 1 ? 'an integer' : `${spec.length} integers`;
      return `must be ${count} ≥ ${spec.min}, got ${show(v)}`;
    }
    case 'dims': {
      if (!Array.isArray(v) || !allSizes(v, spec.allowInfer))
        return `must be a list of positive sizes${spec.allowInfer ? ' (one may be -1)' : ''} or None, got ${show(v)}`;
      return v.filter((x) => x === -1).length > 1 ? `can infer only one axis (-1), got ${show(v)}` : undefined;
    }
    case 'layer':
      return undefined;
  }
}

function resolveNested(
  spec: Extract<FieldSpec, { kind: 'layer' }>,
  raw: unknown,
  lookup: Lookup,
  problems: LayerProblem[],
): NestedContext | undefined {
  const layer = raw as NestedLayer | null;
  if (layer === null && spec.nullable) return undefined;
  const inner = layer && typeof layer === 'object' && typeof layer.type === 'string' ? lookup(layer.type) : undefined;
  if (!inner || !spec.accepts.test(inner)) {
    problems.push({ field: spec.name, message: `${spec.name} must be ${spec.accepts.what}, got ${show(layer?.type ?? raw)}` });
    return undefined;
  }
  const nested = resolveFields(inner, layer!.fields ?? {}, lookup);
  if (!Array.isArray(nested)) return { spec: inner, values: nested };
  for (const p of nested) problems.push({ ...p, field: `${spec.name}.${p.field ?? ''}`.replace(/\.$/, '') });
  return undefined;
}

/** The values of a node's fields, or else what is wrong with them (each problem names its field). */
type Resolved = FieldValues | LayerProblem[];

/** Fills defaults and checks every field against its bounds. */
function resolveEach(spec: LayerSpec, raw: Record<string, FieldValue>, lookup: Lookup): Resolved {
  const values: FieldValues = {};
  const problems: LayerProblem[] = [];
  for (const field of spec.fields) {
    if (field.kind === 'layer') {
      values[field.name] = resolveNested(field, raw[field.name] ?? field.default, lookup, problems);
      continue;
    }
    const problem = checkField(field, raw[field.name], values);
    if (problem) problems.push({ field: field.name, message: `${field.name} ${problem}` });
  }
  return problems.length ? problems : values;
}

// Per spec, its fields all at their defaults: nodes share them, and copy them only to override a field.
// Resolved values are read-only for the layer rules (defaults such as kernel sizes were shared already).
const defaultsOf = new Map<LayerSpec, { lookup: Lookup; defaults: Resolved }>();

function resolvedDefaults(spec: LayerSpec, lookup: Lookup): Resolved {
  const known = defaultsOf.get(spec);
  if (known?.lookup === lookup) return known.defaults;
  const defaults = resolveEach(spec, {}, lookup);
  defaultsOf.set(spec, { lookup, defaults });
  return defaults;
}

/** Imported files spell out every field, lists such as strides [1, 1] included: equal lists count as the default too. */
export function isDefault(field: FieldSpec, v: FieldValue): boolean {
  const d = field.default;
  if (v === d) return true;
  if (!Array.isArray(v) || !Array.isArray(d) || v.length !== d.length) return false;
  for (let k = 0; k < v.length; k++) if (v[k] !== d[k]) return false;
  return true;
}

/**
 * The position of the field called `name`, looking from `from` on and then from the start: a node's
 * fields are mostly in the spec's order (an import writes every field so), and each is then found at once.
 */
function fieldAt(fields: readonly FieldSpec[], name: string, from: number): number {
  for (let k = from; k < fields.length; k++) if (fields[k].name === name) return k;
  for (let k = 0; k < from; k++) if (fields[k].name === name) return k;
  return -1;
}

/**
 * Fills defaults and checks every field against its bounds; problems name the field. Only the fields a
 * node sets to something other than their default are checked again, found by the node's own names (a
 * node sets few, and looking up each declared name, mostly absent, is slower): the evaluator resolves
 * every node of a design on each full pass.
 */
export function resolveFields(spec: LayerSpec, raw: Record<string, FieldValue>, lookup: Lookup): Resolved {
  const defaults = resolvedDefaults(spec, lookup);
  if (Array.isArray(defaults)) return resolveEach(spec, raw, lookup);
  let values = defaults;
  let at = 0;
  for (const name in raw) {
    const v = raw[name];
    const found = fieldAt(spec.fields, name, at);
    if (found < 0) continue;
    const field = spec.fields[found];
    at = found + 1;
    // A layer field reads None as its default.
    if (v === undefined || isDefault(field, v) || (v === null && field.kind === 'layer')) continue;
    if (values === defaults) values = { ...values };
    if (field.kind !== 'layer') {
      if (checkField(field, v, values) === undefined) continue;
    } else {
      const problems: LayerProblem[] = [];
      values[name] = resolveNested(field, v, lookup, problems);
      if (!problems.length) continue;
    }
    // Something is wrong: every field again, in the spec's order, so that problems are listed in it.
    return resolveEach(spec, raw, lookup);
  }
  return values;
}

/**
 * A layer's resolved fields as one typed object, for the rules every evaluation runs on many nodes:
 * `valuesOf<{ units: number }>(ctx).units` reads the property at its own site, which meets the field
 * objects of one or a few layer types. The helpers below read every layer's fields at one shared site,
 * which V8 then treats as megamorphic: several times slower a read, and a Conv2D reads about fifteen.
 */
export const valuesOf = <T extends object>(ctx: LayerContext) => ctx.values as T;

/** Typed reads of resolved fields, for the layer modules. */
export const int = (ctx: LayerContext, name: string) => ctx.values[name] as number;
export const optInt = (ctx: LayerContext, name: string) => ctx.values[name] as number | null;
export const ints = (ctx: LayerContext, name: string) => ctx.values[name] as number[];
export const optInts = (ctx: LayerContext, name: string) => ctx.values[name] as number[] | null;
export const bool = (ctx: LayerContext, name: string) => ctx.values[name] as boolean;
export const text = (ctx: LayerContext, name: string) => ctx.values[name] as string;
export const nested = (ctx: LayerContext, name: string) => ctx.values[name] as NestedContext;
export const optNested = (ctx: LayerContext, name: string) => ctx.values[name] as NestedContext | undefined;
