import type { LayerProblem } from '../../problem';
import { tensor, type Tensor } from '../../tensor';
import { requireRank } from '../common';
import { nested } from '../fields';
import type { LayerContext, LayerSpec, WeightSpec } from '../types';

const RECURRENT = ['SimpleRNN', 'GRU', 'LSTM'];
const PER_STEP = [
  'Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose',
  'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
  'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D',
  'Flatten', 'Reshape', 'Dropout', 'Activation', 'ZeroPadding2D', 'Cropping2D', 'UpSampling2D', 'RepeatVector',
  'Embedding', 'BatchNormalization', 'LayerNormalization', ...RECURRENT,
];

/** The wrapped layer's context: same convention and sources, its own fields, the given input. */
function inner(ctx: LayerContext, input: Tensor) {
  const { spec, values } = nested(ctx, 'layer');
  return { spec, ctx: { ...ctx, values, inputs: [input] } };
}

/** Brackets an expression with a top-level sum, so that `2 × …` multiplies all of it. */
const group = (expr: string) => (/^[^[(]*\+/.test(expr.replace(/\([^)]*\)|\[[^\]]*\]/g, '')) ? `[${expr}]` : expr);

const nestedProblem = (p: LayerProblem): LayerProblem => ({ ...p, field: p.field ? `layer.${p.field}` : 'layer' });
const severalOutputs = (type: string): LayerProblem => ({ field: 'layer', message: `${type} cannot wrap a layer with several outputs` });

const perStepInput = (ctx: LayerContext) => {
  const rest = ctx.inputs[0].dims.slice(1);
  return tensor(rest, rest.length >= 3);
};

export const Bidirectional: LayerSpec = {
  type: 'Bidirectional',
  family: 'wrapper',
  description: 'Runs the wrapped RNN forwards and backwards: twice its weights, outputs merged.',
  pytorch: 'nn.LSTM/GRU/RNN(bidirectional=True)',
  fields: [
    { name: 'layer', kind: 'layer', default: { type: 'LSTM', fields: { units: 32 } }, accepts: RECURRENT },
    { name: 'merge_mode', kind: 'enum', default: 'concat', options: ['concat', 'sum', 'mul', 'ave', null] },
  ],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, ctx.inputs[0]);
    const out = spec.inferShape(innerCtx);
    if (Array.isArray(out)) return severalOutputs('Bidirectional');
    if (!('dims' in out)) return nestedProblem(out);
    const mode = ctx.values.merge_mode as string | null;
    if (mode === null) return [out, out];
    if (mode !== 'concat') return out;
    const last = out.dims[out.dims.length - 1];
    return tensor([...out.dims.slice(0, -1), last === null ? null : last * 2], out.spatial);
  },
  weights: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, ctx.inputs[0]);
    const one = spec.weights?.(innerCtx) ?? [];
    const torch = ctx.convention === 'pytorch';
    const named = (w: WeightSpec, forward: boolean): WeightSpec => ({
      ...w,
      name: torch ? `${w.name}${forward ? '' : '_reverse'}` : `${forward ? 'forward' : 'backward'}/${w.name}`,
    });
    return [...one.map((w) => named(w, true)), ...one.map((w) => named(w, false))];
  },
  formula: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, ctx.inputs[0]);
    return `2 × ${group(spec.formula?.(innerCtx) ?? '0')}`;
  },
  conventionNote: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, ctx.inputs[0]);
    return spec.conventionNote?.(innerCtx);
  },
};

export const TimeDistributed: LayerSpec = {
  type: 'TimeDistributed',
  family: 'wrapper',
  description: 'Applies the wrapped layer to every time step with the same weights.',
  fields: [{ name: 'layer', kind: 'layer', default: { type: 'Dense', fields: { units: 32 } }, accepts: PER_STEP }],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const input = ctx.inputs[0];
    if (input.dims.length < 2) return requireRank(ctx, 'TimeDistributed', 2, 'steps, features…')!;
    const { spec, ctx: innerCtx } = inner(ctx, perStepInput(ctx));
    const out = spec.inferShape(innerCtx);
    if (Array.isArray(out)) return severalOutputs('TimeDistributed');
    if (!('dims' in out)) return nestedProblem(out);
    return tensor([input.dims[0], ...out.dims]);
  },
  weights: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, perStepInput(ctx));
    return spec.weights?.(innerCtx) ?? [];
  },
  formula: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, perStepInput(ctx));
    return spec.formula?.(innerCtx) ?? '0';
  },
  conventionNote: (ctx) => {
    const { spec, ctx: innerCtx } = inner(ctx, perStepInput(ctx));
    return spec.conventionNote?.(innerCtx);
  },
};

