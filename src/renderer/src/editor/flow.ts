/** The sketch as the canvas (Svelte Flow) draws it: a node per layer, an edge per tensor. */
import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/svelte';
import type { LayerNode } from '../../../shared/design';
import { edgeKeys } from '../../../shared/edit/sketch-edits';
import type { Sketch } from '../../../shared/sketch';
import type { Selection } from './editor.svelte';

export type LayerFlowNode = FlowNode<{ layer: LayerNode }, 'layer'>;
export type TensorFlowEdge = FlowEdge<{ fromPort: number }, 'tensor'>;

/**
 * Canvas nodes for the sketch. Objects whose layer, position and selection are unchanged are reused,
 * so the canvas keeps their measured sizes and redraws only what changed (one node per field edit).
 */
export function flowNodes(sketch: Sketch, selection: Selection, current: readonly LayerFlowNode[]): LayerFlowNode[] {
  const before = new Map(current.map((n) => [n.id, n]));
  const selected = new Set(selection.nodes);
  return sketch.design.nodes.map((layer) => {
    const position = sketch.layout[layer.id] ?? { x: 0, y: 0 };
    const old = before.get(layer.id);
    const isSelected = selected.has(layer.id);
    if (old && old.data.layer === layer && old.position.x === position.x && old.position.y === position.y && !!old.selected === isSelected)
      return old;
    return { ...old, id: layer.id, type: 'layer', position, data: { layer }, selected: isSelected };
  });
}

export function flowEdges(sketch: Sketch, selection: Selection, current: readonly TensorFlowEdge[]): TensorFlowEdge[] {
  const before = new Map(current.map((e) => [e.id, e]));
  const selected = new Set(selection.edges);
  const keys = edgeKeys(sketch.design.edges);
  return sketch.design.edges.map((edge, i) => {
    const old = before.get(keys[i]);
    const isSelected = selected.has(keys[i]);
    if (old && !!old.selected === isSelected) return old;
    return {
      id: keys[i],
      type: 'tensor',
      source: edge.from,
      target: edge.to,
      sourceHandle: 'out',
      targetHandle: 'in',
      data: { fromPort: edge.fromPort ?? 0 },
      selected: isSelected,
    };
  });
}
