// tf.keras's TF op layers: a TensorFlow function called on Keras tensors (`x * 2`, `tf.reduce_mean(x, axis=1)`,
// `x[:, 1:4]`) becomes a TFOpLambda or SlicingOpLambda layer naming the function, with its constant
// arguments in the call. They hold no weights; their shapes are inferred here for the common ops. Any
// other op, or one whose arguments cannot be read, is a problem until its output shape is given.
import type { LayerProblem } from '../../problem';
import { looksSpatial, tensor, type Dim, type Tensor } from '../../tensor';
import type { FieldValue } from '../../design';
import type { LayerContext, LayerSpec } from '../types';

type Args = Record<string, unknown>;
/** Shapes here include the batch axis (index 0), as TensorFlow's axes count it. */
type Full = Dim[];

const ELEMENTWISE = new Set([
  'math.add', 'math.subtract', 'math.multiply', 'math.divide', 'math.truediv', 'math.maximum', 'math.minimum', 'math.pow',
  'math.squared_difference', '__operators__.add', '__operators__.sub', '__operators__.mul', '__operators__.truediv',
  '__operators__.pow', 'math.floordiv', '__operators__.floordiv', 'compat.v1.add', 'where',
]);
const UNARY = new Set([
  'cast', 'identity', 'nn.softmax', 'nn.relu', 'nn.relu6', 'nn.gelu', 'nn.silu', 'nn.swish', 'nn.elu', 'nn.selu', 'nn.leaky_relu',
  'nn.log_softmax', 'nn.sigmoid', 'math.sigmoid', 'math.tanh', 'math.exp', 'math.log', 'math.sqrt', 'math.rsqrt', 'math.abs',
  'math.square', 'math.negative', 'math.reciprocal', 'math.sin', 'math.cos', 'math.erf', 'math.softplus', 'stop_gradient',
  'clip_by_value', 'math.l2_normalize', 'nn.l2_normalize', 'linalg.l2_normalize', 'math.round', 'math.floor', 'math.ceil',
  'math.sign', 'math.log1p', 'math.expm1', 'math.cumsum', 'nn.dropout',
]);
const REDUCE = /^math\.reduce_(mean|sum|max|min|prod|std|variance|logsumexp|any|all)$/;

const problem = (message: string): LayerProblem => ({ field: 'output_shape', message, hint: 'give its output_shape in the inspector' });

/** An axis as TensorFlow counts it (batch = 0, negative from the end), or undefined when out of range. */
function axisOf(v: unknown, rank: number): number | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v)) return undefined;
  const axis = v < 0 ? rank + v : v;
  return axis >= 0 && axis < rank ? axis : undefined;
}

/** NumPy broadcasting of two shapes; a constant argument is a scalar and changes nothing. */
function broadcast(a: Full, b: Full): Full | undefined {
  const out: Full = [];
  for (let i = 1; i <= Math.max(a.length, b.length); i++) {
    const [x, y] = [a.at(-i) ?? 1, b.at(-i) ?? 1];
    if (x === 1) out.unshift(y);
    else if (y === 1 || y === x) out.unshift(x);
    else if (x === null || y === null) out.unshift(x ?? y);
    else return undefined;
  }
  return out;
}

function reduce(shape: Full, args: Args): Full | undefined {
  const keep = args.keepdims === true || args.keep_dims === true;
  const given = args.axis ?? args.reduction_indices;
  if (given === undefined || given === null) return undefined; // over every axis, the batch too: not a layer's output
  const axes = (Array.isArray(given) ? given : [given]).map((a) => axisOf(a, shape.length));
  if (axes.some((a) => a === undefined || a === 0)) return undefined;
  return keep ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

function reshape(shape: Full, target: unknown): Full | undefined {
  if (!Array.isArray(target) || !target.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= -1)) return undefined;
  // The batch axis stays what it was (tf.reshape(x, [-1, 8, 3]) or [batch, …]); one other -1 is inferred.
  const rest = (target as number[]).slice(1);
  const known = shape.slice(1);
  if (rest.filter((d) => d === -1).length > 1) return undefined;
  if (!rest.includes(-1)) return [shape[0], ...rest];
  if (known.includes(null)) return [shape[0], ...rest.map((d) => (d === -1 ? null : d))];
  const total = (known as number[]).reduce((a, b) => a * b, 1);
  const others = rest.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  return others > 0 && total % others === 0 ? [shape[0], ...rest.map((d) => (d === -1 ? total / others : d))] : undefined;
}

function transpose(shape: Full, perm: unknown): Full | undefined {
  if (!Array.isArray(perm) || perm.length !== shape.length || perm[0] !== 0) return undefined;
  const seen = new Set(perm);
  if (seen.size !== perm.length || !perm.every((p) => axisOf(p, shape.length) === p)) return undefined;
  return perm.map((p: number) => shape[p]);
}

/** One axis of `x[…]`: an index drops it, a slice keeps what it selects. */
function sliced(length: Dim, item: unknown): Dim | 'drop' | undefined {
  if (typeof item === 'number') return 'drop';
  if (typeof item !== 'object' || item === null) return undefined;
  const { start, stop, step } = item as { start?: unknown; stop?: unknown; step?: unknown };
  const ok = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isInteger(v));
  if (!ok(start) || !ok(stop) || !ok(step) || (step ?? 1) === 0) return undefined;
  if (length === null) return start == null && stop == null ? null : undefined;
  const s = (step as number | null) ?? 1;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + length : v, s > 0 ? 0 : -1), s > 0 ? length : length - 1);
  const from = start == null ? (s > 0 ? 0 : length - 1) : clamp(start as number);
  const to = stop == null ? (s > 0 ? length : -1) : clamp(stop as number);
  return Math.max(0, Math.ceil((to - from) / s));
}

