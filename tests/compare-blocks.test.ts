// Compare on designs made of blocks: family bars count the layers inside instances (× repeat, nested
// blocks too), an instance of another block in the same place is 'changed (type)', and the Δ and the
// summary line for ResNet-18 against ResNet-50, every expected number from the architecture by hand or
// from published totals (tests/compare-torchvision.ts), never from our output.
import { describe, expect, it } from 'vitest';
import { compareSketches, type Comparison } from '../src/shared/compare';
import { changeSummary } from '../src/shared/compare/change';
import type { BlockDefinition, Convention, Design } from '../src/shared/design';
import type { Sketch } from '../src/shared/sketch';
import { templateById } from '../src/shared/templates';
import { bnChannels, convWeights, macs, PUBLISHED, PUBLISHED_GMACS, RESNET18, RESNET50, torchTotal, type Conv } from './compare-torchvision';

const sketch = (design: Design, name: string, convention: Convention = 'pytorch'): Sketch => ({ name, convention, design, layout: {} });
const template = (id: string, convention: Convention) => sketch(templateById(id)!.design(convention), id, convention);
const family = (c: Comparison, column: number, convention: Convention, name: string) => c.columns[column].families[convention].find((f) => f.family === name);

describe('the hand-worked architectures agree with the published figures', () => {
  it('ResNet-18 and ResNet-50: convs + BatchNorm + fc = torchvision’s totals; MACs round to its table', () => {
    expect(torchTotal(RESNET18)).toBe(PUBLISHED.resnet18);
    expect(torchTotal(RESNET50)).toBe(PUBLISHED.resnet50);
    // Keras applications' ResNet50 keeps a bias on each conv and two BatchNorm statistics per channel.
    expect(torchTotal(RESNET50) + 3 * bnChannels(RESNET50)).toBe(PUBLISHED.kerasResnet50);
    expect(Math.round(macs(RESNET18) / 1e7) / 100).toBe(PUBLISHED_GMACS.resnet18);
    expect(Math.round(macs(RESNET50) / 1e7) / 100).toBe(PUBLISHED_GMACS.resnet50);
  });
});

describe('ResNet-18 against ResNet-50 (torchvision)', () => {
  const c = compareSketches([template('resnet18', 'pytorch'), template('resnet50', 'pytorch')]);

  it('counts the convolutions inside the residual blocks in the family bars', () => {
    for (const [column, net] of [[0, RESNET18], [1, RESNET50]] as const) {
      expect(family(c, column, 'pytorch', 'convolution')).toMatchObject({ layers: net.convs.length, params: BigInt(convWeights(net)) });
      expect(family(c, column, 'pytorch', 'normalization')).toMatchObject({ layers: net.convs.length, params: BigInt(2 * bnChannels(net)) });
      // Keras counts BatchNorm's two statistics too (non-trainable).
      expect(family(c, column, 'keras', 'normalization')!.params).toBe(BigInt(4 * bnChannels(net)));
    }
    expect(family(c, 0, 'pytorch', 'convolution')!.share).toBeCloseTo(convWeights(RESNET18) / PUBLISHED.resnet18, 12);
  });

  it('sums up the change: +13,867,520 params (+119 %), and the MACs by hand', () => {
    const change = c.columns[1].change!.pytorch;
    expect(change.params).toBe(BigInt(PUBLISHED.resnet50 - PUBLISHED.resnet18));
    expect(change.macs).toBe(BigInt(macs(RESNET50) - macs(RESNET18)));
    expect(c.columns.map((col) => col.macs.pytorch)).toEqual([BigInt(macs(RESNET18)), BigInt(macs(RESNET50))]);
    expect(changeSummary(change)).toMatch(/^\+13,867,520 params \(\+119 %\), \+2\.\d\d B MACs \(\+12\d %\)$/);
  });

  it('in the Keras convention, against Keras applications’ ResNet50: its published total less ResNet-18’s with its BatchNorm statistics', () => {
    const keras = compareSketches([template('resnet18', 'pytorch'), template('resnet50', 'keras')]);
    expect(keras.columns[1].change!.keras.params).toBe(BigInt(PUBLISHED.kerasResnet50 - (PUBLISHED.resnet18 + 2 * bnChannels(RESNET18))));
  });

  it('pairs the blocks in the same place by name as changed (type), the extra ones added', () => {
    const blockRows = c.rows.filter((r) => [r.cells[0], r.cells[1]].some((cell) => cell && /^conv\d_block/.test(cell.name)));
    const changed = blockRows.filter((r) => r.diffs[1]?.status === 'changed');
    expect(changed.map((r) => [r.cells[0]!.name, r.cells[1]!.name, r.diffs[1]!.fields])).toEqual(
      ['conv2_block1', 'conv2_block2', 'conv3_block1', 'conv3_block2', 'conv4_block1', 'conv4_block2', 'conv5_block1', 'conv5_block2'].map((n) => [n, n, ['type']]),
    );
    expect(blockRows.filter((r) => r.diffs[1]?.status === 'added').map((r) => r.cells[1]!.name)).toEqual([
      'conv2_block3', 'conv3_block3', 'conv3_block4', 'conv4_block3', 'conv4_block4', 'conv4_block5', 'conv4_block6', 'conv5_block3',
    ]);
    expect(c.rows.some((r) => r.diffs[1]?.status === 'removed')).toBe(false);
  });

  it('gives each row its Δ: conv2_block1, a basic block against a bottleneck with its projection', () => {
    // Convs 1–2 of ResNet-18 and 1–4 of ResNet-50 are their conv2_block1 (after the stem's conv1).
    const blockParams = (convs: Conv[]) => convs.reduce((sum, k) => sum + k.k * k.k * k.cin * k.cout + 2 * k.cout, 0);
    const row = c.rows.find((r) => r.cells[0]?.name === 'conv2_block1')!;
    expect(row.diffs[1]!.delta.pytorch.params).toBe(BigInt(blockParams(RESNET50.convs.slice(1, 5)) - blockParams(RESNET18.convs.slice(1, 3))));
    // An added block's Δ is its own count; every row's Δ adds up to the change in the total.
    const added = c.rows.find((r) => r.cells[1]?.name === 'conv2_block3')!;
    expect(added.diffs[1]!.delta.pytorch.params).toBe(added.cells[1]!.params.pytorch);
    expect(c.rows.reduce((sum, r) => sum + r.diffs[1]!.delta.pytorch.params!, 0n)).toBe(BigInt(PUBLISHED.resnet50 - PUBLISHED.resnet18));
  });
});

