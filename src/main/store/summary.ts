import { countLayers } from '../../shared/blocks/inline';
import { evaluateDesign } from '../../shared/evaluate';
import type { Sketch } from '../../shared/sketch';
import { thumbnailSvg } from '../../shared/thumbnail';

/** What the library shows of a design without opening it, worked out when it is saved. */
export interface DesignSummaryColumns {
  layers: number;
  paramsKeras: string | null;
  paramsPytorch: string | null;
  thumbnail: string;
}

const total = (sketch: Sketch, convention: Sketch['convention']): string | null => {
  const { totals } = evaluateDesign(sketch.design, { convention });
  return totals.uncounted ? null : totals.params.toString();
};

export const summariseSketch = (sketch: Sketch): DesignSummaryColumns => ({
  layers: countLayers(sketch.design),
  paramsKeras: total(sketch, 'keras'),
  paramsPytorch: total(sketch, 'pytorch'),
  thumbnail: thumbnailSvg(sketch),
});
