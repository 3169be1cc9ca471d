// Keras 3 files (model.to_json() and .keras archives) must count exactly like their Keras 2 / tfjs
// twins. Every expected number here comes from outside Paramsketch: tfjs-layers' own counts
// (tests/fixtures/tfjs), real files with a model.summary() next to them, or the layer formulas
// written out as arithmetic.
import { readdirSync, readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importKerasModel } from '../src/shared/keras/import';
import { readModelFile } from '../src/shared/keras/file';
import { catalogType } from '../src/shared/keras/layers';
import { reportImport, type CountReport } from '../src/shared/report';
import { dtypePolicy, kerasArchive, kerasTensor, toKeras3, type OutputShape } from './keras3-format';

interface ExpectedLayer {
  name: string;
  className: string;
  params: number;
  trainable: number;
  nonTrainable: number;
  outputShape: OutputShape;
}
interface Fixture {
  model: { class_name: string; config: { name: string; layers: { class_name: string; name?: string; config: Record<string, unknown>; inbound_nodes?: unknown[] }[] } };
  expected: { total: number; trainable: number; nonTrainable: number; layers: ExpectedLayer[] };
}

const tfjsDir = new URL('./fixtures/tfjs/', import.meta.url);
const fixtures = readdirSync(tfjsDir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(new URL(file, tfjsDir), 'utf8')) as Fixture] as const);

const realDir = new URL('./fixtures/keras-real/', import.meta.url);
const realText = (file: string) => readFileSync(new URL(file, realDir), 'utf8');
const realJson = (file: string) => JSON.parse(realText(file)) as unknown;

const shapesOf = (fixture: Fixture) => new Map(fixture.expected.layers.map((l) => [l.name, l.outputShape]));
const keras3Of = (fixture: Fixture) => toKeras3(fixture.model as never, shapesOf(fixture));

// Only the fixtures the importer already counts without error in their Keras 2 form are rewritten:
// a Keras 2 failure is the oracle test's business, not this one's. When this was written (after
// commit 3aa8423) every one of the 130 passed, so none is skipped. The list is worked out at run
// time, and any fixture it leaves out shows as a skipped test.
const keras2Errors = (fixture: Fixture) => reportImport(importKerasModel(fixture.model), 'keras').errors;
const usable = fixtures.filter(([, fixture]) => keras2Errors(fixture).length === 0);
const skipped = fixtures.filter(([, fixture]) => keras2Errors(fixture).length > 0);

function expectLikeTfjs(report: CountReport, fixture: Fixture) {
  expect(report.errors).toEqual([]);
  expect([report.total, report.trainable, report.nonTrainable]).toEqual([
    fixture.expected.total,
    fixture.expected.trainable,
    fixture.expected.nonTrainable,
  ]);
  for (const layer of fixture.expected.layers) {
    const ours = report.layers.find((l) => l.name === layer.name);
    expect(ours, layer.name).toBeDefined();
    expect({ name: ours!.name, type: ours!.type, params: ours!.params, trainable: ours!.trainable, nonTrainable: ours!.nonTrainable, outputShape: ours!.outputShape }).toEqual({
      name: layer.name,
      type: catalogType(layer.className),
      params: layer.params,
      trainable: layer.trainable,
      nonTrainable: layer.nonTrainable,
      outputShape: layer.outputShape,
    });
  }
}

/** Everything under `value` that matches `test`, to check the converter really wrote the Keras 3 layout. */
function collect(value: unknown, test: (key: string, v: unknown) => boolean, found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => collect(v, test, found));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) {
      if (test(k, v)) found.push(v);
      collect(v, test, found);
    }
  return found;
}

