import type { LayerProblem } from '../../problem';
import { looksSpatial, tensor, type Tensor } from '../../tensor';
import { exactProduct, exactSum, innerContext, innerMacs, requireRank } from '../common';
import { nested, optNested } from '../fields';
import { group, layerFormula } from '../formula';
import type { LayerContext, LayerSpec, NestedContext, WeightSpec } from '../types';

// Which layers each wrapper takes is read from their specs, never listed here.
const RECURRENT = { test: (spec: LayerSpec) => spec.recurrent === true, what: 'a recurrent layer (SimpleRNN, GRU, LSTM…)' };
/** Any one-input, one-output layer, as Keras's TimeDistributed takes any layer; not a source. */
const PER_STEP = {
  test: (spec: LayerSpec) => !spec.source && spec.perStep !== false && spec.inputs.min <= 1 && spec.inputs.max >= 1,
  what: 'a layer that takes one input',
};

/** The wrapped layer's context: same convention and sources, its own fields, the given inputs. */
function inner(ctx: LayerContext, inputs: Tensor[], field = 'layer') {
  // backward_layer may be None: then it is a copy of layer.
  const { spec, values } = optNested(ctx, field) ?? nested(ctx, 'layer');
  return { spec, ctx: innerContext(ctx, inputs, values) };
}

/** One direction's inputs: the sequence, then its half of the initial states (Keras gives the forward half first). */
function directionInputs(ctx: LayerContext, forward: boolean): Tensor[] {
  const states = ctx.inputs.slice(1);
  const half = states.length / 2;
  return [ctx.inputs[0], ...(forward ? states.slice(0, half) : states.slice(half))];
}

/** Output and weights of one direction: `layer` forwards, `backward_layer` (or a copy of `layer`) backwards. */
function direction(ctx: LayerContext, forward: boolean) {
  const { spec, ctx: innerCtx } = inner(ctx, directionInputs(ctx, forward), forward ? 'layer' : 'backward_layer');
  return {
    shape: () => spec.inferShape(innerCtx),
    weights: () => spec.weights?.(innerCtx) ?? [],
    formula: () => group(layerFormula(spec, innerCtx)),
    macs: () => innerMacs(spec, innerCtx),
    note: () => spec.conventionNote?.(innerCtx),
  };
}

const nestedProblem = (p: LayerProblem): LayerProblem => ({ ...p, field: p.field ? `layer.${p.field}` : 'layer' });
const severalOutputs = (type: string): LayerProblem => ({ field: 'layer', message: `${type} cannot wrap a layer with several outputs` });

const perStepInput = (ctx: LayerContext) => {
  const rest = ctx.inputs[0].dims.slice(1);
  return tensor(rest, looksSpatial(rest));
};

/** The two directions' outputs merged as merge_mode says (None: both, as they are). */
function merge(ctx: LayerContext, f: Tensor, b: Tensor): Tensor | Tensor[] | LayerProblem {
  const mode = ctx.values.merge_mode as string | null;
  if (mode === null) return [f, b];
  const [fLast, bLast] = [f.dims[f.dims.length - 1], b.dims[b.dims.length - 1]];
  if (mode !== 'concat') {
    if (fLast !== bLast) return { field: 'backward_layer', message: `merge_mode '${mode}' needs both directions to have ${fLast} units, backward has ${bLast}` };
    return f;
  }
  return tensor([...f.dims.slice(0, -1), fLast === null || bLast === null ? null : fLast + bLast], f.spatial);
}

