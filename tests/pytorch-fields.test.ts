// PyTorch-only fields (issue 16 §1): settings torch's modules have and Keras's layers have not. The PyTorch
// oracle (oracle-pytorch.test.ts) checks their counts, weight names and shapes; here, what Keras makes of them.
import { describe, expect, it } from 'vitest';
import type { Design, FieldValue } from '../src/shared/design';
import { evaluateDesign, nodeResult } from '../src/shared/evaluate';
import { exportKerasModel } from '../src/shared/keras/export';
import { importKerasModel } from '../src/shared/keras/import';

const one = (shape: (number | null)[], type: string, fields: Record<string, FieldValue>): Design => ({
  nodes: [
    { id: 'in', type: 'Input', fields: { shape } },
    { id: 'x', type, fields },
  ],
  edges: [{ from: 'in', to: 'x' }],
});
const result = (design: Design, convention: 'keras' | 'pytorch') => nodeResult(evaluateDesign(design, { convention }), 'x')!;

describe('recurrent num_layers, bidirectional, proj_size', () => {
  const gru = one([7, 12], 'GRU', { units: 45, num_layers: 3, bidirectional: true, return_sequences: true });

  it("counts nn.GRU(12, 45, num_layers=3, bidirectional=True) as torch does, with torch's weight names", () => {
    const ours = result(gru, 'pytorch');
    expect(ours.problems).toEqual([]);
    expect(ours.params).toBe(89_910n);
    expect(ours.weights.map((w) => w.name).slice(0, 9)).toEqual([
      'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0',
      'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'bias_ih_l0_reverse', 'bias_hh_l0_reverse', 'weight_ih_l1',
    ]);
    expect(ours.weights.find((w) => w.name === 'weight_ih_l1')?.shape).toEqual([135, 90]);
  });

  it('is a problem of the field in the Keras convention, never a silent count', () => {
    const ours = result(gru, 'keras');
    expect(ours.problems[0]).toMatchObject({ path: ['x', 'num_layers'] });
    expect(ours.problems[0].message).toMatch(/PyTorch setting/);
  });

  it('counts an LSTM projection (proj_size) and refuses one not below units', () => {
    const lstm = one([9, 21], 'LSTM', { units: 30, proj_size: 15 });
    expect(result(lstm, 'pytorch').params).toBe(5_010n);
    expect(result(one([9, 21], 'LSTM', { units: 30, proj_size: 30 }), 'pytorch').problems[0]).toMatchObject({ path: ['x', 'proj_size'] });
  });

  it('refuses states in or out of a stack, and a stack inside Bidirectional', () => {
    expect(result(one([9, 4], 'GRU', { units: 3, num_layers: 2, return_state: true }), 'pytorch').problems[0]).toMatchObject({ path: ['x', 'num_layers'] });
    const wrapped = one([9, 4], 'Bidirectional', { layer: { type: 'LSTM', fields: { units: 3, num_layers: 2 } } });
    expect(result(wrapped, 'pytorch').problems[0]).toMatchObject({ path: ['x', 'layer', 'num_layers'] });
  });

  it('is never written to Keras: the exporter refuses a value, and writes nothing at the default', () => {
    const refused = exportKerasModel(gru);
    expect('problems' in refused && refused.problems.map((p) => p.path)).toEqual([['x', 'num_layers']]);
    const written = exportKerasModel(one([7, 12], 'GRU', { units: 4 }));
    expect('json' in written && JSON.stringify(written.json)).not.toMatch(/num_layers|bidirectional|proj_size/);
  });

  it('is never read from a Keras file: a num_layers key there is an unknown key, warned of', () => {
    const written = exportKerasModel(one([7, 12], 'GRU', { units: 4 }));
    if (!('json' in written)) throw new Error('not written');
    const json = JSON.parse(JSON.stringify(written.json));
    const layer = json.config.layers.find((l: { class_name: string }) => l.class_name === 'GRU');
    layer.config.num_layers = 3;
    const imported = importKerasModel(json);
    expect(imported.design.nodes.find((n) => n.type === 'GRU')?.fields).not.toHaveProperty('num_layers');
    expect(imported.warnings.join(' ')).toMatch(/num_layers/);
  });
});

