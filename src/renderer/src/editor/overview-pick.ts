/**
 * Clicks on the overview (overview.ts draws it): which bar a point is on, and what a click or a
 * double-click on it does. Pure: the canvas turns the pointer into flow coordinates and applies the result.
 */
import type { Family } from '../../../shared/catalog';
import type { Position } from '../../../shared/sketch';
import { CARD } from './flow';
import type { Selection } from './selection';

export type OverviewBar = { id: string; x: number; y: number; name: string; family: Family | 'unknown' | 'block'; flagged: boolean };

/**
 * The bar under a point in flow coordinates, or the nearest within `slop` (a bar far out is a pixel tall,
 * and a click lands on whole pixels); on a tie, the last drawn, so the topmost.
 */
export function barAt(bars: readonly OverviewBar[], x: number, y: number, slop = 0): OverviewBar | undefined {
  let best: OverviewBar | undefined;
  let bestDistance = Infinity;
  for (const bar of bars) {
    const dx = Math.max(bar.x - x, 0, x - bar.x - CARD.width);
    const dy = Math.max(bar.y - y, 0, y - bar.y - CARD.height);
    const distance = Math.hypot(dx, dy);
    if (distance <= slop && distance <= bestDistance) [best, bestDistance] = [bar, distance];
  }
  return best;
}

/** The bars a selection rectangle (flow coordinates) touches, as Svelte Flow's partial selection takes nodes. */
export const barsIn = (bars: readonly OverviewBar[], r: { x: number; y: number; width: number; height: number }): string[] =>
  bars.filter((b) => b.x <= r.x + r.width && b.x + CARD.width >= r.x && b.y <= r.y + r.height && b.y + CARD.height >= r.y).map((b) => b.id);

export type OverviewClick = { select: Selection } | { open: string } | { reveal: string };

/**
 * What a click on a bar does: select its layer (with Ctrl, Cmd or Shift, add it to the selection or take it
 * out); a double-click opens a block, or shows any other layer as a card.
 */
export function overviewClick(bar: OverviewBar, click: { double: boolean; adding: boolean }, selection: Selection): OverviewClick {
  if (click.double) return bar.family === 'block' ? { open: bar.id } : { reveal: bar.id };
  if (!click.adding) return { select: { nodes: [bar.id], edges: [] } };
  const others = selection.nodes.filter((id) => id !== bar.id);
  return { select: { nodes: selection.nodes.includes(bar.id) ? others : [...others, bar.id], edges: selection.edges } };
}

/**
 * Where dragged bars land: moved by (dx, dy) in flow units, each corner on the grid when snapping (as
 * Svelte Flow snaps a dragged card), in whole units as the layout keeps them.
 */
export function draggedTo(bars: readonly OverviewBar[], ids: ReadonlySet<string>, dx: number, dy: number, grid?: number): Record<string, Position> {
  const snap = (v: number) => (grid ? Math.round(v / grid) * grid : Math.round(v));
  return Object.fromEntries(bars.filter((b) => ids.has(b.id)).map((b) => [b.id, { x: snap(b.x + dx), y: snap(b.y + dy) }]));
}
