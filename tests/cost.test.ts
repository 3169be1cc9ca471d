// Cost beyond parameters (src/shared/cost.ts, the catalog's `macs` rules): MACs derived by hand per layer
// family, activation and parameter bytes, a training budget by hand, random designs, and whole networks
// against torchvision's published figures (its "GFLOPS" column counts multiply-accumulates: docs/cost.md).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costTotals, trainingMemory, type LayerCost } from '../src/shared/cost';
import type { Convention, Design, Edge, FieldValue, LayerNode } from '../src/shared/design';
import { nodeResult, type Evaluation } from '../src/shared/evaluate';
import { validishDesign } from './arbitraries/designs';
import { convention } from './arbitraries/fields';
import { chain, evaluate, type LayerLine } from './helpers';
import { anyDesign, check, full } from './property-helpers';

const costOf = (evaluation: Evaluation, id = 'n0'): LayerCost => nodeResult(evaluation, id)!.cost;
/** The MACs of the first layer after the Input, in either convention (they must agree). */
function macs(input: (number | null)[], ...layers: LayerLine[]): bigint | null {
  const [keras, torch] = (['keras', 'pytorch'] as const).map((conv) => costOf(evaluate(chain(input, ...layers), conv)).macs);
  expect(torch).toBe(keras);
  return keras;
}

