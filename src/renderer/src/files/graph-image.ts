/**
 * The picture's PNG: the shared drawing's SVG (shared/picture) drawn by the browser onto a canvas at 1×,
 * 2× or 4×. The SVG is standalone (no external resources), so the canvas is never tainted and the PNG
 * shows exactly what the SVG file does.
 */

/** The size the SVG's root element declares, in CSS pixels. */
function declaredSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attribute = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(root)?.[1]);
  const [width, height] = [attribute('width'), attribute('height')];
  if (!(width > 0 && height > 0)) throw new Error('the picture has no size');
  return { width, height };
}

/** Browsers cap a canvas's area (Chromium at 268 M pixels): a huge design is drawn at a smaller scale instead. */
const MAX_PIXELS = 200_000_000;
const MAX_SIDE = 32_000;

export async function svgToPng(svg: string, scale: number): Promise<Blob> {
  const { width, height } = declaredSize(svg);
  const fit = Math.min(scale, Math.sqrt(MAX_PIXELS / (width * height)), MAX_SIDE / width, MAX_SIDE / height);
  // A data: URL, not a blob: one: the page's Content-Security-Policy allows images from data: only.
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * fit);
  canvas.height = Math.round(height * fit);
  canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
  );
}
