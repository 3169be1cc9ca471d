// Bad model files never throw: each one gives a message that names what is wrong (and where), and
// whatever can still be counted is counted.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readModelFile } from '../src/shared/keras/file';
import { reportImport, type CountReport } from '../src/shared/report';
import { kerasArchive, kerasTensor, toKeras3, type OutputShape } from './keras3-format';

/** What the CLI does with a file's bytes; a throw fails the test with its stack. */
const countBytes = (bytes: Uint8Array): CountReport => reportImport(readModelFile(bytes), 'keras');
const countText = (text: string) => countBytes(strToU8(text));
const countJson = (json: unknown) => countText(JSON.stringify(json));
const messages = (report: CountReport) => report.errors.map((e) => e.message).join('\n');

const LINE_COLUMN = /line (\d+), column (\d+)/;

// A small valid Functional model in the Keras 2 layout (tfjs fixture 001: Dense(5) and Dense(2) on 3 features).
const seed = JSON.parse(readFileSync(new URL('./fixtures/tfjs/001-seed-ffnn-3-5-2.json', import.meta.url), 'utf8')) as {
  model: { config: { layers: Record<string, unknown>[] } };
  expected: { total: number; layers: { name: string; outputShape: OutputShape }[] };
};
const seedKeras3 = () => toKeras3(seed.model as never, new Map(seed.expected.layers.map((l) => [l.name, l.outputShape])));

const input2 = (name: string, shape: (number | null)[]) => ({
  class_name: 'InputLayer',
  name,
  config: { name, batch_input_shape: shape, dtype: 'float32', sparse: false },
  inbound_nodes: [],
});
const layer2 = (className: string, name: string, config: Record<string, unknown>, from: string[]) => ({
  class_name: className,
  name,
  config: { name, trainable: true, ...config },
  inbound_nodes: [from.map((source) => [source, 0, 0, {}])],
});
const functional2 = (layers: unknown[]) => ({
  class_name: 'Functional',
  config: { name: 'broken', layers, input_layers: [['in', 0, 0]], output_layers: [] },
  keras_version: '2.15.0',
  backend: 'tensorflow',
});

describe('malformed JSON', () => {
  const text = ['{"class_name": "Sequential",', '  "config": {"layers": [', '    {"class_name": "Dense" "config": {"units": 2}}', '  ]}', '}'].join('\n');

  it('says where: line and column of the first bad character', () => {
    const report = countText(text);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0].message).toMatch(/not valid JSON/);
    // the missing comma: line 3, right after "Dense" (column 28 counting from 1)
    const [, line, column] = LINE_COLUMN.exec(report.errors[0].message) ?? [];
    expect([Number(line), Number(column)]).toEqual([3, text.split("\n")[2].indexOf('"config"') + 1]);
    expect(report.total).toBe(0);
    expect(report.layers).toEqual([]);
  });

  it('says where for a bad literal too ("use_bias": tru)', () => {
    const bad = ['{"class_name": "Sequential",', ' "config": {"layers": [', '  {"class_name": "Dense", "config": {"units": 3, "use_bias": tru}}', ' ]}', '}'].join('\n');
    const report = countText(bad);
    expect(messages(report)).toMatch(/not valid JSON/);
    expect(messages(report)).toMatch(LINE_COLUMN);
    expect(Number(LINE_COLUMN.exec(messages(report))?.[1])).toBe(3);
  });

  it('says where a truncated file ends (a download or copy cut short)', () => {
    const full = JSON.stringify(seedKeras3(), null, 2);
    const cut = full.slice(0, Math.floor(full.length / 2));
    const report = countText(cut);
    expect(messages(report)).toMatch(/not valid JSON/);
    // the end of the text is where the parser ran out
    const lines = cut.split('\n');
    expect(messages(report)).toMatch(LINE_COLUMN);
    expect(Number(LINE_COLUMN.exec(messages(report))?.[1])).toBe(lines.length);
  });

  it('an empty file', () => {
    const report = countText('');
    expect(report.errors).toHaveLength(1);
    expect(messages(report)).toMatch(/not valid JSON|empty/i);
  });
});

describe('valid JSON that is not a Keras model', () => {
  it.each([
    ['an array', [1, 2, 3], /not a Keras model/],
    ['null', null, /not a Keras model/],
    ['a number', 42, /not a Keras model/],
    ['a string', 'model.h5', /not a Keras model/],
    ['an object without class_name', { name: 'model', layers: [] }, /class_name/],
    ['a layer, not a model', { class_name: 'Dense', config: { units: 3 } }, /'Dense'/],
    ['a Sequential without config', { class_name: 'Sequential' }, /layer list/],
    ['layers that are not a list', { class_name: 'Functional', config: { layers: { a: 1 } } }, /layer list/],
  ])('%s', (_label, json, message) => {
    const report = countJson(json);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(messages(report)).toMatch(message);
    expect(report.total).toBe(0);
  });
});

