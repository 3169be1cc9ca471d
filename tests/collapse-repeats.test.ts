// "Collapse repeated structure" (src/shared/edit/collapse-repeats.ts): runs of identical copies become block
// instances ×N. The counts must not move: checked on every real model file, every Keras-import fixture
// and every template written out flat, against each model's own evidence where it has one (a weights
// manifest, a published total). The stacks expected are read off the architectures, not off our output.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countLayers, inlineBlocks } from '../src/shared/blocks/inline';
import type { Convention, Design, LayerNode } from '../src/shared/design';
import { collapseRepeats, type Collapsed } from '../src/shared/edit/collapse-repeats';
import { evaluateDesign, listProblems } from '../src/shared/evaluate';
import { readModelFile } from '../src/shared/keras/file';
import { importKerasModel } from '../src/shared/keras/import';
import { TEMPLATES, templateById } from '../src/shared/templates';
import { fixtures as tfjsFixtures } from './tfjs-oracle';

const collapse = (design: Design, convention: Convention = 'keras') => collapseRepeats({ name: 'test', convention, design, layout: {} });

const totalsOf = (design: Design, convention: Convention) => {
  const evaluation = evaluateDesign(design, { convention });
  const { params, trainable, nonTrainable, active, uncounted } = evaluation.totals;
  return { params, trainable, nonTrainable, active, uncounted, problems: listProblems(evaluation).length };
};

/** Same totals and problems; the same layers once every instance is written out again (nothing lost, nothing doubled). */
function expectSameCounts(design: Design, convention: Convention): Collapsed | undefined {
  const collapsed = collapse(design, convention);
  if (!collapsed) return undefined;
  const after = collapsed.sketch.design;
  expect(totalsOf(after, convention)).toEqual(totalsOf(design, convention));
  expect(countLayers(after)).toBe(countLayers(design));
  const layerKey = (n: LayerNode) => JSON.stringify([n.type, n.fields ?? {}, n.trainable ?? true]);
  const kinds = (d: Design) => inlineBlocks(d).nodes.map(layerKey).sort();
  expect(kinds(after)).toEqual(kinds(design));
  return collapsed;
}

/** The new instances' repeat counts, in design order. */
const repeats = (before: Design, collapsed: Collapsed | undefined) =>
  collapsed?.sketch.design.nodes.filter((n) => !before.blocks?.[n.type] && collapsed.sketch.design.blocks?.[n.type]).map((n) => n.repeat ?? 1);

const realDir = new URL('./fixtures/real-models/', import.meta.url);
const realModels = readdirSync(realDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => {
    const at = (file: string) => new URL(`${d.name}/${file}`, realDir);
    const source = JSON.parse(readFileSync(at('source.json'), 'utf8')) as { file: string };
    const expected = JSON.parse(readFileSync(at('expected.json'), 'utf8')) as { weights?: { shape: number[] }[] };
    return [d.name, readModelFile(new Uint8Array(readFileSync(at(source.file)))).design, expected] as const;
  });
const manifestTotal = (weights: { shape: number[] }[]) => weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);

const handDir = new URL('./fixtures/keras-handcounted/', import.meta.url);
const handCounted = readdirSync(handDir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => [file, importKerasModel((JSON.parse(readFileSync(new URL(file, handDir), 'utf8')) as { model: unknown }).model).design] as const);

describe('collapsing keeps every count', () => {
  it.each(realModels)('real model %s', (name, design, expected) => {
    const collapsed = expectSameCounts(design, 'keras');
    // The file's own evidence, after collapsing: the manifest's total.
    if (collapsed && expected.weights && name.startsWith('tfjs-'))
      expect(Number(totalsOf(collapsed.sketch.design, 'keras').params)).toBe(manifestTotal(expected.weights));
  });

  it.each(tfjsFixtures)('tfjs-layers fixture %s', (_file, fixture) => {
    const collapsed = expectSameCounts(importKerasModel(fixture.model).design, 'keras');
    if (collapsed) expect(Number(totalsOf(collapsed.sketch.design, 'keras').params)).toBe(fixture.expected.total);
  });

  it.each(handCounted)('hand-counted fixture %s', (_file, design) => void expectSameCounts(design, 'keras'));

  it.each(TEMPLATES.flatMap((t) => t.conventions.map((c) => [t.id, c] as const)))('template %s (%s) written out flat', (id, convention) => {
    const template = templateById(id)!;
    const flat = inlineBlocks(template.design(convention));
    const collapsed = expectSameCounts(flat, convention);
    // Collapsing again finds nothing new to fold, or keeps the counts if it does.
    if (collapsed) expectSameCounts(collapsed.sketch.design, convention);
    // Collapsing the template as built (its own blocks) keeps it too.
    expectSameCounts(template.design(convention), convention);
  });
});