describe('MACs per layer family, by hand', () => {
  it('Dense: in × out at every position', () => {
    expect(macs([8], ['Dense', { units: 4 }])).toBe(8n * 4n);
    expect(macs([10, 8], ['Dense', { units: 16 }])).toBe(10n * 8n * 16n);
    expect(macs([10, 8], ['Dense', { units: 16, use_bias: false }])).toBe(1280n); // the bias add is no MAC
    expect(macs([null, 8], ['Dense', { units: 16 }])).toBeNull(); // variable length: unknown
  });

  it('Conv1D/2D/3D: output positions × window × in/groups × filters', () => {
    expect(macs([32, 32, 3], ['Conv2D', { filters: 16, kernel_size: 3 }])).toBe(30n * 30n * 16n * 9n * 3n); // valid: 30×30
    expect(macs([32, 32, 3], ['Conv2D', { filters: 16, kernel_size: 3, strides: 2, padding: 'same' }])).toBe(16n * 16n * 16n * 27n);
    expect(macs([32, 32, 3], ['Conv2D', { filters: 16, kernel_size: 3, strides: 2 }])).toBe(15n * 15n * 16n * 27n);
    expect(macs([8, 8, 8], ['Conv2D', { filters: 16, kernel_size: 3, padding: 'same', groups: 4 }])).toBe(64n * 16n * 9n * 2n);
    expect(macs([3, 32, 32], ['Conv2D', { filters: 16, kernel_size: 3, data_format: 'channels_first' }])).toBe(30n * 30n * 16n * 27n);
    expect(macs([20, 4], ['Conv1D', { filters: 8, kernel_size: 5 }])).toBe(16n * 8n * 5n * 4n);
    expect(macs([20, 4], ['Conv1D', { filters: 8, kernel_size: 5, padding: 'causal' }])).toBe(20n * 8n * 5n * 4n);
    expect(macs([6, 6, 6, 2], ['Conv3D', { filters: 4, kernel_size: 3 }])).toBe(4n ** 3n * 4n * 27n * 2n);
    expect(macs([null, null, 3], ['Conv2D', { filters: 16, kernel_size: 3 }])).toBeNull();
  });

  it('depthwise, separable and transposed convolutions', () => {
    // Depthwise: each of the C·m outputs reads one channel's window.
    expect(macs([8, 8, 8], ['DepthwiseConv2D', { kernel_size: 3, padding: 'same', depth_multiplier: 2 }])).toBe(64n * 16n * 9n);
    // Separable: depthwise 8 channels × 3×3, then 8 → 32 pointwise, at each of the 6×6 positions.
    expect(macs([8, 8, 8], ['SeparableConv2D', { filters: 32, kernel_size: 3 }])).toBe(36n * (8n * 9n + 8n * 32n));
    // Transposed: every input element is spread over window × filters, whatever the padding.
    const up = (padding: string) => macs([8, 8, 4], ['Conv2DTranspose', { filters: 6, kernel_size: 3, strides: 2, padding }]);
    expect(up('same')).toBe(64n * 4n * 9n * 6n);
    expect(up('valid')).toBe(64n * 4n * 9n * 6n);
  });

  it('SimpleRNN, GRU, LSTM: steps × gates × h(h+i); ConvLSTM2D the same with convolutions', () => {
    expect(macs([10, 8], ['SimpleRNN', { units: 16 }])).toBe(10n * 1n * 16n * 24n);
    expect(macs([10, 8], ['GRU', { units: 16 }])).toBe(10n * 3n * 16n * 24n);
    expect(macs([10, 8], ['LSTM', { units: 16, return_sequences: true }])).toBe(10n * 4n * 16n * 24n);
    expect(macs([null, 8], ['LSTM', { units: 16 }])).toBeNull();
    // 5 frames of 6×6×2, 4 filters 3×3 'same': per frame and position 9 × 4·4 × (4 + 2).
    expect(macs([5, 6, 6, 2], ['ConvLSTM2D', { filters: 4, kernel_size: 3, padding: 'same' }])).toBe(5n * 36n * 9n * 16n * 6n);
  });

  it('Keras MultiHeadAttention: four projections, then QKᵀ and AV per head', () => {
    const design: Design = {
      nodes: [
        { id: 'q', type: 'Input', fields: { shape: [10, 16] } },
        { id: 'v', type: 'Input', fields: { shape: [20, 16] } },
        { id: 'n0', type: 'MultiHeadAttention', fields: { num_heads: 2, key_dim: 8 } },
      ],
      edges: [{ from: 'q', to: 'n0' }, { from: 'v', to: 'n0' }],
    };
    const projections = 10n * 16n * 16n + 2n * (20n * 16n * 16n) + 10n * 16n * 16n; // q, k, v (2 heads × 8), output
    const matmuls = 2n * (2n * 10n * 20n * 8n); // QKᵀ and AV: heads × 10 × 20 × 8 each
    expect(costOf(evaluate(design)).macs).toBe(projections + matmuls);
  });

  it('PyTorch MultiheadAttention and the Transformer layers', () => {
    const [L, E] = [10n, 16n];
    const selfAttention = 4n * L * E * E + 2n * L * L * E;
    expect(macs([10, 16], ['MultiheadAttention', { embed_dim: 16, num_heads: 4 }])).toBe(selfAttention);
    // add_bias_kv appends one key and one value: 11 attended positions.
    expect(macs([10, 16], ['MultiheadAttention', { embed_dim: 16, num_heads: 4, add_bias_kv: true }])).toBe(4n * L * E * E + 2n * L * 11n * E);
    expect(macs([10, 16], ['TransformerEncoderLayer', { d_model: 16, nhead: 4, dim_feedforward: 64 }])).toBe(selfAttention + 2n * L * E * 64n);
    expect(macs([null, 16], ['TransformerEncoderLayer', { d_model: 16, nhead: 4 }])).toBeNull();
  });

  it('TimeDistributed: steps × the wrapped layer; Bidirectional: both directions', () => {
    expect(macs([5, 8], ['TimeDistributed', { layer: { type: 'Dense', fields: { units: 4 } } }])).toBe(5n * 8n * 4n);
    const conv = { type: 'Conv2D', fields: { filters: 4, kernel_size: 3 } };
    expect(macs([5, 6, 6, 2], ['TimeDistributed', { layer: conv }])).toBe(5n * (16n * 4n * 9n * 2n));
    expect(macs([null, 8], ['TimeDistributed', { layer: { type: 'Dense', fields: { units: 4 } } }])).toBeNull();
    expect(macs([5, 8, 2], ['TimeDistributed', { layer: { type: 'MaxPooling1D' } }])).toBe(0n);
    expect(macs([null, 8, 2], ['TimeDistributed', { layer: { type: 'MaxPooling1D' } }])).toBe(0n); // 0 at any length
    const lstm = { type: 'LSTM', fields: { units: 16 } };
    expect(macs([10, 8], ['Bidirectional', { layer: lstm }])).toBe(2n * 10n * 4n * 16n * 24n);
    const gru = { type: 'GRU', fields: { units: 16 } };
    expect(macs([10, 8], ['Bidirectional', { layer: lstm, backward_layer: gru, merge_mode: null }])).toBe(10n * 7n * 16n * 24n);
  });

  it('Dot is a matrix product; element-wise, pooling, normalising and lookup layers are 0', () => {
    const dot: Design = {
      nodes: [
        { id: 'a', type: 'Input', fields: { shape: [3, 4] } },
        { id: 'b', type: 'Input', fields: { shape: [5, 4] } },
        { id: 'n0', type: 'Dot', fields: { axes: [2, 2] } },
        { id: 'n1', type: 'Add' },
      ],
      edges: [{ from: 'a', to: 'n0' }, { from: 'b', to: 'n0' }, { from: 'a', to: 'n1' }, { from: 'a', to: 'n1' }],
    };
    expect(costOf(evaluate(dot)).macs).toBe(3n * 5n * 4n);
    expect(costOf(evaluate(dot), 'n1').macs).toBe(0n);
    for (const type of ['ReLU', 'MaxPooling2D', 'GlobalAveragePooling2D', 'BatchNormalization', 'LayerNormalization', 'Flatten', 'PReLU', 'Dropout'])
      expect(macs([8, 8, 3], [type]), type).toBe(0n);
    expect(macs([12], ['Embedding', { input_dim: 100, output_dim: 8 }])).toBe(0n);
  });
});

