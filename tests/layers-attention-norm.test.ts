// The layers no tfjs or hand-counted Keras fixture covers in every respect: the PyTorch convention of the
// new normalisations, SpectralNormalization and the generic RNN, the shapes and problems of score attention,
// EinsumDense and Keras 1's Merge, and how the RNN cells are written to Keras. Every expected number is
// worked out from the Keras or PyTorch source named beside it, never from Paramsketch.
import { describe, expect, it } from 'vitest';
import type { Design, LayerNode } from '../src/shared/design';
import { evaluateDesign, nodeResult } from '../src/shared/evaluate';
import { exportKerasModel } from '../src/shared/keras/export';
import { importKerasModel } from '../src/shared/keras/import';

type Fields = LayerNode['fields'];

/** Inputs in0, in1… of these shapes, then `layer` fed by all of them (in order). */
function design(shapes: (number | null)[][], type: string, fields: Fields = {}): Design {
  const inputs: LayerNode[] = shapes.map((shape, i) => ({ id: `in${i}`, type: 'Input', fields: { shape } }));
  return { nodes: [...inputs, { id: 'x', type, fields }], edges: inputs.map((n, toPort) => ({ from: n.id, to: 'x', toPort })) };
}

function result(d: Design, convention: 'keras' | 'pytorch' = 'keras') {
  const r = nodeResult(evaluateDesign(d, { convention }), 'x')!;
  return {
    params: r.params === null ? null : Number(r.params),
    nonTrainable: r.nonTrainable === null ? null : Number(r.nonTrainable),
    weights: r.weights.map((w) => `${w.name} ${w.shape.join('×') || 'scalar'} ${w.role}`),
    shapes: r.outputs?.map((t) => t.dims),
    problems: r.problems.map((p) => ({ path: p.path.slice(1).join('.'), message: p.message })),
    note: r.conventionNote,
    formula: r.formula,
  };
}

const lstmCell = (units: number) => ({ type: 'LSTMCell', fields: { units } });

describe('GroupNormalization, UnitNormalization, LayerNormalization over several axes', () => {
  // keras/src/layers/normalization/group_normalization.py build(): gamma and beta of shape (dim,), whatever the groups.
  // torch/nn/modules/normalization.py GroupNorm.__init__: weight and bias Parameter(torch.empty(num_channels)).
  it('has one γ and β per channel in both conventions', () => {
    const d = design([[8, 8, 32]], 'GroupNormalization', { groups: 4 });
    expect(result(d).weights).toEqual(['gamma 32 trainable', 'beta 32 trainable']);
    expect(result(d, 'pytorch').weights).toEqual(['weight 32 trainable', 'bias 32 trainable']);
    expect(result(design([[8, 8, 32]], 'GroupNormalization', { groups: -1, center: false })).params).toBe(32);
  });

  // GroupNormalization.build: "Number of groups (…) cannot be more than the number of channels" / "must be a multiple".
  it('refuses groups that do not split the channels', () => {
    expect(result(design([[8, 8, 32]], 'GroupNormalization', { groups: 5 })).problems).toEqual([
      { path: 'groups', message: 'groups (5) must divide the channels (32)' },
    ]);
    expect(result(design([[8, 8, 32]], 'GroupNormalization', { groups: 64 })).problems[0].path).toBe('groups');
  });

  // keras/src/layers/normalization/unit_normalization.py: no weights; compute_output_shape refuses an axis out of range.
  it('UnitNormalization has no weights and checks its axes', () => {
    expect(result(design([[null, 6]], 'UnitNormalization', { axis: [1, 2] }))).toMatchObject({ params: 0, shapes: [[null, 6]] });
    expect(result(design([[6]], 'UnitNormalization', { axis: 3 })).problems[0].path).toBe('axis');
  });

  // layer_normalization.py build(): "Duplicate axes are not allowed"; γ of the normalised axes' sizes.
  // torch/nn/modules/normalization.py LayerNorm: weight and bias of normalized_shape, e.g. nn.LayerNorm([12, 15, 10]).
  it('LayerNormalization over several axes: one problem per wrong axis list, PyTorch weights of the normalised shape', () => {
    expect(result(design([[4, 5, 6]], 'LayerNormalization', { axis: [1, 1] })).problems).toEqual([
      { path: 'axis', message: 'axis (1, 1) names one axis twice' },
    ]);
    expect(result(design([[12, 15, 10]], 'LayerNormalization', { axis: [-3, -2, -1] }), 'pytorch').weights).toEqual([
      'weight 12×15×10 trainable',
      'bias 12×15×10 trainable',
    ]);
  });
});

