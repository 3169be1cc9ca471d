// The built `paramsketch count`, run as a process the way a user runs it: table and --json output, exact big
// counts, conventions, exit codes, many files in one call, templates.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportKerasModel } from '../src/shared/keras/export';
import { TEMPLATES, templateById } from '../src/shared/templates';
import { cli as run, oneLine, realModel, scratchFolder } from './cli-helpers';
import { billion, ffnn, FFNN_TOTAL, huge, HUGE_TOTAL, lstm, withLambda } from './cli-models';
import { kerasArchive } from './keras3-format';

const { dir, write } = scratchFolder();
const cli = (...args: string[]) => run(args);

const LAYER_KEYS = ['activationBytes', 'formula', 'macs', 'name', 'nonTrainable', 'outputShape', 'paramBytes', 'params', 'trainable', 'type'];
const REPORT_KEYS = ['activationBytes', 'activeMacs', 'activeParams', 'convention', 'errors', 'file', 'layers', 'macs', 'model', 'nonTrainable', 'paramBytes', 'total', 'trainable', 'warnings'];

describe('paramsketch count', { timeout: 120_000 }, () => {
  it('prints a Keras-style summary table', async () => {
    const file = write('ffnn.json', ffnn);
    const run = await cli('count', file);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const name of ['hidden', 'output', 'input_layer']) expect(run.stdout).toContain(name);
    expect(run.stdout).toContain('(None, 5)');
    expect(run.stdout).toContain('(None, 2)');
    expect(run.stdout).toMatch(/^Total params: 32$/m);
    expect(run.stdout).toMatch(/^Trainable params: 32$/m);
    expect(run.stdout).toMatch(/^Non-trainable params: 0$/m);
    expect(run.stdout).toContain('seed_ffnn');
    expect(FFNN_TOTAL).toBe(32);
  });

  it('--json: one array, an object per file, in the documented shape', async () => {
    const a = write('a.json', ffnn);
    const b = write('b.keras', kerasArchive(lstm));
    const run = await cli('count', a, b, '--json');
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(Array.isArray(reports)).toBe(true);
    expect(reports).toHaveLength(2);
    for (const report of reports) {
      expect(Object.keys(report).sort()).toEqual(REPORT_KEYS);
      for (const layer of report.layers as Record<string, unknown>[]) expect(Object.keys(layer).sort()).toEqual(LAYER_KEYS);
    }
    const [first, second] = reports;
    expect(first).toMatchObject({ file: a, model: 'seed_ffnn', convention: 'keras', total: FFNN_TOTAL, trainable: FFNN_TOTAL, nonTrainable: 0, errors: [], warnings: [] });
    expect((first.layers as Record<string, unknown>[]).map((l) => [l.name, l.type, l.outputShape, l.params])).toEqual([
      ['input_layer', 'Input', [null, 3], 0],
      ['hidden', 'Dense', [null, 5], 3 * 5 + 5],
      ['output', 'Dense', [null, 2], 5 * 2 + 2],
    ]);
    expect(second).toMatchObject({ file: b, model: 'lstm_2_on_3', total: 4 * (2 * (2 + 3) + 2) });
  });

  it('counts beyond 2^53 come out exactly, as decimal strings', async () => {
    const file = write('huge.json', huge);
    const run = await cli('count', file, '--json');
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(report.total).toBe(HUGE_TOTAL); // "1000000001000000000"
    expect(report.trainable).toBe(HUGE_TOTAL);
    expect(report.nonTrainable).toBe(0);
    const dense = (report.layers as Record<string, unknown>[]).find((l) => l.name === 'dense');
    expect(dense?.params).toBe(HUGE_TOTAL);
    expect(dense?.outputShape).toEqual([null, billion]);
    // a raw JSON number would have been rounded: the text must hold the string
    expect(run.stdout).toContain('"total":"1000000001000000000"');
    // and the table groups it by thousands, exactly
    const table = await cli('count', file);
    const line = /^Total params: (.+)$/m.exec(table.stdout)?.[1] ?? '';
    expect(line.replace(/\D/g, '')).toBe(HUGE_TOTAL);
  });

  it('--convention pytorch counts an LSTM(2) on 3 features with two bias vectors', async () => {
    const file = write('lstm.json', lstm);
    const keras = JSON.parse((await cli('count', file, '--json')).stdout)[0];
    const pytorch = await cli('count', file, '--convention', 'pytorch', '--json');
    const equals = await cli('count', file, '--convention=pytorch', '--json');
    expect(pytorch.code).toBe(0);
    // 4 gates · [h(h+i) + h] with one bias (Keras) or two (PyTorch), h = 2, i = 3
    expect(keras.total).toBe(4 * (2 * (2 + 3) + 2)); // 48
    expect(JSON.parse(pytorch.stdout)[0]).toMatchObject({ convention: 'pytorch', total: 4 * (2 * (2 + 3) + 2 * 2) }); // 56
    expect(JSON.parse(equals.stdout)[0].total).toBe(56);
  });

  describe.concurrent('exit status', () => {
    it('0 when every file is counted', async () => {
      expect((await cli('count', write('ok.json', ffnn))).code).toBe(0);
    });

    it('1 when a file has errors, still reporting every file', async () => {
      const good = write('good.json', ffnn);
      const bad = write('lambda.json', withLambda);
      const run = await cli('count', good, bad, '--json');
      expect(run.code).toBe(1);
      const reports = JSON.parse(run.stdout) as { file: string; total: number; errors: { path: string[]; message: string }[] }[];
      expect(reports.map((r) => r.file)).toEqual([good, bad]);
      expect(reports[0]).toMatchObject({ total: FFNN_TOTAL, errors: [] });
      expect(reports[1].errors.some((e) => /Lambda/.test(e.message))).toBe(true);
      const table = await cli('count', bad);
      expect(table.code).toBe(1);
      expect(table.stdout).toMatch(/error.*Lambda/);
    });

    it('1 when a file is not JSON', async () => {
      const run = await cli('count', write('broken.json', '{"class_name": "Sequential", '), '--json');
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)[0].errors[0].message).toMatch(/not valid JSON/);
    });

    it('1 when a file does not exist, and the others are still counted', async () => {
      const missing = join(dir, 'no-such-model.json');
      const run = await cli('count', missing, write('ok2.json', ffnn), '--json');
      expect(run.code).toBe(1);
      const [gone, ok] = JSON.parse(run.stdout);
      expect(gone.file).toBe(missing);
      expect(gone.errors[0].message).toMatch(/no such file/);
      expect(ok.total).toBe(FFNN_TOTAL);
      expect(oneLine(run)).toBe(`paramsketch: ${missing}: no such file`);
    });

    it.each([
      ['no arguments', [], /no command given/],
      ['no FILE', ['count'], /count needs a FILE or --template ID/],
      ['an unknown command', ['sum', 'x.json'], /unknown command 'sum'; the commands are count, diff, convert, export, templates/],
      ['an unknown option', ['count', 'x.json', '--frobnicate'], /unknown option '--frobnicate' for count \(see paramsketch count --help\)/],
      ['a bad convention', ['count', 'x.json', '--convention', 'tensorflow'], /--convention must be 'keras' or 'pytorch', not 'tensorflow'/],
      ['a bad convention (=)', ['count', 'x.json', '--convention=caffe'], /not 'caffe'/],
      ['--convention without a value', ['count', 'x.json', '--convention'], /--convention needs a value/],
      ['a bad format', ['count', 'x.json', '--format', 'xml'], /--format must be 'table', 'json', 'csv', 'markdown', not 'xml'/],
      ['two formats', ['count', 'x.json', '--json', '--format', 'csv'], /--json and --format csv ask for two formats/],
      ['the standard input twice', ['count', '-', '-'], /'-' \(standard input\) can be read only once/],
    ])('2 on a usage error, said in one line: %s', async (_label, args, message) => {
      const run = await cli(...args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(oneLine(run)).toMatch(message);
    });
  });

  it('reads an .h5 file and says how many layer counts its own weights confirm; a field it does not know is a note', async () => {
    // h5py read every weight's shape (its expected.json): their sizes summed.
    const { path, total } = realModel('keras2-seq2seq-katakana');
    const table = await cli('count', path);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^Total params: ${total!.toLocaleString('en-US')}$`, 'm'));
    expect(table.stdout).toMatch(/^The file's own weights confirm 7 of 7 layer counts$/m);
    const odd = write('odd-field.json', { class_name: 'Sequential', config: [{ class_name: 'LSTM', config: { name: 'rnn', units: 2, num_layers: 3, batch_input_shape: [null, 5, 3] } }] });
    const json = JSON.parse((await cli('count', odd, '--json')).stdout) as { warnings: string[] }[];
    expect(json[0].warnings).toEqual(["LSTM 'rnn': config key 'num_layers' is not known and was ignored — the count may be wrong"]);
  });

  it('counts 500 files in one call (how fast: npm run bench)', async () => {
    const files = Array.from({ length: 500 }, (_, i) => write(`copy-${String(i).padStart(3, '0')}.json`, ffnn));
    const run = await cli('count', ...files, '--json');
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as { file: string; total: number; errors: unknown[] }[];
    expect(reports).toHaveLength(500);
    expect(reports.map((r) => r.file)).toEqual(files);
    for (const report of reports) expect(report).toMatchObject({ total: FFNN_TOTAL, errors: [] });
  });
});

describe('paramsketch templates and count --template', { timeout: 120_000 }, () => {
  it('lists every template: ID, name and conventions, one line each', async () => {
    const run = await cli('templates');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(TEMPLATES.length);
    TEMPLATES.forEach((t, i) => {
      expect(lines[i].split(/\s{2,}/)).toEqual([t.id, t.name, t.conventions.join(', ')]);
    });
  });

  it('counts a template in the convention of its published figure, or the one asked for', async () => {
    const [keras, pytorch] = await Promise.all([
      cli('count', '--template', 'resnet50', '--json'),
      cli('count', '--template=resnet50', '--convention', 'pytorch', '--json'),
    ]);
    expect([keras.code, pytorch.code]).toEqual([0, 0]);
    const [report] = JSON.parse(keras.stdout) as Record<string, unknown>[];
    expect(report).toMatchObject({ template: 'resnet50', model: 'ResNet-50', convention: 'keras', total: 25_636_712, trainable: 25_583_592, nonTrainable: 53_120, errors: [], warnings: [] });
    expect(JSON.parse(pytorch.stdout)[0]).toMatchObject({ template: 'resnet50', convention: 'pytorch', total: 25_557_032, nonTrainable: 0 });
    // A PyTorch-only figure: counted in PyTorch unless told otherwise.
    const resnet18 = JSON.parse((await cli('count', '--template', 'resnet18', '--json')).stdout)[0];
    expect(resnet18).toMatchObject({ convention: 'pytorch', total: 11_689_512 });
  });

  it('gives the same report as counting the template written to a model file', async () => {
    const template = templateById('cnn-32x32x3')!;
    const written = exportKerasModel(template.design('keras'), { name: 'cnn' });
    if (!('json' in written)) throw new Error('the template did not export');
    const file = write('cnn-template.json', written.json);
    const [fromFile, fromTemplate, tableFile, tableTemplate] = await Promise.all([
      cli('count', file, '--json'),
      cli('count', '--template', 'cnn-32x32x3', '--convention', 'keras', '--json'),
      cli('count', file),
      cli('count', '--template', 'cnn-32x32x3', '--convention', 'keras'),
    ]);
    const [a, b] = [JSON.parse(fromFile.stdout)[0], JSON.parse(fromTemplate.stdout)[0]];
    // Every key a file's report has, with the template's ID where a file has its path.
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).map((key) => (key === 'file' ? 'template' : key)).sort());
    const { file: _, model: _model, ...fromFileRest } = a;
    const { template: id, model, ...fromTemplateRest } = b;
    expect([id, model]).toEqual(['cnn-32x32x3', 'CNN on 32×32×3']);
    expect(fromTemplateRest).toEqual(fromFileRest);
    expect(b.total).toBe(73_592);
    // The table too, but for its title line (the model's name and where it came from).
    const body = (text: string) => text.split('\n').slice(1).join('\n');
    expect(body(tableTemplate.stdout)).toBe(body(tableFile.stdout));
    expect(tableTemplate.stdout).toMatch(/^Model: "CNN on 32×32×3"  \(template cnn-32x32x3, keras convention\)$/m);
  });

  it('lists a block instance as one row, or with --flat every layer of every block', async () => {
    const [grouped, flat] = await Promise.all([
      cli('count', '--template', 'resnet18', '--json'),
      cli('count', '--template', 'resnet18', '--flat', '--json'),
    ]);
    const [a, b] = [JSON.parse(grouped.stdout)[0], JSON.parse(flat.stdout)[0]];
    // The stem (input, pad, conv, bn, relu, pad, pool), 8 blocks, the head (pool, dense).
    expect(a.layers).toHaveLength(7 + 8 + 2);
    // Flat: each basic block's 1_conv, 1_bn, 1_relu, 2_conv, 2_bn, add, out, and 0_conv, 0_bn in the 3 that project.
    expect(b.layers).toHaveLength(7 + 8 * 7 + 3 * 2 + 2);
    expect(b.layers.map((l: { name: string }) => l.name)).toContain('conv3_block1 › 0_conv');
    for (const report of [a, b]) {
      expect(report.total).toBe(11_689_512);
      expect(report.layers.reduce((sum: number, l: { params: number }) => sum + l.params, 0)).toBe(11_689_512);
    }
    expect(b.macs).toBe(a.macs);
  });

  it('counts files and templates in one call, in the order given, with the LSTM seed’s worked formula', async () => {
    const file = write('ffnn-mixed.json', ffnn);
    const run = await cli('count', '--template', 'lstm-2-on-3', file, '--template', 'lstm-2-on-3', '--convention', 'pytorch', '--json');
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(reports.map((r) => r.template ?? r.file)).toEqual(['lstm-2-on-3', file, 'lstm-2-on-3']);
    expect(reports.map((r) => r.total)).toEqual([56, FFNN_TOTAL, 56]);
    const table = await cli('count', '--template', 'lstm-2-on-3');
    expect(table.stdout).toContain('4 × [2(2+3) + 2] = 48');
    expect(table.stdout).toMatch(/^Total params: 48$/m);
  });

  it('notes a convention the published figure is not for, and still counts it', async () => {
    const run = await cli('count', '--template', 'alexnet', '--convention', 'keras', '--json');
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout);
    expect(report).toMatchObject({ convention: 'keras', total: 61_100_840, errors: [] });
    expect(report.warnings).toEqual([expect.stringMatching(/published figure is for the pytorch convention/)]);
  });

  describe.concurrent('usage errors exit 2', () => {
    it('an unknown template, listing the IDs', async () => {
      const run = await cli('count', '--template', 'resnet-9000');
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(oneLine(run)).toMatch(/unknown template 'resnet-9000'/);
      for (const t of TEMPLATES) expect(run.stderr).toContain(t.id);
    });

    it.each([
      ['--template without an ID', ['count', '--template'], /--template needs a value/],
      ['--template= without an ID', ['count', '--template='], /--template needs a value/],
      ['templates with an argument', ['templates', 'vgg16'], /templates takes no files, got 'vgg16'/],
    ])('%s', async (_label, args, message) => {
      const run = await cli(...args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(oneLine(run)).toMatch(message);
    });
  });
});
