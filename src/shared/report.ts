import { costTotals } from './cost';
import type { Convention } from './design';
import { layerRows } from './blocks/rows';
import { evaluateDesign, listProblems } from './evaluate';
import type { ImportResult } from './keras/import';
import { checkFileParams } from './keras/weight-check';
import { unknownFields } from './catalog/unknown-fields';
import type { Problem } from './problem';
import { displayShape, type Dim } from './tensor';

/** Counts as JSON numbers where they are exact, decimal strings beyond 2^53. */
export type JsonCount = number | string;

export interface LayerReport {
  name: string;
  type: string;
  /** With the batch axis as null; a list of shapes for layers with several outputs; null if unknown. */
  outputShape: Dim[] | Dim[][] | null;
  params: JsonCount | null;
  trainable: JsonCount | null;
  nonTrainable: JsonCount | null;
  formula: string | null;
  /** Multiply-accumulates for one sample (docs/cost.md); null where a variable axis decides it or the layer is uncounted. */
  macs: JsonCount | null;
  /** The outputs of one sample, at fp32; null where a non-batch axis is variable. */
  activationBytes: JsonCount | null;
  /** The parameters at fp32 (half at fp16, a quarter at int8). */
  paramBytes: JsonCount | null;
}

export interface CountReport {
  model?: string;
  convention: Convention;
  total: JsonCount;
  trainable: JsonCount;
  nonTrainable: JsonCount;
  /** Sums over every layer, as per layer; null when some layer's is unknown (a partial sum would understate). */
  macs: JsonCount | null;
  activationBytes: JsonCount | null;
  paramBytes: JsonCount;
  layers: LayerReport[];
  errors: { path: string[]; message: string }[];
  warnings: string[];
  /** Where the file holds its weights (a weights manifest, an .h5): how many layers' counts they confirm, of how many checked. */
  fileWeights?: { confirmed: number; checked: number };
}

export const jsonCount = (value: bigint): JsonCount =>
  value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();

const orNull = (value: bigint | null) => (value === null ? null : jsonCount(value));
const problemLine = (p: Problem) => ({ path: p.path, message: p.hint ? `${p.message} — ${p.hint}` : p.message });

/**
 * The summary of an imported model: what the CLI prints and what the tests compare with oracles. A block
 * instance is one row, or with `flat` every layer of every copy is (named `instance › layer`).
 */
export function reportImport(imported: ImportResult, convention: Convention, flat = false): CountReport {
  const evaluation = evaluateDesign(imported.design, { convention });
  const layers = layerRows(evaluation, flat).map(({ name, result: r }) => {
    const shapes = r.outputs?.map((t) => displayShape(t, convention)) ?? null;
    const cost = r.cost;
    return {
      name,
      type: r.type,
      outputShape: shapes && shapes.length === 1 ? shapes[0] : shapes,
      params: orNull(r.params),
      trainable: orNull(r.trainable),
      nonTrainable: orNull(r.nonTrainable),
      formula: r.formula,
      macs: orNull(cost.macs),
      activationBytes: orNull(cost.activationBytes?.fp32 ?? null),
      paramBytes: orNull(cost.paramBytes?.fp32 ?? null),
    };
  });
  const { totals } = evaluation;
  const cost = costTotals(evaluation);
  // A file's weights are Keras's: in the PyTorch convention counts differ by design (BatchNorm's buffers).
  const check = checkFileParams(convention === 'keras' ? evaluation : undefined, imported.design);
  return {
    ...(imported.modelName ? { model: imported.modelName } : {}),
    convention,
    total: jsonCount(totals.params),
    trainable: jsonCount(totals.trainable),
    nonTrainable: jsonCount(totals.nonTrainable),
    macs: orNull(cost.macs),
    activationBytes: orNull(cost.activationBytes?.fp32 ?? null),
    paramBytes: jsonCount(cost.paramBytes.fp32),
    layers,
    errors: [...imported.problems, ...listProblems(evaluation)].map(problemLine),
    warnings: [...imported.warnings, ...unknownFields(imported.design).map((w) => w.message), ...check.warnings.map((w) => w.message)],
    ...(check.confirmed.size + check.warnings.length ? { fileWeights: { confirmed: check.confirmed.size, checked: check.confirmed.size + check.warnings.length } } : {}),
  };
}
