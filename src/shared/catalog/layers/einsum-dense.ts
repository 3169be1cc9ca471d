import type { LayerProblem } from '../../problem';
import { tensor, type Dim } from '../../tensor';
import { activation, elementsOf, exactProduct, shapeText } from '../common';
import { valuesOf } from '../fields';
import type { LayerContext, LayerSpec, WeightSpec } from '../types';

/** An equation read as Keras's `_analyze_einsum_string` reads it (einsum_dense.py). */
interface Equation {
  input: string;
  weight: string;
  output: string;
  /** Where `...` stands: before the letters (`...ab,bc->...ac`), after them (`ab...,bc->ac...`), or nowhere. */
  elided: 'left' | 'right' | 'none';
}

// Python's re.match anchors at the start only: what follows a match is not read.
const FORMS: [RegExp, Equation['elided']][] = [
  [/^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)/, 'none'],
  [/^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)/, 'left'],
  [/^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0/, 'right'],
];

function parse(equation: string): Equation | undefined {
  const replaced = equation.replace(/\.\.\./g, '0');
  for (const [form, elided] of FORMS) {
    const m = form.exec(replaced);
    if (m) return { input: m[1], weight: m[2], output: m[3], elided };
  }
  return undefined;
}

/** The shapes the equation gives: the output, the kernel and the bias (null: none). */
interface Analysis {
  output: Dim[];
  kernel: number[];
  bias: number[] | null;
  equation: Equation;
}

const bad = (field: string, message: string): LayerProblem => ({ field, message });

/**
 * Keras's `_analyze_split_string`, on the input with its batch axis (null) first. The output is the tensor's
 * true shape, as Keras 2 builds it: a None of output_shape on an axis the input has is the input's size, and
 * axes `...` stands for keep their order (Keras 3's compute_output_shape leaves such Nones, and reverses the
 * elided axes on the left).
 */
function analyse(ctx: LayerContext): Analysis | LayerProblem {
  const { equation: source, output_shape: partial, bias_axes: biasAxes } = valuesOf<{ equation: string; output_shape: Dim[]; bias_axes: string }>(ctx);
  const equation = parse(source);
  if (!equation)
    return bad('equation', `equation must read [X],[Y]->[Z], ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]..., got '${source}'`);
  const { input, weight, output, elided: where } = equation;
  const inputShape: Dim[] = [null, ...ctx.inputs[0].dims];
  const elided = inputShape.length - input.length;
  const left = where === 'left';
  // Without `...` the letters name every axis, the batch axis first; `...` on the left stands for the batch axis too.
  if (where === 'none' ? elided !== 0 : elided < (left ? 1 : 0))
    return bad('equation', `'${input}' does not fit the input ${shapeText(ctx, ctx.inputs[0])}: ${inputShape.length} axes with the batch axis`);
  // Keras's output shape: the batch axis, the axes `...` stands for, output_shape.
  const named = left ? output.length : output.length - 1;
  if (partial.length !== named)
    return bad('output_shape', `output_shape must give ${named} size${named === 1 ? '' : 's'} for '${output}'${left ? '' : ' (its first letter is the batch axis)'}, got ${partial.length}`);
  const keras: Dim[] = left
    ? [null, ...inputShape.slice(1, elided), ...partial]
    : [null, ...partial, ...inputShape.slice(inputShape.length - (where === 'right' ? elided : 0))];
  const inputAt = (c: string) => (left ? elided : 0) + input.indexOf(c);
  const outputAt = (c: string) => (left ? elided : 0) + output.indexOf(c);
  const trueShape = keras.slice();
  for (const c of input) {
    if (!output.includes(c)) continue;
    const [inSize, outSize] = [inputShape[inputAt(c)], keras[outputAt(c)]];
    if (outSize !== null && inSize !== null && outSize !== inSize)
      return bad('output_shape', `'${c}' is ${inSize} in the input but ${outSize} in output_shape`);
    trueShape[outputAt(c)] = outSize ?? inSize;
  }
  for (const c of output)
    if (!input.includes(c) && !weight.includes(c)) return bad('equation', `'${c}' of the output '${output}' is in neither '${input}' nor '${weight}'`);
  // Where both say a letter's size (they agree, as checked), Keras 2 reads the input's and Keras 3 output_shape's:
  // whichever is known.
  const kernel: number[] = [];
  for (const c of weight) {
    const [inSize, outSize] = [input.includes(c) ? inputShape[inputAt(c)] : undefined, output.includes(c) ? keras[outputAt(c)] : undefined];
    if (inSize === undefined && outSize === undefined)
      return bad('equation', `the kernel's '${c}' is in neither the input '${input}' nor the output '${output}'`);
    const size = inSize ?? outSize ?? null;
    if (size === null) return bad(outSize === undefined ? 'equation' : 'output_shape', `the kernel needs the size of '${c}', which is None`);
    kernel.push(size);
  }
  let bias: number[] | null = null;
  if (biasAxes) {
    const stray = [...biasAxes].find((c) => !output.includes(c));
    if (stray) return bad('bias_axes', `bias axis '${stray}' is not in the output '${output}'`);
    const first = Math.min(...[...biasAxes].map((c) => output.indexOf(c)));
    bias = [];
    for (const c of output.slice(first)) {
      const size = biasAxes.includes(c) ? keras[outputAt(c)] : 1;
      if (size === null) return bad('bias_axes', `the bias needs the size of '${c}', which output_shape leaves None`);
      bias.push(size);
    }
    if (where === 'right') for (let k = 0; k < elided; k++) bias.push(1);
  }
  const shown = valuesOf<{ output_axes: string }>(ctx).output_axes === 'as_given' ? keras : trueShape;
  return { output: shown.slice(1), kernel, bias, equation };
}

