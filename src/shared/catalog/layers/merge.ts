import type { LayerProblem } from '../../problem';
import { tensor, type Dim, type Tensor } from '../../tensor';
import { exactProduct, innerContext, shapeText } from '../common';
import { int, valuesOf } from '../fields';
import type { LayerContext, LayerSpec, FieldValues } from '../types';

/** Where a smaller input came out of a 'valid' convolution or pooling, 'same' is the usual fix. */
function paddingHint(ctx: LayerContext, smaller: number): string | undefined {
  const source = ctx.sources[smaller];
  const pad = source?.fields?.padding;
  return pad === 'valid' || (source && pad === undefined && /Conv|Pooling/.test(source.type))
    ? `set padding='same' on ${source.name ?? source.id}`
    : undefined;
}

const volume = (dims: Dim[]) => dims.reduce<number>((acc, d) => acc * (d ?? 1), 1);

/**
 * Keras's broadcasting rule for element-wise merges, axis by axis from the right. Copies only where an
 * axis changes: usually none does (residual Adds), and shapes are never changed once made.
 */
function broadcast(a: Dim[], b: Dim[]): Dim[] | undefined {
  const long = a.length >= b.length ? a : b;
  const short = long === a ? b : a;
  const offset = long.length - short.length;
  let out = long;
  for (let k = 0; k < short.length; k++) {
    const [i, j] = [long[offset + k], short[k]];
    if (i !== null && j !== null && i !== 1 && j !== 1 && i !== j) return undefined;
    const d = i === null || j === null ? null : i === 1 ? j : i;
    if (d !== i) (out === long ? (out = long.slice()) : out)[offset + k] = d;
  }
  return out;
}

function elementwise(type: string, description: string, pytorch: string, exactlyTwo = false): LayerSpec {
  return {
    type,
    family: 'merge',
    description,
    pytorch,
    fields: [],
    // Keras 3 merges accept one input (and `x * 0.5` is written as a Multiply of one tensor).
    inputs: exactlyTwo ? { min: 2, max: 2 } : { min: 1, max: Infinity },
    kerasMinInputs: 2,
    inferShape: (ctx) => {
      let dims = ctx.inputs[0].dims;
      let spatial = true;
      for (let index = 0; index < ctx.inputs.length; index++) {
        const input = ctx.inputs[index];
        const merged = broadcast(dims, input.dims);
        if (!merged) {
          const first = ctx.inputs[0];
          const smaller = volume(input.dims) < volume(first.dims) ? index : 0;
          return {
            message: `${type} needs equal shapes: ${shapeText(ctx, first)} vs ${shapeText(ctx, input)}`,
            hint: paddingHint(ctx, smaller),
          };
        }
        dims = merged;
        spatial &&= input.spatial;
      }
      return tensor(dims, spatial);
    },
  };
}

export const Add = elementwise('Add', 'Performs elementwise addition operation.', 'torch.add');
export const Subtract = elementwise('Subtract', 'Performs elementwise subtraction.', 'torch.sub', true);
export const Multiply = elementwise('Multiply', 'Performs elementwise multiplication.', 'torch.mul');
export const Average = elementwise('Average', 'Averages a list of inputs element-wise.', 'torch.mean(torch.stack)');
export const Maximum = elementwise('Maximum', 'Computes element-wise maximum on a list of inputs.', 'torch.maximum');
export const Minimum = elementwise('Minimum', 'Computes elementwise minimum on a list of inputs.', 'torch.minimum');

function concatAxis(ctx: LayerContext, rank: number): number | LayerProblem {
  const axis = int(ctx, 'axis');
  const index = axis < 0 ? rank + axis : axis - 1;
  if (axis === 0) return { field: 'axis', message: 'Concatenate cannot join along the batch axis (0)' };
  return index >= 0 && index < rank ? index : { field: 'axis', message: `axis ${axis} is outside the inputs' ${rank + 1} axes` };
}