describe('broken layers', () => {
  it('a layer without class_name: the path points at it', () => {
    const report = countJson({
      class_name: 'Sequential',
      config: {
        name: 'm',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], name: 'in' } },
          { class_name: 'Dense', config: { name: 'a', units: 2 } },
          { config: { name: 'b', units: 4 } },
        ],
      },
    });
    expect(report.errors).toEqual([expect.objectContaining({ path: ['config', 'layers', '2'] })]);
    expect(messages(report)).toMatch(/class_name/);
  });

  it('an unknown layer class (Lambda): the rest is counted, the layers after it are not', () => {
    const report = countJson(
      functional2([
        input2('in', [null, 4]),
        layer2('Dense', 'hidden', { units: 5 }, ['in']),
        layer2('Lambda', 'lambda', { function: ['4wEAAAAAAAAA', null, null], function_type: 'lambda' }, ['hidden']),
        layer2('Dense', 'after_lambda', { units: 2 }, ['lambda']),
        layer2('Dense', 'side', { units: 3 }, ['hidden']),
      ]),
    );
    expect(report.errors.some((e) => e.path[0] === 'lambda' && /Lambda/.test(e.message))).toBe(true);
    const row = (name: string) => report.layers.find((l) => l.name === name);
    expect(row('hidden')?.params).toBe(4 * 5 + 5);
    expect(row('side')?.params).toBe(5 * 3 + 3);
    expect(row('lambda')?.params).toBeNull();
    expect(row('after_lambda')?.params).toBeNull(); // its input size is unknown
    expect(report.total).toBe(4 * 5 + 5 + (5 * 3 + 3)); // what could be counted
  });

  it('an unknown layer class in a Keras 3 Sequential', () => {
    const keras3 = {
      module: 'keras',
      class_name: 'Sequential',
      config: {
        name: 'seq',
        trainable: true,
        layers: [
          { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 3], dtype: 'float32', sparse: false, ragged: false, name: 'input_layer' }, registered_name: null },
          { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 5 }, registered_name: null },
          { module: 'my_package.layers', class_name: 'MyCustomLayer', config: { name: 'custom' }, registered_name: 'my_package>MyCustomLayer' },
          { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense_1', units: 2 }, registered_name: null },
        ],
      },
      registered_name: null,
    };
    const report = countJson(keras3);
    expect(messages(report)).toMatch(/MyCustomLayer/);
    expect(report.layers.find((l) => l.name === 'dense')?.params).toBe(3 * 5 + 5);
    expect(report.layers.find((l) => l.name === 'dense_1')?.params).toBeNull();
    expect(report.total).toBe(3 * 5 + 5);
  });

  it('an inbound node pointing at a layer the model does not have (Keras 2)', () => {
    const report = countJson(functional2([input2('in', [null, 4]), layer2('Dense', 'a', { units: 5 }, ['in']), layer2('Dense', 'b', { units: 2 }, ['ghost'])]));
    const missing = report.errors.find((e) => /ghost/.test(e.message));
    expect(missing?.path).toEqual(['b', 'inputs']);
    expect(report.layers.find((l) => l.name === 'a')?.params).toBe(4 * 5 + 5);
    expect(report.layers.find((l) => l.name === 'b')?.params).toBeNull();
  });

  it('an inbound node pointing at a layer the model does not have (Keras 3)', () => {
    const model = seedKeras3() as { config: { layers: { inbound_nodes: unknown[] }[] } };
    model.config.layers[2].inbound_nodes = [{ args: [kerasTensor('dense_99', 0, 0, [null, null, 5])], kwargs: {} }];
    const report = countJson(model);
    expect(report.errors.some((e) => /dense_99/.test(e.message) && e.path[0] === 'dense_1')).toBe(true);
    expect(report.layers.find((l) => l.name === 'dense')?.params).toBe(3 * 5 + 5);
  });

  it('a Dense without units is reported, not counted with a made-up size', () => {
    // Keras itself refuses this config (units has no default): a count would be invented.
    const report = countJson(functional2([input2('in', [null, 4]), { class_name: 'Dense', name: 'd', config: { name: 'd' }, inbound_nodes: [[['in', 0, 0, {}]]] }]));
    expect(report.errors.length).toBeGreaterThan(0);
    expect(messages(report)).toMatch(/units/);
    expect(report.layers.find((l) => l.name === 'd')?.params).toBeNull();
  });
});