const analysed = (ctx: LayerContext) => analyse(ctx) as Analysis;

export const EinsumDense: LayerSpec = {
  type: 'EinsumDense',
  family: 'core',
  description: 'A layer that uses einsum as the backing computation.',
  pytorch: 'torch.einsum',
  kernel: { name: 'kernel' },
  fields: [
    // Keras has no default; this one is a Dense on the last axis of any input.
    { name: 'equation', kind: 'text', required: true, default: '...a,ab->...b', help: 'e.g. abc,cd->abd: the input, the kernel, the output' },
    {
      name: 'output_shape',
      kind: 'dims',
      required: true,
      default: [32],
      help: 'Without the batch axis and the axes ... stands for; None where the input says it',
      fromKeras: (v) => (Array.isArray(v) ? v : [v]) as Dim[],
    },
    {
      name: 'bias_axes',
      kind: 'text',
      default: '',
      help: "The output's letters that get a bias; empty: no bias",
      fromKeras: (v) => (typeof v === 'string' ? v : ''),
      toKeras: (v) => (v === '' ? null : v),
    },
    activation(),
    {
      name: 'output_axes',
      kind: 'enum',
      default: 'inferred',
      options: ['inferred', 'as_given'],
      help: "inferred: a None of output_shape on an axis the input has takes the input's size, as Keras 2 builds it; as_given: it stays None, as Keras 3 prints it",
      // Not a Keras setting: which Keras wrote the file says it (fromKerasConfig).
      toKeras: () => undefined,
    },
  ],
  fromKerasConfig: (config, major) => (major === 3 ? { ...config, output_axes: 'as_given' } : config),
  kerasIgnored: ['gptq_unpacked_column_size'],
  summary: ['equation', 'output_shape', 'bias_axes?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const found = analyse(ctx);
    return 'message' in found ? found : tensor(found.output, ctx.inputs[0].spatial && found.output.length === ctx.inputs[0].dims.length);
  },
  weights: (ctx) => {
    const { kernel, bias } = analysed(ctx);
    const weights: WeightSpec[] = [{ name: 'kernel', shape: kernel, role: 'trainable' }];
    return bias ? [...weights, { name: 'bias', shape: bias, role: 'trainable' }] : weights;
  },
  // Every output element sums over the letters the kernel shares with the input alone.
  macs: (ctx, [out]) => {
    const { kernel, equation } = analysed(ctx);
    const summed = [...equation.weight].flatMap((c, k) => (equation.output.includes(c) ? [] : [kernel[k]]));
    return exactProduct([elementsOf(out), ...summed]);
  },
};
