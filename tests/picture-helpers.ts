// Reading exported pictures back: a small XML parser for our SVG, librsvg to rasterise it, a PNG decoder,
// and points along an edge's drawn route, so tests can check that edges are really in the pixels.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { unzlibSync } from 'fflate';

export interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  /** The element's own text, entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" };
const decode = (raw: string): string => {
  if (/[<>]|&(?!(?:lt|gt|amp|quot|#39);)/.test(raw)) throw new Error(`raw markup character in text: ${raw.slice(0, 60)}`);
  return raw.replace(/&(lt|gt|amp|quot|#39);/g, (_, e: string) => ENTITIES[e]);
};

/** Parses the XML subset our pictures use (elements, double-quoted attributes, text); throws on anything else. */
export function parseSvg(svg: string): Element {
  const root: Element = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let at = 0;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    at = tag.lastIndex;
    const [, close, name, attrs, selfClosing, text] = m;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      top.text += decode(text);
      continue;
    }
    if (close) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attributes = Object.fromEntries([...attrs.matchAll(/([a-zA-Z:-]+)="([^"]*)"/g)].map(([, k, v]) => [k, decode(v)]));
    const element: Element = { name, attributes, children: [], text: '' };
    top.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (at !== svg.length) throw new Error(`not markup at ${at}: ${svg.slice(at, at + 60)}`);
  if (stack.length !== 1) throw new Error(`unclosed: ${stack.map((e) => e.name).join(' > ')}`);
  const svgs = root.children.filter((e) => e.name === 'svg');
  if (svgs.length !== 1 || root.children.length !== 1) throw new Error('not one svg root');
  return svgs[0];
}

/** Every element under `e`, depth first. */
export const allElements = (e: Element): Element[] => [e, ...e.children.flatMap(allElements)];

/** A picture's edges, in the order of the design's edges. */
export const edgePaths = (svg: Element): Element[] => allElements(svg).filter((e) => e.name === 'path' && e.attributes.class === 'edge');

/** The translation of the group the graph is drawn in (edge routes are in its units). */
export function graphOffset(svg: Element): { x: number; y: number } {
  const group = allElements(svg).find((e) => e.attributes.transform)!;
  const [x, y] = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(group.attributes.transform)!.slice(1).map(Number);
  return { x, y };
}

export const RSVG = '/usr/bin/rsvg-convert';
export const hasRsvg = existsSync(RSVG);
if (!hasRsvg) console.log(`Picture rendering tests skipped: librsvg's ${RSVG} is not installed here (apt-get install -y librsvg2-bin).`);

/** librsvg's rendering of the SVG at a zoom, as PNG bytes. */
export function rsvgPng(svg: string, zoom = 1): Buffer {
  const run = spawnSync(RSVG, ['--zoom', String(zoom), '--format', 'png'], { input: svg, maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`rsvg-convert failed: ${run.stderr.toString()}`);
  return run.stdout;
}

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row by row. */
  data: Uint8Array;
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what librsvg and Chromium write). */
export function decodePng(png: Uint8Array): Pixels {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const [width, height, depth, colour] = [view.getUint32(16), view.getUint32(20), png[24], png[25]];
  if (depth !== 8 || (colour !== 2 && colour !== 6) || png[28] !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour ${colour})`);
  const chunks: Uint8Array[] = [];
  for (let p = 8; p < png.length; ) {
    const length = view.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    if (type === 'IDAT') chunks.push(png.subarray(p + 8, p + 8 + length));
    p += 12 + length;
  }
  const raw = unzlibSync(Buffer.concat(chunks));
  const channels = colour === 6 ? 4 : 3;
  const stride = width * channels;
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y ? out[(y - 1) * stride + x - channels] : 0;
      let predictor = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : 0;
      if (filter === 4) {
        const [pa, pb, pc] = [Math.abs(b - c), Math.abs(a - c), Math.abs(a + b - 2 * c)];
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  if (channels === 4) return { width, height, data: out };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([out[3 * i], out[3 * i + 1], out[3 * i + 2], 255], 4 * i);
  return { width, height, data: rgba };
}

/** Points along a path's `d` as our pictures write it (M, then Q and L segments), every ~`step` units. */
export function pointsAlong(d: string, step = 4): { x: number; y: number }[] {
  const tokens = [...d.matchAll(/([MQL])([^MQL]*)/g)].map(([, op, args]) => ({ op, n: args.trim().split(/[\s,]+/).map(Number) }));
  const points: { x: number; y: number }[] = [];
  let [x, y] = [0, 0];
  for (const { op, n } of tokens) {
    if (op === 'M') [x, y] = n;
    const [cx, cy, ex, ey] = op === 'Q' ? n : [(x + n[0]) / 2, (y + n[1]) / 2, n[0], n[1]];
    if (op === 'M') continue;
    const steps = Math.max(1, Math.ceil(Math.hypot(ex - x, ey - y) / step));
    for (let i = 1; i <= steps; i++) {
      const t = i / steps;
      points.push({ x: (1 - t) ** 2 * x + 2 * (1 - t) * t * cx + t ** 2 * ex, y: (1 - t) ** 2 * y + 2 * (1 - t) * t * cy + t ** 2 * ey });
    }
    [x, y] = [ex, ey];
  }
  return points;
}

const hex = (colour: string) => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
const distance = (rgb: ArrayLike<number>, colour: string) => hex(colour).reduce((sum, c, i) => sum + Math.abs(rgb[i] - c), 0);

/** What a pixel (its RGB) must be for a test: near a colour (a string), or any predicate. */
export type PixelTest = string | ((rgb: Uint8Array) => boolean);
/** A pixel clearly unlike the background: ink of any shade (at 1× antialiasing fades a thin line's colour). */
export const unlike = (background: string) => (rgb: Uint8Array) => distance(rgb, background) > 60;

/** Whether a pixel within `radius` of (x, y) passes the test (a colour: close to it; antialiasing blurs a thin line). */
export function colourNear(pixels: Pixels, at: { x: number; y: number }, colour: PixelTest, radius = 2): boolean {
  const test = typeof colour === 'string' ? (rgb: Uint8Array) => distance(rgb, colour) < 60 : colour;
  for (let dy = -radius; dy <= radius; dy++)
    for (let dx = -radius; dx <= radius; dx++) {
      const [x, y] = [Math.round(at.x) + dx, Math.round(at.y) + dy];
      if (x < 0 || y < 0 || x >= pixels.width || y >= pixels.height) continue;
      const i = 4 * (y * pixels.width + x);
      if (test(pixels.data.subarray(i, i + 3))) return true;
    }
  return false;
}

/** The share of pixels that differ clearly from the top-left one (the background). */
export function drawnShare({ data }: Pixels): number {
  let differing = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 60) differing++;
  return differing / (data.length / 4);
}

/**
 * The share of an edge's route, in picture pixels, drawn in the edge colour (or passing another test): its
 * middle only (the ends meet boxes and arrowheads). `offset` is the translation of the group the edges are drawn in.
 */
export function edgeCoverage(pixels: Pixels, d: string, offset: { x: number; y: number }, zoom: number, colour: PixelTest): number {
  const points = pointsAlong(d);
  const middle = points.slice(Math.floor(points.length * 0.1), Math.ceil(points.length * 0.9));
  const hits = middle.filter((p) => colourNear(pixels, { x: (p.x + offset.x) * zoom, y: (p.y + offset.y) * zoom }, colour, Math.max(2, zoom)));
  return hits.length / Math.max(1, middle.length);
}