const others = (t: Tensor, axis: number) => t.dims.filter((_, i) => i !== axis).map((d) => d ?? 'None').join('×');

export const Concatenate: LayerSpec = {
  type: 'Concatenate',
  family: 'merge',
  description: 'Concatenates a list of inputs.',
  pytorch: 'torch.cat',
  fields: [{ name: 'axis', kind: 'int', default: -1, min: -8, help: 'Counts the batch axis as 0, as Keras does; -1 is channels.' }],
  summary: ['axis?'],
  inputs: { min: 2, max: Infinity },
  inferShape: (ctx) => {
    const [first] = ctx.inputs;
    const rank = first.dims.length;
    const mixedRank = ctx.inputs.find((t) => t.dims.length !== rank);
    if (mixedRank)
      return { message: `Concatenate needs inputs of one rank: ${shapeText(ctx, first)} vs ${shapeText(ctx, mixedRank)}` };
    const axis = concatAxis(ctx, rank);
    if (typeof axis !== 'number') return axis;
    const out = first.dims.slice();
    let spatial = first.spatial;
    for (let index = 1; index < ctx.inputs.length; index++) {
      const input = ctx.inputs[index];
      const clash = input.dims.findIndex((d, i) => i !== axis && d !== null && out[i] !== null && d !== out[i]);
      if (clash >= 0) {
        const smaller = volume(input.dims.filter((_, i) => i !== axis)) < volume(first.dims.filter((_, i) => i !== axis)) ? index : 0;
        return {
          message: `Concatenate: ${others(first, axis)} vs ${others(input, axis)} (inputs must match on every axis but ${int(ctx, 'axis')})`,
          hint: paddingHint(ctx, smaller),
        };
      }
      for (let i = 0; i < input.dims.length; i++) {
        const d = input.dims[i];
        if (i === axis) out[i] = out[i] === null || d === null ? null : (out[i] as number) + d;
        else if (out[i] === null) out[i] = d;
      }
      spatial &&= input.spatial;
    }
    return tensor(out, spatial);
  },
};

/** Dot's axis in each input, as indices into dims (Keras counts the batch axis as 0). */
const dotAxes = (ctx: LayerContext): number[] =>
  (ctx.values.axes as number[]).map((axis, i) => (axis < 0 ? ctx.inputs[i].dims.length + axis : axis - 1));

/** Keras's Dot: the sum of products along one axis of each input (batch axis 0, as Keras counts). */
export const Dot: LayerSpec = {
  type: 'Dot',
  family: 'merge',
  description: 'Computes element-wise dot product of two tensors.',
  pytorch: 'torch.bmm / torch.sum(a * b)',
  fields: [
    { name: 'axes', kind: 'ints', length: 2, min: -8, default: [-1, -1], help: 'One axis per input' },
    { name: 'normalize', kind: 'bool', default: false },
  ],
  summary: ['axes'],
  inputs: { min: 2, max: 2 },
  inferShape: (ctx) => {
    const [a, b] = ctx.inputs;
    const [axisA, axisB] = dotAxes(ctx);
    if ([axisA, axisB].some((axis, i) => axis < 0 || axis >= ctx.inputs[i].dims.length))
      return { field: 'axes', message: `axes (${(ctx.values.axes as number[]).join(', ')}) are outside the inputs` };
    const [sizeA, sizeB] = [a.dims[axisA], b.dims[axisB]];
    if (sizeA !== null && sizeB !== null && sizeA !== sizeB)
      return { message: `Dot needs equal sizes on its axes: ${sizeA} vs ${sizeB} (${shapeText(ctx, a)} · ${shapeText(ctx, b)})` };
    const out = [...a.dims.filter((_, i) => i !== axisA), ...b.dims.filter((_, i) => i !== axisB)];
    return tensor(out.length ? out : [1]);
  },
  // A matrix product: every output element sums the products along the shared axis (normalize's
  // L2 norms are not counted, as other element-wise work is not).
  macs: (ctx, [out]) => {
    const [a, b] = ctx.inputs;
    const [axisA, axisB] = dotAxes(ctx);
    return exactProduct([...out.dims, a.dims[axisA] ?? b.dims[axisB]]);
  },
};