export const Bidirectional: LayerSpec = {
  type: 'Bidirectional',
  family: 'wrapper',
  description: 'Bidirectional wrapper for RNNs.',
  pytorch: 'nn.LSTM/GRU/RNN(bidirectional=True)',
  fields: [
    { name: 'layer', kind: 'layer', required: true, default: { type: 'LSTM', fields: { units: 32 } }, accepts: RECURRENT },
    { name: 'merge_mode', kind: 'enum', default: 'concat', options: ['concat', 'sum', 'mul', 'ave', null] },
    {
      name: 'backward_layer',
      kind: 'layer',
      default: null,
      nullable: true,
      accepts: RECURRENT,
      help: 'None: a copy of layer, run backwards',
      // Keras refuses a backward_layer that runs the same way as layer.
      kerasConfig: { go_backwards: true },
    },
  ],
  summary: ['layer', 'merge_mode?'],
  // The sequence, then initial states for both directions (an LSTM's h and c each: four at most).
  inputs: { min: 1, max: 5 },
  inferShape: (ctx) => {
    if ((ctx.inputs.length - 1) % 2)
      return { field: 'inputs', message: `Bidirectional takes initial states for both directions alike, got ${ctx.inputs.length - 1}` };
    // A torch stack (num_layers, bidirectional) feeds each layer both directions' outputs: no pair of stacks is that.
    for (const field of ['layer', 'backward_layer'] as const) {
      const values = (ctx.values[field] as NestedContext | undefined)?.values;
      if (values && (((values.num_layers as number | undefined) ?? 1) > 1 || values.bidirectional === true))
        return { field: `${field}.${values.bidirectional === true ? 'bidirectional' : 'num_layers'}`, message: 'Bidirectional wraps a single layer: set bidirectional and num_layers on the layer itself instead' };
    }
    const [forward, backward] = [direction(ctx, true).shape(), direction(ctx, false).shape()];
    // A wrong initial state is a problem of this layer's inputs; anything else, of the wrapped layer's fields.
    const placed = (p: LayerProblem, field: string) => ({ ...p, field: p.field === 'inputs' ? p.field : p.field ? `${field}.${p.field}` : field });
    for (const [out, field] of [[forward, 'layer'], [backward, 'backward_layer']] as const)
      if (!Array.isArray(out) && !('dims' in out)) return placed(out, field);
    // With return_state each direction also gives its final states: Keras outputs them after the merged output.
    const [f, ...forwardStates] = Array.isArray(forward) ? forward : [forward as Tensor];
    const [b, ...backwardStates] = Array.isArray(backward) ? backward : [backward as Tensor];
    const states = [...forwardStates, ...backwardStates];
    const merged = merge(ctx, f, b);
    if (!Array.isArray(merged) && !('dims' in merged)) return merged;
    if (!states.length) return merged;
    return [...(Array.isArray(merged) ? merged : [merged]), ...states];
  },
  weights: (ctx) => {
    const torch = ctx.convention === 'pytorch';
    const named = (w: WeightSpec, forward: boolean): WeightSpec => ({
      ...w,
      name: torch ? `${w.name}${forward ? '' : '_reverse'}` : `${forward ? 'forward' : 'backward'}/${w.name}`,
    });
    return [true, false].flatMap((forward) => direction(ctx, forward).weights().map((w) => named(w, forward)));
  },
  formula: (ctx) => {
    const [forward, backward] = [direction(ctx, true).formula(), direction(ctx, false).formula()];
    return forward === backward ? `2 × ${forward}` : `${forward} + ${backward}`;
  },
  // Both directions run over the whole sequence; merging them is element-wise, not MACs.
  macs: (ctx) => exactSum([direction(ctx, true).macs(), direction(ctx, false).macs()]),
  conventionNote: (ctx) => {
    const note = direction(ctx, true).note() ?? direction(ctx, false).note();
    return note && `In each direction: ${note}`;
  },
};

export const TimeDistributed: LayerSpec = {
  type: 'TimeDistributed',
  family: 'wrapper',
  description: 'This wrapper allows to apply a layer to every temporal slice of an input.',
  fields: [{ name: 'layer', kind: 'layer', required: true, default: { type: 'Dense', fields: { units: 32 } }, accepts: PER_STEP }],
  summary: ['layer'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const input = ctx.inputs[0];
    if (input.dims.length < 2) return requireRank(ctx, 'TimeDistributed', 2, 'steps, features…')!;
    const { spec, ctx: innerCtx } = inner(ctx, [perStepInput(ctx)]);
    const out = spec.inferShape(innerCtx);
    if (Array.isArray(out)) return severalOutputs('TimeDistributed');
    if (!('dims' in out)) return nestedProblem(out);
    return tensor([input.dims[0], ...out.dims]);
  },
  weights: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, [perStepInput(ctx)]);
    return spec.weights?.(innerCtx) ?? [];
  },
  formula: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, [perStepInput(ctx)]);
    return layerFormula(spec, innerCtx);
  },
  macs: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, [perStepInput(ctx)]);
    return exactProduct([ctx.inputs[0].dims[0], innerMacs(spec, innerCtx)]);
  },
  conventionNote: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, [perStepInput(ctx)]);
    return spec.conventionNote?.(innerCtx);
  },
};


