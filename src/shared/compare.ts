// What the side-by-side comparison view shows for two or more sketches: totals in both conventions,
// params per layer family, and the layers of every design aligned with those of the first.
import { countLayers } from './blocks/inline';
import { FAMILIES, layerSpec, type Family } from './catalog';
import { alignLayers } from './compare/align';
import { differingFields } from './compare/fields';
import type { Convention, LayerNode } from './design';
import { evaluateDesign, type Evaluation, type Totals } from './evaluate';
import type { Sketch } from './sketch';

export type RowStatus = 'same' | 'changed' | 'added' | 'removed';
export type PerConvention<T> = Record<Convention, T>;

export interface FamilyShare {
  family: Family;
  /** Layers of the family in the design, counted or not. */
  layers: number;
  /** Params of its counted layers. */
  params: bigint;
  /** params / the column's total params in the same convention (0 when that total is 0). */
  share: number;
}

export interface ComparisonColumn {
  name: string;
  /** The sketch's own convention (both are counted below). */
  convention: Convention;
  layers: number;
  totals: PerConvention<Totals>;
  /**
   * Families with at least one layer, in catalog order, in both conventions: columns may be saved in
   * different conventions, and bars are only comparable in one. Layers of unknown types are in no
   * family (they are never counted; `totals.uncounted` has them).
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
}

export interface CellDiff {
  status: RowStatus;
  /** For 'changed': what differs (field names, plus 'name' and 'trainable'), in catalog order. */
  fields: string[];
  /**
   * Whether the params differ in either convention. A 'same' layer can differ in params when what feeds
   * it changed (the Dense after a widened one); 'added' and 'removed' cells always differ.
   */
  paramsDiffer: boolean;
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

const CONVENTIONS: readonly Convention[] = ['keras', 'pytorch'];

/** Node names and types may be anything in a hostile in-memory design; keys and cells hold strings. */
const nameOf = (node: LayerNode) => String(node.name ?? node.id);

interface Prepared {
  sketch: Sketch;
  evaluations: PerConvention<Evaluation>;
  cells: LayerCell[];
  keys: Int32Array;
  kinds: Int32Array;
}

/** The node's own result: a node repeating an earlier id has none (its problem is on the first). */
function paramsAt(evaluation: Evaluation, index: number): bigint | null {
  const p = evaluation.topology.positionOfIndex[index];
  return p >= 0 ? evaluation.results[p].params : null;
}

function familiesOf(cells: LayerCell[], convention: Convention, total: bigint): FamilyShare[] {
  const byFamily = new Map<Family, { layers: number; params: bigint }>();
  for (const cell of cells) {
    const family = layerSpec(cell.type)?.family;
    if (!family) continue;
    const entry = byFamily.get(family) ?? { layers: 0, params: 0n };
    entry.layers++;
    entry.params += cell.params[convention] ?? 0n;
    byFamily.set(family, entry);
  }
  return FAMILIES.flatMap((family) => {
    const entry = byFamily.get(family);
    return entry ? [{ family, ...entry, share: total > 0n ? Number(entry.params) / Number(total) : 0 }] : [];
  });
}

/** Interns strings to small integers, so that alignment compares numbers. */
const interner = () => {
  const ids = new Map<string, number>();
  return (s: string) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    return id;
  };
};

function prepare(sketch: Sketch, key: (s: string) => number, kind: (s: string) => number): Prepared {
  const nodes = sketch.design.nodes;
  const evaluations = {
    keras: evaluateDesign(sketch.design, { convention: 'keras' }),
    pytorch: evaluateDesign(sketch.design, { convention: 'pytorch' }),
  };
  const keys = new Int32Array(nodes.length);
  const kinds = new Int32Array(nodes.length);
  const cells = nodes.map((node, index): LayerCell => {
    const [name, type] = [nameOf(node), String(node.type)];
    // The separator cannot occur in a layer type, so no name and type pair collides with another.
    keys[index] = key(`${type}\u0000${name}`);
    kinds[index] = kind(type);
    const params = { keras: paramsAt(evaluations.keras, index), pytorch: paramsAt(evaluations.pytorch, index) };
    return { index, id: String(node.id), name, type, params };
  });
  return { sketch, evaluations, cells, keys, kinds };
}

const paramsDiffer = (a: LayerCell, b: LayerCell) => CONVENTIONS.some((c) => a.params[c] !== b.params[c]);

function pairDiff(base: Prepared, other: Prepared, i: number, j: number): CellDiff {
  const [a, b] = [base.cells[i], other.cells[j]];
  const fields = differingFields(base.sketch.design.nodes[i], other.sketch.design.nodes[j], a.name, b.name);
  return { status: fields.length ? 'changed' : 'same', fields, paramsDiffer: paramsDiffer(a, b) };
}

const alone = (status: 'added' | 'removed'): CellDiff => ({ status, fields: [], paramsDiffer: true });

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
  const [key, kind] = [interner(), interner()];
  const prepared = sketches.map((sketch) => prepare(sketch, key, kind));
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
    const { matchOfA, exact } = alignLayers(base.keys, other.keys, base.kinds, other.kinds);
    alignedBy.push(exact ? 'exact' : 'in-order');
    const matched = new Uint8Array(other.cells.length);
    for (let i = 0; i < n; i++) {
      const j = matchOfA[i];
      if (j >= 0) matched[j] = 1;
      rows[i].cells[c] = j >= 0 ? other.cells[j] : null;
      rows[i].diffs[c] = j >= 0 ? pairDiff(base, other, i, j) : alone('removed');
    }
    // Unmatched layers go before the next baseline layer this column shares, after any removed ones.
    let next = 0;
    for (let j = 0; j < other.cells.length; j++) {
      if (matched[j]) continue;
      while (next < n && matchOfA[next] < j) next++; // unmatched ones are -1, below any j
      addedBefore[next].push(rowOf(width, c, other.cells[j], alone('added')));
    }
  }

  const ordered: ComparisonRow[] = [];
  for (let i = 0; i <= n; i++) {
    for (const row of addedBefore[i]) ordered.push(row); // not a spread: a gap may hold more rows than a call takes arguments
    if (i < n) ordered.push(rows[i]);
  }
  const columns = prepared.map(
    ({ sketch, evaluations, cells }, c): ComparisonColumn => ({
      name: sketch.name,
      convention: sketch.convention,
      layers: countLayers(sketch.design),
      totals: { keras: evaluations.keras.totals, pytorch: evaluations.pytorch.totals },
      families: {
        keras: familiesOf(cells, 'keras', evaluations.keras.totals.params),
        pytorch: familiesOf(cells, 'pytorch', evaluations.pytorch.totals.params),
      },
      alignedBy: alignedBy[c],
    }),
  );
  return { columns, rows: ordered };
}
