import { lastDim, tensor, type Tensor } from '../../tensor';
import type { LayerProblem } from '../../problem';
import { activation, exactProduct, exactSum, innerContext, innerMacs, requireRank, useBias } from '../common';
import { int, nested, optNested } from '../fields';
import { group, layerFormula } from '../formula';
import type { FieldSpec, LayerContext, LayerSpec, NestedContext, WeightSpec } from '../types';
import { gateFormula, gateMacs, gateNote, gateWeights, overSequence, resetAfter, sequenceFields } from './recurrent';

// Keras's generic RNN layer runs a cell (one step of a recurrence) over a sequence; a StackedRNNCells is a
// cell made of cells, each reading the output of the one below. Which layers are cells is read from their specs.
const CELL = { test: (spec: LayerSpec) => spec.cell !== undefined, what: 'an RNN cell (SimpleRNNCell, GRUCell, LSTMCell, StackedRNNCells)' };
const ONE_CELL = {
  test: (spec: LayerSpec) => spec.cell !== undefined && !spec.cell.stack,
  what: 'one RNN cell (SimpleRNNCell, GRUCell, LSTMCell)',
};

/** A cell's step: its input is one step's features. */
function stepProblem(ctx: LayerContext, type: string): LayerProblem | undefined {
  const wrongRank = requireRank(ctx, type, 1, "one step's features");
  if (wrongRank) return { ...wrongRank, hint: 'an RNN layer runs a cell over a sequence: RNN with this cell' };
  return lastDim(ctx.inputs[0]) === null ? { message: `${type} needs a known feature size` } : undefined;
}

/** SimpleRNNCell, GRUCell, LSTMCell: the gates of SimpleRNN, GRU and LSTM, for one step. PyTorch's nn.LSTMCell names have no `_l0`. */
function gateCell(type: string, gates: number, pytorch: string, layer: string, extra: FieldSpec[] = []): LayerSpec {
  const states = gates === 4 ? 2 : 1;
  return {
    type,
    family: 'recurrent',
    description: `Cell class for ${layer}.`,
    pytorch,
    cell: { states: (ctx) => Array<number>(states).fill(int(ctx, 'units')) },
    perStep: false,
    fields: [{ name: 'units', kind: 'int', required: true, default: 32, min: 1 }, activation('tanh'), useBias, ...extra],
    summary: ['units', ...extra.map((f) => `${f.name}?`)],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => stepProblem(ctx, type) ?? tensor([int(ctx, 'units')]),
    weights: (ctx) => gateWeights(ctx, gates, { suffix: '' }),
    formula: (ctx) => gateFormula(ctx, gates),
    macs: (ctx) => gateMacs(ctx, gates),
    conventionNote: (ctx) => gateNote(ctx, gates),
  };
}

export const SimpleRNNCell = gateCell('SimpleRNNCell', 1, 'nn.RNNCell', 'SimpleRNN');
export const GRUCell = gateCell('GRUCell', 3, 'nn.GRUCell', 'the GRU layer', [resetAfter]);
export const LSTMCell = gateCell('LSTMCell', 4, 'nn.LSTMCell', 'the LSTM layer');

/** One cell at its place in a stack: its context (its input the output of the cell below) and its output. */
interface Link {
  spec: LayerSpec;
  ctx: LayerContext;
  output: Tensor;
}

const placed = (p: LayerProblem, field: string): LayerProblem => ({ ...p, field: p.field ? `${field}.${p.field}` : field });

/** A cell (or a stack, as its cells) reading `input`, or what is wrong with it, placed on `field`. */
function linksOf(ctx: LayerContext, { spec, values }: NestedContext, input: Tensor, field: string): Link[] | LayerProblem {
  const inner = innerContext(ctx, [input], values);
  if (spec.cell?.stack) {
    const links = stackLinks(inner);
    return Array.isArray(links) ? links : placed(links, field);
  }
  const output = spec.inferShape(inner);
  if (Array.isArray(output) || !('dims' in output)) return placed(Array.isArray(output) ? { message: 'a cell has one output' } : output, field);
  return [{ spec, ctx: inner, output }];
}

/** A stack's cells, bottom first: `cell`, then `next`'s (one cell, or another stack's). */
function stackLinks(ctx: LayerContext): Link[] | LayerProblem {
  const bottom = linksOf(ctx, nested(ctx, 'cell'), ctx.inputs[0], 'cell');
  const next = optNested(ctx, 'next');
  if (!Array.isArray(bottom) || !next) return bottom;
  const above = linksOf(ctx, next, bottom[bottom.length - 1].output, 'next');
  return Array.isArray(above) ? [...bottom, ...above] : above;
}

/** Called only after the shape rule succeeded: the links are there. */
const links = (ctx: LayerContext) => stackLinks(ctx) as Link[];

const STACK = 'StackedRNNCells';

/** Keras 3 and TensorFlow.js write a stack's `cells` as a list; the catalog holds it as a chain (`cell`, then `next`). */
function cellsToChain(config: Record<string, unknown>): Record<string, unknown> {
  const { cells, ...rest } = config;
  if (!Array.isArray(cells)) return config;
  const [bottom, ...above] = cells as unknown[];
  if (!above.length) return { ...rest, cell: bottom };
  return { ...rest, cell: bottom, next: above.length === 1 ? above[0] : { class_name: STACK, config: { cells: above } } };
}

