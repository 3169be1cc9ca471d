// A layer class the catalog does not know never blocks the rest: it is a custom layer, a problem with a path
// until its output shape and count are given, and then everything downstream is counted. Counts by hand.
import { describe, expect, it } from 'vitest';
import { evaluateDesign, listProblems } from '../src/shared/evaluate';
import { setField } from '../src/shared/edit/sketch-edits';
import { importKerasModel } from '../src/shared/keras/import';
import { emptySketch } from '../src/shared/sketch';
import { reportImport } from '../src/shared/report';

// Input (None, 10) → Dense(8) → MyGate (a user's class) → Dense(4)
const model = {
  class_name: 'Functional',
  config: {
    name: 'gated',
    layers: [
      { class_name: 'InputLayer', name: 'in', config: { batch_input_shape: [null, 10], name: 'in' }, inbound_nodes: [] },
      { class_name: 'Dense', name: 'd1', config: { name: 'd1', units: 8 }, inbound_nodes: [[['in', 0, 0, {}]]] },
      { class_name: 'MyGate', name: 'gate', config: { name: 'gate', gates: 8 }, inbound_nodes: [[['d1', 0, 0, {}]]] },
      { class_name: 'Dense', name: 'd2', config: { name: 'd2', units: 4 }, inbound_nodes: [[['gate', 0, 0, {}]]] },
    ],
    input_layers: [['in', 0, 0]],
    output_layers: [['d2', 0, 0]],
  },
};

describe('custom layers', () => {
  it('keeps an unknown class as a marked custom layer whose dependants wait, with a path to what to give', () => {
    const imported = importKerasModel(model);
    expect(imported.problems).toEqual([]);
    const gate = imported.design.nodes.find((n) => n.id === 'gate')!;
    expect(gate).toMatchObject({ type: 'CustomLayer', fields: { class_name: 'MyGate' } });
    const evaluation = evaluateDesign(imported.design, { convention: 'keras' });
    const problems = listProblems(evaluation);
    expect(problems.map((p) => p.path)).toEqual([['gate', 'output_shape']]);
    expect(problems[0].message).toContain("'MyGate' is a custom layer");
    expect(evaluation.totals.params).toBe(10n * 8n + 8n); // d1 only: d2 waits for the custom layer
    expect(evaluation.totals.uncounted).toBe(2);
  });

  it('counts everything once its output shape and count are given in the inspector', () => {
    let sketch = { ...emptySketch('gated'), design: importKerasModel(model).design, layout: {} };
    sketch = setField(sketch, 'gate', ['output_shape'], [8]);
    expect(listProblems(evaluateDesign(sketch.design, { convention: 'keras' })).map((p) => p.path)).toEqual([['gate', 'params']]);
    sketch = setField(sketch, 'gate', ['params'], 16);
    sketch = setField(sketch, 'gate', ['non_trainable'], 6);
    const evaluation = evaluateDesign(sketch.design, { convention: 'keras' });
    expect(listProblems(evaluation)).toEqual([]);
    // d1: 10×8 + 8 = 88; gate: 16 (6 of them non-trainable); d2: 8×4 + 4 = 36
    expect([evaluation.totals.params, evaluation.totals.trainable, evaluation.totals.nonTrainable]).toEqual([140n, 134n, 6n]);
  });

  it('takes a TF op layer it cannot infer as a problem until its output shape is given', () => {
    const op = structuredClone(model);
    op.config.layers[2] = { class_name: 'TFOpLambda', name: 'gate', config: { name: 'gate', function: 'linalg.qr' } as never, inbound_nodes: [['d1', 0, 0, {}]] as never };
    const design = importKerasModel(op).design;
    expect(listProblems(evaluateDesign(design, { convention: 'keras' })).map((p) => p.message)).toEqual([
      'Paramsketch cannot infer the output of tf.linalg.qr with these arguments',
    ]);
    const sketch = setField({ ...emptySketch(), design, layout: {} }, 'gate', ['output_shape'], [8]);
    expect(evaluateDesign(sketch.design, { convention: 'keras' }).totals.params).toBe(88n + 36n);
  });

  it('takes a weights manifest’s count for a custom layer (tfjs model.json)', () => {
    const json = { modelTopology: model, weightsManifest: [{ paths: ['w.bin'], weights: [
      { name: 'd1/kernel', shape: [10, 8] }, { name: 'd1/bias', shape: [8] }, { name: 'gate/w', shape: [8, 2] }, { name: 'd2/kernel', shape: [8, 4] }, { name: 'd2/bias', shape: [4] },
    ] }] };
    const imported = importKerasModel(json);
    expect(imported.design.nodes.find((n) => n.id === 'gate')!.fields).toMatchObject({ params: 16 });
  });
});

describe("a file's own weights, checked", () => {
  // Input (None, 10) → Dense(8): 10×8 + 8 = 88. The manifest below says 10×8 and 9: one too many.
  const topology = {
    class_name: 'Sequential',
    config: { name: 'm', layers: [{ class_name: 'Dense', config: { name: 'd', units: 8, batch_input_shape: [null, 10] } }] },
  };
  const withManifest = (bias: number) => ({
    modelTopology: topology,
    weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'd/kernel', shape: [10, 8] }, { name: 'd/bias', shape: [bias] }] }],
  });

  it('confirms a layer whose weights hold what we count', () => {
    const report = reportImport(importKerasModel(withManifest(8)), 'keras');
    expect(report.fileWeights).toEqual({ confirmed: 2, checked: 2 }); // the Input (0) and the Dense (88)
    expect(report.warnings).toEqual([]);
  });

  it('warns on a layer whose weights hold another count, naming both', () => {
    const report = reportImport(importKerasModel(withManifest(9)), 'keras');
    expect(report.total).toBe(88);
    expect(report.fileWeights).toEqual({ confirmed: 1, checked: 2 });
    expect(report.warnings).toEqual(["'d': the file's weights hold 89 parameters, Paramsketch counts 88"]);
  });
});
