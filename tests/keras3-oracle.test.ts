// The tfjs oracle fixtures rewritten in the Keras 3 format, as to_json() text and as .keras archives,
// must count exactly like tfjs-layers counted them. Shared fixtures and checks: keras3-helpers.ts.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importKerasModel } from '../src/shared/keras/import';
import { readModelFile } from '../src/shared/keras/file';
import { kerasArchive } from './keras3-format';
import { expectLikeTfjs, keras3Of, keras3OfNested, nested, skipped, usable } from './keras3-helpers';

type Json = Record<string, unknown>;

/** Everything under `value` (array items too, keyed by index) that matches `test`, to check the converter really wrote the Keras 3 layout. */
function collect(value: unknown, test: (key: string, v: unknown) => boolean, found: unknown[] = []): unknown[] {
  if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) {
      if (test(k, v)) found.push(v);
      collect(v, test, found);
    }
  return found;
}

/** The rewrite is really Keras 3: no Keras 2 spellings left, a tensor object per functional input. */
function expectKeras3Layout(keras3: unknown, functional: boolean) {
  expect(collect(keras3, (k) => k === 'batch_input_shape')).toEqual([]);
  expect(collect(keras3, (k, v) => k === 'inbound_nodes' && Array.isArray(v) && v.some(Array.isArray))).toEqual([]);
  expect((keras3 as { module: string }).module).toMatch(/^keras/);
  if (functional) expect(collect(keras3, (k, v) => k === 'class_name' && v === '__keras_tensor__').length).toBeGreaterThan(0);
}

describe('tfjs oracle fixtures rewritten in the Keras 3 format', () => {
  it('has fixtures to rewrite', () => expect(usable.length).toBeGreaterThan(100));
  if (skipped.length) it.skip.each(skipped)('%s (its Keras 2 form has errors: see oracle-tfjs.test.ts)', () => {});

  it.each(usable)('%s', (_file, fixture) => {
    const keras3 = keras3Of(fixture);
    expectKeras3Layout(keras3, fixture.model.class_name !== 'Sequential');
    expectLikeTfjs(importKerasModel(keras3), fixture);
    // and the same file as to_json() text
    expectLikeTfjs(readModelFile(strToU8(JSON.stringify(keras3, null, 2))), fixture);
  });
});

describe('tfjs oracle fixtures with a nested model, rewritten in the Keras 3 format (to_json() and .keras)', () => {
  it('has the nested fixtures', () => expect(nested.length).toBeGreaterThanOrEqual(5));

  it.each(nested)('%s', async (_file, fixture) => {
    const keras3 = await keras3OfNested(fixture);
    // Only a Sequential inside a Sequential (134) has no functional call anywhere, so no tensor to find.
    expectKeras3Layout(keras3, JSON.stringify(fixture.model).includes('"inbound_nodes":[['));
    // Every nested model, at any depth, is a Keras 3 model entry: tfjs' "Model" is written Functional.
    const isModel = (v: unknown) => typeof v === 'object' && v !== null && ['Sequential', 'Functional', 'Model'].includes((v as Json).class_name as string);
    const models = collect(keras3, (_k, v) => isModel(v)) as Json[];
    expect(models.length).toBeGreaterThan(0);
    expect(models.length).toBe(collect(fixture.model, (_k, v) => isModel(v)).length);
    for (const model of models) {
      expect(model.class_name).not.toBe('Model');
      expect(model).toMatchObject({ module: expect.stringMatching(/^keras/), config: { layers: expect.any(Array) }, build_config: expect.any(Object) });
    }
    // A Keras 3 model has no node of its own construction, so its first call inside another is node 0.
    const names = new Set(models.map((m) => (m.config as Json).name));
    const calls = collect(keras3, (k, v) => k === 'keras_history' && names.has((v as unknown[])[0])) as unknown[][];
    expect(calls.map((history) => history[1])).toEqual(calls.map(() => 0));

    expectLikeTfjs(importKerasModel(keras3), fixture);
    expectLikeTfjs(readModelFile(strToU8(JSON.stringify(keras3, null, 2))), fixture);
    const archive = readModelFile(kerasArchive(keras3));
    expect(archive.modelName).toBe(fixture.model.config.name);
    expectLikeTfjs(archive, fixture);
  });
});

describe('.keras archives (config.json + metadata.json + model.weights.h5)', () => {
  // A spread: seeds, Sequential and Functional, RNN wrappers, merges, several inputs/outputs, shared and frozen layers.
  const picked = usable.filter(([file]) => /^(00[1-9]|01[05]|02[1-5]|05[79]|07[16]|08[09]|09[05]|10[49]|11[48]|12[2-4]|125|127|129)-/.test(file));

  it('picked a spread of fixtures', () => expect(picked.length).toBeGreaterThanOrEqual(25));

  it.each(picked)('%s', (_file, fixture) => {
    const bytes = kerasArchive(keras3Of(fixture));
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // a real zip, so readModelFile takes the archive path
    const imported = readModelFile(bytes);
    expect(imported.modelName).toBe(fixture.model.config.name);
    expectLikeTfjs(imported, fixture);
  });

  it('finds config.json wherever it sits among the entries', () => {
    const [, fixture] = usable.find(([file]) => file.startsWith('001-'))!;
    const bytes = zipSync({
      'model.weights.h5': new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]),
      'assets/vocab.txt': strToU8('a\nb\n'),
      'config.json': strToU8(JSON.stringify(keras3Of(fixture))),
      'metadata.json': strToU8('{"keras_version": "3.5.0", "date_saved": "2024-09-01@12:00:00"}'),
    });
    expectLikeTfjs(readModelFile(bytes), fixture);
  });
});
