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

/** Stores the field's value (its default when absent) in `values`; returns what is wrong, if anything. */
function checkField(spec: FieldSpec, raw: FieldValue | undefined, values: FieldValues): string | undefined {
  const v = raw === undefined ? spec.default : raw;
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
      const list = isInt(v) ? (values[spec.name] = Array(spec.length).fill(v)) : v;
      if (Array.isArray(list) && list.length === spec.length && list.every((x) => checkInt(x, spec.min, undefined))) return undefined;
      return `must be ${spec.length === 1 ? 'an integer' : `${spec.length} integers`} ≥ ${spec.min}, got ${show(v)}`;
    }
    case 'dims': {
      const ok = (x: unknown) => x === null || checkInt(x, 1, undefined) || (spec.allowInfer && x === -1);
      if (!Array.isArray(v) || !v.every(ok))
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
  if (!inner || !spec.accepts.includes(inner.type)) {
    problems.push({ field: spec.name, message: `${spec.name} must be one of ${spec.accepts.join(', ')}, got ${show(layer?.type ?? raw)}` });
    return undefined;
  }
  const nested = resolveFields(inner, layer!.fields ?? {}, lookup);
  for (const p of nested.problems) problems.push({ ...p, field: `${spec.name}.${p.field ?? ''}`.replace(/\.$/, '') });
  return nested.problems.length ? undefined : { spec: inner, values: nested.values };
}

/** Fills defaults and checks every field against its bounds; problems name the field. */
export function resolveFields(
  spec: LayerSpec,
  raw: Record<string, FieldValue>,
  lookup: Lookup,
): { values: FieldValues; problems: LayerProblem[] } {
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
  return { values, problems };
}

/** Typed reads of resolved fields, for the layer modules. */
export const int = (ctx: LayerContext, name: string) => ctx.values[name] as number;
export const optInt = (ctx: LayerContext, name: string) => ctx.values[name] as number | null;
export const ints = (ctx: LayerContext, name: string) => ctx.values[name] as number[];
export const optInts = (ctx: LayerContext, name: string) => ctx.values[name] as number[] | null;
export const bool = (ctx: LayerContext, name: string) => ctx.values[name] as boolean;
export const text = (ctx: LayerContext, name: string) => ctx.values[name] as string;
export const nested = (ctx: LayerContext, name: string) => ctx.values[name] as NestedContext;
export const optNested = (ctx: LayerContext, name: string) => ctx.values[name] as NestedContext | undefined;