/** The Keras 2 layer each of Keras 1's Merge modes became: Merge counts and shapes as it does. */
const MODES: Readonly<Record<string, LayerSpec>> = { sum: Add, mul: Multiply, ave: Average, max: Maximum, concat: Concatenate, dot: Dot, cos: Dot };

/** The Keras 2 layer a Merge is, with its values (the catalog's defaults where the mode sets none). */
function keras2Layer(merge: FieldValues): { spec: LayerSpec; values: FieldValues } {
  const { mode, concat_axis: axis, dot_axes: axes } = merge as { mode: string; concat_axis: number; dot_axes: number[] };
  const spec = MODES[mode];
  const given: FieldValues = mode === 'concat' ? { axis } : mode === 'dot' || mode === 'cos' ? { axes, normalize: mode === 'cos' } : {};
  return { spec, values: { ...Object.fromEntries(spec.fields.map((f) => [f.name, f.default])), ...given } };
}

function asKeras2(ctx: LayerContext) {
  const { spec, values } = keras2Layer(ctx.values);
  return { spec, ctx: innerContext(ctx, ctx.inputs, values) };
}

/** Keras 1's Merge (keras/engine/topology.py): no weights; its output shape is the Keras 2 layer's (get_output_shape_for). */
export const Merge: LayerSpec = {
  type: 'Merge',
  family: 'merge',
  description: 'A `Merge` layer can be used to merge a list of tensors into a single tensor, following some merge `mode`.',
  fields: [
    { name: 'mode', kind: 'enum', default: 'sum', options: Object.keys(MODES), help: 'sum, mul, ave, max: element-wise; concat; dot; cos: cosine proximity' },
    { name: 'concat_axis', kind: 'int', default: -1, min: -8, help: "mode 'concat': the axis (the batch axis is 0)" },
    {
      name: 'dot_axes',
      kind: 'ints',
      length: 2,
      min: -8,
      default: [-1, -1],
      help: "modes 'dot' and 'cos': one axis per input (the batch axis is 0)",
      // One int is the same axis of both inputs (a negative one counted from the end of each).
      fromKeras: (v) => (typeof v === 'number' ? [v, v] : (v as number[])),
    },
  ],
  // A function mode's settings; a raw mode (one of the names) needs none of them.
  // `layers`: the branch models of Keras 1's Merge-of-Sequentials, which the importer reads as its inputs.
  kerasIgnored: ['layers', 'mode_type', 'output_shape', 'output_shape_type', 'output_mask', 'output_mask_type', 'arguments', 'node_indices', 'tensor_indices'],
  summary: ['mode', 'concat_axis?', 'dot_axes?'],
  kerasAs: keras2Layer,
  inputs: { min: 2, max: Infinity },
  inferShape: (ctx) => {
    const mode = valuesOf<{ mode: string }>(ctx).mode;
    if ((mode === 'dot' || mode === 'cos') && ctx.inputs.length !== 2)
      return { field: 'inputs', message: `Merge mode '${mode}' takes exactly 2 inputs, got ${ctx.inputs.length}` };
    const { spec, ctx: keras2 } = asKeras2(ctx);
    const out = spec.inferShape(keras2);
    if (Array.isArray(out) || !('message' in out)) return out;
    const field = out.field === 'axis' ? 'concat_axis' : out.field === 'axes' ? 'dot_axes' : out.field;
    return { ...out, ...(field ? { field } : {}) };
  },
  macs: (ctx, outputs) => {
    const { spec, ctx: keras2 } = asKeras2(ctx);
    return spec.macs ? spec.macs(keras2, outputs) : 0n;
  },
};