describe('tfjs oracle fixtures rewritten in the Keras 3 format', () => {
  it('has fixtures to rewrite', () => expect(usable.length).toBeGreaterThan(100));
  if (skipped.length) it.skip.each(skipped)('%s (its Keras 2 form has errors: see oracle-tfjs.test.ts)', () => {});

  it.each(usable)('%s', (_file, fixture) => {
    const keras3 = keras3Of(fixture);
    // The rewrite is really Keras 3: no Keras 2 spellings left, a tensor object per functional input.
    expect(collect(keras3, (k) => k === 'batch_input_shape')).toEqual([]);
    expect(collect(keras3, (k, v) => k === 'inbound_nodes' && Array.isArray(v) && v.some(Array.isArray))).toEqual([]);
    expect((keras3 as { module: string }).module).toMatch(/^keras/);
    if (fixture.model.class_name !== 'Sequential')
      expect(collect(keras3, (k, v) => k === 'class_name' && v === '__keras_tensor__').length).toBeGreaterThan(0);

    expectLikeTfjs(reportImport(importKerasModel(keras3), 'keras'), fixture);
    // and the same file as to_json() text
    expectLikeTfjs(reportImport(readModelFile(strToU8(JSON.stringify(keras3, null, 2))), 'keras'), fixture);
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
    expectLikeTfjs(reportImport(imported, 'keras'), fixture);
  });

  it('finds config.json wherever it sits among the entries', () => {
    const [, fixture] = usable.find(([file]) => file.startsWith('001-'))!;
    const bytes = zipSync({
      'model.weights.h5': new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]),
      'assets/vocab.txt': strToU8('a\nb\n'),
      'config.json': strToU8(JSON.stringify(keras3Of(fixture))),
      'metadata.json': strToU8('{"keras_version": "3.5.0", "date_saved": "2024-09-01@12:00:00"}'),
    });
    expectLikeTfjs(reportImport(readModelFile(bytes), 'keras'), fixture);
  });
});

/** Rebuilds a .keras archive from the config.json / metadata.json committed under fixtures/keras-real (weights left out). */
const realArchive = (stem: string) =>
  zipSync({
    'metadata.json': strToU8(realText(`${stem}.metadata.json`)),
    'config.json': strToU8(realText(`${stem}.config.json`)),
    'model.weights.h5': new Uint8Array(0),
  });

const paramsByName = (report: CountReport) => Object.fromEntries(report.layers.map((l) => [l.name, l.params]));