describe('the repeats found are the architectures’ own', () => {
  // [template, convention, published total, the stacks the architecture has]
  const CASES: [string, Convention, number, number[]][] = [
    // 16 bottleneck blocks in stages of 3, 4, 6, 3: each stage's first has a projection shortcut (and stride),
    // so it stays as layers; the identity blocks after it are one stack per stage (filters differ by stage).
    ['resnet50', 'keras', 25_636_712, [2, 3, 5, 2]], // keras.applications.ResNet50
    ['resnet50', 'pytorch', 25_557_032, [2, 3, 5, 2]], // torchvision resnet50
    // Basic blocks 2, 2, 2, 2: only the first stage keeps its channels, so only its two blocks are alike.
    ['resnet18', 'pytorch', 11_689_512, [2]],
    // Dense blocks of 6, 12, 24, 16 dense layers, all with growth 32 and a 128-filter bottleneck: one block type.
    ['densenet121', 'keras', 8_062_504, [6, 12, 24, 16]], // keras.applications.DenseNet121
    ['bert-base', 'pytorch', 109_482_240, [12]], // bert-base-uncased: 12 encoder layers
    ['gpt2', 'pytorch', 124_439_808, [12]], // GPT-2 small: 12 decoder layers, head tied to the embedding
    ['llama-2-7b', 'pytorch', 6_738_415_616, [32]], // Llama 2 7B: 32 decoder layers
  ];
  it.each(CASES)('%s (%s) flat', (id, convention, published, stacks) => {
    const flat = inlineBlocks(templateById(id)!.design(convention));
    const collapsed = collapse(flat, convention)!;
    expect(repeats(flat, collapsed)).toEqual(stacks);
    expect(Number(totalsOf(collapsed.sketch.design, convention).params)).toBe(published);
  });

  it('DenseNet-121: four stacks of one dense layer (BN, ReLU, 1×1 conv, BN, ReLU, 3×3 conv, concatenate)', () => {
    const collapsed = collapse(inlineBlocks(templateById('densenet121')!.design('keras')))!;
    expect([collapsed.copies, collapsed.instances, collapsed.blocks]).toEqual([58, 4, 1]);
    const [def] = Object.values(collapsed.sketch.design.blocks!);
    expect(def.design.nodes.filter((n) => !def.inputs.includes(n.id)).map((n) => n.type)).toEqual(['BatchNormalization', 'Activation', 'Conv2D', 'BatchNormalization', 'Activation', 'Conv2D', 'Concatenate']);
  });

  it('ResNet-50 from a real Keras 2.1.6 file: the same 12 identity blocks in 4 stacks, each block 10 layers', () => {
    const [, design, expected] = realModels.find(([name]) => name === 'tfjs-tensorspace-resnet50-keras2')!;
    const collapsed = collapse(design)!;
    expect(repeats(design, collapsed)).toEqual([2, 3, 5, 2]);
    expect([collapsed.copies, collapsed.blocks]).toEqual([12, 4]);
    // 3 × (Conv2D, BatchNormalization), 2 ReLUs between them, the Add and its ReLU.
    for (const def of Object.values(collapsed.sketch.design.blocks!)) expect(def.design.nodes.length - def.inputs.length).toBe(10);
    expect(Number(totalsOf(collapsed.sketch.design, 'keras').params)).toBe(manifestTotal(expected.weights!)); // 25,636,712
  });

  it('Inception-v3 from a real file: mixed1–2, mixed5–6 and mixed9–10 are alike pairs (mixed0, 4, 7 differ in a branch’s filters)', () => {
    const [, design] = realModels.find(([name]) => name === 'tfjs-tensorspace-inceptionv3-keras2')!;
    const collapsed = collapse(design)!;
    expect(repeats(design, collapsed)).toEqual([2, 2, 2]);
    expect(collapsed.sketch.design.nodes.filter((n) => n.repeat).map((n) => n.id)).toEqual(['mixed1', 'mixed5', 'mixed9']);
  });

  it('MobileNetV2 nested in a real Keras 3 file: its alike inverted-residual blocks (4–5, 7–9, 11–12, 14–15) inside the nested block', () => {
    const [, design] = realModels.find(([name]) => name === 'tfjs-dumasitorus-mobilenetv2-keras3')!;
    const collapsed = collapse(design)!;
    expect([collapsed.copies, collapsed.instances]).toEqual([2 + 3 + 2 + 2, 4]);
    const nested = Object.keys(design.blocks!)[0];
    const inner = collapsed.sketch.design.blocks![nested].design.nodes;
    expect(inner.filter((n) => n.repeat).map((n) => n.repeat)).toEqual([2, 3, 2, 2]);
  });
});