describe('files that are not JSON', () => {
  it('an HDF5 (.h5) file is refused with a way out', () => {
    const h5 = new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x08, 0x00]);
    const report = countBytes(h5);
    expect(report.errors).toHaveLength(1);
    expect(messages(report)).toMatch(/HDF5/);
    expect(messages(report)).toMatch(/to_json|\.keras/);
  });

  it('a damaged zip (.keras)', () => {
    const bytes = kerasArchive(seedKeras3());
    for (const damaged of [bytes.slice(0, 40), bytes.slice(0, bytes.length - 30), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8])]) {
      const report = countBytes(damaged);
      expect(report.errors.length).toBeGreaterThan(0);
      expect(messages(report)).toMatch(/damaged|zip|archive/i);
    }
  });

  it('a zip without config.json', () => {
    const report = countBytes(zipSync({ 'metadata.json': strToU8('{"keras_version": "3.5.0"}'), 'model.weights.h5': new Uint8Array(0) }));
    expect(messages(report)).toMatch(/config\.json/);
  });

  it('a .keras whose config.json is not JSON', () => {
    const report = countBytes(zipSync({ 'config.json': strToU8('{"class_name": "Functional", oops}') }));
    expect(messages(report)).toMatch(/not valid JSON/);
  });

  it('binary noise', () => {
    const report = countBytes(new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x02, 0x03]));
    expect(report.errors.length).toBeGreaterThan(0);
  });
});

describe('never throws', () => {
  it('on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void countJson(value)), { numRuns: 300 });
  });

  it('on any bytes, including ones that start like a zip or an HDF5 file', () => {
    const prefix = fc.constantFrom([], [0x50, 0x4b, 0x03, 0x04], [0x89, 0x48, 0x44, 0x46], [0x7b]);
    fc.assert(fc.property(prefix, fc.uint8Array({ maxLength: 200 }), (head, tail) => void countBytes(new Uint8Array([...head, ...tail]))), { numRuns: 300 });
  });

  // Found by the property below; kept as plain examples so they fail every run, not one run in a few.
  const input3 = { class_name: 'InputLayer', name: 'in', config: { batch_shape: [null, 3], name: 'in' }, inbound_nodes: [] };
  const dense3 = (history: unknown) => ({
    class_name: 'Dense',
    name: 'd',
    config: { name: 'd', units: 2 },
    inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { keras_history: history } }], kwargs: {} }],
  });
  it.each([
    ['an object', {}],
    ['a number', 5],
    ['true', true],
  ])('on a keras_history that is %s, not a list', (_label, history) => {
    const report = countJson({ class_name: 'Functional', config: { name: 'f', layers: [input3, dense3(history)] } });
    expect(report.errors.some((e) => e.path[0] === 'd')).toBe(true);
  });

  it.each([
    ['the model class_name', { class_name: { toString: null }, config: { layers: [input3] } }],
    ['a wrapped layer class_name', { class_name: 'Functional', config: { layers: [input3, { class_name: 'Bidirectional', name: 'b', config: { layer: { class_name: { toString: null } } }, inbound_nodes: [[['in', 0, 0, {}]]] }] } }],
    ['a layer name', { class_name: 'Functional', config: { layers: [{ ...input3, name: { toString: null } }] } }],
    ['a Keras 2 node index', functional2([input2('in', [null, 3]), { class_name: 'Dense', name: 'd', config: { units: 2 }, inbound_nodes: [[['in', { toString: null }, 0, {}]]] }])],
    ['a Keras 3 node index', { class_name: 'Functional', config: { layers: [input3, dense3(['in', { toString: null }, 0])] } }],
  ])('on an object that has no string form (%s: {"toString": null})', (_label, json) => {
    expect(countJson(json).errors.length).toBeGreaterThan(0);
  });

  /** Every place inside a JSON value, as a path of keys and indices. */
  function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const here = [prefix];
    if (Array.isArray(value)) return here.concat(...value.map((v, i) => paths(v, [...prefix, i])));
    if (typeof value === 'object' && value !== null) return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...prefix, k])));
    return here;
  }
  function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
    if (path.length === 0) return replacement;
    const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
    copy[path[0]] = replaceAt(copy[path[0]], path.slice(1), replacement);
    return copy;
  }

  it.each([
    ['Keras 2 (tfjs)', () => seed.model as unknown],
    ['Keras 3', () => seedKeras3() as unknown],
  ])('on a %s model with any one part replaced by junk', (_label, make) => {
    const model = make();
    const all = paths(model);
    const junk = fc.oneof(fc.jsonValue(), fc.constantFrom(null, [], {}, '', -1, 0, 1e300, 'ghost', [null], [['ghost', 0, 0, {}]], { class_name: '__keras_tensor__', config: { keras_history: ['ghost', 9, 9] } }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), junk, (index, replacement) => {
        const report = countJson(replaceAt(model, all[index], replacement));
        expect(typeof report.total === 'number' || typeof report.total === 'string').toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