/** The exporter's inverse: the chain written back as Keras's list (a `next` stack's cells follow the bottom one). */
function chainToCells(config: Record<string, unknown>): Record<string, unknown> {
  const { cell, next, ...rest } = config;
  if (cell === undefined) return config;
  const stack = next as { class_name?: string; config?: { cells?: unknown[] } } | undefined;
  const above = stack === undefined ? [] : stack.class_name === STACK ? (stack.config?.cells ?? []) : [stack];
  return { ...rest, cells: [cell, ...above] };
}

/** Each cell's weights under its place in the stack: `RNNCell_k/kernel` (as TensorFlow.js names them), PyTorch's `weight_ih_lk`. */
const stackWeight = (w: WeightSpec, k: number, torch: boolean): WeightSpec => ({ ...w, name: torch ? `${w.name}_l${k}` : `RNNCell_${k}/${w.name}` });

export const StackedRNNCells: LayerSpec = {
  type: STACK,
  family: 'recurrent',
  description: 'Wrapper allowing a stack of RNN cells to behave as a single cell.',
  pytorch: 'nn.LSTM/GRU/RNN(num_layers)',
  cell: { states: (ctx) => links(ctx).flatMap((l) => l.spec.cell!.states(l.ctx)), stack: true },
  perStep: false,
  fromKerasConfig: cellsToChain,
  toKerasConfig: chainToCells,
  fields: [
    { name: 'cell', kind: 'layer', required: true, default: { type: 'LSTMCell', fields: { units: 32 } }, accepts: ONE_CELL, help: 'The bottom cell' },
    {
      name: 'next',
      kind: 'layer',
      default: null,
      nullable: true,
      accepts: CELL,
      help: 'The cells above it, reading its output: one cell, or another stack; None: none',
    },
  ],
  summary: ['cell', 'next?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const wrong = stepProblem(ctx, STACK);
    if (wrong) return wrong;
    const found = stackLinks(ctx);
    return Array.isArray(found) ? found[found.length - 1].output : found;
  },
  weights: (ctx) => {
    const torch = ctx.convention === 'pytorch';
    return links(ctx).flatMap((l, k) => (l.spec.weights?.(l.ctx) ?? []).map((w) => stackWeight(w, k, torch)));
  },
  formula: (ctx) => links(ctx).map((l) => group(layerFormula(l.spec, l.ctx))).join(' + '),
  macs: (ctx) => exactSum(links(ctx).map((l) => innerMacs(l.spec, l.ctx))),
  conventionNote: (ctx) => links(ctx).map((l) => l.spec.conventionNote?.(l.ctx)).find(Boolean),
};

/** The RNN's cell, reading one step of its sequence. Called after the shape rule succeeded. */
function stepOf(ctx: LayerContext) {
  const { spec, values } = nested(ctx, 'cell');
  return { spec, ctx: innerContext(ctx, [tensor([lastDim(ctx.inputs[0])])], values) };
}

export const RNN: LayerSpec = {
  type: 'RNN',
  family: 'recurrent',
  recurrent: true,
  description: 'Base class for recurrent layers.',
  pytorch: 'nn.RNN / nn.GRU / nn.LSTM',
  fields: [
    { name: 'cell', kind: 'layer', required: true, default: { type: 'LSTMCell', fields: { units: 32 } }, accepts: CELL },
    ...sequenceFields("the cell's states"),
  ],
  // TensorFlow.js copies the cell's settings (and a stack's cells) into the RNN's own config: the cell's are read.
  kerasIgnored: ['units', 'activation', 'use_bias', 'reset_after', 'cells'],
  summary: ['cell', 'return_sequences?', 'return_state?'],
  // The sequence, then (optionally) the initial states of all the cell's states: a stack's may be many.
  inputs: { min: 1, max: Infinity },
  inferShape: (ctx) =>
    overSequence(ctx, 'RNN', (features) => {
      const { spec, values } = nested(ctx, 'cell');
      const step = innerContext(ctx, [features], values);
      const out = spec.inferShape(step);
      if (Array.isArray(out) || !('dims' in out)) return placed(Array.isArray(out) ? { message: 'a cell has one output' } : out, 'cell');
      return { output: out.dims[0] as number, states: spec.cell!.states(step) };
    }),
  // One cell is layer 0 of PyTorch's nn.LSTM (weight_ih_l0); a stack names its layers itself.
  weights: (ctx) => {
    const { spec, ctx: step } = stepOf(ctx);
    const weights = spec.weights?.(step) ?? [];
    return ctx.convention === 'pytorch' && !spec.cell!.stack ? weights.map((w) => ({ ...w, name: `${w.name}_l0` })) : weights;
  },
  formula: (ctx) => {
    const { spec, ctx: step } = stepOf(ctx);
    return layerFormula(spec, step);
  },
  macs: (ctx) => {
    const { spec, ctx: step } = stepOf(ctx);
    return exactProduct([ctx.inputs[0].dims[0], innerMacs(spec, step)]);
  },
  conventionNote: (ctx) => {
    const { spec, ctx: step } = stepOf(ctx);
    return spec.conventionNote?.(step);
  },
};
