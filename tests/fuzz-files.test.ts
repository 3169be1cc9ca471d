// Issue 17, item 5: fuzzing the readers and the core with fast-check, bounded in runs (each property takes a
// few seconds here): Keras JSON with models nested at random, .keras archives with bytes changed, Paramsketch
// files of blocks nested, repeated, tied and wired at random. Nothing may throw or hang, and every problem
// has a path (a list of names) and a message.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockNamed } from '../src/shared/blocks/definition';
import { countLayers, countLayersExact, expandInstance, inlineBlocks } from '../src/shared/blocks/inline';
import { layerRows } from '../src/shared/blocks/rows';
import { costTotals } from '../src/shared/cost';
import type { Design } from '../src/shared/design';
import { evaluateDesign, listProblems, type Evaluation } from '../src/shared/evaluate';
import { readParamsketchFile, writeParamsketchFile } from '../src/shared/files/paramsketch-file';
import { readModelFile } from '../src/shared/keras/file';
import { importKerasModel } from '../src/shared/keras/import';
import type { Problem } from '../src/shared/problem';
import { summaryReport } from '../src/shared/report';
import { tieTargets } from '../src/shared/ties';
import { blockDesign } from './arbitraries/blocks';

const wellFormed = (p: Problem) => Array.isArray(p.path) && p.path.every((s) => typeof s === 'string') && typeof p.message === 'string' && p.message.length > 0;

function expectWellFormed(problems: readonly Problem[]): void {
  const bad = problems.filter((p) => !wellFormed(p));
  expect(bad).toEqual([]);
}

/** Listed flat only while small: a flat table of up to 200,000 rows, each row's formula read, takes seconds. */
const FLAT_IN_FUZZ = 5_000n;

/** Everything a user may ask of an evaluation, read through: none of it may throw. */
function readEverything(evaluation: Evaluation): void {
  expectWellFormed(listProblems(evaluation));
  costTotals(evaluation);
  const flat = countLayersExact(evaluation.design) <= FLAT_IN_FUZZ;
  for (const row of layerRows(evaluation, flat)) void [row.result.formula, row.result.weights.length, row.result.cost];
  for (const r of evaluation.results) if (r.params !== null) tieTargets(evaluation, r.id);
  countLayers(evaluation.design);
}

// ── Keras JSON with models nested at random ────────────────────────────────────────────────────────

const kerasLayer = fc.oneof(
  fc.record({ class_name: fc.constant('Dense'), config: fc.record({ units: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(-1), fc.constant('x')) }) }),
  fc.record({ class_name: fc.constant('Bidirectional'), config: fc.record({ layer: fc.constant({ class_name: 'LSTM', config: { units: 2 } }) }) }),
  fc.record({ class_name: fc.constantFrom('Flatten', 'ReLU', 'Dropout', 'NoSuchLayer'), config: fc.constant({}) }),
);

const inputLayer = fc.constantFrom(
  [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 4] } }],
  [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 5, 8] } }],
  [],
);

/** Sequentials in Sequentials, up to ~80 deep (past the limit of 64), written as plain JSON objects. */
const nestedKeras = fc.letrec<{ model: object }>((tie) => ({
  model: fc
    .tuple(inputLayer, fc.array(fc.oneof({ depthSize: 'small', withCrossShrink: true }, kerasLayer, tie('model')), { maxLength: 3 }), fc.boolean())
    .map(([first, layers, frozen]) => ({ class_name: 'Sequential', config: { name: 'm', trainable: !frozen, layers: [...first, ...layers] } })),
})).model;

const deepChain = fc.integer({ min: 1, max: 90 }).map((depth) => {
  let model: object = { class_name: 'Sequential', config: { layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 4] } }, { class_name: 'Dense', config: { units: 4 } }] } };
  for (let k = 0; k < depth; k++) model = { class_name: 'Sequential', config: { layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 4] } }, model] } };
  return model;
});

