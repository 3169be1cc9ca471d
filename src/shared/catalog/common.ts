import type { LayerProblem } from '../problem';
import { displayShape, formatShape, tensor, type Dim, type Tensor } from '../tensor';
import type { Family, FieldSpec, LayerContext, LayerSpec, WeightSpec } from './types';

// Field declarations many layers share.
export const useBias: FieldSpec = { name: 'use_bias', kind: 'bool', default: true, torch: 'bias', help: 'Learn an additive bias per output.' };
/** The output channels of every convolution-like layer. */
export const filtersField: FieldSpec = { name: 'filters', kind: 'int', required: true, default: 32, min: 1, torch: 'out_channels' };
/** Keras 3 may serialise an activation as an object; its name is what counts here. */
const activationName = (v: unknown) => {
  if (typeof v !== 'object' || v === null) return v as string;
  const named = v as { config?: { name?: string }; class_name?: string };
  return named.config?.name ?? named.class_name ?? JSON.stringify(v);
};
/** Keras's activation functions by name (keras.activations, Keras 2 and 3): the activation field's known values. */
export const ACTIVATIONS: readonly string[] = [
  'linear', 'relu', 'relu6', 'leaky_relu', 'elu', 'selu', 'celu', 'gelu', 'silu', 'swish', 'mish', 'sigmoid',
  'hard_sigmoid', 'hard_silu', 'hard_swish', 'log_sigmoid', 'tanh', 'hard_tanh', 'tanh_shrink', 'softmax',
  'log_softmax', 'sparsemax', 'softplus', 'softsign', 'sparse_plus', 'squareplus', 'soft_shrink', 'hard_shrink',
  'exponential', 'glu', 'threshold',
];
export const activation = (fallback = 'linear'): FieldSpec => ({
  name: 'activation',
  kind: 'text',
  default: fallback,
  known: ACTIVATIONS,
  fromKeras: activationName,
  // Keras 2 and TensorFlow.js spell an activation by its name (Keras 3 reads that too).
  toKeras: (v) => v,
});
export const padding = (options: string[] = ['valid', 'same']): FieldSpec => ({
  name: 'padding',
  kind: 'enum',
  default: 'valid',
  options,
});
/** What torch's modules call the per-axis settings whose Keras names differ. */
const TORCH_AXIS_NAMES: Record<string, string> = { strides: 'stride', dilation_rate: 'dilation', pool_size: 'kernel_size' };
export const perAxis = (name: string, rank: number, fill: number): FieldSpec => ({
  name,
  ...(TORCH_AXIS_NAMES[name] ? { torch: TORCH_AXIS_NAMES[name] } : {}),
  kind: 'ints',
  length: rank,
  min: 1,
  default: Array(rank).fill(fill),
  // Keras has no default kernel size; strides, dilation and pool sizes default as here.
  required: name === 'kernel_size',
});

/** Keras's data_format: channels_first tensors are (channels, spatial…) and already look like PyTorch's. */
export const dataFormat: FieldSpec = {
  name: 'data_format',
  kind: 'enum',
  default: 'channels_last',
  options: ['channels_last', 'channels_first'],
};

const channelsFirst = (ctx: LayerContext) => ctx.values.data_format === 'channels_first';

/** The input's channel count, on the axis data_format says. */
export const channelsOf = (ctx: LayerContext): Dim => {
  const dims = ctx.inputs[0].dims;
  return channelsFirst(ctx) ? dims[0] : dims[dims.length - 1];
};

/** The input's spatial sizes, without the channel axis. */
export const spatialOf = (ctx: LayerContext): Dim[] => {
  const dims = ctx.inputs[0].dims;
  return channelsFirst(ctx) ? dims.slice(1) : dims.slice(0, -1);
};

/**
 * `[...a, ...b]`, sized exactly: spreads reserve room for more, and concat is slow. Output dims and
 * weight shapes are built for every node of every evaluation.
 */
export function joined<T>(a: readonly T[], b: readonly T[]): T[] {
  const out = new Array<T>(a.length + b.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k];
  for (let k = 0; k < b.length; k++) out[a.length + k] = b[k];
  return out;
}

