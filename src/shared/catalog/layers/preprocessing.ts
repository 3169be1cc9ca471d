// Numeric preprocessing: Rescaling, Normalization and Discretization.
import type { LayerProblem } from '../../problem';
import { tensor, type Dim, type Tensor } from '../../tensor';
import { shapeText } from '../common';
import { optInt, text } from '../fields';
import { weightsFormula } from '../formula';
import type { FieldSpec, LayerContext, LayerSpec, WeightSpec } from '../types';
import { isProblem, numbersField, parseNumbers, readNumbers, shapeOfNumbers, type Numbers } from './number-text';

export const Rescaling: LayerSpec = {
  type: 'Rescaling',
  family: 'preprocessing',
  description: 'A preprocessing layer which rescales input values to a new range.',
  fields: [
    { name: 'scale', kind: 'float', required: true, default: 1 / 255, help: 'Every value is multiplied by this (1/255 maps 0…255 to 0…1)…' },
    { name: 'offset', kind: 'float', default: 0, help: '…then this is added (-1 with scale 1/127.5 maps 0…255 to -1…1).' },
  ],
  summary: ['scale', 'offset?'],
  inputs: { min: 1, max: 1 },
  // keras/src/layers/preprocessing/rescaling.py: compute_output_shape returns the input shape; no weights.
  inferShape: (ctx) => ctx.inputs[0],
};

// ── Normalization ──

/** The axes Normalization keeps (batch = 0), sorted; or what is wrong with them. */
function keptAxes(ctx: LayerContext): number[] | LayerProblem {
  const list = (ctx.values.axis as number[] | null) ?? [];
  const ndim = ctx.inputs[0].dims.length + 1;
  const kept: number[] = [];
  for (const a of list) {
    if (a < -ndim || a >= ndim) return { field: 'axis', message: `axis ${a} is outside the input ${shapeText(ctx, ctx.inputs[0])} (batch = 0)` };
    const at = a < 0 ? a + ndim : a;
    if (kept.includes(at)) return { field: 'axis', message: `axis lists axis ${at} twice` };
    kept.push(at);
  }
  return kept.sort((x, y) => x - y);
}

/**
 * The shape of the mean and variance: the kept axes' sizes, each known (Keras's build() raises otherwise).
 * keras/src/layers/preprocessing/normalization.py and tf_keras/layers/preprocessing/normalization.py, build().
 */
function statsShape(ctx: LayerContext): number[] | LayerProblem {
  const kept = keptAxes(ctx);
  if (isProblem(kept)) return kept;
  const input = ctx.inputs[0];
  const full: Dim[] = [input.batch ?? null, ...input.dims];
  const shape: number[] = [];
  for (const at of kept) {
    const size = full[at];
    if (size === null)
      return {
        field: 'axis',
        message: `Normalization needs a known size on every axis it keeps, got ${shapeText(ctx, input)} with axis ${at} unknown`,
        hint: at === 0 ? 'axis 0 is the batch axis: keep a feature axis, e.g. -1' : 'give the Input a fixed size there',
      };
    shape.push(size);
  }
  return shape;
}

/** The given mean (and variance), or null when adapt() is to compute them; a problem when they cannot be read or broadcast. */
function givenStats(ctx: LayerContext, shape: number[]): Numbers | null | LayerProblem {
  const what = 'a number, a list of numbers or None';
  const mean = readNumbers(ctx, 'mean', what);
  if (isProblem(mean)) return mean;
  const variance = readNumbers(ctx, 'variance', what);
  if (isProblem(variance)) return variance;
  if ((mean === null) !== (variance === null))
    return { field: mean === null ? 'mean' : 'variance', message: 'mean and variance must be set together (or both None, for adapt())' };
  if (mean === null || variance === null) return null;
  const [m, v] = [shapeOfNumbers(mean), shapeOfNumbers(variance)];
  if (!m) return { field: 'mean', message: `mean must be a rectangular list of numbers, got '${text(ctx, 'mean')}'` };
  if (!v || v.join() !== m.join())
    return { field: 'variance', message: `variance must have the shape of mean (${m.join('×') || 'a number'}), got '${text(ctx, 'variance')}'` };
  // Keras broadcasts them to the kept axes, aligned from the right: each size must be 1 or the axis's.
  const fits = m.length <= shape.length && m.every((d, i) => d === 1 || d === shape[shape.length - m.length + i]);
  if (!fits)
    return { field: 'mean', message: `mean and variance (${m.join('×')}) cannot be broadcast to the kept axes (${shape.join('×') || 'a single value'})` };
  return mean;
}

const normalizationWeights = (ctx: LayerContext): WeightSpec[] => {
  const shape = statsShape(ctx) as number[];
  if (givenStats(ctx, shape) !== null) return [];
  if (ctx.convention === 'pytorch')
    return [
      { name: 'mean', shape, role: 'buffer' },
      { name: 'variance', shape, role: 'buffer' },
    ];
  // A scalar count of the samples adapt() has seen, kept for older saved models.
  return [
    { name: 'mean', shape, role: 'non-trainable' },
    { name: 'variance', shape, role: 'non-trainable' },
    { name: 'count', shape: [], role: 'non-trainable' },
  ];
};

