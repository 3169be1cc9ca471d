// The built `paramsketch convert IN OUT`: Keras / TensorFlow.js / .keras / .h5 → a Paramsketch file laid out
// as the app lays out an import, Paramsketch → Keras model JSON as the app exports it, and back again: the
// round trip counts what the files' own evidence (or the published figure) says.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoLayout } from '../src/shared/edit/auto-layout';
import { readParamsketchFile, writeParamsketchFile } from '../src/shared/files/paramsketch-file';
import { templateById } from '../src/shared/templates';
import { cli, oneLine, realModel, scratchFolder } from './cli-helpers';
import { ffnn, FFNN_TOTAL } from './cli-models';

const { dir, write } = scratchFolder();
const out = (name: string) => join(dir, name);

const totalOf = async (file: string, ...options: string[]) => {
  const run = await cli(['count', file, '--json', ...options]);
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as { total: number }[])[0].total;
};

describe('paramsketch convert', { timeout: 120_000 }, () => {
  // One of each format: Keras 1, 2 and 3 JSON, TensorFlow.js (MobileNetV2: nested blocks of BatchNorm), .h5, .keras.
  it.concurrent.each([
    'keras1-frankydbravo-nested-merge',
    'keras2-samiisd-embedding-lstm',
    'keras3-sagar-stacked-lstm',
    'tfjs-dumasitorus-mobilenetv2-keras3',
    'keras2-seq2seq-katakana',
    'keras-archive-hit-song',
  ])(
    '%s → Paramsketch file → Keras model JSON: each counts what the original file’s evidence says',
    async (slug) => {
      const { path, total } = realModel(slug);
      const native = out(`${slug}.paramsketch.json`);
      const keras = out(`${slug}.json`);
      const first = await cli(['convert', path, native]);
      expect([first.code, first.stderr]).toEqual([0, '']);
      // A Paramsketch file, laid out as the app lays out what it imports.
      const read = readParamsketchFile(readFileSync(native, 'utf8'));
      if (!read.ok) throw new Error(read.error.message);
      expect(read.sketch.layout).toEqual(autoLayout(read.sketch.design));
      expect(Object.keys(read.sketch.layout)).toHaveLength(read.sketch.design.nodes.length);
      const back = await cli(['convert', native, keras]);
      expect([back.code, back.stderr]).toEqual([0, '']);
      expect((JSON.parse(readFileSync(keras, 'utf8')) as { class_name: string }).class_name).toBe('Model');
      expect([await totalOf(native), await totalOf(keras)]).toEqual([total, total]);
    },
  );

  it('a design with blocks becomes Keras model JSON of their layers (ResNet-18: 11,689,512, as torchvision counts it)', async () => {
    const design = templateById('resnet18')!.design('pytorch');
    const native = write('resnet18.paramsketch.json', writeParamsketchFile({ name: 'resnet18', convention: 'pytorch', design, layout: {} }));
    const run = await cli(['convert', native, out('resnet18.json')]);
    expect(run.code).toBe(0);
    expect(await totalOf(out('resnet18.json'), '--convention', 'pytorch')).toBe(11_689_512);
  });

  it('refuses, writing nothing, a design Keras JSON cannot hold (GPT-2’s tied weights, a Keras 1 Lambda), saying why', async () => {
    const design = templateById('gpt2')!.design('pytorch');
    const native = write('gpt2.paramsketch.json', writeParamsketchFile({ name: 'gpt2', convention: 'pytorch', design, layout: {} }));
    const run = await cli(['convert', native, out('gpt2.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^paramsketch: cannot write .*gpt2\.paramsketch\.json as Keras model JSON: .*tied/m);
    expect(existsSync(out('gpt2.json'))).toBe(false);
    const lambda = await cli(['convert', realModel('keras1-datlife-residual-merge').path, out('lambda.json'), '--to', 'keras']);
    expect(lambda.code).toBe(1);
    expect(oneLine(lambda)).toMatch(/cannot write .* as Keras model JSON: lambda_1: Lambda has no Keras equivalent/);
    expect(existsSync(out('lambda.json'))).toBe(false);
  });

  it('OUT - is the standard output, in the other kind than IN; --to says which', async () => {
    const keras = write('ffnn.json', ffnn);
    const toNative = await cli(['convert', keras, '-']);
    expect(toNative.code).toBe(0);
    expect(JSON.parse(toNative.stdout)).toMatchObject({ format: 'paramsketch', version: 2 });
    const native = write('ffnn.paramsketch.json', toNative.stdout);
    const toKeras = await cli(['convert', native, '-']);
    expect(JSON.parse(toKeras.stdout)).toMatchObject({ class_name: 'Model' });
    const forced = await cli(['convert', '-', '-', '--to', 'paramsketch'], readFileSync(native));
    expect(JSON.parse(forced.stdout)).toEqual(JSON.parse(toNative.stdout));
    expect(await totalOf(write('ffnn-back.json', toKeras.stdout))).toBe(FFNN_TOTAL);
  });

  it('a Keras model with problems is still converted to a Paramsketch file, its problems as notes (as the app opens it)', async () => {
    const lambda = { class_name: 'Sequential', config: { name: 'odd', layers: [{ class_name: 'NoSuchLayer', config: { name: 'x', batch_input_shape: [null, 3] } }] } };
    const run = await cli(['convert', write('odd.json', lambda), out('odd.paramsketch.json')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^paramsketch: note: .*odd\.json: x › output_shape: 'NoSuchLayer' is a custom layer Paramsketch cannot infer/m);
    expect(existsSync(out('odd.paramsketch.json'))).toBe(true);
  });

  describe.concurrent('errors', () => {
    it.each([
      ['an OUT name that says no kind (exit 2)', ['convert', 'in.json', 'out.h5'], 2, /cannot tell what to write to 'out\.h5': name it \*\.paramsketch\.json .* or give --to/],
      ['a bad --to (exit 2)', ['convert', 'in.json', 'out.json', '--to', 'onnx'], 2, /--to must be 'paramsketch' or 'keras', not 'onnx'/],
      ['one file (exit 2)', ['convert', 'in.json'], 2, /convert needs 2 files, got 1/],
      ['a missing IN (exit 1)', ['convert', 'tests/no-such-model.json', 'out.json'], 1, /^paramsketch: tests\/no-such-model\.json: no such file$/],
    ])('%s', async (_label, args, code, message) => {
      const run = await cli(args);
      expect(run.code).toBe(code);
      expect(oneLine(run)).toMatch(message);
    });

    it('an OUT that cannot be written (exit 1)', async () => {
      const run = await cli(['convert', write('ok.json', ffnn), join(dir, 'no-folder', 'x.paramsketch.json')]);
      expect(run.code).toBe(1);
      expect(oneLine(run)).toMatch(/cannot write .*x\.paramsketch\.json: its folder does not exist$/);
    });
  });
});
