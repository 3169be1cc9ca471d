/**
 * What the canvas offers the editor, and the canvas's viewport arithmetic, kept pure: fitting a graph
 * around the panels that float over the canvas, the zoom range a graph needs, and the level of detail
 * nodes draw at for a zoom.
 */
import type { Position } from '../../../shared/sketch';

/** What the canvas offers the rest of the editor (it owns the viewport). */
export interface CanvasView {
  centre(): Position;
  /** Centres the node, zooming in to at least 100% unless `zoomIn` is false. */
  reveal(id: string, zoomIn?: boolean): void;
  /** Pans just enough to show the node, if it is out of view. */
  keepInView(id: string): void;
  /** Fits the design in view; `readable` stops at a zoom where labels can still be read. */
  fit(readable?: boolean): void;
  zoom(direction: 1 | -1): void;
  /** Where a palette drag released at this screen point lands on the canvas, if over it. */
  dropPoint(clientX: number, clientY: number): Position | undefined;
  /** The edge (its key) under this screen point, if any. */
  edgeAt(clientX: number, clientY: number): string | undefined;
}

/** A rectangle in flow coordinates (what Svelte Flow's getNodesBounds returns). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** A panel over the canvas (minimap, controls, the open block's banner), in pixels from the canvas's corner. */
export interface Obstacle {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}
interface Size {
  width: number;
  height: number;
}

/** Room kept free around a fitted graph, and between it and a panel, in screen pixels. */
const MARGIN = 24;
const GAP = 8;

/**
 * The viewport that shows all of `bounds` as large as possible without any panel covering it. Each panel
 * is kept clear either beside the graph (a free column on its side) or above / below it (a free band): every
 * combination is tried and the largest zoom wins, so a tall graph gives up a column, a wide one a band.
 */
export function fitViewport(bounds: Rect, size: Size, obstacles: readonly Obstacle[], maxZoom = 1): Viewport {
  let best: Viewport | undefined;
  for (let choice = 0; choice < 1 << obstacles.length; choice++) {
    const inset = { left: MARGIN, top: MARGIN, right: MARGIN, bottom: MARGIN };
    obstacles.forEach((o, i) => {
      if (choice & (1 << i)) {
        if (o.left + o.right > size.width) inset.right = Math.max(inset.right, size.width - o.left + GAP);
        else inset.left = Math.max(inset.left, o.right + GAP);
      } else if (o.top + o.bottom > size.height) inset.bottom = Math.max(inset.bottom, size.height - o.top + GAP);
      else inset.top = Math.max(inset.top, o.bottom + GAP);
    });
    const free = { width: size.width - inset.left - inset.right, height: size.height - inset.top - inset.bottom };
    if (free.width <= 0 || free.height <= 0) continue;
    const zoom = Math.min(maxZoom, free.width / Math.max(bounds.width, 1), free.height / Math.max(bounds.height, 1));
    if (best && zoom <= best.zoom) continue;
    best = {
      x: inset.left + (free.width - bounds.width * zoom) / 2 - bounds.x * zoom,
      y: inset.top + (free.height - bounds.height * zoom) / 2 - bounds.y * zoom,
      zoom,
    };
  }
  return best ?? fitViewport(bounds, size, [], maxZoom);
}

/** Svelte Flow's usual floor; a graph too big to fit at it lowers the floor to half its fitting zoom. */
export const MIN_ZOOM = 0.05;
export const minZoomFor = (bounds: Rect, size: Size): number => Math.min(MIN_ZOOM, fitViewport(bounds, size, []).zoom / 2);

/**
 * Levels of detail, chosen by zoom alone, so that changing level is one attribute on the canvas (no work
 * per node). Below `cards` a node draws as a bar in its family's colour with only its name, at a size in
 * flow units that lands between 10 and 15 screen pixels across its band (as many letters as a bar holds);
 * below the last band a node is under 16 px tall, too little for any text: bars only.
 */
const CARDS_FROM = 0.7;
const NAME_BANDS = [
  { from: 0.45, size: 22 },
  { from: 0.3, size: 34 },
  { from: 0.2, size: 50 },
] as const;

export type Detail = { level: 'cards' } | { level: 'bars'; nameSize?: number };

export function detailAt(zoom: number): Detail {
  if (zoom >= CARDS_FROM) return { level: 'cards' };
  const band = NAME_BANDS.find((b) => zoom >= b.from);
  return band ? { level: 'bars', nameSize: band.size } : { level: 'bars' };
}