/**
 * The context of a layer within this one (a wrapped layer, one step of a recurrence): same convention and
 * sources, its own inputs and fields. Never a spread of `ctx`: the evaluator's context is a class instance
 * whose sources are looked up when read, and a spread would drop them.
 */
export const innerContext = (ctx: LayerContext, inputs: Tensor[], values = ctx.values): LayerContext => ({
  convention: ctx.convention,
  inputs,
  sources: ctx.sources,
  values,
});

/** A spatial output in the layer's data_format. */
export const withChannels = (ctx: LayerContext, spatial: Dim[], channels: Dim): Tensor =>
  channelsFirst(ctx) ? tensor(joined([channels], spatial), false) : tensor(joined(spatial, [channels]), true);

export const shapeText = (ctx: LayerContext, t: Tensor): string => formatShape(displayShape(t, ctx.convention));

/** Spatial layers read (spatial axes…, channels); anything else is a plain problem. */
export function requireRank(ctx: LayerContext, type: string, rank: number, what: string): LayerProblem | undefined {
  const input = ctx.inputs[0];
  if (input.dims.length === rank) return undefined;
  return { message: `${type} needs a ${rank}-D input (${what}) besides the batch axis, got ${shapeText(ctx, input)}` };
}

/** Keras's conv_output_length: sizes after a window of `kernel` slides with `stride`. */
function windowLength(length: Dim, kernel: number, pad: string, stride: number, dilation = 1): Dim {
  if (length === null) return null;
  const span = kernel + (kernel - 1) * (dilation - 1);
  const kept = pad === 'valid' ? length - span + 1 : length;
  return Math.ceil(kept / stride);
}

/**
 * The output of a window sliding over every spatial axis of the input, `channels` on its channel axis (in
 * the layer's data_format); or a problem naming the axis where the window does not fit.
 */
export function slideWindows(
  ctx: LayerContext,
  kernel: number[],
  pad: string,
  strides: number[],
  dilation: number[] | undefined,
  channels: Dim,
): Tensor | LayerProblem {
  // The input's dims copied once and sized in place, with a loop rather than map and findIndex: this runs
  // for every convolution and pooling of every evaluation.
  const first = channelsFirst(ctx);
  const dims = ctx.inputs[0].dims.slice();
  const axes = dims.length - 1;
  const at = first ? 1 : 0;
  let bad = 0;
  for (; bad < axes; bad++) {
    const len = (dims[at + bad] = windowLength(dims[at + bad], kernel[bad], pad, strides[bad], dilation?.[bad]));
    if (len !== null && len <= 0) break;
  }
  dims[first ? 0 : axes] = channels;
  if (bad === axes) return tensor(dims, !first);
  return {
    field: 'kernel_size' in ctx.values ? 'kernel_size' : 'pool_size',
    message: `the window (${kernel.join('×')}) is larger than the input (${spatialOf(ctx).map(String).join('×')}) on axis ${bad + 1}`,
    hint: pad === 'valid' ? "use padding='same' or a smaller window" : 'use a smaller window',
  };
}

const SLOT_BITS = 8;
const KEYS = 6;
const mix = (hash: number, x: number) => Math.imul(hash ^ x, 0x9e3779b1);

/**
 * Weight lists shared between layers of the same sizes. Lists and shapes are never changed once made, and
 * designs repeat a few sizes, so a rule that runs for every node of every evaluation makes each list once
 * rather than once per node (five to seven objects, the most an evaluation allocates after its results).
 * A small table: each slot holds the last list made for the numbers that land in it. `find` the list for
 * up to six numbers, which must be everything the list depends on (sizes, and the convention and flags as
 * numbers); when there is none, make it and `keep` it. One table per rule.
 */
export class WeightLists {
  // NaN equals nothing: an empty slot never matches.
  readonly #keys = new Float64Array(KEYS << SLOT_BITS).fill(NaN);
  readonly #lists = new Array<WeightSpec[] | undefined>(1 << SLOT_BITS);
  readonly #key = new Float64Array(KEYS);
  #slot = 0;