describe('convolution padding, padding_mode, stride with dilation', () => {
  const conv = one([21, 18, 8], 'Conv2D', { filters: 5, kernel_size: [5, 4], strides: [2, 2], pad: [2, 2], dilation_rate: [2, 2] });

  it('counts nn.Conv2d(8, 5, (5, 4), stride=2, padding=2, dilation=2) as 805, in torch\'s shape', () => {
    const ours = result(conv, 'pytorch');
    expect(ours.problems).toEqual([]);
    expect(ours.params).toBe(805n);
    expect(ours.outputs![0].dims).toEqual([9, 8, 5]); // held channels last, shown (5, 9, 8)
  });

  it("keeps Keras's limits in the Keras convention", () => {
    expect(result({ ...conv, nodes: [conv.nodes[0], { id: 'x', type: 'Conv2D', fields: { filters: 5, kernel_size: [3, 3], strides: [2, 2], dilation_rate: [2, 2] } }] }, 'keras').problems[0]).toMatchObject({ path: ['x', 'strides'] });
    expect(result(conv, 'keras').problems[0]).toMatchObject({ path: ['x', 'pad'] });
  });

  it("needs padding 'valid' beside a numeric pad", () => {
    expect(result(one([10, 3], 'Conv1D', { filters: 2, kernel_size: [3], pad: [1], padding: 'same' }), 'pytorch').problems[0]).toMatchObject({ path: ['x', 'pad'] });
  });

  it('counts groups on a transposed convolution, and takes output_padding below the dilation', () => {
    const t = one([7, 6, 12], 'Conv2DTranspose', { filters: 18, kernel_size: [3, 3], strides: [2, 2], groups: 6 });
    expect(result(t, 'pytorch').params).toBe(12n * 3n * 9n + 18n);
    const dilated = one([11, 4], 'Conv1DTranspose', { filters: 6, kernel_size: [3], strides: [2], dilation_rate: [3], output_padding: [2] });
    expect(result(dilated, 'pytorch').problems).toEqual([]);
    expect(result(dilated, 'keras').problems[0]).toMatchObject({ path: ['x', 'output_padding'] });
  });
});

describe('pooling padding, dilation, ceil_mode; adaptive pooling', () => {
  it("gives torch's ceil_mode length (GoogLeNet's 3×3 / 2 on 112: 56), and is a problem in the Keras convention", () => {
    const pool = one([112, 112, 4], 'MaxPooling2D', { pool_size: [3, 3], strides: [2, 2], ceil_mode: true });
    expect(result(pool, 'pytorch').outputs![0].dims).toEqual([56, 56, 4]);
    expect(result(pool, 'keras').problems[0]).toMatchObject({ path: ['x', 'ceil_mode'] });
  });

  it('refuses a pad over half the pool, as torch does', () => {
    expect(result(one([9, 9, 2], 'AveragePooling2D', { pool_size: [2, 2], pad: [2, 0] }), 'pytorch').problems[0]).toMatchObject({ path: ['x', 'pad'] });
  });

  it('pools to any size with AdaptiveAvgPool2d (AlexNet, VGG), and is not written to Keras', () => {
    const adaptive = one([13, 11, 8], 'AdaptiveAvgPool2d', { output_size: [6, 6] });
    expect(result(adaptive, 'pytorch').outputs![0].dims).toEqual([6, 6, 8]);
    const refused = exportKerasModel(adaptive);
    expect('problems' in refused && refused.problems[0].message).toMatch(/AdaptiveAvgPool2d.*no Keras equivalent/);
  });
});

describe('normalisation', () => {
  it('counts nn.LayerNorm([3, 8, 11]) as 528 with γ of shape (3, 8, 11), and checks the shape against the input', () => {
    const ln = one([8, 11, 3], 'LayerNormalization', { normalized_shape: [3, 8, 11] });
    const ours = result(ln, 'pytorch');
    expect(ours.params).toBe(528n);
    expect(ours.weights.map((w) => w.shape)).toEqual([[3, 8, 11], [3, 8, 11]]);
    expect(result(one([8, 11, 3], 'LayerNormalization', { normalized_shape: [3, 8] }), 'pytorch').problems[0]).toMatchObject({ path: ['x', 'normalized_shape'] });
    expect(result(ln, 'keras').problems[0]).toMatchObject({ path: ['x', 'normalized_shape'] });
  });

  it('keeps InstanceNorm running statistics as buffers', () => {
    const norm = one([10, 12, 5], 'InstanceNorm2d', { affine: true, track_running_stats: true });
    const ours = result(norm, 'pytorch');
    expect(ours.params).toBe(10n);
    expect(ours.weights.map((w) => [w.name, w.role])).toEqual([['weight', 'trainable'], ['bias', 'trainable'], ['running_mean', 'buffer'], ['running_var', 'buffer']]);
  });
});

describe("torch's other modules", () => {
  it('PixelShuffle, Unflatten and GLU read the axes as torch lays them out', () => {
    expect(result(one([6, 4, 18], 'PixelShuffle', { upscale_factor: 3 }), 'pytorch').outputs![0].dims).toEqual([18, 12, 2]);
    expect(result(one([512], 'Unflatten', { unflattened_size: [32, 4, 4] }), 'pytorch').outputs![0]).toEqual({ dims: [4, 4, 32], spatial: true });
    expect(result(one([10, 8, 6], 'GLU', { dim: 1 }), 'pytorch').outputs![0].dims).toEqual([10, 8, 3]);
    expect(result(one([10, 8, 5], 'GLU', { dim: 1 }), 'pytorch').problems[0]).toMatchObject({ path: ['x', 'dim'] });
  });
});
