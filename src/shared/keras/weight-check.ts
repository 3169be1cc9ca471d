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
 * Each layer gets the count of the weights the file holds for it as `fileParams`, to be checked against: 0
 * for a layer the file holds none for (unless some weights name no layer, which could be that one's).
 * Custom layers not yet given a count take it as their count.
 */
export function withFileParams(design: Design, weights: readonly FileWeight[]): Design {
  const counts = fileCounts(weights);
  const unowned = counts.has('');
  const nodes = design.nodes.map((node): LayerNode => {
    const count = node.tiedTo === undefined ? (counts.get(node.id) ?? (unowned ? undefined : 0n)) : undefined;
    if (count === undefined) return node;
    const custom = node.type === CUSTOM.type && node.fields?.params == null;
    return { ...node, fileParams: count.toString(), ...(custom ? { fields: { ...node.fields, params: Number(count) } } : {}) };
  });
  return { ...design, nodes };
}

export interface WeightCheck {
  /** Layers whose count equals the file's weights. */
  confirmed: Set<string>;
  /** One per layer that disagrees, naming both counts. */
  warnings: { path: string[]; message: string }[];
}

/**
 * Every counted layer with a `fileParams`, checked against it: confirmed, or a warning on that layer. Only
 * an evaluation in the Keras convention can be checked (the file's counts are Keras's): none, nothing is.
 */
export function checkFileParams(evaluation: Evaluation | undefined, design: Design): WeightCheck {
  const confirmed = new Set<string>();
  const warnings: WeightCheck['warnings'] = [];
  if (!evaluation) return { confirmed, warnings };
  for (const node of design.nodes) {
    if (node.fileParams === undefined) continue;
    const ours = nodeResult(evaluation, node.id)?.params;
    if (ours === null || ours === undefined) continue;
    const theirs = BigInt(node.fileParams);
    if (ours === theirs) confirmed.add(node.id);
    else
      warnings.push({
        path: [node.id],
        message: `'${node.name ?? node.id}': the file's weights hold ${groupThousands(theirs)} parameters, Paramsketch counts ${groupThousands(ours)}`,
      });
  }
  return { confirmed, warnings };
}
