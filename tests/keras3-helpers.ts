// What the Keras 3 tests (tests/keras3-*.test.ts) share. Keras 3 files (model.to_json() and .keras
// archives) must count exactly like their Keras 2 / tfjs twins. Every expected number there comes
// from outside Paramsketch: tfjs-layers' own counts (tests/fixtures/tfjs), real files with a
// model.summary() next to them, or the layer formulas written out as arithmetic.
import { importKerasModel } from '../src/shared/keras/import';
import { reportImport, type CountReport } from '../src/shared/report';
import { toKeras3 } from './keras3-format';
import { fixtures, type Fixture } from './tfjs-oracle';

export { expectLikeTfjs, fixtures, type Fixture } from './tfjs-oracle';

const shapesOf = (fixture: Fixture) => new Map(fixture.expected.layers.map((l) => [l.name, l.outputShape]));
export const keras3Of = (fixture: Fixture) => toKeras3(fixture.model as never, shapesOf(fixture));

// Only the fixtures the importer already counts without error in their Keras 2 form are rewritten:
// a Keras 2 failure is the oracle test's business, not this one's. When this was written (after
// commit 3aa8423) every fixture passed, so none is skipped. The list is worked out at run
// time, and any fixture it leaves out shows as a skipped test.
const keras2Errors = (fixture: Fixture) => reportImport(importKerasModel(fixture.model), 'keras').errors;
export const usable = fixtures.filter(([, fixture]) => keras2Errors(fixture).length === 0);
export const skipped = fixtures.filter(([, fixture]) => keras2Errors(fixture).length > 0);

export const paramsByName = (report: CountReport) => Object.fromEntries(report.layers.map((l) => [l.name, l.params]));
