import { costTotals } from './cost';
import type { Convention } from './design';
import { flatListingProblem, layerRows } from './blocks/rows';
import { evaluateDesign, listProblems } from './evaluate';
import type { ImportResult } from './keras/import';
import { checkFileParams } from './keras/weight-check';
import { unknownFields } from './catalog/unknown-fields';
import type { Problem } from './problem';
import { displayShape, type Dim } from './tensor';

/** Counts as JSON numbers where they are exact, decimal strings beyond 2^53. */
export type JsonCount = number | string;

/** A layer as the summary table shows it. */
export interface LayerSummary {
  name: string;
  type: string;
  /** With the batch axis as null; a list of shapes for layers with several outputs; null if unknown. */
  outputShape: Dim[] | Dim[][] | null;
  params: JsonCount | null;
  trainable: JsonCount | null;
  nonTrainable: JsonCount | null;
  formula: string | null;
}

export interface LayerReport extends LayerSummary {
  /** Multiply-accumulates for one sample (docs/cost.md); null where a variable axis decides it or the layer is uncounted. */
  macs: JsonCount | null;
  /** The outputs of one sample, at fp32; null where a non-batch axis is variable. */
  activationBytes: JsonCount | null;
  /** The parameters at fp32 (half at fp16, a quarter at int8). */
  paramBytes: JsonCount | null;
}

/** What the summary table (the CLI's, the CSV and Markdown exports) shows: counts without costs. */
export interface SummaryReport {
  model?: string;
  convention: Convention;
  total: JsonCount;
  trainable: JsonCount;
  nonTrainable: JsonCount;
  /** What one token uses (a mixture's router, shared parts and top_k experts): `total` without experts. */
  activeParams: JsonCount;
  layers: LayerSummary[];
  errors: { path: string[]; message: string }[];
  warnings: string[];
  /** Where the file holds its weights (a weights manifest, an .h5): how many layers' counts they confirm, of how many checked. */
  fileWeights?: { confirmed: number; checked: number };
}

/** The summary with each layer's costs and their sums: what `paramsketch count --json` prints. */
export interface CountReport extends SummaryReport {
  /** Sums over every layer, as per layer; null when some layer's is unknown (a partial sum would understate). */
  macs: JsonCount | null;
  /** What one token computes: `macs` less a mixture's unused experts. */
  activeMacs: JsonCount | null;
  activationBytes: JsonCount | null;
  paramBytes: JsonCount;
  layers: LayerReport[];
}

/** The largest count a JSON number holds exactly. */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export const jsonCount = (value: bigint): JsonCount => (value <= SAFE && value >= -SAFE ? Number(value) : value.toString());

const orNull = (value: bigint | null) => (value === null ? null : jsonCount(value));
const problemLine = (p: Problem) => ({ path: p.path, message: p.hint ? `${p.message} — ${p.hint}` : p.message });

/**
 * What both reports hold. The costs are worked out only when asked for: for a model of thousands of layers
 * they take as long as counting it, and the summary table does not show them.
 */
function report(imported: ImportResult, convention: Convention, flat: boolean, withCosts: true): CountReport;
function report(imported: ImportResult, convention: Convention, flat: boolean, withCosts: false): SummaryReport;
function report(imported: ImportResult, convention: Convention, flat: boolean, withCosts: boolean): SummaryReport | CountReport {
  const evaluation = evaluateDesign(imported.design, { convention });
  const layers = layerRows(evaluation, flat).map(({ name, result: r }): LayerSummary | LayerReport => {
    const shapes = r.outputs?.map((t) => displayShape(t, convention)) ?? null;
    const summary: LayerSummary = {
      name,
      type: r.type,
      outputShape: shapes && shapes.length === 1 ? shapes[0] : shapes,
      params: orNull(r.params),
      trainable: orNull(r.trainable),
      nonTrainable: orNull(r.nonTrainable),
      formula: r.formula,
    };
    if (!withCosts) return summary;
    const cost = r.cost;
    return { ...summary, macs: orNull(cost.macs), activationBytes: orNull(cost.activationBytes?.fp32 ?? null), paramBytes: orNull(cost.paramBytes?.fp32 ?? null) };
  });
  const { totals } = evaluation;
  // A flat table past the listing limit stays grouped: the report says why.
  const listing = flat ? flatListingProblem(evaluation) : undefined;
  const cost = withCosts ? costTotals(evaluation) : undefined;
  // A file's weights are Keras's: in the PyTorch convention counts differ by design (BatchNorm's buffers).
  const check = checkFileParams(convention === 'keras' ? evaluation : undefined, imported.design);
  return {
    ...(imported.modelName ? { model: imported.modelName } : {}),
    convention,
    total: jsonCount(totals.params),
    trainable: jsonCount(totals.trainable),
    nonTrainable: jsonCount(totals.nonTrainable),
    activeParams: jsonCount(totals.active),
    ...(cost ? { macs: orNull(cost.macs), activeMacs: orNull(cost.activeMacs), activationBytes: orNull(cost.activationBytes?.fp32 ?? null), paramBytes: jsonCount(cost.paramBytes.fp32) } : {}),
    layers,
    errors: [...imported.problems, ...listProblems(evaluation), ...(listing ? [listing] : [])].map(problemLine),
    warnings: [...imported.warnings, ...unknownFields(imported.design).map((w) => w.message), ...check.warnings.map((w) => w.message)],
    ...(check.confirmed.size + check.warnings.length ? { fileWeights: { confirmed: check.confirmed.size, checked: check.confirmed.size + check.warnings.length } } : {}),
  };
}

/**
 * The report of an imported model: what `paramsketch count --json` prints and what the tests compare with
 * oracles. A block instance is one row, or with `flat` every layer of every copy is (named `instance › layer`).
 */
export const reportImport = (imported: ImportResult, convention: Convention, flat = false): CountReport =>
  report(imported, convention, flat, true);

/** The same without the costs: what the summary table shows. */
export const summaryReport = (imported: ImportResult, convention: Convention, flat = false): SummaryReport =>
  report(imported, convention, flat, false);
