// The per-layer table's rows: grouped by block (an instance is one row that opens onto its layers) or
// flat (every layer of every copy, named by the path of blocks it sits in).
import { isSource } from '../catalog';
import { resultsInDesignOrder, type Evaluation } from '../evaluate';
import type { NodeEvaluation } from '../evaluate-node';
import type { Problem } from '../problem';
import { layerCounter } from './inline';
import { expansionProblem, MAX_LISTED_LAYERS } from './work';

export interface LayerRow {
  /** Unique in the table: the path of ids down to the layer, copies numbered (`encoder#2/attention`). */
  key: string;
  /** The design's node the row belongs to: the row itself, or the instance it sits in. */
  node: string;
  depth: number;
  /** The layer's name; flat rows carry the blocks they sit in (`conv2_block1 › 1_conv`). */
  name: string;
  result: NodeEvaluation;
  /** Grouped rows of a stack whose copies are alike stand for this many layers each. */
  copies: number;
}

/** The copies of an instance, with how many alike each stands for: grouped, one entry when all copies are alike. */
function copiesOf(result: NodeEvaluation, flat: boolean): { evaluation: Evaluation; label: string; copies: number }[] {
  const inner = result.inner ?? [];
  if (!flat && inner.length > 1 && inner.every((e) => e === inner[0])) return [{ evaluation: inner[0], label: '', copies: inner.length }];
  return inner.map((evaluation, k) => ({ evaluation, label: inner.length > 1 ? `#${k + 1}` : '', copies: 1 }));
}

/** A block's own layers: its Input layers stand for what feeds an instance, shown by the instance's row. */
const ownLayers = (evaluation: Evaluation, top: boolean) => resultsInDesignOrder(evaluation).filter((r) => top || !isSource(r.type));

/**
 * Why the design's flat listing is refused: it expands past MAX_LISTED_LAYERS (10,000 copies of a block of
 * 10,000 layers are 100,000,000 rows). On the node that stands for the most layers.
 */
export function flatListingProblem(evaluation: Evaluation, what?: string): Problem | undefined {
  const { design } = evaluation;
  const layersOf = layerCounter(design);
  const counts = design.nodes.map(layersOf);
  const total = counts.reduce((a, b) => a + b, 0n);
  if (total <= BigInt(MAX_LISTED_LAYERS)) return undefined;
  const largest = counts.reduce((best, c, i) => (c > counts[best] ? i : best), 0);
  return expansionProblem(total, [design.nodes[largest].id], what);
}

/**
 * Rows in the design's order. Grouped: instances are rows, and those whose key is in `open` are followed
 * by their layers (one copy of a stack of alike copies). Flat: no instance rows, every layer of every copy.
 */
export function layerRows(evaluation: Evaluation, wantFlat: boolean, open: ReadonlySet<string> = new Set(), previous: readonly LayerRow[] = []): LayerRow[] {
  // Past the listing limit the rows stay grouped (flatListingProblem says why).
  const flat = wantFlat && !flatListingProblem(evaluation);
  // A row equal to the one before is that same object: the table then redraws only the rows an edit changed.
  const before = new Map(previous.map((row) => [row.key, row]));
  const same = (a: LayerRow | undefined, b: LayerRow) =>
    !!a && a.result === b.result && a.name === b.name && a.node === b.node && a.depth === b.depth && a.copies === b.copies;
  const rows: LayerRow[] = [];
  const push = (row: LayerRow) => {
    const old = before.get(row.key);
    rows.push(same(old, row) ? old! : row);
  };
  const walk = (e: Evaluation, node: string | undefined, prefix: string, names: string, depth: number, copies: number) => {
    for (const result of ownLayers(e, depth === 0)) {
      const key = `${prefix}${result.id}`;
      const name = flat && names ? `${names} › ${result.name}` : result.name;
      const at = node ?? result.id;
      const isBlock = !!result.inner?.length;
      if (!flat || !isBlock) push({ key, node: at, depth: flat ? 0 : depth, name, result, copies });
      if (isBlock && (flat || open.has(key)))
        for (const copy of copiesOf(result, flat)) walk(copy.evaluation, at, `${key}${copy.label}/`, `${name}${copy.label}`, depth + 1, copies * copy.copies);
    }
  };
  walk(evaluation, undefined, '', '', 0, 1);
  return rows;
}