describe('memory per layer and training budget', () => {
  it('activation bytes: output elements at 4/2/1 bytes, null with a variable axis; parameter bytes likewise', () => {
    const evaluation = evaluate(chain([32, 32, 3], ['Dense', { units: 16 }]));
    expect(costOf(evaluation, 'input').activationBytes).toEqual({ fp32: 12_288n, fp16: 6_144n, int8: 3_072n });
    expect(costOf(evaluation, 'input').paramBytes).toEqual({ fp32: 0n, fp16: 0n, int8: 0n });
    expect(costOf(evaluation)).toMatchObject({ activations: 32n * 32n * 16n, paramBytes: { fp32: 64n * 4n, fp16: 128n, int8: 64n } });
    const variable = evaluate(chain([null, 8], ['Dense', { units: 4 }]));
    expect(costOf(variable)).toMatchObject({ activations: null, activationBytes: null, paramBytes: { fp32: 36n * 4n } });
  });

  it('a layer that could not be counted has no cost, and makes the totals unknown', () => {
    const evaluation = evaluate(chain([8], ['Dense', { units: 4 }], ['Conv2D', { filters: 2 }]));
    expect(costOf(evaluation, 'n1')).toEqual({ macs: null, activeMacs: null, activations: null, activationBytes: null, paramBytes: null });
    expect(costTotals(evaluation)).toMatchObject({ macs: null, activations: null, paramBytes: { fp32: 36n * 4n } });
  });

  // Input(8) → Dense 16 (144) → BatchNorm (Keras: 32 trainable γβ, 32 non-trainable moving stats) → Dense 4 (68).
  const small = evaluate(chain([8], ['Dense', { units: 16 }], ['BatchNormalization'], ['Dense', { units: 4 }]));

  it('totals: MACs, activations and parameter bytes of a small model', () => {
    expect(small.totals).toMatchObject({ params: 276n, trainable: 244n, nonTrainable: 32n });
    expect(costTotals(small)).toEqual({
      macs: 8n * 16n + 16n * 4n,
      // No experts: a token computes all of it.
      activeMacs: 8n * 16n + 16n * 4n,
      activations: 8n + 16n + 16n + 4n,
      activationBytes: { fp32: 176n, fp16: 88n, int8: 44n },
      paramBytes: { fp32: 1104n, fp16: 552n, int8: 276n },
    });
  });

  it('training memory: weights + gradients + optimizer state + activations × batch', () => {
    expect(trainingMemory(small, { batchSize: 32, optimizer: 'adam' })).toEqual({
      batchSize: 32,
      dtype: 'fp32',
      optimizer: 'adam',
      weights: 276n * 4n, // every parameter, the moving statistics included
      gradients: 244n * 4n, // trainable ones only
      optimizerState: 2n * 244n * 4n, // Adam's m and v
      activations: 44n * 32n * 4n,
      total: 1104n + 976n + 1952n + 5632n,
    });
    const momentum = trainingMemory(small, { batchSize: 1, dtype: 'fp16', optimizer: 'sgd-momentum' });
    expect(momentum).toMatchObject({ optimizerState: 244n * 2n, total: 552n + 488n + 488n + 88n });
    expect(trainingMemory(small, { batchSize: 2, dtype: 'int8', optimizer: 'sgd' })).toMatchObject({ optimizerState: 0n, total: 276n + 244n + 88n });
    const frozen = chain([8], ['Dense', { units: 16 }]);
    frozen.nodes[1].trainable = false;
    const frozenBudget = trainingMemory(evaluate(frozen), { batchSize: 1, optimizer: 'adam' });
    expect(frozenBudget).toMatchObject({ gradients: 0n, optimizerState: 0n, weights: 144n * 4n });
    const variable = evaluate(chain([null, 8], ['LSTM', { units: 4 }]));
    expect(trainingMemory(variable, { batchSize: 8, optimizer: 'sgd' })).toMatchObject({ activations: null, total: null });
  });

  it('refuses a batch size, dtype or optimizer it does not know', () => {
    expect(() => trainingMemory(small, { batchSize: 0, optimizer: 'sgd' })).toThrow(/batchSize/);
    expect(() => trainingMemory(small, { batchSize: 1.5, optimizer: 'sgd' })).toThrow(/batchSize/);
    expect(() => trainingMemory(small, { batchSize: 1, optimizer: 'toString' as never })).toThrow(/optimizer/);
    expect(() => trainingMemory(small, { batchSize: 1, dtype: 'bf16' as never, optimizer: 'adam' })).toThrow(/dtype/);
  });
});