describe('what is not a repeat stays as it is', () => {
  it.each(['unet-small', 'lenet5', 'ffnn-50-100-1-100-50'])('%s: nothing repeats', (id) => {
    expect(collapse(templateById(id)!.design('keras'))).toBeUndefined();
  });

  it('a copy also read from outside the run (a skip to a later layer) stays out of the stack, an instance of its own', () => {
    const layers: Design = { nodes: [{ id: 'in', type: 'Input', fields: { shape: [8] } }], edges: [] };
    for (let k = 0; k < 6; k++) {
      layers.nodes.push({ id: `d${k}`, type: 'Dense', fields: { units: 8 } }, { id: `r${k}`, type: 'ReLU' });
      layers.edges.push({ from: k ? `r${k - 1}` : 'in', to: `d${k}` }, { from: `d${k}`, to: `r${k}` });
    }
    // The first pair's output is also read at the very end.
    layers.nodes.push({ id: 'sum', type: 'Add' });
    layers.edges.push({ from: 'r0', to: 'sum' }, { from: 'r5', to: 'sum' });
    const collapsed = expectSameCounts(layers, 'keras')!;
    // The first pair's output is read by the stack and by the sum: it cannot be a copy inside the stack.
    expect(repeats(layers, collapsed)).toEqual([1, 5]);
    const [alone, stack] = collapsed.sketch.design.nodes.filter((n) => collapsed.sketch.design.blocks?.[n.type]);
    expect(alone.type).toBe(stack.type);
    expect(collapsed.sketch.design.edges).toContainEqual({ from: alone.id, to: 'sum', toPort: 0 });
  });

  it('cells reading the two cells before them (NASNet’s wiring) stack, passing the older input on', () => {
    const design: Design = {
      nodes: [{ id: 'in', type: 'Input', fields: { shape: [8] } }, { id: 'h0', type: 'Dense', fields: { units: 8 } }, { id: 'h1', type: 'Dense', fields: { units: 8 } }],
      edges: [{ from: 'in', to: 'h0' }, { from: 'h0', to: 'h1' }],
    };
    let [older, newer] = ['h0', 'h1'];
    for (let k = 2; k < 8; k++) {
      design.nodes.push({ id: `a${k}`, type: 'Dense', fields: { units: 8 } }, { id: `b${k}`, type: 'Dense', fields: { units: 8, use_bias: false } }, { id: `h${k}`, type: 'Add' });
      design.edges.push({ from: newer, to: `a${k}` }, { from: older, to: `b${k}` }, { from: `a${k}`, to: `h${k}`, toPort: 0 }, { from: `b${k}`, to: `h${k}`, toPort: 1 });
      [older, newer] = [newer, `h${k}`];
    }
    const collapsed = expectSameCounts(design, 'keras')!;
    expect(repeats(design, collapsed)).toEqual([6]);
    const def = Object.values(collapsed.sketch.design.blocks!)[0];
    expect(def.inputs).toHaveLength(2);
    expect(def.outputs).toContainEqual({ node: def.inputs[0] }); // the newer input, passed on as the next cell's older one
  });

  it('the unit of a stack found again elsewhere, alone, is another instance of the same block', () => {
    const design: Design = { nodes: [{ id: 'in', type: 'Input', fields: { shape: [8] } }], edges: [] };
    let last = 'in';
    const add = (id: string, type: string, fields: LayerNode['fields'] = {}) => {
      design.nodes.push({ id, type, fields });
      design.edges.push({ from: last, to: id });
      last = id;
    };
    for (let k = 0; k < 3; k++) [add(`u${k}_dense`, 'Dense', { units: 8 }), add(`u${k}_relu`, 'ReLU')];
    add('wide', 'Dense', { units: 16 });
    add('narrow', 'Dense', { units: 8, use_bias: false });
    [add('v_dense', 'Dense', { units: 8 }), add('v_relu', 'ReLU')];
    add('head', 'Dense', { units: 2 });
    const collapsed = expectSameCounts(design, 'keras')!;
    expect(repeats(design, collapsed)).toEqual([3, 1]);
    expect(new Set(collapsed.sketch.design.nodes.filter((n) => n.type === 'u').map((n) => n.id))).toEqual(new Set(['u0', 'v']));
  });

  it('layers with tied weights stay out of blocks', () => {
    const gpt2 = inlineBlocks(templateById('gpt2')!.design('pytorch'));
    const tied = gpt2.nodes.filter((n) => n.tiedTo).map((n) => n.id);
    const kept = collapse(gpt2, 'pytorch')!.sketch.design.nodes.map((n) => n.id);
    for (const id of tied) expect(kept).toContain(id);
  });
});