describe('real files written by Keras (tests/fixtures/keras-real/README.md)', () => {
  it('Keras 3.10 .keras: Functional transformer encoder with MultiHeadAttention and ops.Add (Albert0sans/dl)', () => {
    const report = reportImport(readModelFile(realArchive('albert0sans-dl-transformer')), 'keras');
    expect(report.errors).toEqual([]);
    // input (None, 500, 23); each encoder block: MultiHeadAttention(num_heads=4, key_dim=32, value_dim=32)(x, x),
    // LayerNormalization, Conv1D(2, 1), Conv1D(23, 1), LayerNormalization
    const mha = 23 * 4 * 32 + 4 * 32 + (23 * 4 * 32 + 4 * 32) + (23 * 4 * 32 + 4 * 32) + (4 * 32 * 23 + 23); // 12,183
    const layerNorm = 2 * 23; // gamma + beta
    const convDown = 1 * 23 * 2 + 2; // kernel 1, 23 → 2 filters
    const convUp = 1 * 2 * 23 + 23; // kernel 1, 2 → 23 filters
    const block = mha + layerNorm + convDown + convUp + layerNorm; // 12,392
    const head = 23 * 32 + 32 + (32 * 1 + 1); // GlobalAveragePooling1D → Dense(32) → Dense(1)
    const total = 4 * block + head;
    expect(total).toBe(50369); // also the sum of the weight shapes in the archive's model.weights.h5
    expect([report.total, report.trainable, report.nonTrainable]).toEqual([total, total, 0]);
    const params = paramsByName(report);
    for (const i of ['', '_1', '_2', '_3']) expect(params[`multi_head_attention${i}`]).toBe(mha);
    expect(params.conv1d).toBe(convDown);
    expect(params.conv1d_1).toBe(convUp);
    expect(params.add).toBe(0);
    const shape = (name: string) => report.layers.find((l) => l.name === name)?.outputShape;
    expect(shape('multi_head_attention')).toEqual([null, 500, 23]);
    expect(shape('add_7')).toEqual([null, 500, 23]);
    expect(shape('reshape_1')).toEqual([null, 1, 1]);
    expect(report.layers).toHaveLength(42);
  });

  it('Keras 3.9.2 .keras: Sequential MLP with Dropout and LeakyReLU (2mdtln/FlowNet-ANN)', () => {
    const imported = readModelFile(realArchive('flownet-ann-final-model'));
    const report = reportImport(imported, 'keras');
    expect(report.errors).toEqual([]);
    // Dense(128) on 2 inputs, Dropout, Dense(64), LeakyReLU, Dense(32), LeakyReLU, Dense(2)
    const total = 2 * 128 + 128 + (128 * 64 + 64) + (64 * 32 + 32) + (32 * 2 + 2);
    expect([report.total, report.trainable, report.nonTrainable]).toEqual([total, total, 0]); // 10,786
    expect(paramsByName(report)).toMatchObject({ dense: 384, dense_1: 8256, dense_2: 2080, dense_3: 66, leaky_re_lu: 0 });
    expect(report.layers.at(-1)?.outputShape).toEqual([null, 2]);
  });

  it('Keras 3 model.to_json(): Sequential with InputLayer batch_shape and DTypePolicy (ashu011-code/diabetes-detection)', () => {
    const report = reportImport(readModelFile(strToU8(realText('diabetes-detection-readme.model.json'))), 'keras');
    expect(report.errors).toEqual([]);
    // Dense(12) on 8 inputs, Dense(8), Dense(1)
    const total = 8 * 12 + 12 + (12 * 8 + 8) + (8 * 1 + 1);
    expect([report.total, report.trainable, report.nonTrainable]).toEqual([total, total, 0]); // 221
    expect(report.layers.map((l) => [l.name, l.outputShape])).toEqual([
      ['input_layer', [null, 8]],
      ['dense', [null, 12]],
      ['dense_1', [null, 8]],
      ['dense_2', [null, 1]],
    ]);
  });

  it('tf.keras 2.15 .keras: Sequential whose summary printed 2,945 (Abhaypandy/ANN-classification-churn-prediction)', () => {
    const report = reportImport(readModelFile(realArchive('ann-churn-model')), 'keras');
    expect(report.errors).toEqual([]);
    // experiments.ipynb: dense (None, 64) 832 / dense_1 (None, 32) 2080 / dense_2 (None, 1) 33 / Total params: 2945
    expect([report.total, report.trainable, report.nonTrainable]).toEqual([2945, 2945, 0]);
    expect(2945).toBe(12 * 64 + 64 + (64 * 32 + 32) + (32 * 1 + 1));
    expect(paramsByName(report)).toMatchObject({ dense: 832, dense_1: 2080, dense_2: 33 });
  });

  it('tf.keras 2.2.4-tf model.to_json(): Functional "Model" whose summary printed 193 (deepest-stack/backend)', () => {
    const json = realText('deepest-stack-iris.model.json');
    expect(json).toContain('"inbound_nodes": [[["input_1", 0, 0, {}]]]');
    const imported = readModelFile(strToU8(json));
    const report = reportImport(imported, 'keras');
    expect(report.errors).toEqual([]);
    expect(report.model).toBe('iris_model');
    // dl/README.md: input_1 [(None, 4)] 0 / dense_1 (None, 10) 50 / dense_2 (None, 10) 110 / dense_3 (None, 3) 33 / Total params: 193
    expect([report.total, report.trainable, report.nonTrainable]).toEqual([193, 193, 0]);
    expect(report.layers.map((l) => [l.name, l.outputShape, l.params])).toEqual([
      ['input_1', [null, 4], 0],
      ['dense_1', [null, 10], 4 * 10 + 10],
      ['dense_2', [null, 10], 10 * 10 + 10],
      ['dense_3', [null, 3], 10 * 3 + 3],
    ]);
  });

  it('Keras 2.3.1 model.to_json(): Embedding, Bidirectional(LSTM), TimeDistributed(Dense) (3jacksonsmith/biderectional_LSTM_pos_tag)', () => {
    const report = reportImport(importKerasModel(realJson('bilstm-pos-tag.model.json')), 'keras');
    expect(report.errors).toEqual([]);
    const embedding = 47238 * 128; // input_dim × output_dim
    const lstm = 4 * (256 * (256 + 128) + 256); // 4 gates · [h(h+i) + h], h = 256, i = 128
    const bidirectional = 2 * lstm; // forward and backward copies
    const timeDistributed = 2 * 256 * 27 + 27; // Dense(27) on the concatenated 512 features
    const total = embedding + bidirectional + timeDistributed;
    expect([report.total, report.trainable, report.nonTrainable]).toEqual([total, total, 0]); // 6,848,795
    expect(paramsByName(report)).toMatchObject({ embedding_1: embedding, bidirectional_1: bidirectional, time_distributed_1: timeDistributed, activation_1: 0 });
    expect(report.layers.find((l) => l.name === 'bidirectional_1')?.outputShape).toEqual([null, null, 512]);
    expect(report.layers.find((l) => l.name === 'time_distributed_1')?.outputShape).toEqual([null, null, 27]);
  });
});

