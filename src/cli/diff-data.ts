// What `paramsketch diff` compares: two designs as the app's Compare view does, as data (its --json).
import { compareSketches, CONVENTIONS, perConvention, type Change, type ComparisonColumn, type Delta, type FamilyShare, type LayerCell, type PerConvention, type RowStatus } from '../shared/compare';
import type { Family } from '../shared/catalog';
import { fedOtherwise } from '../shared/compare/wiring';
import type { Convention } from '../shared/design';
import type { Totals } from '../shared/evaluate';
import { changeSummary } from '../shared/compare/change';
import { jsonCount, type JsonCount } from '../shared/report';
import type { Sketch } from '../shared/sketch';

export interface SideTotals {
  total: JsonCount;
  trainable: JsonCount;
  nonTrainable: JsonCount;
  /** What one token uses (the router, shared parts and top-k experts): the total where a design has no experts. */
  activeParams: JsonCount;
  /** Layers that could not be counted (their totals leave them out). */
  uncounted: number;
  /** MACs for one sample; null when some layer's are unknown. */
  macs: JsonCount | null;
  /** What one token computes: `macs` where a design has no experts. */
  activeMacs: JsonCount | null;
}

/** Params per layer family, layers inside blocks included (every copy of a stack). */
export interface DiffFamily {
  family: Family;
  layers: number;
  params: JsonCount;
}

export interface DiffSide {
  file: string;
  name: string;
  /** The convention it was saved in (both are counted). */
  convention: Convention;
  layers: number;
  totals: PerConvention<SideTotals>;
  families: PerConvention<DiffFamily[]>;
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
  /**
   * What differs in a changed layer: `name`, `type` (an instance of another block in the same place),
   * `trainable`, `repeat`, its fields (catalog order), then `inputs` when other layers feed it.
   */
  fields: string[];
  /** Whether its count differs in either convention (a same layer's does when what feeds it changed). */
  paramsDiffer: boolean;
  /** B's counts less A's (an added layer's are its own, a removed one's negated); null where unknown. */
  delta: PerConvention<{ params: JsonCount | null; macs: JsonCount | null }>;
}

export interface Difference {
  total: JsonCount;
  trainable: JsonCount;
  nonTrainable: JsonCount;
  activeParams: JsonCount;
  /** The total's difference as a percentage of A's total; null when A's is 0 and B's is not. */
  percent: number | null;
  /** B's MACs less A's, and as a percentage of A's; null where either is unknown. */
  macs: JsonCount | null;
  macsPercent: number | null;
  /** The summary line: `+13,867,520 params (+119 %), +2.28 B MACs (+125 %)`. */
  summary: string;
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

const orNull = (value: bigint | null) => (value === null ? null : jsonCount(value));

const sideTotals = (t: Totals, macs: bigint | null, activeMacs: bigint | null): SideTotals => ({
  total: jsonCount(t.params),
  trainable: jsonCount(t.trainable),
  nonTrainable: jsonCount(t.nonTrainable),
  activeParams: jsonCount(t.active),
  uncounted: t.uncounted,
  macs: orNull(macs),
  activeMacs: orNull(activeMacs),
});

const families = (shares: FamilyShare[]): DiffFamily[] => shares.map(({ family, layers, params }) => ({ family, layers, params: jsonCount(params) }));

const side = (file: string, column: ComparisonColumn): DiffSide => ({
  file,
  name: column.name,
  convention: column.convention,
  layers: column.layers,
  totals: perConvention((c) => sideTotals(column.totals[c], column.macs[c], column.activeMacs[c])),
  families: perConvention((c) => families(column.families[c])),
});

const layer = (cell: LayerCell | null): DiffLayer | null => cell && { name: cell.name, type: cell.type, params: perConvention((c) => orNull(cell.params[c])) };

const delta = (d: PerConvention<Delta>) => perConvention((c) => ({ params: orNull(d[c].params), macs: orNull(d[c].macs) }));

function difference(a: Totals, b: Totals, change: Change): Difference {
  return {
    total: jsonCount(b.params - a.params),
    trainable: jsonCount(b.trainable - a.trainable),
    nonTrainable: jsonCount(b.nonTrainable - a.nonTrainable),
    activeParams: jsonCount(b.active - a.active),
    percent: change.paramsPercent,
    macs: orNull(change.macs),
    macsPercent: change.macsPercent,
    summary: changeSummary(change),
  };
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
    return { status, a: layer(row.cells[0]), b: layer(row.cells[1]), fields, paramsDiffer: diff.paramsDiffer, delta: delta(diff.delta) };
  });
  const sameTotals = CONVENTIONS.every((c) => {
    const [x, y] = [columnA.totals[c], columnB.totals[c]];
    return x.params === y.params && x.trainable === y.trainable && x.nonTrainable === y.nonTrainable && x.active === y.active && x.uncounted === y.uncounted;
  });
  return {
    equal: sameTotals && rows.every((r) => r.status === 'same' && !r.paramsDiffer),
    a: side(files[0], columnA),
    b: side(files[1], columnB),
    difference: perConvention((c) => difference(columnA.totals[c], columnB.totals[c], columnB.change![c])),
    rows,
  };
}

