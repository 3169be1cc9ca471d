// The built `paramsketch count` on every kind of file the app opens, recognised by content: real Keras 1–3,
// TensorFlow.js, .keras and .h5 files checked against their own repositories' evidence, tfjs-layers' own
// counts, Paramsketch files of both versions (blocks, tied weights, custom layers), the standard input;
// each output format; and bad input, one line each.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readParamsketchFile, writeParamsketchFile } from '../src/shared/files/paramsketch-file';
import { sketchReport, summaryCsv, summaryMarkdown } from '../src/shared/files/summary-export';
import { templateById } from '../src/shared/templates';
import { cli, oneLine, realModel, REAL_MODELS, root, scratchFolder } from './cli-helpers';
import { ffnn, FFNN_TOTAL } from './cli-models';

const { dir, write } = scratchFolder();

interface Report {
  file: string;
  model: string;
  convention: string;
  total: number;
  trainable: number;
  nonTrainable: number;
  layers: { name: string; type: string; params: number | null }[];
  errors: { message: string }[];
  warnings: string[];
}
const reports = (stdout: string) => JSON.parse(stdout) as Report[];

// A version-1 file as Paramsketch 0.1 wrote it: an FFNN 3 → 5 → 2 whose hidden layer has no name.
const v1File = (hiddenType = 'Dense') => ({
  format: 'paramsketch',
  version: 1,
  savedBy: 'Paramsketch 0.1.0',
  sketch: {
    name: 'ffnn v1',
    convention: 'keras',
    design: {
      nodes: [
        { id: 'in', name: 'features', type: 'Input', fields: { shape: [3] } },
        { id: 'h', type: hiddenType, fields: { units: 5 } },
        { id: 'out', name: 'output', type: 'Dense', fields: { units: 2 } },
      ],
      edges: [{ from: 'in', to: 'h' }, { from: 'h', to: 'out' }],
    },
    layout: { in: { x: 0, y: 0 }, h: { x: 0, y: 100 }, out: { x: 0, y: 200 } },
  },
});

// Version 2: a custom layer given its count (20 weights, 4 of them frozen) and shape, then Dense(2) on 4 features.
const customFile = {
  format: 'paramsketch',
  version: 2,
  sketch: {
    name: 'with a custom layer',
    convention: 'keras',
    design: {
      nodes: [
        { id: 'in', type: 'Input', fields: { shape: [4] } },
        { id: 'gate', name: 'gate', type: 'CustomLayer', fields: { class_name: 'MyGate', output_shape: [4], params: 20, non_trainable: 4 } },
        { id: 'head', name: 'head', type: 'Dense', fields: { units: 2 } },
      ],
      edges: [{ from: 'in', to: 'gate' }, { from: 'gate', to: 'head' }],
    },
    layout: {},
  },
};
const CUSTOM_TOTAL = 20 + (4 * 2 + 2); // 30: 26 trainable, 4 not