function getItem(shape: Full, spec: unknown): Full | undefined {
  if (!Array.isArray(spec)) spec = [spec];
  const items = spec as unknown[];
  const ellipsis = items.findIndex((i) => typeof i === 'object' && i !== null && (i as { class_name?: unknown }).class_name === '__ellipsis__');
  const expanded = ellipsis < 0 ? items : [...items.slice(0, ellipsis), ...Array(shape.length - items.length + 1).fill({}), ...items.slice(ellipsis + 1)];
  if (expanded.length > shape.length) return undefined;
  const out: Full = [];
  for (let axis = 0; axis < shape.length; axis++) {
    const kept = axis < expanded.length ? sliced(shape[axis], expanded[axis]) : shape[axis];
    if (kept === undefined || (axis === 0 && kept !== null && kept !== shape[0])) return undefined;
    if (kept !== 'drop') out.push(kept);
  }
  return out[0] === shape[0] ? out : undefined;
}

function concat(inputs: Full[], axisArg: unknown): Full | undefined {
  const axis = axisOf(axisArg, inputs[0].length);
  if (axis === undefined || axis === 0 || inputs.some((s) => s.length !== inputs[0].length)) return undefined;
  const out = inputs[0].slice();
  for (const s of inputs.slice(1)) out[axis] = out[axis] === null || s[axis] === null ? null : (out[axis] as number) + (s[axis] as number);
  return out;
}

function infer(fn: string, inputs: Full[], args: Args): Full | undefined {
  const [x] = inputs;
  if (UNARY.has(fn)) return x;
  if (ELEMENTWISE.has(fn)) return inputs.slice(1).reduce<Full | undefined>((acc, s) => acc && broadcast(acc, s), x);
  if (REDUCE.test(fn)) return reduce(x, args);
  switch (fn) {
    case 'reshape':
      return reshape(x, args.shape);
    case 'transpose':
      return transpose(x, args.perm ?? [0, ...x.slice(1).map((_, i) => x.length - 1 - i)]);
    case 'expand_dims': {
      const axis = typeof args.axis === 'number' ? (args.axis < 0 ? x.length + 1 + args.axis : args.axis) : undefined;
      return axis === undefined || axis < 1 || axis > x.length ? undefined : [...x.slice(0, axis), 1, ...x.slice(axis)];
    }
    case 'squeeze': {
      const axes = (Array.isArray(args.axis) ? args.axis : [args.axis]).map((a) => axisOf(a, x.length));
      if (args.axis == null || axes.some((a) => a === undefined || a === 0 || x[a] !== 1)) return undefined;
      return x.filter((_, i) => !axes.includes(i));
    }
    case 'concat':
      return concat(inputs, args.axis);
    case '__operators__.getitem':
      return getItem(x, args.slice_spec);
  }
  return undefined;
}

const full = (t: Tensor): Full => [null, ...t.dims];

function inferShape(ctx: LayerContext): Tensor | LayerProblem {
  const given = ctx.values.output_shape as Dim[];
  if (given.length) return tensor(given, looksSpatial(given));
  const fn = ctx.values.function as string;
  let args: Args = {};
  try {
    args = JSON.parse(ctx.values.arguments as string) as Args;
  } catch {
    return problem(`the arguments of tf.${fn} are not readable`);
  }
  const out = infer(fn, ctx.inputs.map(full), typeof args === 'object' && args !== null ? args : {});
  if (!out) return problem(`Paramsketch cannot infer the output of tf.${fn} with these arguments`);
  const dims = out.slice(1);
  return tensor(dims, looksSpatial(dims));
}

function opLayer(type: 'TFOpLambda' | 'SlicingOpLambda', description: string): LayerSpec {
  return {
    type,
    family: 'custom',
    description,
    keras: false,
    fields: [
      { name: 'function', kind: 'text', required: true, default: 'identity', help: 'The TensorFlow function, e.g. math.reduce_mean' },
      { name: 'arguments', kind: 'text', default: '{}', help: 'Its constant arguments as JSON, e.g. {"axis": 1, "keepdims": true}' },
      { name: 'output_shape', kind: 'dims', default: [], help: 'Its output without the batch axis, where Paramsketch cannot infer it' },
    ],
    summary: ['function'],
    inputs: { min: 1, max: 64 },
    fromKerasCall: (args): Record<string, FieldValue> => {
      const { name: _name, ...rest } = args;
      return Object.keys(rest).length ? { arguments: JSON.stringify(rest) } : {};
    },
    kerasIgnored: ['symbol'],
    inferShape,
  };
}

export const TFOpLambda = opLayer('TFOpLambda', 'A TensorFlow function called on Keras tensors (tf.keras wrote it as a layer); no weights.');
export const SlicingOpLambda = opLayer('SlicingOpLambda', 'A slice of a Keras tensor (x[:, 1:4]) that tf.keras wrote as a layer; no weights.');