  find(a: number, b: number, c = 0, d = 0, e = 0, f = 0): WeightSpec[] | undefined {
    const slot = (this.#slot = mix(mix(mix(mix(mix(mix(0, a), b), c), d), e), f) >>> (32 - SLOT_BITS));
    const keys = this.#keys;
    const at = slot * KEYS;
    if (keys[at] === a && keys[at + 1] === b && keys[at + 2] === c && keys[at + 3] === d && keys[at + 4] === e && keys[at + 5] === f)
      return this.#lists[slot];
    const key = this.#key;
    (key[0] = a), (key[1] = b), (key[2] = c), (key[3] = d), (key[4] = e), (key[5] = f);
    return undefined;
  }

  /** Holds `list` for the numbers of the last `find`. */
  keep(list: WeightSpec[]): WeightSpec[] {
    this.#keys.set(this.#key, this.#slot * KEYS);
    this.#lists[this.#slot] = list;
    return list;
  }
}

/**
 * A layer that keeps its input's shape and holds no weights (activations, dropout and noise, masking): one
 * input, its output the input itself. Its summary shows the required fields, and the others where changed.
 */
export const shapeKeeping = (type: string, family: Family, description: string, fields: FieldSpec[], more: Partial<LayerSpec> = {}): LayerSpec => ({
  type,
  family,
  description,
  fields,
  summary: fields.filter((f) => f.name !== 'data_format').map((f) => (f.required ? f.name : `${f.name}?`)),
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => ctx.inputs[0],
  ...more,
});

/** `3×3` style text for per-axis sizes. */
export const times = (values: readonly (number | string)[]): string => values.join('×');

/** The element count of a weight shape, exact at any size. */
export function sizeOf(shape: readonly number[]): bigint {
  // In floating point while that is exact (the usual case), in bigint beyond 2^53.
  let n = 1;
  for (const d of shape) n *= d;
  if (Number.isSafeInteger(n)) return BigInt(n);
  let exact = 1n;
  for (const d of shape) exact *= BigInt(d);
  return exact;
}

// ── Cost rules (MACs). Not on the evaluator's path: they run only when a cost is read. ──

/**
 * The product of sizes, exactly (MACs pass 2^53 readily); null when one is a variable (None) axis, unless
 * another is 0: a pass-through layer over a sequence of any length is still 0 MACs.
 */
export function exactProduct(factors: readonly (Dim | bigint)[]): bigint | null {
  let n = 1n;
  let variable = false;
  for (const f of factors) {
    if (f === null) variable = true;
    else n *= BigInt(f);
  }
  return variable && n !== 0n ? null : n;
}

/** A sum whose parts may be unknown: unknown then too, since a partial sum would understate. */
export function exactSum(parts: readonly (bigint | null)[]): bigint | null {
  let n = 0n;
  for (const p of parts) {
    if (p === null) return null;
    n += p;
  }
  return n;
}

/** Where a per-position rule (Dense, an attention projection) runs: every axis but the last. */
export const positionsOf = (t: Tensor): bigint | null => exactProduct(t.dims.slice(0, -1));

/** Every element of a tensor. */
export const elementsOf = (t: Tensor): bigint | null => exactProduct(t.dims);

/** A rule's MACs as a bigint: a number that is not a size is unknown. */
const exactMacs = (macs: bigint | number | null): bigint | null =>
  typeof macs !== 'number' ? macs : Number.isSafeInteger(macs) && macs >= 0 ? BigInt(macs) : null;

/** A layer's MACs from its rule, as a bigint; the rule's absence is 0, a number that is not a size is unknown. */
export const layerMacs = (spec: LayerSpec, ctx: LayerContext, outputs: readonly Tensor[]): bigint | null =>
  exactMacs(spec.macs ? spec.macs(ctx, outputs) : 0n);

/** What one token computes of `macs` (worked out): the layer's own `activeMacs`, else all of them. */
export const layerActiveMacs = (spec: LayerSpec, ctx: LayerContext, outputs: readonly Tensor[], macs: bigint | null): bigint | null =>
  spec.activeMacs ? exactMacs(spec.activeMacs(ctx, outputs)) : macs;

/** The MACs of a layer inside another (wrapped, one step of a recurrence): its shape rule first, for its outputs. */
export function innerMacs(spec: LayerSpec, ctx: LayerContext): bigint | null {
  const out = spec.inferShape(ctx);
  const outputs = Array.isArray(out) ? out : 'dims' in out ? [out] : undefined;
  return outputs ? layerMacs(spec, ctx, outputs) : null;
}