describe('SpectralNormalization', () => {
  // keras/src/layers/normalization/spectral_normalization.py build(): the layer's weights and a non-trainable
  // vector_u of shape (1, kernel.shape[-1]). torch/nn/utils/spectral_norm.py SpectralNorm.apply(): the weight
  // becomes the parameter weight_orig; u (h) and v (w) of its (h, w) matrix are buffers.
  it('Dense(10) on 20 features: u of 10 in Keras, buffers in PyTorch', () => {
    const d = design([[20]], 'SpectralNormalization', { layer: { type: 'Dense', fields: { units: 10 } } });
    expect(result(d)).toMatchObject({
      params: 20 * 10 + 10 + 10,
      nonTrainable: 10,
      weights: ['kernel 20×10 trainable', 'bias 10 trainable', 'vector_u 1×10 non-trainable'],
      shapes: [[10]],
    });
    expect(result(d, 'pytorch')).toMatchObject({
      params: 20 * 10 + 10,
      weights: ['weight_orig 10×20 trainable', 'bias 10 trainable', 'weight_u 10 buffer', 'weight_v 20 buffer'],
    });
    expect(result(d).note).toMatch(/vector u \(10\)/);
  });

  // Keras: a transposed convolution's kernel is (kh, kw, filters, channels), so u has one value per input channel.
  // PyTorch: spectral_norm uses dim=1 for ConvTranspose (weight (in, out, kh, kw)): u of out, v of in × kh × kw.
  it('Conv2DTranspose: u along the kernel last axis in Keras, torch dim 1 in PyTorch', () => {
    const d = design([[8, 8, 4]], 'SpectralNormalization', { layer: { type: 'Conv2DTranspose', fields: { filters: 6, kernel_size: 3 } } });
    expect(result(d).weights.at(-1)).toBe('vector_u 1×4 non-trainable');
    expect(result(d, 'pytorch').weights.slice(-2)).toEqual(['weight_u 6 buffer', 'weight_v 36 buffer']);
  });

  it('takes only layers with a kernel', () => {
    const d = design([[20]], 'SpectralNormalization', { layer: { type: 'BatchNormalization' } });
    expect(result(d).problems[0]).toMatchObject({ path: 'layer', message: expect.stringMatching(/a layer with a kernel/) });
  });
});

