// What the Keras 3 tests (tests/keras3-*.test.ts) share. Keras 3 files (model.to_json() and .keras
// archives) must count exactly like their Keras 2 / tfjs twins. Every expected number there comes
// from outside Paramsketch: tfjs-layers' own counts (tests/fixtures/tfjs), real files with a
// model.summary() next to them, or the layer formulas written out as arithmetic.
import { importKerasModel } from '../src/shared/keras/import';
import { reportImport, type CountReport } from '../src/shared/report';
import { toKeras3, type ModelShapes, type OutputShape } from './keras3-format';
import { fixtures, NESTED_MODEL_CLASSES, type Fixture } from './tfjs-oracle';

export { expectLikeTfjs, fixtures, type Fixture } from './tfjs-oracle';

// A shared layer's calls may differ in shape ('multiple'): its first call's stands for it (Keras 3 writes each call's).
const shapesOf = (fixture: Fixture) =>
  new Map(fixture.expected.layers.map((l) => [l.name, l.nodeOutputShapes?.[0] ?? (l.outputShape as OutputShape)]));
export const keras3Of = (fixture: Fixture) => toKeras3(fixture.model as never, shapesOf(fixture));

/**
 * A fixture with a nested model in the Keras 3 format. Keras 3 writes the shapes of the layers inside the
 * nested model too, which the fixture does not record, so tfjs-layers (the oracle that wrote it) builds it
 * again to tell them. tfjs is imported here only, as the other tests need none of it.
 */
export async function keras3OfNested(fixture: Fixture) {
  await import('@tensorflow/tfjs-backend-cpu');
  const tfl = await import('@tensorflow/tfjs-layers');
  const model = await tfl.models.modelFromJSON(structuredClone(fixture.model) as never);
  type Layer = { name: string; inboundNodes: { outputShapes: OutputShape }[]; layers?: Layer[] };
  // tfjs' outputShape getter refuses a nested model called from two graphs when it wrote [4] for one and [[4]] for the other.
  const shape = (layer: Layer) => {
    const shapes = layer.inboundNodes[0].outputShapes;
    return Array.isArray(shapes[0]) && shapes.length === 1 ? shapes[0] : shapes;
  };
  const inside = (outer: Layer): Map<string, ModelShapes> =>
    new Map(
      (outer.layers ?? [])
        .filter((l) => l.layers)
        .map((l) => [l.name, { layers: new Map(l.layers!.map((x) => [x.name, shape(x)])), nested: inside(l) }]),
    );
  try {
    return toKeras3(fixture.model as never, shapesOf(fixture), inside(model as unknown as Layer));
  } finally {
    model.dispose();
  }
}

// Only the fixtures the importer already counts without error in their Keras 2 form are rewritten:
// a Keras 2 failure is the oracle test's business, not this one's. When this was written (after
// commit 3aa8423) every fixture passed, so none is skipped. The list is worked out at run
// time, and any fixture it leaves out shows as a skipped test.
//
// Fixtures with a nested model (a model in another's layer list: the nested-* ones) are rewritten with
// keras3OfNested, not keras3Of, so they get lists of their own.
const hasNestedModel = (fixture: Fixture) => fixture.model.config.layers.some((l) => NESTED_MODEL_CLASSES.has(l.class_name));
const keras2Fails = new Set(fixtures.filter(([, fixture]) => reportImport(importKerasModel(fixture.model), 'keras').errors.length).map(([file]) => file));
export const skipped = fixtures.filter(([file]) => keras2Fails.has(file));
const counted = fixtures.filter(([file]) => !keras2Fails.has(file));
export const usable = counted.filter(([, fixture]) => !hasNestedModel(fixture));
export const nested = counted.filter(([, fixture]) => hasNestedModel(fixture));

export const paramsByName = (report: CountReport) => Object.fromEntries(report.layers.map((l) => [l.name, l.params]));
