// Settings Keras takes as a number or a (nested) list of numbers: a random layer's factor (0.2, or the range
// (-0.2, 0.3)), Normalization's axis, mean and variance, Discretization's bin boundaries. They are kept as
// text in Keras's spelling ('0.2', '[-0.2, 0.3]', 'None'), read when a rule needs them, and written back to
// Keras as the numbers they say. Shared by the regularization and preprocessing modules.
import type { LayerProblem } from '../../problem';
import type { FieldSpec, LayerContext } from '../types';

/** A number, or a list of them (nested as deep as Keras nests them). */
export type Numbers = number | Numbers[];

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const SPACE = /\s/;

/** One value of `text` from `at`: a number or a bracketed list; its end, or undefined where it is not one. */
function readValue(text: string, from: number): { value: Numbers; at: number } | undefined {
  let at = from;
  while (at < text.length && SPACE.test(text[at])) at++;
  const open = text[at];
  if (open !== '[' && open !== '(') {
    const match = NUMBER.exec(text.slice(at));
    if (!match) return undefined;
    const value = Number(match[0]);
    return Number.isFinite(value) ? { value, at: at + match[0].length } : undefined;
  }
  const close = open === '[' ? ']' : ')';
  const items: Numbers[] = [];
  at++;
  for (;;) {
    while (at < text.length && SPACE.test(text[at])) at++;
    // An empty list, or a trailing comma (Python's one-element tuple).
    if (text[at] === close) return { value: items, at: at + 1 };
    const item = readValue(text, at);
    if (!item) return undefined;
    items.push(item.value);
    at = item.at;
    while (at < text.length && SPACE.test(text[at])) at++;
    if (text[at] === ',') at++;
    else if (text[at] !== close) return undefined;
  }
}

/**
 * Reads '0.2', '-1', '[0.1, 0.2]', '(0.1, 0.2)', '0.1, 0.2' (a list without brackets), Python's '1.' and
 * 'None' (null); undefined when the text is none of these.
 */
export function parseNumbers(text: string): Numbers | null | undefined {
  const t = text.trim();
  if (t === '' || t === 'None' || t === 'null') return null;
  for (const candidate of t.includes(',') && !/^[[(]/.test(t) ? [`[${t}]`] : [t]) {
    const read = readValue(candidate, 0);
    if (read && candidate.slice(read.at).trim() === '') return read.value;
  }
  return undefined;
}

/** Keras's value as text: numbers and lists as Python prints them, None as 'None'; anything else as JSON (which then fails the check). */
export function showNumbers(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' || Array.isArray(v))) return `[${value.map(showNumbers).join(', ')}]`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The shape of a rectangular nesting ([] for a number), or undefined for a ragged one. */
export function shapeOfNumbers(value: Numbers): number[] | undefined {
  if (typeof value === 'number') return [];
  if (!value.length) return [0];
  const inner = shapeOfNumbers(value[0]);
  if (!inner) return undefined;
  for (const item of value) {
    const shape = shapeOfNumbers(item);
    if (!shape || shape.length !== inner.length || shape.some((d, i) => d !== inner[i])) return undefined;
  }
  return [value.length, ...inner];
}

/** A setting Keras takes as numbers, kept as text (see the top of this module). */
export const numbersField = (name: string, fallback: string, help: string, required = false): FieldSpec => ({
  name,
  kind: 'text',
  default: fallback,
  help,
  ...(required ? { required } : {}),
  fromKeras: (v) => showNumbers(v),
  // Written only once the layer's rule has read it (a design with a problem is not exported).
  toKeras: (v) => parseNumbers(v as string) ?? null,
});

/** The field's numbers, null for None, or the problem with its text. */
export function readNumbers(ctx: LayerContext, name: string, what: string): Numbers | null | LayerProblem {
  const text = ctx.values[name] as string;
  const value = parseNumbers(text);
  if (value !== undefined) return value;
  return { field: name, message: `${name} must be ${what}, got '${text}'`, hint: "write numbers as Python does: 0.2, or (-0.2, 0.3), or None" };
}

export const isProblem = (v: unknown): v is LayerProblem => typeof v === 'object' && v !== null && !Array.isArray(v) && 'message' in v;

/** A random layer's factor: one number f (the range -f…f, as the layer reads it) or a (low, high) pair; None where allowed. */
export function checkFactor(ctx: LayerContext, name: string, nullable = false): LayerProblem | undefined {
  const what = `a number or a (low, high) pair${nullable ? ', or None' : ''}`;
  const value = readNumbers(ctx, name, what);
  if (isProblem(value)) return value;
  if (value === null ? nullable : typeof value === 'number' || (value.length === 2 && value.every((v) => typeof v === 'number'))) return undefined;
  return { field: name, message: `${name} must be ${what}, got '${ctx.values[name] as string}'` };
}