describe('fuzz: Keras JSON', () => {
  it('models nested at random, deep chains past the limit: imported and evaluated without a throw', () => {
    fc.assert(
      fc.property(fc.oneof(nestedKeras, deepChain), (model) => {
        const imported = importKerasModel(model);
        expectWellFormed(imported.problems);
        readEverything(evaluateDesign(imported.design, { convention: 'keras' }));
      }),
      { numRuns: 300 },
    );
  });
});

// ── .keras archives with bytes changed ─────────────────────────────────────────────────────────────

const archives = ['keras-archive-hit-song', 'keras-archive-graduate-admission'].map((slug) => new Uint8Array(readFileSync(new URL(`./fixtures/real-models/${slug}/model.keras`, import.meta.url))));

describe('fuzz: .keras archives', () => {
  it('with any few bytes changed, or cut anywhere: read to a result or a problem, never a throw', () => {
    const change = fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(fc.constantFrom(...archives), fc.array(change, { minLength: 1, maxLength: 8 }), fc.option(fc.nat()), (archive, changes, cut) => {
        const bytes = archive.slice(0, cut === null ? undefined : cut % archive.length);
        for (const { at, value } of changes) bytes[at % bytes.length] = value;
        const read = readModelFile(bytes);
        expectWellFormed(read.problems);
        readEverything(evaluateDesign(read.design, { convention: 'keras' }));
      }),
      { numRuns: 300 },
    );
  });

  it('a changed byte is a problem, or changes nothing the model is read from (the CRC-32 catches the rest)', () => {
    // Without the check, a byte changed in config.json's stored or compressed data could read as another model.
    const archive = archives[0];
    const architecture = (design: Design) => JSON.stringify(design.nodes.map(({ fileParams: _, ...node }) => node));
    const original = architecture(readModelFile(archive).design);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: archive.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const bytes = archive.slice();
        bytes[at] ^= flip;
        const read = readModelFile(bytes);
        expectWellFormed(read.problems);
        if (!read.problems.length) expect(architecture(read.design)).toBe(original);
      }),
      { numRuns: 300 },
    );
  });
});

// ── Paramsketch files of blocks at random ──────────────────────────────────────────────────────────
describe('fuzz: Paramsketch files of blocks', () => {
  it('nested, repeated (up to ×10,000 each), widening, tied, cyclic: written, read back, evaluated, listed', () => {
    fc.assert(
      fc.property(blockDesign, fc.constantFrom('keras' as const, 'pytorch' as const), (design, convention) => {
        const read = readParamsketchFile(writeParamsketchFile({ name: 'fuzz', convention, design, layout: {} }));
        if (!read.ok) throw new Error(read.error.message);
        const evaluation = evaluateDesign(read.sketch.design, { convention });
        readEverything(evaluation);
        const flat = countLayersExact(read.sketch.design) <= FLAT_IN_FUZZ;
        expectWellFormed(summaryReport({ design: read.sketch.design, problems: [], warnings: [] }, convention, flat).errors);
      }),
      // Few runs: a design whose copies all differ spends the whole block budget (about a second) per evaluation.
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('fuzz: blocks written out as layers', () => {
  /** The reference: instances expanded one at a time, in node order, level by level (what inlineBlocks did before). */
  function oneByOne(design: Design): Design {
    let flat = design;
    for (let depth = 0; depth < 64; depth++) {
      const ids = flat.nodes.filter((n) => blockNamed(flat.blocks, n.type)).map((n) => n.id);
      if (!ids.length) break;
      for (const id of ids) flat = expandInstance(flat, id)?.design ?? flat;
    }
    const { blocks: _blocks, ...plain } = flat;
    return plain;
  }

  it('every instance of a level in one pass gives what expanding them one by one gives', () => {
    // A block inside itself grows with every level written out: only the designs without one.
    const small = blockDesign.filter((design) => !design.blocks!.b0.design.nodes.some((n) => n.type === 'b0') && countLayersExact(design) <= 2_000);
    fc.assert(
      fc.property(small, (design) => {
        expect(inlineBlocks(design)).toEqual(oneByOne(design));
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
