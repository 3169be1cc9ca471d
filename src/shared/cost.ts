// Cost beyond parameters: multiply-accumulates, activation and parameter memory per layer (each node's
// lazy `cost`), their totals, and a training-memory budget. The MACs convention is docs/cost.md's; each
// layer family declares its own rule (`macs` in its catalog module). Nothing here runs while a design is
// evaluated: costs are worked out when read.
import { elementsOf, exactSum, layerActiveMacs, layerMacs } from './catalog/common';
import type { LayerContext, LayerSpec } from './catalog/types';
import type { Evaluation } from './evaluate';
import type { Tensor } from './tensor';

export type Dtype = 'fp32' | 'fp16' | 'int8';
export type Optimizer = 'sgd' | 'sgd-momentum' | 'adam';

/** Bytes at each storage type. */
export type Bytes = Record<Dtype, bigint>;

const BYTES_PER_VALUE: Bytes = { fp32: 4n, fp16: 2n, int8: 1n };
/** What each optimizer keeps per trainable parameter besides its gradient: momentum one value, Adam two (m and v). */
const STATE_PER_PARAM: Record<Optimizer, bigint> = { sgd: 0n, 'sgd-momentum': 1n, adam: 2n };

export const bytesOf = (values: bigint): Bytes => ({ fp32: values * 4n, fp16: values * 2n, int8: values });

// Options come from callers outside TypeScript's reach (the CLI, the API): 'toString' must not find a prototype's function.
function lookup<K extends string, V>(table: Record<K, V>, key: string, what: string): V {
  if (!Object.hasOwn(table, key)) throw new RangeError(`${what} must be one of ${Object.keys(table).join(', ')}, got ${JSON.stringify(key)}`);
  return table[key as K];
}

export interface LayerCost {
  /** Multiply-accumulates for one sample; null when the layer was not counted or a variable (None) axis decides it. */
  macs: bigint | null;
  /** What one token computes of them: less only where a layer holds experts it does not all run (a mixture's). */
  activeMacs: bigint | null;
  /** Elements of the layer's outputs for one sample (batch size 1); null when a non-batch axis is variable. */
  activations: bigint | null;
  activationBytes: Bytes | null;
  /** The layer's parameters (trainable and non-trainable; PyTorch buffers are not parameters) at each dtype. */
  paramBytes: Bytes | null;
}

/** A node's cost, from its layer's rules and context (undefined when not counted), its outputs and its count. */
export function layerCost(
  layer: { spec: LayerSpec; ctx: LayerContext } | undefined,
  outputs: readonly Tensor[] | null,
  params: bigint | null,
): LayerCost {
  const macs = layer && outputs ? layerMacs(layer.spec, layer.ctx, outputs) : null;
  const activations = outputs && exactSum(outputs.map(elementsOf));
  return {
    macs,
    activeMacs: layer && outputs ? layerActiveMacs(layer.spec, layer.ctx, outputs, macs) : null,
    activations,
    activationBytes: activations === null ? null : bytesOf(activations),
    paramBytes: params === null ? null : bytesOf(params),
  };
}

export interface CostTotals {
  /**
   * Sums over every layer; null when some layer's is unknown (a variable axis, or a layer that could not
   * be counted): a sum missing a part would understate, often by most of it (a recurrent layer's MACs).
   */
  macs: bigint | null;
  /** What one token computes: `macs` with a mixture's unused experts left out. */
  activeMacs: bigint | null;
  /** Output elements of every layer, the Input included, for one sample. */
  activations: bigint | null;
  activationBytes: Bytes | null;
  /** Of the parameter total (the counted layers', as `totals.params`). */
  paramBytes: Bytes;
}

export function costTotals(evaluation: Evaluation): CostTotals {
  const costs = evaluation.results.map((r) => r.cost);
  const activations = exactSum(costs.map((c) => c.activations));
  return {
    macs: exactSum(costs.map((c) => c.macs)),
    activeMacs: exactSum(costs.map((c) => c.activeMacs)),
    activations,
    activationBytes: activations === null ? null : bytesOf(activations),
    paramBytes: bytesOf(evaluation.totals.params),
  };
}

export interface TrainingMemoryOptions {
  /** Samples per step: activations scale with it, nothing else does. */
  batchSize: number;
  /** One storage type for everything (fp32 by default); mixed precision's fp32 master weights are not modelled. */
  dtype?: Dtype;
  optimizer: Optimizer;
}

/** Bytes needed to train one step, by what holds them. */
export interface TrainingMemory {
  batchSize: number;
  dtype: Dtype;
  optimizer: Optimizer;
  /** Every parameter, trainable or not (Keras's moving statistics included). */
  weights: bigint;
  /** One per trainable parameter (frozen layers have none). */
  gradients: bigint;
  /** Momentum: one value per trainable parameter; Adam: two; plain SGD: none. */
  optimizerState: bigint;
  /** Every layer's outputs, kept for the backward pass, × batch size; null when a non-batch axis is variable. */
  activations: bigint | null;
  /** The four together; null when the activations are unknown. */
  total: bigint | null;
}

/**
 * The usual back-of-the-envelope training budget: weights + gradients + optimizer state + the activations
 * the backward pass reads (every layer's output, × batch size). It leaves out what frameworks add on top:
 * workspace buffers, allocator fragmentation, activations a fused or in-place op does not keep.
 */
export function trainingMemory(evaluation: Evaluation, options: TrainingMemoryOptions): TrainingMemory {
  const { batchSize, dtype = 'fp32', optimizer } = options;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const bytes = lookup(BYTES_PER_VALUE, dtype, 'dtype');
  const state = lookup(STATE_PER_PARAM, optimizer, 'optimizer');
  const { params, trainable } = evaluation.totals;
  const perSample = costTotals(evaluation).activations;
  const [weights, gradients, optimizerState] = [params * bytes, trainable * bytes, state * trainable * bytes];
  const activations = perSample === null ? null : perSample * BigInt(batchSize) * bytes;
  const total = activations === null ? null : weights + gradients + optimizerState + activations;
  return { batchSize, dtype, optimizer, weights, gradients, optimizerState, activations, total };
}
