/**
 * The whole graph as a picture (not just what is in view): the flow's viewport element drawn by
 * html-to-image at a transform that frames every node, under a legend with the design's name and totals.
 */
import { toCanvas, toSvg } from 'html-to-image';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type ImageFormat = 'png' | 'svg';

const PADDING = 40;
const LINE = 22;
/** PNGs are drawn at twice the size, for sharp text on high-density screens and in papers. */
const PNG_SCALE = 2;

const fontOf = (line: number) => (line ? '14px system-ui, sans-serif' : '600 18px system-ui, sans-serif');

/** The widest legend line, as the PNG draws it (the SVG uses the same fonts). */
function legendWidth(legend: string[]): number {
  const context = document.createElement('canvas').getContext('2d')!;
  return Math.max(0, ...legend.map((line, i) => ((context.font = fontOf(i)), context.measureText(line).width)));
}

const themeColour = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`);

export async function graphImage(viewport: HTMLElement, bounds: Rect, format: ImageFormat, legend: string[]): Promise<Blob> {
  const width = Math.ceil(bounds.width + 2 * PADDING);
  const height = Math.ceil(bounds.height + 2 * PADDING);
  // A legend wider than a narrow graph widens the picture rather than being cut off.
  const fullWidth = Math.max(width, Math.ceil(legendWidth(legend) + 2 * PADDING));
  const top = PADDING + legend.length * LINE;
  const [background, text, muted] = [themeColour('--canvas-bg'), themeColour('--text'), themeColour('--muted')];
  const options = {
    width,
    height,
    backgroundColor: background,
    // System fonts only: nothing to embed, and no requests for font files.
    skipFonts: true,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${PADDING - bounds.x}px, ${PADDING - bounds.y}px) scale(1)` },
  };
  if (format === 'svg') {
    const graph = decodeURIComponent((await toSvg(viewport, options)).replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
    const lines = legend.map(
      (line, i) =>
        `<text x="${PADDING}" y="${PADDING + i * LINE}" fill="${i ? muted : text}" font-family="system-ui, sans-serif" font-size="${i ? 14 : 18}"${i ? '' : ' font-weight="600"'}>${escapeXml(line)}</text>`,
    );
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${fullWidth}" height="${height + top}" viewBox="0 0 ${fullWidth} ${height + top}"><rect width="100%" height="100%" fill="${background}"/>${lines.join('')}${graph.replace('<svg ', `<svg y="${top}" `)}</svg>`;
    return new Blob([svg], { type: 'image/svg+xml' });
  }
  const graph = await toCanvas(viewport, { ...options, pixelRatio: PNG_SCALE });
  const canvas = document.createElement('canvas');
  canvas.width = fullWidth * PNG_SCALE;
  canvas.height = (height + top) * PNG_SCALE;
  const context = canvas.getContext('2d')!;
  context.fillStyle = background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(PNG_SCALE, PNG_SCALE);
  legend.forEach((line, i) => {
    context.fillStyle = i ? muted : text;
    context.font = fontOf(i);
    context.fillText(line, PADDING, PADDING + i * LINE);
  });
  context.drawImage(graph, 0, top, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
}
