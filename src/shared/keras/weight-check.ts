// What a model file says its weights are (a TensorFlow.js weights manifest, an .h5's datasets) against what
// Paramsketch counts: a layer that agrees is confirmed; one that does not is a warning on that layer.
import { CUSTOM } from '../catalog';
import type { Design, LayerNode } from '../design';
import type { Evaluation } from '../evaluate';
import { nodeResult } from '../evaluate';
import { sizeOf } from '../catalog/common';
import { groupThousands } from '../format';

export interface FileWeight {
  /** The top-level layer (or nested model) that owns it; '' where the file does not say. */
  layer: string;
  name: string;
  shape: number[];
}

const isShape = (v: unknown): v is number[] => Array.isArray(v) && v.length <= 32 && v.every((d) => Number.isSafeInteger(d) && d >= 0);

/**
 * A TensorFlow.js manifest's weights (`[{paths, weights: [{name, shape}]}]`), each given to the top-level
 * layer its name starts with (`dense_1/kernel`), or to the nested model holding a layer of that name.
 */
export function manifestWeights(manifest: unknown, design: Design): FileWeight[] | undefined {
  if (!Array.isArray(manifest)) return undefined;
  const owner = new Map<string, string>();
  for (const node of design.nodes) owner.set(node.id, node.id);
  for (const node of design.nodes) {
    const block = design.blocks?.[node.type];
    if (block) for (const inner of block.design.nodes) if (!owner.has(inner.id)) owner.set(inner.id, node.id);
  }
  const weights: FileWeight[] = [];
  for (const group of manifest.slice(0, 100_000)) {
    const list = (group as { weights?: unknown })?.weights;
    if (!Array.isArray(list)) continue;
    for (const w of list.slice(0, 1_000_000)) {
      const { name, shape } = (w ?? {}) as { name?: unknown; shape?: unknown };
      if (typeof name !== 'string' || !isShape(shape)) continue;
      const layer = name.split('/').find((part) => owner.has(part));
      weights.push({ layer: layer === undefined ? '' : owner.get(layer)!, name, shape });
    }
  }
  return weights;
}

/** Parameters per owning layer, as the file holds them. */
export function fileCounts(weights: readonly FileWeight[]): Map<string, bigint> {
  const counts = new Map<string, bigint>();
  for (const w of weights) counts.set(w.layer, (counts.get(w.layer) ?? 0n) + sizeOf(w.shape));
  return counts;
}

/**
 * Custom layers take their parameter count from the file where it has their weights (an .h5 lists every
 * layer, with or without weights; a manifest only those with some, so a layer it omits has none).
 */
export function countCustomLayers(design: Design, weights: readonly FileWeight[], listsEveryLayer: boolean): Design {
  const counts = fileCounts(weights);
  const listed = new Set(weights.map((w) => w.layer));
  const given = (node: LayerNode) => node.type === CUSTOM.type && node.fields?.params == null && (counts.has(node.id) || !listsEveryLayer || listed.has(node.id));
  if (!design.nodes.some(given)) return design;
  return {
    ...design,
    nodes: design.nodes.map((node) => (given(node) ? { ...node, fields: { ...node.fields, params: Number(counts.get(node.id) ?? 0n) } } : node)),
  };
}

export interface WeightCheck {
  /** Layers whose count equals the file's weights. */
  confirmed: Set<string>;
  /** One line per layer that disagrees, naming both counts. */
  warnings: { layer: string; message: string }[];
}

/** Every counted layer the file holds weights for (or, listing every layer, holds none for), checked. */
export function checkWeights(evaluation: Evaluation, design: Design, weights: readonly FileWeight[]): WeightCheck {
  const counts = fileCounts(weights);
  const confirmed = new Set<string>();
  const out: WeightCheck['warnings'] = [];
  for (const node of design.nodes) {
    const theirs = counts.get(node.id);
    const ours = nodeResult(evaluation, node.id)?.params;
    if (theirs === undefined || ours === null || ours === undefined || node.tiedTo !== undefined) continue;
    if (ours === theirs) confirmed.add(node.id);
    else
      out.push({
        layer: node.id,
        message: `'${node.name ?? node.id}': the file's weights hold ${groupThousands(theirs)} parameters, Paramsketch counts ${groupThousands(ours)}`,
      });
  }
  return { confirmed, warnings: out };
}
