// What the side-by-side comparison view shows for two or more sketches: totals in both conventions and
// their change from the first, params per layer family, and the layers of every design aligned with
// those of the first, each with its difference (Δ) in params and MACs.
import { blockNamed } from './blocks/definition';
import { countLayers } from './blocks/inline';
import { alignLayers } from './compare/align';
import { changeOf, deltaOf, type Change, type Delta } from './compare/change';
import { familiesOf, type FamilyShare } from './compare/families';
import { differingFields } from './compare/fields';
import { costTotals } from './cost';
import type { Convention, Design, LayerNode } from './design';
import { evaluateDesign, type Evaluation, type Totals } from './evaluate';
import type { Sketch } from './sketch';

export type { FamilyShare } from './compare/families';
export type { Change, Delta } from './compare/change';

export type RowStatus = 'same' | 'changed' | 'added' | 'removed';
export type PerConvention<T> = Record<Convention, T>;

export interface ComparisonColumn {
  name: string;
  /** The sketch's own convention (both are counted below). */
  convention: Convention;
  layers: number;
  totals: PerConvention<Totals>;
  /** MACs for one sample; null when some layer's are unknown (see `costTotals`). */
  macs: PerConvention<bigint | null>;
  /** What one token computes (a mixture's router, shared parts and top_k experts): `macs` without experts. */
  activeMacs: PerConvention<bigint | null>;
  /** Its change from the baseline (the first column); null on the baseline itself. */
  change: PerConvention<Change> | null;
  /**
   * Families with at least one layer, in catalog order, in both conventions: columns may be saved in
   * different conventions, and bars are only comparable in one. Layers inside block instances count
   * (every copy of a stack). Layers of unknown types are in no family (they are never counted;
   * `totals.uncounted` has them).
   */
  families: PerConvention<FamilyShare[]>;
  /** How this column was aligned with the baseline: 'baseline' (itself), 'exact' (LCS), or 'in-order' (too long for the LCS: matches kept in order). */
  alignedBy: 'baseline' | 'exact' | 'in-order';
}

export interface LayerCell {
  /** Index of the node in its design's node list. */
  index: number;
  id: string;
  name: string;
  type: string;
  /** Null where the layer could not be counted (its own problem or one upstream). */
  params: PerConvention<bigint | null>;
  /** MACs for one sample; null where unknown. */
  macs: PerConvention<bigint | null>;
}

export interface CellDiff {
  status: RowStatus;
  /**
   * For 'changed': what differs, in catalog order after 'name', 'type' (block instances of another
   * block in the same place), 'trainable' and 'repeat'.
   */
  fields: string[];
  /**
   * Whether the params differ in either convention. A 'same' layer can differ in params when what feeds
   * it changed (the Dense after a widened one); 'added' and 'removed' cells always differ.
   */
  paramsDiffer: boolean;
  /** This cell's counts less the baseline's; an added layer's are its own, a removed one's negated. */
  delta: PerConvention<Delta>;
}

export interface ComparisonRow {
  /** Per column: this layer in that design, or null where it has none. */
  cells: (LayerCell | null)[];
  /** Per column, against the baseline: null for the baseline itself and where neither has the layer. */
  diffs: (CellDiff | null)[];
}

export interface Comparison {
  columns: ComparisonColumn[];
  /** Baseline layers in design order; a column's added layers just before the next layer it shares with the baseline. */
  rows: ComparisonRow[];
}

export const CONVENTIONS: readonly Convention[] = ['keras', 'pytorch'];

/** Node names and types may be anything in a hostile in-memory design; keys and cells hold strings. */
const nameOf = (node: LayerNode) => String(node.name ?? node.id);

interface Prepared {
  sketch: Sketch;
  evaluations: PerConvention<Evaluation>;
  cells: LayerCell[];
  /** Alignment keys per level, strictest first (see `keyLevels`). */
  levels: Int32Array[];
}

/** The node's own result: a node repeating an earlier id has none (its problem is on the first). */
function resultAt(evaluation: Evaluation, index: number) {
  const p = evaluation.topology.positionOfIndex[index];
  return p >= 0 ? evaluation.results[p] : undefined;
}

export const perConvention = <T>(of: (c: Convention) => T): PerConvention<T> => ({ keras: of('keras'), pytorch: of('pytorch') });

/** Interns strings to small integers, so that alignment compares numbers. */
const interner = () => {
  const ids = new Map<string, number>();
  return (s: string) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    return id;
  };
};

/**
 * A layer's keys at each level of the alignment: name and type; then, in what is left, a block
 * instance by name whatever its block (a stage swapped for another kind of stage) and a layer by type;
 * then any instance with any other. Layers of different types never pair. The separators cannot occur
 * in a layer type, so no key of one kind collides with another.
 */
function keyLevels(design: Design, name: string, type: string): string[] {
  const isInstance = blockNamed(design.blocks, type) !== undefined;
  return [`${type}\u0000${name}`, isInstance ? `\u0001\u0000${name}` : type, isInstance ? '\u0001' : type];
}

