// What `paramsketch diff` compares: two designs as the app's Compare view does, as data (its --json).
import { compareSketches, type ComparisonColumn, type LayerCell, type PerConvention, type RowStatus } from '../shared/compare';
import { fedOtherwise } from '../shared/compare/wiring';
import type { Convention } from '../shared/design';
import type { Totals } from '../shared/evaluate';
import { jsonCount, type JsonCount } from '../shared/report';
import type { Sketch } from '../shared/sketch';

const CONVENTIONS: readonly Convention[] = ['keras', 'pytorch'];

export interface SideTotals {
  total: JsonCount;
  trainable: JsonCount;
  nonTrainable: JsonCount;
  /** Layers that could not be counted (their totals leave them out). */
  uncounted: number;
}

export interface DiffSide {
  file: string;
  name: string;
  /** The convention it was saved in (both are counted). */
  convention: Convention;
  layers: number;
  totals: PerConvention<SideTotals>;
}

export interface DiffLayer {
  name: string;
  type: string;
  params: PerConvention<JsonCount | null>;
}

export interface DiffRow {
  status: RowStatus;
  a: DiffLayer | null;
  b: DiffLayer | null;
  /** What differs in a changed layer: its fields (catalog order), `name`, `trainable`, then `inputs` when other layers feed it. */
  fields: string[];
  /** Whether its count differs in either convention (a same layer's does when what feeds it changed). */
  paramsDiffer: boolean;
}

export interface Difference {
  total: JsonCount;
  trainable: JsonCount;
  nonTrainable: JsonCount;
  /** The total's difference as a percentage of A's total; null when A's is 0 and B's is not. */
  percent: number | null;
}

export interface DiffData {
  equal: boolean;
  a: DiffSide;
  b: DiffSide;
  /** B minus A. */
  difference: PerConvention<Difference>;
  /** A's layers in order, each of B's layers that A lacks just before the next one they share. */
  rows: DiffRow[];
}

const perConvention = <T>(of: (c: Convention) => T): PerConvention<T> => ({ keras: of('keras'), pytorch: of('pytorch') });

const sideTotals = (t: Totals): SideTotals => ({ total: jsonCount(t.params), trainable: jsonCount(t.trainable), nonTrainable: jsonCount(t.nonTrainable), uncounted: t.uncounted });

const side = (file: string, column: ComparisonColumn): DiffSide => ({
  file,
  name: column.name,
  convention: column.convention,
  layers: column.layers,
  totals: perConvention((c) => sideTotals(column.totals[c])),
});

const layer = (cell: LayerCell | null): DiffLayer | null =>
  cell && { name: cell.name, type: cell.type, params: perConvention((c) => (cell.params[c] === null ? null : jsonCount(cell.params[c]))) };

/** A percentage of `base`, or null where there is none to take (a change from nothing). */
export const percentOf = (change: bigint, base: bigint): number | null => (change === 0n ? 0 : base === 0n ? null : (Number(change) / Number(base)) * 100);

function difference(a: Totals, b: Totals): Difference {
  const change = b.params - a.params;
  return { total: jsonCount(change), trainable: jsonCount(b.trainable - a.trainable), nonTrainable: jsonCount(b.nonTrainable - a.nonTrainable), percent: percentOf(change, a.params) };
}

/** The two designs compared; `files` name them as given. */
export function diffDesigns(sketches: [Sketch, Sketch], files: [string, string]): DiffData {
  const comparison = compareSketches(sketches);
  const [columnA, columnB] = comparison.columns;
  const paired = comparison.rows.filter((row) => row.cells[0] && row.cells[1]);
  const rewired = fedOtherwise(sketches[0].design, sketches[1].design, paired.map((row) => [row.cells[0]!.index, row.cells[1]!.index] as const));
  const fedByOthers = new Set(paired.filter((_, k) => rewired[k]));
  const rows = comparison.rows.map((row): DiffRow => {
    const diff = row.diffs[1]!;
    const fields = fedByOthers.has(row) ? [...diff.fields, 'inputs'] : diff.fields;
    const status = diff.status === 'same' && fields.length ? 'changed' : diff.status;
    return { status, a: layer(row.cells[0]), b: layer(row.cells[1]), fields, paramsDiffer: diff.paramsDiffer };
  });
  const sameTotals = CONVENTIONS.every((c) => {
    const [x, y] = [columnA.totals[c], columnB.totals[c]];
    return x.params === y.params && x.trainable === y.trainable && x.nonTrainable === y.nonTrainable && x.uncounted === y.uncounted;
  });
  return {
    equal: sameTotals && rows.every((r) => r.status === 'same' && !r.paramsDiffer),
    a: side(files[0], columnA),
    b: side(files[1], columnB),
    difference: perConvention((c) => difference(columnA.totals[c], columnB.totals[c])),
    rows,
  };
}

