/** The sketch as the canvas (Svelte Flow) draws it: a node per layer, an edge per tensor. */
import type { Edge as FlowEdge, Node as FlowNode, NodeHandle, Position } from '@xyflow/svelte';
import type { Edge, LayerNode } from '../../../shared/design';
import { NODE_SIZE } from '../../../shared/edit/auto-layout';
import { edgeKeys } from '../../../shared/edit/sketch-edits';
import type { Sketch } from '../../../shared/sketch';
import type { Selection } from './selection';

/** The canvas node only places a layer; its view reads the layer itself from the editor by id. */
export type LayerFlowNode = FlowNode<Record<string, never>, 'layer'>;
export type TensorFlowEdge = FlowEdge<{ fromPort: number }, 'tensor'>;

/**
 * A layer's card as LayerNodeView draws it: one size for every card, so that edges can be placed without
 * drawing it. The layout reserves a little more height (NODE_SIZE), so that cards never touch.
 */
export const CARD = { width: NODE_SIZE.width, height: 64 } as const;
/** The side of a handle's square (app.css `.svelte-flow__handle`), centred on the card's edge. */
const HANDLE = 10;

/** Where output `port` of `outputs` sits along the card's bottom edge, as a fraction of its width. */
export const outputAt = (port: number, outputs: number): number => (outputs > 1 ? (port + 1) / (outputs + 1) : 0.5);

/** Whether a layer's card has an input handle: a block instance's inputs decide, else its catalog spec (an unknown type takes one). */
export const takesInputs = (maxInputs: number | undefined, block: { inputs: readonly unknown[] } | undefined): boolean =>
  (block ? block.inputs.length : (maxInputs ?? 1)) > 0;

/** One list per kind of card (without, with an input; by outputs), so that an unchanged card keeps the very same handles. */
const handleLists: [NodeHandle[][], NodeHandle[][]] = [[], []];

/**
 * The card's handles, where the canvas would measure them: the input on the top edge's middle, the outputs
 * spread along the bottom. Given up front, they let the canvas leave off-screen cards undrawn (it otherwise
 * draws every card once, to measure its handles: a 769-layer import spent a second on that).
 */
export function cardHandles(hasInput: boolean, outputs: number): NodeHandle[] {
  const lists = handleLists[hasInput ? 1 : 0];
  return (lists[outputs] ??= cardHandleList(hasInput, outputs));
}

function cardHandleList(hasInput: boolean, outputs: number): NodeHandle[] {
  const at = (x: number, y: number) => ({ x: x - HANDLE / 2, y: y - HANDLE / 2, width: HANDLE, height: HANDLE });
  const sources = Array.from({ length: outputs }, (_, port) => ({
    id: outputHandle(port),
    type: 'source' as const,
    position: 'bottom' as Position,
    ...at(outputAt(port, outputs) * CARD.width, CARD.height),
  }));
  return hasInput ? [{ id: 'in', type: 'target' as const, position: 'top' as Position, ...at(CARD.width / 2, 0) }, ...sources] : sources;
}

/**
 * Canvas nodes for the sketch. Objects whose position, selection and handles are unchanged are reused, and
 * the same array is returned when nothing changed: a field edit then leaves the canvas's node list alone.
 * `hidden` nodes (and so their edges) stay known to the canvas but undrawn, while the overview draws them.
 */
export function flowNodes(
  sketch: Sketch,
  selection: Selection,
  current: readonly LayerFlowNode[],
  handlesOf: (layer: LayerNode) => NodeHandle[],
  hidden = false,
): LayerFlowNode[] {
  const before = new Map(current.map((n) => [n.id, n]));
  const selected = new Set(selection.nodes);
  let changed = current.length !== sketch.design.nodes.length;
  const next = sketch.design.nodes.map((layer: LayerNode, i): LayerFlowNode => {
    const position = sketch.layout[layer.id] ?? { x: 0, y: 0 };
    const old = before.get(layer.id);
    const isSelected = selected.has(layer.id);
    const handles = handlesOf(layer);
    if (old && old.position.x === position.x && old.position.y === position.y && !!old.selected === isSelected && old.handles === handles && !!old.hidden === hidden) {
      changed ||= current[i] !== old;
      return old;
    }
    changed = true;
    return { ...old, ...CARD, handles, id: layer.id, type: 'layer', position, data: {}, selected: isSelected, hidden };
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
