/**
 * The overview: a big graph far out, drawn on one <canvas> instead of a DOM node per layer and an SVG per
 * edge. With 2,000 layers in view, the DOM's style, layout, paint and hit tests took ~100 ms per wheel step
 * (software rendering); here a frame is a few fills and one stroke per family. The scene (flow
 * coordinates) is built once per change of the graph; a frame only transforms and culls it.
 */
import { getBezierPath, Position } from '@xyflow/svelte';
import { FAMILY_TABLE } from '../../../shared/catalog';
import type { Sketch } from '../../../shared/sketch';
import { CARD, outputAt } from './flow';
import type { OverviewBar } from './overview-pick';

/** Graphs at least this big draw far out (below the cards' zoom) as the overview; smaller ones keep their DOM bars. */
export const OVERVIEW_FROM = 400;

/** The bars, the wires as one path, and the bounds of the bars (all in flow coordinates). */
export type OverviewScene = { bars: OverviewBar[]; wires: Path2D; bounds: { left: number; top: number; right: number; bottom: number } };
export type OverviewLook = { nodeBg: string; text: string; wire: string; accent: string; error: string };

/** The theme's colours, as the DOM cards use them (light or dark follows the OS), read from where the overview is. */
export function readLook(element: Element): OverviewLook {
  const style = getComputedStyle(element);
  const colour = (name: string) => style.getPropertyValue(name).trim();
  return { nodeBg: colour('--node-bg'), text: colour('--text'), wire: colour('--node-border'), accent: colour('--accent'), error: colour('--error') };
}

/** What the overview needs to know of a layer beyond the sketch (the catalog and the evaluation). */
export type BarFacts = (id: string, type: string) => { family: OverviewBar['family']; outputs: number; flagged: boolean };

export function overviewScene(sketch: Sketch, facts: BarFacts): OverviewScene {
  const { nodes, edges } = sketch.design;
  const byId = new Map<string, OverviewBar & { outputs: number }>();
  const bars = nodes.map((layer) => {
    const at = sketch.layout[layer.id] ?? { x: 0, y: 0 };
    const fact = facts(layer.id, layer.type);
    const bar = { id: layer.id, x: at.x, y: at.y, name: layer.name ?? layer.id, family: fact.family, flagged: fact.flagged, outputs: fact.outputs };
    byId.set(layer.id, bar);
    return bar;
  });
  const wires = new Path2D();
  for (const edge of edges) {
    const [from, to] = [byId.get(edge.from), byId.get(edge.to)];
    if (!from || !to) continue;
    // The canvas's own curve between the same handles (flow.ts cardHandles), so nothing jumps at the switch.
    const [path] = getBezierPath({
      sourceX: from.x + outputAt(edge.fromPort ?? 0, from.outputs) * CARD.width,
      sourceY: from.y + CARD.height,
      sourcePosition: Position.Bottom,
      targetX: to.x + CARD.width / 2,
      targetY: to.y,
      targetPosition: Position.Top,
    });
    wires.addPath(new Path2D(path));
  }
  const bounds = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  for (const bar of bars) {
    bounds.left = Math.min(bounds.left, bar.x);
    bounds.top = Math.min(bounds.top, bar.y);
    bounds.right = Math.max(bounds.right, bar.x + CARD.width);
    bounds.bottom = Math.max(bounds.bottom, bar.y + CARD.height);
  }
  return { bars, wires, bounds };
}

export type View = { x: number; y: number; zoom: number };
type Context = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** What a frame marks on the bars: the selection, names (at a size in flow units), bars being dragged (where they would land). */
export interface OverviewMarks {
  selected: ReadonlySet<string>;
  nameSize?: number;
  moving?: { ids: ReadonlySet<string>; dx: number; dy: number };
}

/**
 * One frame: the bars in view in their family's colour (as the DOM bars: 45 % over the card's
 * background, the family's colour as border; a block in the accent), every wire at least a pixel wide,
 * the marks. Returns how many bars it drew.
 */
