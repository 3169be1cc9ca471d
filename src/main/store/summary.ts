import { countLayers } from '../../shared/blocks/inline';
import { evaluateDesign, type Totals } from '../../shared/evaluate';
import type { Sketch } from '../../shared/sketch';
import { thumbnailSvg } from '../../shared/thumbnail';

/** What the library shows of a design without opening it, worked out when it is saved. */
export interface DesignSummaryColumns {
  /** Layers after expanding blocks; always a finite number (capped, with `problem` saying so). */
  layers: number;
  paramsKeras: string | null;
  paramsPytorch: string | null;
  /** What one token uses, in the design's own convention, where experts make it less than the total; else null. */
  activeParams: string | null;
  thumbnail: string;
  /** Why the summary is incomplete (too large, too slow to work out), in words for the library; else null. */
  problem: string | null;
}

const counted = (sketch: Sketch, convention: Sketch['convention']): Totals | undefined => {
  const { totals } = evaluateDesign(sketch.design, { convention });
  return totals.uncounted ? undefined : totals;
};

/** The totals in each convention, and the active count in the design's own where it differs. */
function totalsOf(sketch: Sketch): Pick<DesignSummaryColumns, 'paramsKeras' | 'paramsPytorch' | 'activeParams'> {
  const [keras, pytorch] = [counted(sketch, 'keras'), counted(sketch, 'pytorch')];
  const own = sketch.convention === 'keras' ? keras : pytorch;
  return {
    paramsKeras: keras?.params.toString() ?? null,
    paramsPytorch: pytorch?.params.toString() ?? null,
    activeParams: own && own.active !== own.params ? own.active.toString() : null,
  };
}

/** What the summary worker posts once loaded: only then does a summary's time limit start. */
export const SUMMARY_WORKER_READY = 'ready';

/** The summary of a design that could not be worked out: the design is saved all the same. */
export const unsummarised = (sketch: Sketch, why: string): DesignSummaryColumns => ({
  layers: sketch.design.nodes.length,
  paramsKeras: null,
  paramsPytorch: null,
  activeParams: null,
  thumbnail: '',
  problem: `no totals or picture in the library: ${why} (the layer count is the top level's)`,
});

export function summariseSketch(sketch: Sketch): DesignSummaryColumns {
  try {
    const layers = countLayers(sketch.design);
    // Blocks ×10,000 nested 80 deep expand past any number (Infinity, which JSON sends as null).
    if (!Number.isSafeInteger(layers)) return unsummarised(sketch, 'the design expands to more layers than can be counted');
    return { layers, ...totalsOf(sketch), thumbnail: thumbnailSvg(sketch), problem: null };
  } catch (error) {
    return unsummarised(sketch, error instanceof Error ? error.message : String(error));
  }
}
