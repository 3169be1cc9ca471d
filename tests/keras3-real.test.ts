// Real files written by Keras (tests/fixtures/keras-real/README.md): every expected number comes from
// the model.summary() published next to them, or the layer formulas written out as arithmetic.
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importKerasModel } from '../src/shared/keras/import';
import { readModelFile } from '../src/shared/keras/file';
import { reportImport } from '../src/shared/report';
import { paramsByName } from './keras3-helpers';

const realDir = new URL('./fixtures/keras-real/', import.meta.url);
const realText = (file: string) => readFileSync(new URL(file, realDir), 'utf8');
const realJson = (file: string) => JSON.parse(realText(file)) as unknown;

/** Rebuilds a .keras archive from the config.json / metadata.json committed under fixtures/keras-real (weights left out). */
const realArchive = (stem: string) =>
  zipSync({
    'metadata.json': strToU8(realText(`${stem}.metadata.json`)),
    'config.json': strToU8(realText(`${stem}.config.json`)),
    'model.weights.h5': new Uint8Array(0),
  });

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
