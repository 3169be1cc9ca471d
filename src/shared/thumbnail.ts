// The library's small drawing of a design: a self-contained SVG string, stored with every design.
// It draws no text, so nothing the user typed (names, ids) ever reaches the markup.
import { familyFill, layerSpec, type Family } from './catalog';
import { completeLayout, NODE_SIZE, placedAt } from './edit/auto-layout';
import { svgNumber as num } from './picture/text';
import type { Position, Sketch } from './sketch';

/** Past this many nodes, boxes only: edges would be a smudge, and would make the string large. */
const EDGELESS_ABOVE = 2_000;
/** Distinct edge segments drawn at most (beyond, none): keeps an edge-heavy design's string small. */
const MAX_SEGMENTS = 3_000;
/** Boxes drawn at most for edgeless designs: boxes landing on one spot are drawn once, on a coarser grid as needed. */
const MAX_BOXES = 2_500;
/** The editor's node corner radius, in flow units. */
const RADIUS = 8;
const MARGIN = 4;
/** A one- or two-layer design is drawn at most this scale, rather than as one box filling the frame. */
const MAX_SCALE = 0.3;

/** Every node's top-left corner: its saved position, or the auto-layout's. */
const positionsOf = (sketch: Sketch): Position[] => {
  const layout = completeLayout(sketch.design, sketch.layout ?? {});
  return sketch.design.nodes.map(({ id }) => placedAt(layout, id)!);
};

interface Frame {
  scale: number;
  dx: number;
  dy: number;
}

/** Scales the boxes' bounds to fit the size less a margin, centred. */
function frameOf(positions: (Position | undefined)[], size: { width: number; height: number }): Frame {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const at of positions) {
    if (!at) continue;
    x0 = Math.min(x0, at.x);
    y0 = Math.min(y0, at.y);
    x1 = Math.max(x1, at.x + NODE_SIZE.width);
    y1 = Math.max(y1, at.y + NODE_SIZE.height);
  }
  const scale = Math.min((size.width - 2 * MARGIN) / (x1 - x0), (size.height - 2 * MARGIN) / (y1 - y0), MAX_SCALE);
  // No boxes, or positions a whole float range apart (an infinite span): everything at the middle.
  if (!(Number.isFinite(scale) && scale > 0)) return { scale: 0, dx: size.width / 2, dy: size.height / 2 };
  return {
    scale,
    dx: (size.width - (x1 - x0) * scale) / 2 - x0 * scale,
    dy: (size.height - (y1 - y0) * scale) / 2 - y0 * scale,
  };
}

/** Segments from the bottom centre of each source box to the top centre of its target, deduplicated. */
function edgePath(sketch: Sketch, positions: (Position | undefined)[], f: Frame): string {
  const firstAt = new Map<string, Position>();
  sketch.design.nodes.forEach((node, i) => {
    const at = positions[i];
    if (at && !firstAt.has(node.id)) firstAt.set(node.id, at);
  });
  const segments = new Set<string>();
  for (const edge of sketch.design.edges) {
    const [from, to] = [firstAt.get(edge.from), firstAt.get(edge.to)];
    if (!from || !to || edge.from === edge.to) continue;
    const cx = (at: Position) => num((at.x + NODE_SIZE.width / 2) * f.scale + f.dx);
    segments.add(`M${cx(from)} ${num((from.y + NODE_SIZE.height) * f.scale + f.dy)}L${cx(to)} ${num(to.y * f.scale + f.dy)}`);
    if (segments.size > MAX_SEGMENTS) return '';
  }
  return segments.size ? `<path d="${[...segments].join('')}" fill="none" stroke="var(--muted, #98a2b3)" stroke-width=".6"/>` : '';
}

/**
 * Boxes grouped by family (one fill attribute per family). Edgeless designs draw boxes landing on the
 * same spot of a `step` grid once, coarsening the grid until at most MAX_BOXES remain.
 */
function boxes(sketch: Sketch, positions: (Position | undefined)[], f: Frame, edgeless: boolean): string {
  for (let step = 0.1; ; step *= 2) {
    const groups = new Map<Family | 'unknown', string[]>();
    const seen = new Set<string>();
    const w = Math.max(NODE_SIZE.width * f.scale, step);
    const h = Math.max(NODE_SIZE.height * f.scale, step);
    const rx = num(RADIUS * f.scale);
    const tail = `" width="${num(w)}" height="${num(h)}"${rx === '0' ? '' : ` rx="${rx}"`}/>`;
    const snap = (v: number) => num(Math.round(v / step) * step);
    sketch.design.nodes.forEach((node, i) => {
      const at = positions[i];
      if (!at) return;
      const family = layerSpec(node.type)?.family ?? 'unknown';
      const rect = `<rect x="${snap(at.x * f.scale + f.dx)}" y="${snap(at.y * f.scale + f.dy)}${tail}`;
      if (edgeless && seen.has(family + rect)) return;
      seen.add(family + rect);
      const group = groups.get(family);
      if (group) group.push(rect);
      else groups.set(family, [rect]);
    });
    if (!edgeless || seen.size <= MAX_BOXES)
      return [...groups].map(([family, rects]) => `<g fill="${familyFill(family)}">${rects.join('')}</g>`).join('');
  }
}

/**
 * A small SVG of the design's graph: a rounded box per layer at its canvas position (unplaced layers
 * placed by the auto-layout), coloured by family through `--family-<family>` custom properties with
 * fallbacks, edges from the bottom of a source to the top of its target, scaled to fit. Designs of
 * more than EDGELESS_ABOVE layers draw boxes only, merged where they coincide, so that even a
 * 10,000-layer design stays well under 200 KB. Coordinates have one decimal: the library stores it.
 */
export function thumbnailSvg(sketch: Sketch, size = { width: 160, height: 100 }): string {
  const width = Number.isFinite(size.width) && size.width > 0 ? size.width : 160;
  const height = Number.isFinite(size.height) && size.height > 0 ? size.height : 100;
  const positions = positionsOf(sketch);
  const frame = frameOf(positions, { width, height });
  const edgeless = sketch.design.nodes.length > EDGELESS_ABOVE;
  const edges = edgeless ? '' : edgePath(sketch, positions, frame);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}">` +
    `${edges}${boxes(sketch, positions, frame, edgeless)}</svg>`
  );
}
