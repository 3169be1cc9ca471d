/**
 * How big a picture's PNG may be. Every rasteriser holds the whole image in memory (4 bytes a pixel),
 * and Chromium caps a canvas at 268 M pixels: a huge design is drawn at a smaller scale instead.
 */
import type { Size } from './layout';

export const MAX_PNG_PIXELS = 200_000_000;

/** The size the SVG's root element declares, in CSS pixels (pictureSvg always declares one); undefined if none. */
export function declaredSize(svg: string): Size | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attribute = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(root)?.[1]);
  const [width, height] = [attribute('width'), attribute('height')];
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** The scale to draw at: the one asked for, or less where the image would pass MAX_PNG_PIXELS or `maxSide` on a side. */
export const fittedScale = ({ width, height }: Size, scale: number, maxSide = Infinity): number =>
  Math.min(scale, Math.sqrt(MAX_PNG_PIXELS / (width * height)), maxSide / width, maxSide / height);
