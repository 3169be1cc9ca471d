// A picture's SVG drawn as PNG by resvg (@resvg/resvg-js: a maintained rasteriser whose prebuilt binaries
// install from the npm registry as optional dependencies). Loaded only when a PNG is asked for: the binary
// is a few megabytes that --svg, count and every other command never read.
import { groupThousands } from '../shared/format';
import { declaredSize, fittedScale, MAX_PNG_PIXELS } from '../shared/picture/raster-size';

export type Png = { png: Uint8Array; notes: string[] } | { error: string };

/** The PNG of an SVG at `scale` pixels per unit, smaller where it would be too large (a note says so). */
export async function svgToPng(svg: string, scale: number): Promise<Png> {
  let resvg: typeof import('@resvg/resvg-js');
  try {
    resvg = await import('@resvg/resvg-js');
  } catch (error) {
    const platform = `${process.platform}-${process.arch}`;
    return { error: `cannot write PNG here: the rasteriser @resvg/resvg-js has no binary installed for ${platform} (${(error as Error).message.split('\n')[0]}); --svg works everywhere` };
  }
  const size = declaredSize(svg);
  if (!size) return { error: 'cannot write PNG: the picture has no size (a Paramsketch bug: please report it)' };
  const fit = fittedScale(size, scale);
  const notes = fit < scale ? [`drawn at ${fit.toFixed(2)}× rather than ${scale}×: a PNG is at most ${groupThousands(MAX_PNG_PIXELS)} pixels`] : [];
  // System fonts: the picture names generic families (a sans-serif that every system has).
  const image = new resvg.Resvg(svg, { fitTo: { mode: 'zoom', value: fit }, font: { loadSystemFonts: true } });
  return { png: image.render().asPng(), notes };
}