function prepare(sketch: Sketch, interners: ((s: string) => number)[]): Prepared {
  const nodes = sketch.design.nodes;
  const evaluations = perConvention((convention) => evaluateDesign(sketch.design, { convention }));
  const levels = interners.map(() => new Int32Array(nodes.length));
  const cells = nodes.map((node, index): LayerCell => {
    const [name, type] = [nameOf(node), String(node.type)];
    keyLevels(sketch.design, name, type).forEach((key, level) => (levels[level][index] = interners[level](key)));
    const results = perConvention((c) => resultAt(evaluations[c], index));
    const params = perConvention((c) => results[c]?.params ?? null);
    const macs = perConvention((c) => results[c]?.cost.macs ?? null);
    return { index, id: String(node.id), name, type, params, macs };
  });
  return { sketch, evaluations, cells, levels };
}

const paramsDiffer = (a: LayerCell, b: LayerCell) => CONVENTIONS.some((c) => a.params[c] !== b.params[c]);

const cellDelta = (a: LayerCell | null, b: LayerCell | null) => perConvention((c) => deltaOf(a && { params: a.params[c], macs: a.macs[c] }, b && { params: b.params[c], macs: b.macs[c] }));

function pairDiff(base: Prepared, other: Prepared, i: number, j: number): CellDiff {
  const [a, b] = [base.cells[i], other.cells[j]];
  const fields = differingFields(base.sketch.design.nodes[i], other.sketch.design.nodes[j], a.name, b.name);
  return { status: fields.length ? 'changed' : 'same', fields, paramsDiffer: paramsDiffer(a, b), delta: cellDelta(a, b) };
}

const added = (cell: LayerCell): CellDiff => ({ status: 'added', fields: [], paramsDiffer: true, delta: cellDelta(null, cell) });
const removed = (cell: LayerCell): CellDiff => ({ status: 'removed', fields: [], paramsDiffer: true, delta: cellDelta(cell, null) });

/** A fresh row with only column `column` filled. */
function rowOf(columns: number, column: number, cell: LayerCell, diff: CellDiff | null): ComparisonRow {
  const row: ComparisonRow = { cells: new Array(columns).fill(null), diffs: new Array(columns).fill(null) };
  row.cells[column] = cell;
  row.diffs[column] = diff;
  return row;
}

/**
 * Compares sketches side by side, the first being the baseline every other is aligned with. Never
 * throws on designs with problems: what cannot be counted shows as null params and in `uncounted`.
 */
export function compareSketches(sketches: Sketch[]): Comparison {
  const interners = [interner(), interner(), interner()];
  const prepared = sketches.map((sketch) => prepare(sketch, interners));
  if (!prepared.length) return { columns: [], rows: [] };
  const base = prepared[0];
  const n = base.cells.length;
  const width = prepared.length;
  const rows: ComparisonRow[] = base.cells.map((cell) => rowOf(width, 0, cell, null));
  // Per baseline index (n: the end), the rows of other columns' added layers that go just before it.
  const addedBefore: ComparisonRow[][] = Array.from({ length: n + 1 }, () => []);
  const alignedBy: ComparisonColumn['alignedBy'][] = ['baseline'];

  for (let c = 1; c < width; c++) {
    const other = prepared[c];
    const { matchOfA, exact } = alignLayers(base.levels, other.levels);
    alignedBy.push(exact ? 'exact' : 'in-order');
    const matched = new Uint8Array(other.cells.length);
    for (let i = 0; i < n; i++) {
      const j = matchOfA[i];
      if (j >= 0) matched[j] = 1;
      rows[i].cells[c] = j >= 0 ? other.cells[j] : null;
      rows[i].diffs[c] = j >= 0 ? pairDiff(base, other, i, j) : removed(base.cells[i]);
    }
    // Unmatched layers go before the next baseline layer this column shares, after any removed ones.
    let next = 0;
    for (let j = 0; j < other.cells.length; j++) {
      if (matched[j]) continue;
      while (next < n && matchOfA[next] < j) next++; // unmatched ones are -1, below any j
      addedBefore[next].push(rowOf(width, c, other.cells[j], added(other.cells[j])));
    }
  }

  const ordered: ComparisonRow[] = [];
  for (let i = 0; i <= n; i++) {
    for (const row of addedBefore[i]) ordered.push(row); // not a spread: a gap may hold more rows than a call takes arguments
    if (i < n) ordered.push(rows[i]);
  }
  const costs = prepared.map(({ evaluations }) => perConvention((c) => costTotals(evaluations[c])));
  const macs = costs.map((cost) => perConvention((c) => cost[c].macs));
  const counted = (column: number, c: Convention) => ({ params: prepared[column].evaluations[c].totals.params, macs: macs[column][c] });
  const columns = prepared.map(
    ({ sketch, evaluations }, column): ComparisonColumn => ({
      name: sketch.name,
      convention: sketch.convention,
      layers: countLayers(sketch.design),
      totals: perConvention((c) => evaluations[c].totals),
      macs: macs[column],
      activeMacs: perConvention((c) => costs[column][c].activeMacs),
      change: column ? perConvention((c) => changeOf(counted(0, c), counted(column, c))) : null,
      families: perConvention((c) => familiesOf(sketch.design.nodes, evaluations[c], (index) => resultAt(evaluations[c], index))),
      alignedBy: alignedBy[column],
    }),
  );
  return { columns, rows: ordered };
}
