// The real model files among the test fixtures (tests/fixtures/real-models), for benchmarks and big-graph tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Design } from '../src/shared/design';
import { readDesignFile } from '../src/shared/files/open-design';

const ROOT = join(import.meta.dirname, '../tests/fixtures/real-models');
/** The fixtures' own files beside each model: evidence, not models. */
const EVIDENCE = /^(expected|source|h5-weights)\.json$/;

export interface RealModel {
  slug: string;
  file: string;
  bytes: Buffer;
  design: Design;
}

/** The real model with the most layers, imported as the app imports it. */
export async function largestRealModel(): Promise<RealModel> {
  let best: RealModel | undefined;
  for (const dir of readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()))
    for (const file of readdirSync(join(ROOT, dir.name)).filter((f) => /\.(json|h5|hdf5|keras)$/.test(f) && !EVIDENCE.test(f))) {
      const bytes = readFileSync(join(ROOT, dir.name, file));
      const opened = await readDesignFile(bytes);
      if (opened.ok && opened.imported.design.nodes.length > (best?.design.nodes.length ?? 0)) best = { slug: dir.name, file, bytes, design: opened.imported.design };
    }
  if (!best) throw new Error(`no model could be read in ${ROOT}`);
  return best;
}