// Hand-built models in the exact Keras 3 layout, to pin down Keras defaults and call conventions.
const layer3 = (className: string, config: Record<string, unknown>, calls: unknown[] = [], buildShape?: unknown) => ({
  module: 'keras.layers',
  class_name: className,
  config: className === 'InputLayer' ? config : { name: config.name, trainable: true, dtype: dtypePolicy(), ...config },
  registered_name: null,
  ...(buildShape ? { build_config: { input_shape: buildShape } } : {}),
  name: config.name,
  inbound_nodes: calls,
});
const input3 = (name: string, batchShape: (number | null)[]) =>
  layer3('InputLayer', { batch_shape: batchShape, dtype: 'float32', sparse: false, ragged: false, name });
const call3 = (...args: unknown[]) => ({ args, kwargs: {} });
const functional3 = (name: string, layers: unknown[], inputs: unknown, outputs: unknown) => ({
  module: 'keras.src.models.functional',
  class_name: 'Functional',
  config: { name, trainable: true, layers, input_layers: inputs, output_layers: outputs },
  registered_name: 'Functional',
  build_config: { input_shape: null },
});
const nested3 = (className: string, config: Record<string, unknown>, buildShape: unknown) => ({
  module: 'keras.layers',
  class_name: className,
  config: { trainable: true, dtype: dtypePolicy(), ...config },
  registered_name: null,
  build_config: { input_shape: buildShape },
});
const count = (json: unknown) => reportImport(importKerasModel(json), 'keras');

