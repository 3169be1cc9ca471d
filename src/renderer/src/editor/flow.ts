/** The sketch as the canvas (Svelte Flow) draws it: a node per layer, an edge per tensor. */
import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/svelte';
import type { Edge, LayerNode } from '../../../shared/design';
import { NODE_SIZE } from '../../../shared/edit/auto-layout';
import { edgeKeys } from '../../../shared/edit/sketch-edits';
import type { Sketch } from '../../../shared/sketch';
import type { Selection } from './editor.svelte';

/** The canvas node only places a layer; its view reads the layer itself from the editor by id. */
export type LayerFlowNode = FlowNode<Record<string, never>, 'layer'>;
export type TensorFlowEdge = FlowEdge<{ fromPort: number }, 'tensor'>;

/**
 * Canvas nodes for the sketch. Objects whose position and selection are unchanged are reused, and the
 * same array is returned when nothing changed: a field edit then leaves the canvas's node list alone.
 */
export function flowNodes(sketch: Sketch, selection: Selection, current: readonly LayerFlowNode[]): LayerFlowNode[] {
  const before = new Map(current.map((n) => [n.id, n]));
  const selected = new Set(selection.nodes);
  let changed = current.length !== sketch.design.nodes.length;
  const next = sketch.design.nodes.map((layer: LayerNode, i): LayerFlowNode => {
    const position = sketch.layout[layer.id] ?? { x: 0, y: 0 };
    const old = before.get(layer.id);
    const isSelected = selected.has(layer.id);
    if (old && old.position.x === position.x && old.position.y === position.y && !!old.selected === isSelected) {
      changed ||= current[i] !== old;
      return old;
    }
    changed = true;
    // The initial size lets the canvas place edges before it has measured the node.
    return { initialWidth: NODE_SIZE.width, initialHeight: NODE_SIZE.height, ...old, id: layer.id, type: 'layer', position, data: {}, selected: isSelected };
  });
  return changed ? next : (current as LayerFlowNode[]);
}

/** The canvas handle of a layer's output `port` (0 keeps the plain `out` of single-output layers). */
export const outputHandle = (port: number) => (port ? `out-${port}` : 'out');

/** The output port a canvas handle stands for. */
export const portOfHandle = (handle: string | null | undefined) => (handle?.startsWith('out-') ? Number(handle.slice(4)) : 0);

export function flowEdges(designEdges: readonly Edge[], selection: readonly string[], current: readonly TensorFlowEdge[]): TensorFlowEdge[] {
  const before = new Map(current.map((e) => [e.id, e]));
  const selected = new Set(selection);
  const keys = edgeKeys(designEdges);
  let changed = current.length !== designEdges.length;
  const next = designEdges.map((edge, i): TensorFlowEdge => {
    const old = before.get(keys[i]);
    const isSelected = selected.has(keys[i]);
    if (old && !!old.selected === isSelected) {
      changed ||= current[i] !== old;
      return old;
    }
    changed = true;
    return {
      id: keys[i],
      type: 'tensor',
      source: edge.from,
      target: edge.to,
      sourceHandle: outputHandle(edge.fromPort ?? 0),
      targetHandle: 'in',
      data: { fromPort: edge.fromPort ?? 0 },
      selected: isSelected,
    };
  });
  return changed ? next : (current as TensorFlowEdge[]);
}
