/**
 * The picture's PNG: the shared drawing's SVG (shared/picture) drawn by the browser onto a canvas at 1×,
 * 2× or 4×. The SVG is standalone (no external resources), so the canvas is never tainted and the PNG
 * shows exactly what the SVG file does.
 */
import { declaredSize, fittedScale } from '../../../shared/picture/raster-size';

/** Chromium refuses a canvas longer than 32,767 pixels a side. */
const MAX_SIDE = 32_000;

export async function svgToPng(svg: string, scale: number): Promise<Blob> {
  const size = declaredSize(svg);
  if (!size) throw new Error('the picture has no size');
  const fit = fittedScale(size, scale, MAX_SIDE);
  // A data: URL, not a blob: one: the page's Content-Security-Policy allows images from data: only.
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(size.width * fit);
  canvas.height = Math.round(size.height * fit);
  canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
  );
}