describe('Keras defaults and call conventions', () => {
  const gruModel = (gruConfig: Record<string, unknown>) =>
    functional3(
      'gru_model',
      [
        input3('x', [null, 5, 3]),
        layer3('GRU', { name: 'gru', units: 4, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, return_sequences: false, ...gruConfig }, [
          call3(kerasTensor('x', 0, 0, [null, 5, 3])),
        ], [null, 5, 3]),
      ],
      ['x', 0, 0],
      ['gru', 0, 0],
    );

  it('GRU without reset_after counts as Keras does: reset_after=True, two bias vectors', () => {
    const report = count(gruModel({}));
    expect(report.errors).toEqual([]);
    // 3 gates · [h(h+i) + 2h], h = 4, i = 3
    expect(report.total).toBe(3 * (4 * (4 + 3) + 2 * 4)); // 108
  });

  it('GRU with reset_after: false (as tfjs writes it) has one bias vector', () => {
    expect(count(gruModel({ reset_after: false })).total).toBe(3 * (4 * (4 + 3) + 4)); // 96
    // and in the tfjs fixtures, with tfjs's own numbers
    const gruFixtures = usable.filter(([, f]) => JSON.stringify(f.model).includes('"reset_after":false'));
    expect(gruFixtures.length).toBeGreaterThan(3);
    for (const [, fixture] of gruFixtures) expectLikeTfjs(count(keras3Of(fixture)), fixture);
  });

  it('Bidirectional and TimeDistributed with nested Keras 3 layer objects', () => {
    const lstm = { units: 3, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, return_sequences: true, go_backwards: false };
    const model = functional3(
      'wrappers',
      [
        input3('seq', [null, 4, 2]),
        layer3(
          'Bidirectional',
          {
            name: 'bidirectional',
            merge_mode: 'concat',
            layer: nested3('LSTM', { name: 'forward_lstm', ...lstm }, [null, 4, 2]),
            backward_layer: nested3('LSTM', { name: 'backward_lstm', ...lstm, go_backwards: true }, [null, 4, 2]),
          },
          [call3(kerasTensor('seq', 0, 0, [null, 4, 2]))],
          [null, 4, 2],
        ),
        layer3(
          'TimeDistributed',
          { name: 'time_distributed', layer: nested3('Dense', { name: 'dense', units: 5, activation: 'linear', use_bias: true }, [null, 6]) },
          [call3(kerasTensor('bidirectional', 0, 0, [null, 4, 6]))],
          [null, 4, 6],
        ),
      ],
      ['seq', 0, 0],
      ['time_distributed', 0, 0],
    );
    const report = count(model);
    expect(report.errors).toEqual([]);
    const bidirectional = 2 * 4 * (3 * (3 + 2) + 3); // two LSTMs, 4 gates · [h(h+i) + h], h = 3, i = 2: 144
    const timeDistributed = 6 * 5 + 5; // Dense(5) on 2·3 concatenated features: 35
    expect(paramsByName(report)).toMatchObject({ bidirectional, time_distributed: timeDistributed });
    expect(report.total).toBe(bidirectional + timeDistributed);
    expect(report.layers.map((l) => l.outputShape)).toEqual([
      [null, 4, 2],
      [null, 4, 6],
      [null, 4, 5],
    ]);
  });

  // Keras 3 always writes backward_layer. It is a copy of the forward layer unless the model passed its own
  // (Bidirectional(LSTM(3), backward_layer=GRU(2, go_backwards=True))), which may differ in type and units.
  it('Bidirectional with a backward_layer of its own counts that layer', () => {
    const common = { activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, return_sequences: true };
    const model = functional3(
      'own_backward',
      [
        input3('seq', [null, 4, 2]),
        layer3(
          'Bidirectional',
          {
            name: 'bidirectional',
            merge_mode: 'concat',
            layer: nested3('LSTM', { name: 'forward_lstm', units: 3, go_backwards: false, ...common }, [null, 4, 2]),
            backward_layer: nested3('GRU', { name: 'backward_gru', units: 2, go_backwards: true, ...common }, [null, 4, 2]),
          },
          [call3(kerasTensor('seq', 0, 0, [null, 4, 2]))],
          [null, 4, 2],
        ),
      ],
      ['seq', 0, 0],
      ['bidirectional', 0, 0],
    );
    const report = count(model);
    expect(report.errors).toEqual([]);
    const forward = 4 * (3 * (3 + 2) + 3); // LSTM(3) on 2 features: 72
    const backward = 3 * (2 * (2 + 2) + 2 * 2); // GRU(2), reset_after by default (two biases): 36
    expect(report.layers.find((l) => l.name === 'bidirectional')).toMatchObject({ params: forward + backward, outputShape: [null, 4, 3 + 2] });
  });

  // Keras 3 writes Python operators on tensors as op layers (the real transformer file has `x + res` as
  // {"module": "keras.src.ops.numpy", "class_name": "Add"}). With a constant operand, `x * 0.5` is a
  // Multiply op with one tensor and one number: no weights, the tensor's shape.
  it('an op layer with a constant operand (x * 0.5) passes its tensor on', () => {
    const model = functional3(
      'scaled',
      [
        input3('x', [null, 4]),
        {
          module: 'keras.src.ops.numpy',
          class_name: 'Multiply',
          config: { name: 'multiply' },
          registered_name: 'Multiply',
          name: 'multiply',
          inbound_nodes: [{ args: [kerasTensor('x', 0, 0, [null, 4]), 0.5], kwargs: {} }],
        },
        layer3('Dense', { name: 'dense', units: 2, activation: 'linear', use_bias: true }, [call3(kerasTensor('multiply', 0, 0, [null, 4]))], [null, 4]),
      ],
      ['x', 0, 0],
      ['dense', 0, 0],
    );
    const report = count(model);
    expect(report.errors).toEqual([]);
    expect(report.layers.find((l) => l.name === 'multiply')).toMatchObject({ params: 0, outputShape: [null, 4] });
    expect(report.total).toBe(4 * 2 + 2);
  });

  describe('MultiHeadAttention(num_heads=2, key_dim=4): query (None, 5, 8), value (None, 7, 6)', () => {
    // Keras's weight layout: query/key/value kernels [features, heads, key_dim] + biases [heads, key_dim],
    // attention_output kernel [heads, value_dim, query features] + bias [query features]; key defaults to value.
    const query = 8 * 2 * 4 + 2 * 4;
    const key = 6 * 2 * 4 + 2 * 4;
    const value = 6 * 2 * 4 + 2 * 4;
    const output = 2 * 4 * 8 + 8;
    const expected = query + key + value + output; // 72 + 56 + 56 + 72 = 256
    const mhaConfig = { name: 'mha', num_heads: 2, key_dim: 4, value_dim: null, dropout: 0, use_bias: true, output_shape: null, attention_axes: null };

    const keras2 = (node: unknown[]) => ({
      class_name: 'Functional',
      config: {
        name: 'attention',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 5, 8], dtype: 'float32', sparse: false, ragged: false, name: 'query' }, name: 'query', inbound_nodes: [] },
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 7, 6], dtype: 'float32', sparse: false, ragged: false, name: 'value' }, name: 'value', inbound_nodes: [] },
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 7, 10], dtype: 'float32', sparse: false, ragged: false, name: 'key' }, name: 'key', inbound_nodes: [] },
          { class_name: 'MultiHeadAttention', config: { trainable: true, dtype: 'float32', ...mhaConfig }, name: 'mha', inbound_nodes: [node] },
        ],
        input_layers: [['query', 0, 0], ['value', 0, 0], ['key', 0, 0]],
        output_layers: [['mha', 0, 0]],
      },
      keras_version: '2.15.0',
      backend: 'tensorflow',
    });
    const q = kerasTensor('query', 0, 0, [null, 5, 8]);
    const v = kerasTensor('value', 0, 0, [null, 7, 6]);
    const k = kerasTensor('key', 0, 0, [null, 7, 10]);
    const keras3 = (node: unknown) =>
      functional3(
        'attention',
        [input3('query', [null, 5, 8]), input3('value', [null, 7, 6]), input3('key', [null, 7, 10]), layer3('MultiHeadAttention', mhaConfig, [node])],
        [['query', 0, 0], ['value', 0, 0], ['key', 0, 0]],
        ['mha', 0, 0],
      );
    const mhaRow = (report: CountReport) => report.layers.find((l) => l.name === 'mha');

    it('Keras 2: value as a keyword argument of the call node', () => {
      const report = count(keras2([['query', 0, 0, { value: ['value', 0, 0] }]]));
      expect(report.errors).toEqual([]);
      expect(mhaRow(report)).toMatchObject({ params: expected, outputShape: [null, 5, 8] });
      expect(report.total).toBe(expected);
    });

    it('Keras 3: {"args": [query], "kwargs": {"value": value}}', () => {
      const report = count(keras3({ args: [q], kwargs: { value: v } }));
      expect(report.errors).toEqual([]);
      expect(mhaRow(report)).toMatchObject({ params: expected, outputShape: [null, 5, 8] });
    });

    it('Keras 3: {"args": [query, value]} (how the real transformer file calls it)', () => {
      expect(mhaRow(count(keras3({ args: [q, v], kwargs: {} })))).toMatchObject({ params: expected, outputShape: [null, 5, 8] });
    });

    // With a key of its own, (None, 7, 10), the key projection reads 10 features: 10·2·4 + 2·4 = 88.
    const withKey = query + (10 * 2 * 4 + 2 * 4) + value + output; // 288

    it('Keras 2: value and key both as keyword arguments', () => {
      const report = count(keras2([['query', 0, 0, { key: ['key', 0, 0], value: ['value', 0, 0] }]]));
      expect(report.errors).toEqual([]);
      expect(mhaRow(report)?.params).toBe(withKey);
    });

    it('Keras 3: key before value in kwargs still means key = the key tensor', () => {
      const report = count(keras3({ args: [q], kwargs: { key: k, value: v } }));
      expect(report.errors).toEqual([]);
      expect(mhaRow(report)?.params).toBe(withKey);
    });

    it('Keras 3: non-tensor kwargs (training, masks) are not inputs', () => {
      const report = count(keras3({ args: [q, v], kwargs: { training: false, attention_mask: null, use_causal_mask: false } }));
      expect(report.errors).toEqual([]);
      expect(mhaRow(report)?.params).toBe(expected);
    });
  });
});
