/**
 * Where a layer added without a drop point lands, as pure functions: under the selected layer, or in the
 * middle of the canvas, never on top of another layer (a new layer hidden under an old one looks lost).
 */
import type { Position, Sketch } from '../sketch';
import { NODE_SIZE } from './auto-layout';

/** How far below a layer the one added after it goes: a node and the auto-layout's gap between ranks. */
export const INSERT_STEP = NODE_SIZE.height + 56;
/** How far right a new layer moves past one in its way: a node and the auto-layout's gap beside it. */
const SIDE_STEP = NODE_SIZE.width + 40;

/** Whether nodes placed at these top-left corners would overlap (every node is NODE_SIZE). */
export const overlaps = (a: Position, b: Position): boolean => Math.abs(a.x - b.x) < NODE_SIZE.width && Math.abs(a.y - b.y) < NODE_SIZE.height;

/** The spot, or the first one to its right that no node covers. */
export function freeSpot(layout: Record<string, Position>, spot: Position): Position {
  const taken = Object.values(layout);
  let place = spot;
  while (taken.some((q) => overlaps(q, place))) place = { x: place.x + SIDE_STEP, y: place.y };
  return place;
}

/** The top-left corner that puts a node's middle on `centre` (the canvas's middle), to a whole pixel. */
const centredOn = (centre: Position): Position => ({
  x: Math.round(centre.x - NODE_SIZE.width / 2),
  y: Math.round(centre.y - NODE_SIZE.height / 2),
});

/**
 * Where a layer added after `after` (the one selected layer), or with nothing selected, goes: under `after`,
 * else centred on the canvas (`centre` is asked only then), moved right past any layer there. Taking over a
 * chain's place (`after` feeds something from its first output) the spot right under it is used as is: the
 * layers below move down, so it is free by then.
 */
export function newLayerPlace(sketch: Sketch, after: string | undefined, centre: () => Position): Position {
  const below = after ? sketch.layout[after] : undefined;
  const under = below && { x: below.x, y: below.y + INSERT_STEP };
  const takesOverChain = sketch.design.edges.some((e) => e.from === after && !e.fromPort);
  if (under && takesOverChain) return under;
  return freeSpot(sketch.layout, under ?? centredOn(centre()));
}