/** A block of two Dense(4) layers on 4 features: (4·4 + 4) · 2 = 40 params, 2 · 16 = 32 MACs. */
const pair: BlockDefinition = {
  design: {
    nodes: [
      { id: 'in', type: 'Input', fields: { shape: [4] } },
      { id: 'a', type: 'Dense', fields: { units: 4 } },
      { id: 'b', type: 'Dense', fields: { units: 4 } },
    ],
    edges: [
      { from: 'in', to: 'a' },
      { from: 'a', to: 'b' },
    ],
  },
  inputs: ['in'],
  outputs: [{ node: 'b' }],
};
/** A block holding `pair` stacked twice: 80 params in 4 Dense layers. */
const quad: BlockDefinition = {
  design: { nodes: [{ id: 'in', type: 'Input', fields: { shape: [4] } }, { id: 'p', type: 'pair', repeat: 2 }], edges: [{ from: 'in', to: 'p' }] },
  inputs: ['in'],
  outputs: [{ node: 'p' }],
};
const withInstance = (type: string, name: string, repeat = 1): Design => ({
  nodes: [
    { id: 'input', type: 'Input', fields: { shape: [4] } },
    { id: name, type, repeat },
  ],
  edges: [{ from: 'input', to: name }],
  blocks: { pair, quad },
});

describe('blocks inside blocks, stacked', () => {
  it('counts every copy of every nested block in the family bars: quad × 3 is 12 Dense layers, 240 params', () => {
    const c = compareSketches([sketch(withInstance('quad', 'stack', 3), 'nested')]);
    expect(c.columns[0].families.keras).toEqual([
      { family: 'input', layers: 1, params: 0n, share: 0 },
      { family: 'core', layers: 12, params: 240n, share: 1 },
    ]);
    expect(c.columns[0].layers).toBe(13);
  });

  it('an instance of another block in the same place is changed (type), with the Δ of the two', () => {
    const c = compareSketches([sketch(withInstance('pair', 'stack'), 'pair'), sketch(withInstance('quad', 'stack'), 'quad')]);
    expect(c.rows.map((r) => r.diffs[1]?.status)).toEqual(['same', 'changed']);
    expect(c.rows[1].diffs[1]!.fields).toEqual(['type']);
    expect(c.rows[1].diffs[1]!.delta.keras).toEqual({ params: 40n, macs: 32n });
  });

  it('pairs instances of other blocks under other names when nothing else is left in that place', () => {
    const c = compareSketches([sketch(withInstance('pair', 'first'), 'a'), sketch(withInstance('quad', 'second', 2), 'b')]);
    expect(c.rows[1].diffs[1]).toMatchObject({ status: 'changed', fields: ['name', 'type', 'repeat'] });
    // 2 copies of quad: 160 params against pair's 40.
    expect(c.rows[1].diffs[1]!.delta.keras.params).toBe(120n);
  });

  it('lists a stack made longer as changed on repeat', () => {
    const c = compareSketches([sketch(withInstance('pair', 'stack', 2), 'a'), sketch(withInstance('pair', 'stack', 5), 'b')]);
    expect(c.rows[1].diffs[1]).toMatchObject({ status: 'changed', fields: ['repeat'], delta: { keras: { params: 120n, macs: 96n } } });
  });
});