describe('random designs', () => {
  const checkCosts = (evaluation: Evaluation) => {
    for (const r of evaluation.results) {
      const { macs, activations, activationBytes, paramBytes } = r.cost;
      const what = `${r.id} (${r.type})`;
      check(macs === null || macs >= 0n, `${what}: MACs ${macs}`);
      check(activations === null || activations >= 0n, `${what}: activations ${activations}`);
      check(activations === null ? activationBytes === null : activationBytes?.fp32 === 4n * activations, `${what}: activation bytes`);
      check(r.params === null ? paramBytes === null : paramBytes?.int8 === r.params && paramBytes.fp16 === 2n * r.params, `${what}: parameter bytes`);
      if (r.params === null) check(macs === null && activations === null, `${what}: uncounted but costed`);
    }
    const totals = costTotals(evaluation);
    check(totals.macs === null || totals.macs >= 0n, `total MACs ${totals.macs}`);
    const budget = trainingMemory(evaluation, { batchSize: 3, optimizer: 'adam' });
    check(budget.total === null || budget.total >= budget.weights, 'training memory total');
  };

  it('cost never throws and is null or non-negative, on hostile and valid-ish designs (huge sizes included)', () => {
    const designs = fc.oneof(anyDesign, validishDesign(), validishDesign({ huge: true }));
    fc.assert(fc.property(designs, convention, (design, conv) => checkCosts(full(design, conv))), { numRuns: 600 });
  });

  // Independent of the MACs rules: a kernel's weights are each used once per output position.
  it('Dense and convolutions: MACs = kernel weights × output positions', () => {
    const kernelLayers = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'DepthwiseConv2D', 'SeparableConv2D']);
    fc.assert(
      fc.property(validishDesign(), convention, (design, conv) => {
        for (const r of full(design, conv).results) {
          if (!kernelLayers.has(r.type) || r.cost.macs === null) continue;
          const dims = r.outputs![0].dims as number[];
          const channelsFirst = design.nodes.find((n) => n.id === r.id)?.fields?.data_format === 'channels_first';
          const positions = r.cost.activations! / BigInt(channelsFirst ? dims[0] : dims[dims.length - 1]);
          const kernels = r.weights.reduce((sum, w) => (w.name.endsWith('bias') ? sum : sum + w.count), 0n);
          check(r.cost.macs === kernels * positions, `${r.id} (${r.type}): ${r.cost.macs} MACs, ${kernels} kernel weights × ${positions}`);
        }
      }),
      { numRuns: 600 },
    );
  });
});

// ── Whole networks against torchvision's published MACs at 224×224 ("GFLOPS" column, docs/cost.md) ──