describe('the generic RNN and its cells', () => {
  // torch/nn/modules/rnn.py RNNBase: weight_ih_l{k} (4h, input), weight_hh_l{k} (4h, h), bias_ih_l{k}, bias_hh_l{k} (4h).
  // Keras LSTMCell.build: kernel (input, 4h), recurrent_kernel (h, 4h), bias (4h): 4 × [h(h+i) + h].
  it('RNN(LSTMCell(4)) on 3 features is nn.LSTM(3, 4): 128 in Keras, 144 in PyTorch, named as nn.LSTM names them', () => {
    const d = design([[null, 3]], 'RNN', { cell: lstmCell(4) });
    expect(result(d)).toMatchObject({ params: 4 * (4 * (4 + 3) + 4), shapes: [[4]], formula: '4 × [4(4+3) + 4] = 128' });
    expect(result(d, 'pytorch')).toMatchObject({
      params: 16 * 3 + 16 * 4 + 16 + 16,
      weights: ['weight_ih_l0 16×3 trainable', 'weight_hh_l0 16×4 trainable', 'bias_ih_l0 16 trainable', 'bias_hh_l0 16 trainable'],
    });
  });

  // Two stacked cells are nn.LSTM(3, 4, num_layers=2): layer 1 reads layer 0's 4 outputs.
  it('a stack of two LSTMCell(4) is nn.LSTM(num_layers=2)', () => {
    const stack = { type: 'StackedRNNCells', fields: { cell: lstmCell(4), next: lstmCell(4) } };
    const d = design([[7, 3]], 'RNN', { cell: stack, return_sequences: true });
    expect(result(d)).toMatchObject({ params: 4 * (4 * (4 + 3) + 4) + 4 * (4 * (4 + 4) + 4), shapes: [[7, 4]] });
    expect(result(d).weights.slice(3, 4)).toEqual(['RNNCell_1/kernel 4×16 trainable']);
    expect(result(d, 'pytorch')).toMatchObject({ params: 144 + (16 * 4 + 16 * 4 + 32) });
    expect(result(d, 'pytorch').weights.slice(4, 5)).toEqual(['weight_ih_l1 16×4 trainable']);
  });

  // keras/src/layers/rnn/stacked_rnn_cells.py state_size: each cell's, in cell order; rnn.py compute_output_shape:
  // the output (the last cell's size), then one (batch, size) per state.
  it('return_state gives every cell state in cell order; initial states must match them', () => {
    const stack = { type: 'StackedRNNCells', fields: { cell: lstmCell(4), next: { type: 'SimpleRNNCell', fields: { units: 2 } } } };
    expect(result(design([[5, 3]], 'RNN', { cell: stack, return_state: true })).shapes).toEqual([[2], [4], [4], [2]]);
    expect(result(design([[5, 3], [4]], 'RNN', { cell: lstmCell(4) })).problems).toEqual([
      { path: 'inputs', message: 'RNN takes its sequence and then both states (h, c) as initial state, got 1' },
    ]);
    expect(result(design([[5, 3], [4], [4]], 'RNN', { cell: lstmCell(4) })).problems).toEqual([]);
  });

  // torch/nn/modules/rnn.py RNNCellBase: weight_ih (chunks·h, input), weight_hh, bias_ih, bias_hh: no layer suffix.
  it('a cell on its own is one step: nn.LSTMCell; Keras cannot call one outside an RNN layer', () => {
    const d = design([[3]], 'LSTMCell', { units: 4 });
    expect(result(d, 'pytorch').weights[0]).toBe('weight_ih 16×3 trainable');
    const out = exportKerasModel(d);
    expect('problems' in out && out.problems).toEqual([expect.objectContaining({ path: ['x'], message: expect.stringMatching(/RNN cell/) })]);
  });

  // tensorflow/python/keras/layers/cudnn_recurrent.py: CuDNNLSTM bias (units * 8,), CuDNNGRU bias (units * 6,): the two
  // bias vectors PyTorch keeps too, so the conventions agree.
  it('CuDNNLSTM and CuDNNGRU keep two bias vectors, as PyTorch does', () => {
    const lstm = design([[5, 3]], 'CuDNNLSTM', { units: 4 });
    expect(result(lstm)).toMatchObject({ params: 3 * 16 + 4 * 16 + 32, weights: expect.arrayContaining(['bias 32 trainable']), note: undefined });
    expect(result(lstm, 'pytorch').params).toBe(result(lstm).params);
    expect(result(design([[5, 3]], 'CuDNNGRU', { units: 4 })).params).toBe(3 * 12 + 4 * 12 + 24);
  });

  it('writes a stack as Keras does (cells: a list) and reads it back the same', () => {
    const stack = { type: 'StackedRNNCells', fields: { cell: lstmCell(4), next: { type: 'StackedRNNCells', fields: { cell: lstmCell(3), next: lstmCell(2) } } } };
    const d = design([[7, 3]], 'RNN', { cell: stack });
    const out = exportKerasModel(d);
    if (!('json' in out)) throw new Error(JSON.stringify(out.problems));
    const rnn = (out.json.config as { layers: { config: { cell: { class_name: string; config: { cells: { class_name: string }[] } } } }[] }).layers[1];
    expect(rnn.config.cell.class_name).toBe('StackedRNNCells');
    expect(rnn.config.cell.config.cells.map((c) => c.class_name)).toEqual(['LSTMCell', 'LSTMCell', 'LSTMCell']);
    const back = importKerasModel(JSON.parse(JSON.stringify(out.json)));
    expect(back.warnings).toEqual([]);
    expect(Number(evaluateDesign(back.design, { convention: 'keras' }).totals.params)).toBe(result(d).params);
  });
});