describe('speed (figures printed, not asserted)', () => {
  it('collapses a 2,000-layer design', () => {
    const bert = templateById('bert-base')!.design('pytorch');
    const big = inlineBlocks({ ...bert, nodes: bert.nodes.map((n) => (n.repeat ? { ...n, repeat: 270 } : n)) });
    const distinct: Design = { nodes: [{ id: 'in', type: 'Input', fields: { shape: [8] } }], edges: [] };
    for (let k = 0; k < 2_000; k++) {
      distinct.nodes.push({ id: `d${k}`, type: 'Dense', fields: { units: 1 + (k % 997) } });
      distinct.edges.push({ from: k ? `d${k - 1}` : 'in', to: `d${k}` });
    }
    // The slow case: long alike runs that never chain, each block's output read again by a decoder (a U-Net).
    const unet: Design = { nodes: [{ id: 'in', type: 'Input', fields: { shape: [8] } }], edges: [] };
    let last = 'in';
    const skips: string[] = [];
    for (let k = 0; k < 1_000; k++) {
      unet.nodes.push({ id: `e${k}`, type: 'Dense', fields: { units: 8 + (k % 3) } });
      unet.edges.push({ from: last, to: `e${k}` });
      last = `e${k}`;
      if (k % 200 === 199) skips.push(last);
    }
    for (const [k, skip] of skips.reverse().entries()) {
      unet.nodes.push({ id: `d${k}`, type: 'Add' });
      unet.edges.push({ from: last, to: `d${k}`, toPort: 0 }, { from: skip, to: `d${k}`, toPort: 1 });
      last = `d${k}`;
    }
    const cases = [['BERT with 270 encoder layers, flat', big], ['2,000 distinct Dense layers', distinct], ['5 runs of 200 layers, each read again by a decoder', unet]] as const;
    for (const [label, design] of cases) {
      const started = performance.now();
      const collapsed = collapse(design, 'pytorch');
      const took = performance.now() - started;
      console.log(`collapse ${label} (${design.nodes.length} layers): ${took.toFixed(0)} ms → ${collapsed ? `${collapsed.sketch.design.nodes.length} nodes` : 'nothing to collapse'}`);
    }
    expect(collapse(big, 'pytorch')?.copies).toBe(270);
  });
});