/** A tiny graph builder: each layer reads the last one unless told otherwise; returns the layer's id. */
class Net {
  nodes: LayerNode[] = [{ id: 'x', type: 'Input', fields: { shape: [224, 224, 3] } }];
  edges: Edge[] = [];
  last = 'x';
  add(type: string, fields: Record<string, FieldValue> = {}, from: string[] = [this.last]): string {
    const id = `l${this.nodes.length}`;
    this.nodes.push({ id, type, fields });
    for (const source of from) this.edges.push({ from: source, to: id });
    return (this.last = id);
  }
  /** torchvision's Conv2d(k, stride, padding p): explicit zero padding, then a 'valid' convolution. */
  conv(filters: number, k: number, strides = 1, pad = 0, from = this.last): string {
    const padded = pad ? this.add('ZeroPadding2D', { padding: [pad, pad, pad, pad] }, [from]) : from;
    return this.add('Conv2D', { filters, kernel_size: k, strides, use_bias: false }, [padded]);
  }
  pool(size: number, strides: number, pad = 0): string {
    if (pad) this.add('ZeroPadding2D', { padding: [pad, pad, pad, pad] });
    return this.add('MaxPooling2D', { pool_size: size, strides });
  }
  /** Flatten, then Linear layers with ReLU between, Dropout before all but the last (AlexNet's order). */
  classifier(...units: number[]): void {
    this.add('Flatten');
    units.forEach((u, i) => {
      if (i) this.add('ReLU');
      if (i < units.length - 1) this.add('Dropout', { rate: 0.5 });
      this.add('Dense', { units: u });
    });
  }
  macs(conv: Convention): bigint | null {
    const evaluation = evaluate({ nodes: this.nodes, edges: this.edges }, conv);
    expect(evaluation.totals.uncounted).toBe(0);
    return costTotals(evaluation).macs;
  }
}

function alexnet(): Net {
  const net = new Net();
  net.conv(64, 11, 4, 2), net.add('ReLU'), net.pool(3, 2);
  net.conv(192, 5, 1, 2), net.add('ReLU'), net.pool(3, 2);
  for (const filters of [384, 256, 256]) net.conv(filters, 3, 1, 1), net.add('ReLU');
  // AdaptiveAvgPool2d((6, 6)) is the identity at 224×224: the map is already 6×6 (and pooling is 0 MACs).
  net.pool(3, 2);
  net.classifier(4096, 4096, 1000);
  return net;
}

function vgg16(): Net {
  const net = new Net();
  for (const [filters, convs] of [[64, 2], [128, 2], [256, 3], [512, 3], [512, 3]]) {
    for (let i = 0; i < convs; i++) net.conv(filters, 3, 1, 1), net.add('ReLU');
    net.pool(2, 2);
  }
  net.classifier(4096, 4096, 1000);
  return net;
}

function resnet18(): Net {
  const net = new Net();
  net.conv(64, 7, 2, 3), net.add('BatchNormalization'), net.add('ReLU'), net.pool(3, 2, 1);
  for (const [filters, firstStride] of [[64, 1], [128, 2], [256, 2], [512, 2]])
    for (let block = 0; block < 2; block++) {
      const input = net.last;
      const strides = block === 0 ? firstStride : 1;
      net.conv(filters, 3, strides, 1, input);
      net.add('BatchNormalization');
      net.add('ReLU');
      net.conv(filters, 3, 1, 1);
      const main = net.add('BatchNormalization');
      let shortcut = input;
      if (strides !== 1) {
        net.conv(filters, 1, strides, 0, input);
        shortcut = net.add('BatchNormalization');
      }
      net.add('Add', {}, [main, shortcut]);
      net.add('ReLU');
    }
  net.add('GlobalAveragePooling2D'), net.add('Dense', { units: 1000 });
  return net;
}

describe('whole networks vs torchvision (224×224, one image)', () => {
  it.each([
    // Published (torchvision's table, rounded) and exact by hand: Σ conv k²·Cin·Cout·H'·W' + Σ linear in·out.
    ['AlexNet', '0.71', alexnet, 714_188_480n],
    ['VGG16', '15.47', vgg16, 15_470_264_320n],
    ['ResNet18', '1.81', resnet18, 1_814_073_344n],
  ] as const)('%s: within 1%% of %s GMACs', (_, giga, build, exact) => {
    const published = Number(giga) * 1e9;
    const net = build();
    for (const conv of ['keras', 'pytorch'] as const) {
      const total = net.macs(conv)!;
      expect(Math.abs(Number(total) / published - 1)).toBeLessThan(0.01);
      expect(total).toBe(exact);
    }
  });
});
