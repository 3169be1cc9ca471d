/**
 * A design as a standalone SVG picture, drawn from its model (not from the screen): a box per layer
 * coloured by family, an edge with an arrowhead per connection, a legend with the name, totals and
 * convention. Plain SVG only (no <foreignObject>, no external resources, generic font families), so
 * Chromium, librsvg and Inkscape draw it alike. The app's Export menu uses it; the CLI can call it too.
 */
import { FAMILIES, FAMILY_TABLE, layerSpec, type Family } from '../catalog';
import { tensorText } from '../describe';
import { inlineBlocks } from '../blocks/inline';
import { evaluateDesign, nodeResult, type Evaluation } from '../evaluate';
import { groupThousands } from '../format';
import type { Position, Sketch } from '../sketch';
import { drawBox, FONT, layerBox } from './box';
import { canvasPlacement, paperPlacement, type Direction, type Placement } from './layout';
import { escapeXml, svgNumber as num, textWidth, wrapText } from './text';
import { THEMES, type Theme, type ThemeName } from './theme';

export interface PictureOptions {
  /** 'canvas' keeps the editor's arrangement; 'TB' and 'LR' lay the graph out for paper (default 'TB'). */
  layout?: 'canvas' | Direction;
  theme?: ThemeName;
  /** Label each edge with the tensor it carries. */
  shapes?: boolean;
  /** Draw every block instance as its layers (nested ones too) rather than as one box (default false). */
  expandBlocks?: boolean;
}

const MARGIN = 24;
/** Wider than any real layout (10,000 layers in a row at 300 units each): beyond, positions are nonsense. */
const MAX_SPAN = 5_000_000;
const LEGEND = { title: 18, line: 13 };
/** Generic families last: whatever the machine has, some sans-serif draws it. */
const FONTS = `system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif`;

/** The name and totals a picture carries, as the summary shows them. */
export function legendLines(sketch: Sketch, evaluation: Evaluation): string[] {
  const { totals } = evaluation;
  const convention = sketch.convention === 'keras' ? 'Keras' : 'PyTorch';
  const uncounted = totals.uncounted ? `; ${totals.uncounted} layers could not be counted` : '';
  return [
    sketch.name || 'Untitled',
    `${groupThousands(totals.params)} parameters (${convention}): ${groupThousands(totals.trainable)} trainable, ${groupThousands(totals.nonTrainable)} non-trainable${uncounted}`,
  ];
}

/** An edge through its route's points: straight when two, else smoothed through the bends, ending straight (the arrow's direction). */
function edgePath(points: Position[]): string {
  const p = (at: Position) => `${num(at.x)} ${num(at.y)}`;
  let d = `M${p(points[0])}`;
  for (let i = 1; i < points.length - 1; i++) {
    const next = points[i + 1];
    d += `Q${p(points[i])} ${p({ x: (points[i].x + next.x) / 2, y: (points[i].y + next.y) / 2 })}`;
  }
  return `${d}L${p(points[points.length - 1])}`;
}

/** The legend: name, totals, and a swatch per family drawn. Returns its SVG and height. */
function legend(lines: string[], families: Family[], theme: Theme, width: number): { svg: string; height: number } {
  const parts: string[] = [];
  let y = MARGIN;
  wrapText(lines[0], LEGEND.title, width, true).forEach((t) => {
    y += LEGEND.title + 4;
    parts.push(`<text x="${MARGIN}" y="${y - 4}" font-size="${LEGEND.title}" font-weight="bold" fill="${theme.text}">${escapeXml(t)}</text>`);
  });
  for (const line of lines.slice(1))
    for (const t of wrapText(line, LEGEND.line, width)) {
      y += LEGEND.line + 6;
      parts.push(`<text x="${MARGIN}" y="${y - 4}" font-size="${LEGEND.line}" fill="${theme.muted}">${escapeXml(t)}</text>`);
    }
  let x = MARGIN;
  y += 8;
  for (const family of families) {
    const title = FAMILY_TABLE[family].title;
    const w = 18 + textWidth(title, FONT.small) + 14;
    if (x > MARGIN && x + w > MARGIN + width) [x, y] = [MARGIN, y + 18];
    parts.push(`<rect x="${x}" y="${y}" width="12" height="12" rx="2" fill="${FAMILY_TABLE[family].colour}"/>`);
    parts.push(`<text x="${num(x + 18)}" y="${y + 10.5}" font-size="${FONT.small}" fill="${theme.muted}">${escapeXml(title)}</text>`);
    x += w;
  }
  return { svg: parts.join(''), height: y + (families.length ? 18 : 0) + 12 - MARGIN };
}

