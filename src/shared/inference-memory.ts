// What serving a decoder needs in GPU memory: its weights, and the KV cache it fills while generating
// (2 × layers × kv_heads × head_dim values per token, in general each caching layer's keys and values).
// Which layers cache, and how much, each declares in the catalog (`kvCache`); nothing here knows a layer.
import { layerSpec } from './catalog';
import { resolveFields } from './catalog/fields';
import type { FieldValues } from './catalog/types';
import type { Evaluation } from './evaluate';
import type { NodeEvaluation } from './evaluate-node';

export type Precision = 'fp32' | 'fp16' | 'bf16' | 'int8' | 'int4';
export const PRECISIONS: readonly Precision[] = ['fp32', 'fp16', 'bf16', 'int8', 'int4'];
const BITS: Record<Precision, bigint> = { fp32: 32n, fp16: 16n, bf16: 16n, int8: 8n, int4: 4n };

/** The GPU sizes offered at a click (GB as GPU makers mean it here: 2^30 bytes, as the training budget). */
export const GPU_PRESETS_GB: readonly number[] = [16, 24, 40, 80];

/** Whether `bytes` fit in a GPU of `gb` GB (2^30 bytes each); undefined for a size that is not a positive number. */
export const fitsOnGpu = (bytes: bigint, gb: number): boolean | undefined =>
  Number.isFinite(gb) && gb > 0 ? bytes <= BigInt(Math.round(gb * 2 ** 30)) : undefined;

/** Bytes of `values` stored at `precision`; int4 packs two values a byte (an odd one out takes a byte). */
const bytesAt = (values: bigint, precision: Precision): bigint => (values * BITS[precision] + 7n) / 8n;

// A stack's copies share one evaluation of its graph where they are alike: each is summed once, then counted per copy.
const PER_TOKEN = new WeakMap<Evaluation, bigint>();

/** A layer's cached values for one token (keys and values of all its KV heads); 0 for a layer without a cache. */
function layerKvValues(evaluation: Evaluation, r: NodeEvaluation, p: number): bigint {
  if (r.inner?.length) return r.inner.reduce((sum, e) => sum + kvValuesPerToken(e), 0n);
  const spec = layerSpec(r.type);
  // A layer that could not be counted caches nothing (yet); a block's bound input passes its tensor through, weightless.
  if (!spec?.kvCache || !r.params) return 0n;
  const node = evaluation.design.nodes[evaluation.topology.nodeIndex[p]];
  const values = resolveFields(spec, node.fields ?? {}, layerSpec) as FieldValues;
  const { kvHeads, keyDim, valueDim } = spec.kvCache({ convention: evaluation.convention, inputs: [], sources: [], values });
  return BigInt(kvHeads) * BigInt(keyDim + valueDim);
}

/** Values one token leaves in the KV cache, over every caching layer of the design (a block ×N counts N times). */
export function kvValuesPerToken(evaluation: Evaluation): bigint {
  let total = PER_TOKEN.get(evaluation);
  if (total === undefined) {
    total = 0n;
    for (let p = 0; p < evaluation.results.length; p++) total += layerKvValues(evaluation, evaluation.results[p], p);
    PER_TOKEN.set(evaluation, total);
  }
  return total;
}

export interface InferenceMemoryOptions {
  /** Tokens held per sequence: the prompt and what is generated. */
  contextLength: number;
  /** Sequences decoded together. */
  batchSize: number;
  /** One storage type for weights and cache alike. */
  precision: Precision;
}

/** Bytes needed to serve the design, by what holds them. */
export interface InferenceMemory extends InferenceMemoryOptions {
  /** Every parameter at the precision. */
  weights: bigint;
  /** One token's keys and values at the precision (0: nothing in the design caches). */
  kvCachePerToken: bigint;
  /** kvCachePerToken × context length × batch size. */
  kvCache: bigint;
  total: bigint;
}

/**
 * Weights plus a full KV cache: the usual estimate of what generating needs. It leaves out activations of
 * the step being computed (small next to the cache at long contexts), workspace and allocator overhead.
 */
export function inferenceMemory(evaluation: Evaluation, { contextLength, batchSize, precision }: InferenceMemoryOptions): InferenceMemory {
  for (const [name, value] of [['contextLength', contextLength], ['batchSize', batchSize]] as const)
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  if (!Object.hasOwn(BITS, precision)) throw new RangeError(`precision must be one of ${PRECISIONS.join(', ')}, got ${JSON.stringify(precision)}`);
  const weights = bytesAt(evaluation.totals.params, precision);
  const perToken = kvValuesPerToken(evaluation);
  const kvCache = bytesAt(perToken * BigInt(contextLength) * BigInt(batchSize), precision);
  return { contextLength, batchSize, precision, weights, kvCachePerToken: bytesAt(perToken, precision), kvCache, total: weights + kvCache };
}
