// The library's small drawing of a design: the picture's drawing (shared/picture: the same boxes, family
// colours and edges, in the canvas's arrangement) shrunk to a self-contained SVG string, stored with every
// design. It draws no text: at 160 × 100 (shown at 96 × 60) even a two-layer chain's 13-unit type names
// would be 5 px high, so the labels are left out, and nothing the user typed (names, ids) reaches the markup.
import { layerBox, type Box } from './picture/box';
import { canvasPlacement, type Placement } from './picture/layout';
import { svgNumber as num } from './picture/text';
import type { Sketch } from './sketch';

/** Past this many nodes, boxes only: edges would be a smudge, and would make the string large. */
const EDGELESS_ABOVE = 2_000;
/** Distinct edge segments drawn at most (beyond, none): keeps an edge-heavy design's string small. */
const MAX_SEGMENTS = 3_000;
/** Boxes drawn at most for edgeless designs: boxes landing on one spot are drawn once, on a coarser grid as needed. */
const MAX_BOXES = 2_500;
/** The picture's box corner radius, in its units. */
const RADIUS = 6;
const MARGIN = 4;
/** A one- or two-layer design is drawn at most this scale, rather than as one box filling the frame. */
const MAX_SCALE = 0.3;
/** Edges, and block instances (which have no family): a mid grey, seen on the library's light and dark backgrounds alike. */
const INK = '#98a2b3';

interface Frame {
  scale: number;
  dx: number;
  dy: number;
}

/** Scales the boxes' bounds to fit the size less a margin, centred. */
function frameOf(placement: Placement, boxes: Box[], size: { width: number; height: number }): Frame {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  placement.centres.forEach(({ x, y }, i) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    [x0, y0] = [Math.min(x0, x - boxes[i].width / 2), Math.min(y0, y - boxes[i].height / 2)];
    [x1, y1] = [Math.max(x1, x + boxes[i].width / 2), Math.max(y1, y + boxes[i].height / 2)];
  });
  const scale = Math.min((size.width - 2 * MARGIN) / (x1 - x0), (size.height - 2 * MARGIN) / (y1 - y0), MAX_SCALE);
  // No boxes, or positions a whole float range apart (an infinite span): everything at the middle.
  if (!(Number.isFinite(scale) && scale > 0)) return { scale: 0, dx: size.width / 2, dy: size.height / 2 };
  return {
    scale,
    dx: (size.width - (x1 - x0) * scale) / 2 - x0 * scale,
    dy: (size.height - (y1 - y0) * scale) / 2 - y0 * scale,
  };
}

/** The picture's edge routes (box border to box border), scaled and deduplicated, as one path. */
function edgePath(placement: Placement, f: Frame): string {
  const segments = new Set<string>();
  for (const route of placement.routes) {
    if (!route) continue;
    const [from, to] = [route[0], route[route.length - 1]];
    segments.add(`M${num(from.x * f.scale + f.dx)} ${num(from.y * f.scale + f.dy)}L${num(to.x * f.scale + f.dx)} ${num(to.y * f.scale + f.dy)}`);
    if (segments.size > MAX_SEGMENTS) return '';
  }
  return segments.size ? `<path d="${[...segments].join('')}" fill="none" stroke="${INK}" stroke-width=".6"/>` : '';
}

/**
 * Boxes grouped by colour (one fill attribute per colour). Edgeless designs draw boxes landing on the
 * same spot of a `step` grid once, coarsening the grid until at most MAX_BOXES remain.
 */
function drawBoxes(placement: Placement, boxes: Box[], f: Frame, edgeless: boolean): string {
  for (let step = 0.1; ; step *= 2) {
    const groups = new Map<string, string[]>();
    const seen = new Set<string>();
    const rx = num(RADIUS * f.scale);
    const snap = (v: number) => num(Math.round(v / step) * step);
    boxes.forEach((box, i) => {
      const at = placement.centres[i];
      if (!Number.isFinite(at.x) || !Number.isFinite(at.y)) return;
      const [w, h] = [Math.max(box.width * f.scale, step), Math.max(box.height * f.scale, step)];
      const rect = `<rect x="${snap((at.x - box.width / 2) * f.scale + f.dx)}" y="${snap((at.y - box.height / 2) * f.scale + f.dy)}" width="${num(w)}" height="${num(h)}"${rx === '0' ? '' : ` rx="${rx}"`}/>`;
      const colour = box.colour ?? INK;
      if (edgeless && seen.has(colour + rect)) return;
      seen.add(colour + rect);
      const group = groups.get(colour);
      if (group) group.push(rect);
      else groups.set(colour, [rect]);
    });
    if (!edgeless || seen.size <= MAX_BOXES) return [...groups].map(([colour, rects]) => `<g fill="${colour}">${rects.join('')}</g>`).join('');
  }
}

/**
 * A small SVG of the design as the picture draws it: each layer's box (its measured size, its family's
 * colour; a block instance grey) where the canvas places it (unplaced layers placed by the auto-layout),
 * edges from box to box, scaled to fit. Designs of more than EDGELESS_ABOVE layers draw boxes only,
 * merged where they coincide, so that even a 10,000-layer design stays well under 200 KB. Coordinates
 * have one decimal: the library stores it.
 */
export function thumbnailSvg(sketch: Sketch, size = { width: 160, height: 100 }): string {
  const width = Number.isFinite(size.width) && size.width > 0 ? size.width : 160;
  const height = Number.isFinite(size.height) && size.height > 0 ? size.height : 100;
  const { design } = sketch;
  // Boxes measured as the picture measures them, but unevaluated (without the shape and count line): a
  // thumbnail is made at every save, beside the totals, and evaluating again would add half to that work.
  const boxes = design.nodes.map((node) => layerBox(node, design, undefined, sketch.convention));
  const placement = canvasPlacement(design, sketch.layout ?? {}, boxes);
  const frame = frameOf(placement, boxes, { width, height });
  const edgeless = design.nodes.length > EDGELESS_ABOVE;
  const edges = edgeless ? '' : edgePath(placement, frame);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}">` +
    `${edges}${drawBoxes(placement, boxes, frame, edgeless)}</svg>`
  );
}