/** The smallest rectangle around every box, route point and label (NaN where a position is not a number). */
function boundsOf(placement: Placement, sizes: { width: number; height: number }[], labelWidth: (k: number) => number) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const cover = (x: number, y: number, w = 0, h = 0) => {
    [x0, y0, x1, y1] = [Math.min(x0, x - w / 2), Math.min(y0, y - h / 2), Math.max(x1, x + w / 2), Math.max(y1, y + h / 2)];
  };
  placement.centres.forEach((c, i) => cover(c.x, c.y, sizes[i].width, sizes[i].height));
  placement.routes.forEach((route) => route?.forEach((at) => cover(at.x, at.y)));
  placement.labels.forEach((at, k) => at && cover(at.x, at.y, labelWidth(k), 18));
  // Nothing drawn is an empty rectangle; NaN (from a hostile saved layout) stays NaN, for the caller to see.
  return x0 === Infinity ? { x0: 0, y0: 0, x1: 0, y1: 0 } : { x0, y0, x1, y1 };
}

/**
 * The picture of a laid-out design and its evaluation (the same sketch evaluated in its convention), as
 * SVG text. Blocks are drawn collapsed (one box, `×N` for a stack) unless expanded. Pure: no DOM, the
 * same output for the same input, so the renderer rasterises it and the CLI can write it (for the CLI:
 * evaluate the sketch with evaluateDesign, call this, and rasterise with any SVG renderer).
 */
export function pictureSvg(shown: Sketch, counted: Evaluation, options: PictureOptions = {}): string {
  // Expanded, the layers inside blocks are counted where they are drawn: the same totals, per layer.
  const expand = options.expandBlocks && Object.keys(shown.design.blocks ?? {}).length > 0;
  const sketch = expand ? { ...shown, design: inlineBlocks(shown.design) } : shown;
  const evaluation = expand ? evaluateDesign(sketch.design, { convention: sketch.convention }) : counted;
  const { design } = sketch;
  const theme = THEMES[options.theme ?? 'light'];
  const boxes = design.nodes.map((node) => layerBox(node, design, nodeResult(evaluation, node.id), sketch.convention));
  const labelText = (k: number): string | undefined => {
    if (!options.shapes) return undefined;
    const edge = design.edges[k];
    const tensor = nodeResult(evaluation, edge.from)?.outputs?.[edge.fromPort ?? 0];
    return tensor && tensorText(tensor, sketch.convention);
  };
  const labelWidth = (k: number) => textWidth(labelText(k) ?? '', FONT.small) + 8;
  const layout = options.layout ?? 'TB';
  const paper = (direction: Direction) => paperPlacement(design, boxes, direction, (k) => (labelText(k) ? { width: labelWidth(k), height: 18 } : undefined));
  let placement = layout === 'canvas' ? canvasPlacement(design, sketch.layout ?? {}, boxes) : paper(layout);
  let bounds = boundsOf(placement, boxes, labelWidth);
  // A saved layout a float range wide (a damaged or hostile file) cannot be drawn: the paper layout can.
  if (!(Math.max(bounds.x1 - bounds.x0, bounds.y1 - bounds.y0) < MAX_SPAN)) bounds = boundsOf((placement = paper('TB')), boxes, labelWidth);
  // The legend's colour key: the families drawn, in the palette's order.
  const drawn = new Set(design.nodes.map((n) => layerSpec(n.type)?.family));
  const families = FAMILIES.filter((f) => drawn.has(f));
  const graphWidth = bounds.x1 - bounds.x0;
  const lines = legendLines(sketch, evaluation);
  const top = legend(lines, families, theme, Math.max(graphWidth, 520));
  const contentWidth = Math.max(graphWidth, 520);
  // A graph narrower than the legend is centred under it.
  const [dx, dy] = [MARGIN + (contentWidth - graphWidth) / 2 - bounds.x0, MARGIN + top.height + 8 - bounds.y0];
  const width = Math.ceil(contentWidth + 2 * MARGIN);
  const height = Math.ceil(top.height + 8 + (bounds.y1 - bounds.y0) + 2 * MARGIN);

  const edges: string[] = [];
  const labels: string[] = [];
  placement.routes.forEach((route, k) => {
    if (!route || route.length < 2) return;
    edges.push(`<path class="edge" d="${edgePath(route)}"/>`);
    const text = labelText(k);
    const at = placement.labels[k];
    if (!text || !at) return;
    const w = labelWidth(k);
    labels.push(
      `<rect x="${num(at.x - w / 2)}" y="${num(at.y - 9)}" width="${num(w)}" height="18" rx="3" fill="${theme.background}" opacity="0.9"/>` +
        `<text x="${num(at.x)}" y="${num(at.y + 4)}" font-size="${FONT.small}" fill="${theme.muted}" text-anchor="middle">${escapeXml(text)}</text>`,
    );
  });
  const nodes = boxes.map((box, i) => drawBox(box, placement.centres[i], theme));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONTS}">` +
    `<title>${escapeXml(lines[0])}</title>` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><polygon points="0 0 10 5 0 10" fill="${theme.edge}"/></marker></defs>` +
    `<rect width="100%" height="100%" fill="${theme.background}"/>${top.svg}` +
    `<g transform="translate(${num(dx)} ${num(dy)})">` +
    `<g fill="none" stroke="${theme.edge}" stroke-width="1.4" marker-end="url(#arrow)">${edges.join('')}</g>` +
    `${labels.join('')}${nodes.join('')}</g></svg>\n`
  );
}