export function drawOverview(ctx: Context, scene: OverviewScene, view: View, size: { width: number; height: number }, look: OverviewLook, marks: OverviewMarks): number {
  const { selected, nameSize, moving } = marks;
  const ratio = ctx.canvas.width / Math.max(size.width, 1);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(view.zoom * ratio, 0, 0, view.zoom * ratio, view.x * ratio, view.y * ratio);
  const pixel = 1 / view.zoom;
  ctx.lineWidth = nameSize ? Math.max(nameSize / 12, pixel) : pixel;
  ctx.strokeStyle = look.wire;
  ctx.stroke(scene.wires);

  // The bars at least partly in view (flow coordinates).
  const [left, top] = [-view.x / view.zoom, -view.y / view.zoom];
  const [right, bottom] = [left + size.width / view.zoom, top + size.height / view.zoom];
  const shown = scene.bars.filter((b) => b.x + CARD.width >= left && b.x <= right && b.y + CARD.height >= top && b.y <= bottom);
  const byColour = new Map<string, OverviewBar[]>();
  for (const bar of shown) {
    const colour = colourOf(bar.family, look);
    const group = byColour.get(colour);
    if (group) group.push(bar);
    else byColour.set(colour, [bar]);
  }
  ctx.lineWidth = Math.max(1, pixel);
  for (const [colour, group] of byColour) {
    const rects = new Path2D();
    for (const bar of group) rects.rect(bar.x, bar.y, CARD.width, CARD.height);
    ctx.fillStyle = look.nodeBg;
    ctx.fill(rects);
    ctx.globalAlpha = 0.45;
    ctx.fillStyle = colour;
    ctx.fill(rects);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = colour;
    ctx.stroke(rects);
  }
  outline(ctx, shown.filter((b) => b.flagged), look.error, Math.max(6, 3 * pixel));
  outline(ctx, shown.filter((b) => selected.has(b.id)), look.accent, Math.max(12, 3 * pixel));
  if (nameSize) names(ctx, shown, look.text, nameSize);
  if (moving) {
    const ghosts = scene.bars.filter((b) => moving.ids.has(b.id)).map((b) => ({ ...b, x: b.x + moving.dx, y: b.y + moving.dy }));
    ctx.setLineDash([6 * pixel, 4 * pixel]);
    outline(ctx, ghosts, look.accent, Math.max(2 * pixel, 4));
    ctx.setLineDash([]);
  }
  return shown.length;
}

const colourOf = (family: OverviewBar['family'], look: OverviewLook) =>
  family === 'block' ? look.accent : family === 'unknown' ? look.error : FAMILY_TABLE[family].colour;

function outline(ctx: Context, bars: readonly OverviewBar[], colour: string, width: number) {
  if (!bars.length) return;
  const rects = new Path2D();
  for (const bar of bars) rects.rect(bar.x, bar.y, CARD.width, CARD.height);
  ctx.lineWidth = width;
  ctx.strokeStyle = colour;
  ctx.stroke(rects);
}

/** Each name centred on its bar, cut with an ellipsis to the bar's width (as the DOM bars' CSS does). */
function names(ctx: Context, bars: readonly OverviewBar[], colour: string, size: number) {
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  ctx.fillStyle = colour;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const room = CARD.width - 8;
  for (const bar of bars) ctx.fillText(fitted(ctx, bar.name, room), bar.x + CARD.width / 2, bar.y + CARD.height / 2);
}

/** Cut names by font size and name: measuring text every frame would cost more than drawing it. */
const cut = new Map<string, string>();
function fitted(ctx: Context, text: string, room: number): string {
  const key = `${ctx.font}|${text}`;
  const known = cut.get(key);
  if (known !== undefined) return known;
  let keep = text.length;
  if (ctx.measureText(text).width > room) {
    do keep = Math.floor(keep * 0.85);
    while (keep > 1 && ctx.measureText(`${text.slice(0, keep)}…`).width > room);
  }
  const shown = keep === text.length ? text : `${text.slice(0, keep)}…`;
  if (cut.size > 20_000) cut.clear();
  cut.set(key, shown);
  return shown;
}
