// What the Keras 3 tests (tests/keras3-*.test.ts) share. Keras 3 files (model.to_json() and .keras
// archives) must count exactly like their Keras 2 / tfjs twins. Every expected number there comes
// from outside Paramsketch: tfjs-layers' own counts (tests/fixtures/tfjs), real files with a
// model.summary() next to them, or the layer formulas written out as arithmetic.
import { importKerasModel } from '../src/shared/keras/import';
import { reportImport, type CountReport } from '../src/shared/report';
import { toKeras3 } from './keras3-format';
import { fixtures, NESTED_MODEL_CLASSES, type Fixture } from './tfjs-oracle';

export { expectLikeTfjs, fixtures, type Fixture } from './tfjs-oracle';

const shapesOf = (fixture: Fixture) => new Map(fixture.expected.layers.map((l) => [l.name, l.outputShape]));
export const keras3Of = (fixture: Fixture) => toKeras3(fixture.model as never, shapesOf(fixture));

// Only the fixtures the importer already counts without error in their Keras 2 form are rewritten:
// a Keras 2 failure is the oracle test's business, not this one's. When this was written (after
// commit 3aa8423) every fixture passed, so none is skipped. The list is worked out at run
// time, and any fixture it leaves out shows as a skipped test.
//
// Fixtures with a nested model (a model in another's layer list: the nested-* ones) are not rewritten
// at all: keras3-format.ts converts the outer layer list only, so the nested model's own layers would
// stay in their Keras 2 form (batch_input_shape, [[name, node, index, kwargs]] inbound nodes, tfjs'
// class "Model"), and a Functional nested in a Sequential has no batch_input_shape to start from.
// That would be a file neither Keras 2 nor Keras 3 writes. They show as skipped tests too.
const hasNestedModel = (fixture: Fixture) => fixture.model.config.layers.some((l) => NESTED_MODEL_CLASSES.has(l.class_name));
const keras2Errors = (fixture: Fixture) => reportImport(importKerasModel(fixture.model), 'keras').errors;
const flat = fixtures.filter(([, fixture]) => !hasNestedModel(fixture));
export const nested = fixtures.filter(([, fixture]) => hasNestedModel(fixture));
export const usable = flat.filter(([, fixture]) => keras2Errors(fixture).length === 0);
export const skipped = flat.filter(([, fixture]) => keras2Errors(fixture).length > 0);

export const paramsByName = (report: CountReport) => Object.fromEntries(report.layers.map((l) => [l.name, l.params]));