describe('paramsketch count reads every format the app opens, by content', { timeout: 120_000 }, () => {
  it('real Keras 1, 2, 3, TensorFlow.js, .keras and .h5 files, in one call: each total as its own repository says', async () => {
    const models = REAL_MODELS.filter((m) => !m.weightsOnly);
    expect(new Set(models.map((m) => m.format))).toEqual(new Set(['keras1-json', 'keras2-json', 'keras3-json', 'tfjs-model-json', 'h5', 'keras-archive']));
    const run = await cli(['count', ...models.map((m) => m.path), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const counted = reports(run.stdout);
    models.forEach((m, k) => expect([m.slug, counted[k].total]).toEqual([m.slug, m.total]));
  });

  it("tfjs-layers' own countParams() for its 130 generated models, in one call", async () => {
    const folder = join(root, 'tests', 'fixtures', 'tfjs');
    const fixtures = readdirSync(folder).filter((f) => f.endsWith('.json'));
    const expected = fixtures.map((f) => {
      const { model, expected } = JSON.parse(readFileSync(join(folder, f), 'utf8')) as { model: unknown; expected: { total: number } };
      return { path: write(`tfjs-${f}`, model), total: expected.total };
    });
    const run = await cli(['count', ...expected.map((e) => e.path), '--json']);
    expect(run.code).toBe(0);
    expect(reports(run.stdout).map((r) => r.total)).toEqual(expected.map((e) => e.total));
  });

  it('the standard input (-): JSON and binary files alike, counted as the file itself is', async () => {
    for (const slug of ['keras2-seq2seq-katakana', 'keras-archive-hit-song', 'tfjs-nityant-rescaling-bn']) {
      const { path, total } = realModel(slug);
      const run = await cli(['count', '-', '--json'], readFileSync(path));
      expect(run.code).toBe(0);
      expect(reports(run.stdout)[0]).toMatchObject({ file: '-', total });
    }
    const table = await cli(['count', '-'], JSON.stringify(ffnn));
    expect(table.stdout).toMatch(/^Model: "seed_ffnn"  \(stdin, keras convention\)$/m);
  });

  it('a version-1 Paramsketch file, its unnamed layer listed under its id', async () => {
    const run = await cli(['count', write('v1.paramsketch.json', v1File()), '--json']);
    expect(run.code).toBe(0);
    const [report] = reports(run.stdout);
    expect(report).toMatchObject({ model: 'ffnn v1', total: 3 * 5 + 5 + (5 * 2 + 2), errors: [], warnings: [] });
    expect(report.layers.map((l) => [l.name, l.params])).toEqual([['features', 0], ['h', 20], ['output', 12]]);
  });

  it('a version-1 file naming a type nothing knows: now a custom layer, said in a note, counted once given', async () => {
    const run = await cli(['count', write('v1-unknown.json', v1File('MyGate')), '--json']);
    expect(run.code).toBe(1);
    const [report] = reports(run.stdout);
    expect(report.warnings.join()).toMatch(/'h' \(type MyGate\) is now a custom layer/);
    expect(report.errors.map((e) => e.message).join()).toMatch(/'MyGate' is a custom layer Paramsketch cannot infer: give its output shape/);
  });

  it('a version-2 file with blocks and tied weights (GPT-2 small: 124,439,808, as published), in the convention it was saved in', async () => {
    const design = templateById('gpt2')!.design('pytorch');
    expect(Object.keys(design.blocks ?? {}).length).toBeGreaterThan(0);
    expect(design.nodes.some((n) => n.tiedTo)).toBe(true);
    const file = write('gpt2.paramsketch.json', writeParamsketchFile({ name: 'GPT-2', convention: 'pytorch', design, layout: {} }));
    const run = await cli(['count', file, '--json']);
    expect(run.code).toBe(0);
    expect(reports(run.stdout)[0]).toMatchObject({ convention: 'pytorch', total: 124_439_808, nonTrainable: 0 });
  });

  it('a version-2 file with a custom layer given its count', async () => {
    const run = await cli(['count', write('custom.paramsketch.json', customFile), '--json']);
    expect(run.code).toBe(0);
    expect(reports(run.stdout)[0]).toMatchObject({ total: CUSTOM_TOTAL, trainable: 26, nonTrainable: 4, errors: [] });
  });

  it('a Hugging Face config.json, in the PyTorch convention (GPT-2 small: 124,439,808, as published)', async () => {
    const run = await cli(['count', join(root, 'tests', 'fixtures', 'hf', 'gpt2.json'), '--json']);
    expect(run.code).toBe(0);
    expect(reports(run.stdout)[0]).toMatchObject({ convention: 'pytorch', total: 124_439_808, errors: [] });
  });

  it('the content decides, not the name: a Keras model named .paramsketch.json, a Paramsketch file named .h5', async () => {
    const run = await cli(['count', write('keras.paramsketch.json', ffnn), write('native.h5', customFile), '--json']);
    expect(run.code).toBe(0);
    expect(reports(run.stdout).map((r) => r.total)).toEqual([FFNN_TOTAL, CUSTOM_TOTAL]);
  });
});

describe('paramsketch count --format', { timeout: 120_000 }, () => {
  it('csv and markdown: exactly what the app exports for the design', async () => {
    const text = JSON.stringify(customFile);
    const file = write('export.paramsketch.json', text);
    const read = readParamsketchFile(text);
    if (!read.ok) throw new Error(read.error.message);
    const [csv, markdown] = await Promise.all([cli(['count', file, '--format', 'csv']), cli(['count', file, '--format=markdown'])]);
    expect([csv.code, markdown.code]).toEqual([0, 0]);
    expect(csv.stdout).toBe(summaryCsv(sketchReport(read.sketch)));
    expect(markdown.stdout).toBe(summaryMarkdown(sketchReport(read.sketch)));
    expect(csv.stdout.split('\r\n').at(-2)).toBe(`Total,,,${CUSTOM_TOTAL},26,4,`);
    expect(markdown.stdout).toMatch(/^Total params: 30 \(120\.00 B\)\\$/m);
  });

  it('json is --json; several files: csv gets a first File column, markdown a heading per file', async () => {
    const [a, b] = [write('one.json', ffnn), write('two.paramsketch.json', customFile)];
    const [json, synonym, csv, markdown] = await Promise.all([
      cli(['count', a, b, '--format', 'json']),
      cli(['count', a, b, '--json']),
      cli(['count', a, b, '--format', 'csv']),
      cli(['count', a, b, '--format', 'markdown']),
    ]);
    expect(json.stdout).toBe(synonym.stdout);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('File,Layer,Type,Output shape,Param #,Trainable,Non-trainable,Formula');
    expect(lines.filter((l) => l.includes(',Total,'))).toEqual([`one.json,Total,,,${FFNN_TOTAL},${FFNN_TOTAL},0,`, `two.paramsketch.json,Total,,,${CUSTOM_TOTAL},26,4,`]);
    expect(markdown.stdout.match(/^## .*$/gm)).toEqual(['## one.json', '## two.paramsketch.json']);
  });
});

describe('paramsketch count on bad input: one line each, and the other files still counted', { timeout: 120_000 }, () => {
  const truncated = (slug: string, bytes: number) => write(`cut-${slug}`, readFileSync(realModel(slug).path).subarray(0, bytes));
  const cases: [string, () => string, RegExp][] = [
    ['a missing file', () => join(dir, 'missing.json'), /: no such file$/],
    ['a directory', () => dir, /: is a directory, not a file$/],
    ['binary garbage', () => write('garbage.bin', new Uint8Array(4096).map((_, i) => (i * 7919) % 256)), /holds binary data, but is neither an HDF5 file/],
    ['a truncated JSON file', () => write('cut.json', JSON.stringify(ffnn).slice(0, 120)), /not valid JSON: the file ends in the middle .*cut short/],
    ['a truncated .h5', () => truncated('keras2-seq2seq-katakana', 3000), /this HDF5 \(\.h5\) file could not be read/],
    ['a truncated .keras', () => truncated('keras-archive-hit-song', 3000), /the \.keras archive is damaged/],
    ['an empty file', () => write('empty.json', ''), /: the file is empty$/],
    ['a weights-only .h5', () => realModel('keras2-masking-weights').path, /holds only weights/],
    ['JSON of no model format', () => write('other.json', { hello: 'world' }), /not a Keras model/],
  ];

  it.each(cases)('%s: exit 1, one line naming the file', async (_label, make, message) => {
    const bad = make();
    const good = write('good.json', ffnn);
    const run = await cli(['count', good, bad, good]);
    expect(run.code).toBe(1);
    const line = oneLine(run);
    expect(line.startsWith(`paramsketch: ${bad}: `)).toBe(true);
    expect(line).toMatch(message);
    expect(run.stdout.match(/^Total params: 32$/gm)).toHaveLength(2);
  });
});

describe('paramsketch --help, COMMAND --help, --version', () => {
  it.each([[['--help']], [['-h']], [['count', '--help']], [['diff', '-h']], [['convert', 'in.json', '--help']], [['templates', '--help']]])(
    '%j prints help and exits 0',
    async (args) => {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^(paramsketch: count|usage: paramsketch ${args[0] === '-h' || args[0] === '--help' ? '' : args[0]})`));
      expect(run.stdout).toMatch(/exit status: 0/);
    },
  );

  it('--version prints the version package.json holds', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const run = await cli(['--version']);
    expect([run.code, run.stdout]).toEqual([0, `paramsketch ${version}\n`]);
  });
});