describe('Attention and AdditiveAttention', () => {
  // keras/src/layers/attention/attention.py compute_output_shape: (*query_shape[:-1], value_shape[-1]); build: a scalar
  // `scale` with use_scale, a scalar `concat_score_weight` with score_mode 'concat'.
  it('outputs (Tq, value dim); scalars for use_scale and concat', () => {
    const d = design([[5, 8], [7, 3], [7, 8]], 'Attention', { use_scale: true, score_mode: 'concat' });
    expect(result(d)).toMatchObject({ shapes: [[5, 3]], params: 2, weights: ['scale scalar trainable', 'concat_score_weight scalar trainable'] });
    expect(result(design([[5, 8], [7, 6]], 'Attention')).problems[0]).toMatchObject({ path: 'inputs', message: expect.stringMatching(/query has 8 features but the key 6/) });
  });

  // additive_attention.py build: scale of shape [dim], dim = input_shape[0][-1] (the query's).
  it('AdditiveAttention scales each query feature', () => {
    expect(result(design([[5, 8], [7, 8]], 'AdditiveAttention'))).toMatchObject({ params: 8, shapes: [[5, 8]] });
  });
});

describe('EinsumDense and Merge problems', () => {
  // keras/src/layers/core/einsum_dense.py _analyze_einsum_string: the three equation forms; a bias axis outside
  // the output spec is refused ("Bias dimension … is not part of the output spec").
  it('EinsumDense says which field is wrong', () => {
    expect(result(design([[7, 16]], 'EinsumDense', { equation: 'ab,bc->ac', output_shape: [10] })).problems[0].path).toBe('equation');
    expect(result(design([[16]], 'EinsumDense', { equation: 'ab,bc->ac', output_shape: [10], bias_axes: 'z' })).problems[0].path).toBe('bias_axes');
    expect(result(design([[16]], 'EinsumDense', { equation: 'x->y', output_shape: [10] })).problems[0].path).toBe('equation');
    expect(result(design([[16]], 'EinsumDense', { equation: 'ab,bc->ac', output_shape: [10, 2] })).problems[0].path).toBe('output_shape');
  });

  // Keras 1 keras/engine/topology.py Merge: 'dot' and 'cos' take exactly 2 layers; get_output_shape_for: concat
  // along concat_axis; cos like dot, a lone batch axis getting a 1.
  it("Keras 1's Merge: shapes by mode", () => {
    expect(result(design([[4, 5], [3, 5]], 'Merge', { mode: 'concat', concat_axis: 1 })).shapes).toEqual([[7, 5]]);
    expect(result(design([[8], [8]], 'Merge', { mode: 'cos', dot_axes: [1, 1] })).shapes).toEqual([[1]]);
    expect(result(design([[8], [8], [8]], 'Merge', { mode: 'dot' })).problems[0].message).toMatch(/exactly 2 inputs/);
  });
});
