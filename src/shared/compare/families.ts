// Params per layer family for the comparison view, counting what block instances hold: every copy of a
// stack and nested blocks too, so a ResNet's convolution bar is its convolutions, not its stem alone.
import { FAMILIES, isSource, layerSpec, type Family } from '../catalog';
import type { LayerNode } from '../design';
import type { Evaluation } from '../evaluate';
import type { NodeEvaluation } from '../evaluate-node';

export interface FamilyShare {
  family: Family;
  /** Layers of the family, counted or not; an instance stands for its block's layers times its repeat. */
  layers: number;
  /** Params of its counted layers. */
  params: bigint;
  /** params / the column's total params in the same convention (0 when that total is 0). */
  share: number;
}

type Tally = Map<Family, { layers: number; params: bigint }>;

function addLayer(into: Tally, family: Family, layers: number, params: bigint): void {
  const entry = into.get(family);
  if (entry) (entry.layers += layers), (entry.params += params);
  else into.set(family, { layers, params });
}

/** Copies of a stack fed alike share one evaluation: each is tallied once, however often it is repeated. */
type Memo = WeakMap<Evaluation, Tally>;

/** One copy of a block: its own layers (its Input layers stand for what feeds the instance). */
function tallyCopy(evaluation: Evaluation, memo: Memo): Tally {
  let tally = memo.get(evaluation);
  if (tally) return tally;
  tally = new Map();
  for (const result of evaluation.results) if (!isSource(result.type)) tallyResult(tally, result, memo);
  memo.set(evaluation, tally);
  return tally;
}

/**
 * A result's layers into `into`. An instance that could not be counted still has its layers, but no
 * params: its copies counted so far are not in the totals either, and shares must not exceed them.
 */
function tallyResult(into: Tally, result: NodeEvaluation, memo: Memo): void {
  const copies = result.inner ?? [];
  if (!copies.length) {
    const family = layerSpec(result.type)?.family;
    if (family) addLayer(into, family, 1, result.params ?? 0n);
    return;
  }
  const counted = result.params !== null;
  for (const copy of copies) for (const [family, entry] of tallyCopy(copy, memo)) addLayer(into, family, entry.layers, counted ? entry.params : 0n);
}

/**
 * Families with at least one layer, in catalog order. `nodes` are the design's (every node once, a
 * repeated id too, which has no result of its own); `resultOf` gives a node's result by index.
 */
export function familiesOf(nodes: readonly LayerNode[], evaluation: Evaluation, resultOf: (index: number) => NodeEvaluation | undefined): FamilyShare[] {
  const tally: Tally = new Map();
  const memo: Memo = new WeakMap();
  nodes.forEach((node, index) => {
    const result = resultOf(index);
    if (result) tallyResult(tally, result, memo);
    else {
      const family = layerSpec(String(node.type))?.family;
      if (family) addLayer(tally, family, 1, 0n);
    }
  });
  const total = evaluation.totals.params;
  return FAMILIES.flatMap((family) => {
    const entry = tally.get(family);
    return entry ? [{ family, ...entry, share: total > 0n ? Number(entry.params) / Number(total) : 0 }] : [];
  });
}