export const Normalization: LayerSpec = {
  type: 'Normalization',
  family: 'preprocessing',
  description: 'A preprocessing layer that normalizes continuous features.',
  fields: [
    {
      name: 'axis',
      kind: 'ints',
      list: true,
      length: 8,
      min: -8,
      nullable: true,
      default: [-1],
      help: 'The axis (or axes; batch = 0) with its own mean and variance per index; None: one mean and variance for all values.',
      // Keras writes the axes as a tuple, None as ().
      fromKeras: (v) => (v === null || (Array.isArray(v) && !v.length) ? null : ((Array.isArray(v) ? v : [v]) as number[])),
      toKeras: (v) => (Array.isArray(v) && v.length === 1 ? v[0] : v),
    },
    numbersField('mean', 'None', 'None: adapt() computes the mean and variance, kept as non-trainable weights; or the values, broadcast to the kept axes.'),
    numbersField('variance', 'None', 'Given with mean, or None.'),
    {
      name: 'invert',
      kind: 'bool',
      default: false,
      help: 'Apply the inverse: turn normalised values back.',
      // Written only when set: tf.keras before 2.10 has no such argument and refuses the key.
      toKeras: (v) => (v ? v : undefined),
    },
  ],
  summary: ['axis?', 'mean?', 'invert?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const shape = statsShape(ctx);
    if (isProblem(shape)) return shape;
    const stats = givenStats(ctx, shape);
    return isProblem(stats) ? stats : ctx.inputs[0];
  },
  // build(): mean and variance of the kept axes' shape and a scalar count, all non-trainable, unless mean and
  // variance are given (then constants, not weights).
  weights: normalizationWeights,
  // Three scalars when no axis is kept: '1 + 1 + 1' reads better than the derived '3×(1)'.
  formula: (ctx) => {
    const weights = normalizationWeights(ctx);
    return ctx.convention === 'keras' && weights.length && !weights[0].shape.length ? '1 + 1 + 1' : weightsFormula(weights);
  },
  conventionNote: (ctx) =>
    givenStats(ctx, statsShape(ctx) as number[]) === null
      ? 'Keras counts the mean, variance and count adapt() fills as non-trainable parameters; PyTorch has no such layer, and a module that normalises so keeps them as buffers, not parameters.'
      : undefined,
};

// ── Discretization ──

/** one_hot, as the encoding layers compute it: each value becomes `depth` values; a last axis of 1 is replaced rather than kept. */
export const oneHot = (dims: Dim[], depth: Dim): Tensor =>
  tensor(dims.length && dims[dims.length - 1] === 1 ? [...dims.slice(0, -1), depth] : [...dims, depth]);

const MODES = ['int', 'one_hot', 'multi_hot', 'count'];

/** The output_mode of the encoding layers (here and in lookup.ts). */
export const outputMode = (options: string[], fallback: string): FieldSpec => ({
  name: 'output_mode',
  kind: 'enum',
  default: fallback,
  options,
  // Older spellings every Keras still reads.
  fromKeras: (v) => (v === 'binary' ? 'multi_hot' : v === 'tf-idf' ? 'tf_idf' : (v as string)),
});

export const Discretization: LayerSpec = {
  type: 'Discretization',
  family: 'preprocessing',
  description: 'A preprocessing layer which buckets continuous features by ranges.',
  fields: [
    numbersField('bin_boundaries', 'None', 'The bucket edges, e.g. [0, 1, 2] for 4 buckets; None: num_bins, found by adapt().'),
    {
      name: 'num_bins',
      kind: 'int',
      // Keras's default is None, with bin_boundaries given instead: 4 is the palette's start, a file without it is None.
      required: true,
      default: 4,
      min: 0,
      nullable: true,
      help: 'How many buckets adapt() finds, where bin_boundaries is None.',
      // Keras's constructor refuses both (Keras 3's from_config alone takes them together, after adapt()).
      toKeras: (v, values) => (parseNumbers(values.bin_boundaries as string) ? null : v),
    },
    outputMode(MODES, 'int'),
  ],
  summary: ['bin_boundaries?', 'num_bins?', 'output_mode?'],
  kerasIgnored: ['epsilon'],
  inputs: { min: 1, max: 1 },
  // keras/src/layers/preprocessing/discretization.py, compute_output_shape(); no weights in Keras 3 (tf.keras
  // adds an adapt() summary of shape (2, None), which counts 0).
  inferShape: (ctx) => {
    const bounds = readNumbers(ctx, 'bin_boundaries', 'a list of numbers or None');
    if (isProblem(bounds)) return bounds;
    if (bounds !== null && (typeof bounds === 'number' || bounds.some((b) => typeof b !== 'number')))
      return { field: 'bin_boundaries', message: `bin_boundaries must be a list of numbers or None, got '${text(ctx, 'bin_boundaries')}'` };
    const bins = optInt(ctx, 'num_bins');
    if (bounds === null && bins === null)
      return { field: 'num_bins', message: 'Discretization needs bin_boundaries or num_bins', hint: 'give the bucket edges, or how many buckets adapt() should find' };
    const dims = ctx.inputs[0].dims;
    const mode = text(ctx, 'output_mode');
    if (mode === 'int') return ctx.inputs[0];
    const depth = bounds !== null ? bounds.length + 1 : (bins as number);
    if (depth === 0) return { field: 'num_bins', message: `${mode} needs at least one bin` };
    if (mode === 'one_hot') return oneHot(dims, depth);
    // multi_hot and count: Keras drops the first axis after the batch (the sample's values) and appends the bins.
    if (!dims.length) return { message: `${mode} needs an axis of values per sample besides the batch axis`, hint: 'give the Input a shape such as (1,)' };
    return tensor([...dims.slice(1), depth]);
  },
};