/** Layers with a kernel (Keras's `layer.kernel`, or an Embedding's `embeddings`): what SpectralNormalization takes. */
const WITH_KERNEL = { test: (spec: LayerSpec) => spec.kernel !== undefined, what: 'a layer with a kernel (Dense, Conv2D, Embedding…)' };

/**
 * The wrapped layer's weights, and what spectral normalisation keeps beside its kernel: Keras a non-trainable
 * vector u of (1, kernel's last axis) (SpectralNormalization.build); PyTorch's spectral_norm renames the
 * weight `weight_orig` and keeps u and v as buffers, u one per row along `torchDim`, v the rest.
 */
function spectralWeights(ctx: LayerContext): WeightSpec[] {
  const { spec, ctx: innerCtx } = inner(ctx, ctx.inputs);
  const weights = spec.weights?.(innerCtx) ?? [];
  const { name, torchDim = 0 } = spec.kernel!;
  const torch = ctx.convention === 'pytorch';
  const kernel = (torch && weights.find((w) => w.name === 'weight')) || weights.find((w) => w.name === name);
  if (!kernel) return weights;
  if (!torch) return [...weights, { name: 'vector_u', shape: [1, kernel.shape[kernel.shape.length - 1]], role: 'non-trainable' }];
  const rows = kernel.shape[torchDim];
  const rest = kernel.shape.reduce((n, d) => n * d, 1) / rows;
  return [
    ...weights.map((w) => (w === kernel ? { ...w, name: `${w.name}_orig` } : w)),
    { name: `${kernel.name}_u`, shape: [rows], role: 'buffer' },
    { name: `${kernel.name}_v`, shape: [rest], role: 'buffer' },
  ];
}

export const SpectralNormalization: LayerSpec = {
  type: 'SpectralNormalization',
  family: 'wrapper',
  description: 'Performs spectral normalization on the weights of a target layer.',
  pytorch: 'nn.utils.spectral_norm',
  fields: [
    { name: 'layer', kind: 'layer', required: true, default: { type: 'Dense', fields: { units: 32 } }, accepts: WITH_KERNEL },
    { name: 'power_iterations', kind: 'int', default: 1, min: 1 },
  ],
  summary: ['layer'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, ctx.inputs);
    const out = spec.inferShape(innerCtx);
    if (Array.isArray(out)) return severalOutputs('SpectralNormalization');
    return 'dims' in out ? out : nestedProblem(out);
  },
  weights: spectralWeights,
  // The wrapped layer's own formula, and u where Keras counts it.
  formula: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, ctx.inputs);
    const own = layerFormula(spec, innerCtx);
    const u = spectralWeights(ctx).find((w) => w.name === 'vector_u');
    return u ? `${own} + 1×${u.shape[1]}` : own;
  },
  macs: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, ctx.inputs);
    return innerMacs(spec, innerCtx);
  },
  conventionNote: (ctx) => {
    // As Keras counts it, whichever convention is shown (sources read only if a rule asks, as the evaluator's are).
    const keras: LayerContext = { convention: 'keras', inputs: ctx.inputs, values: ctx.values, get sources() { return ctx.sources; } };
    const u = spectralWeights(keras).find((w) => w.name === 'vector_u');
    return u && `Keras counts the power iteration's vector u (${u.shape[1]}) as a non-trainable weight; PyTorch's spectral_norm keeps u and v as buffers.`;
  },
};
