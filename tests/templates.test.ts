// The template gallery: every published architecture counts to its published figure (the designs are built
// from catalog layers by code, so this checks the catalog and the builders together), and every small
// template to a formula worked by hand here.
import { describe, expect, it } from 'vitest';
import { inlineBlocks } from '../src/shared/blocks/inline';
import { layerSpec } from '../src/shared/catalog';
import type { Convention } from '../src/shared/design';
import { evaluateDesign, listProblems, nodeResult, type Evaluation } from '../src/shared/evaluate';
import { exportKerasModel } from '../src/shared/keras/export';
import { readModelFile } from '../src/shared/keras/file';
import { costTotals } from '../src/shared/cost';
import { reportImport } from '../src/shared/report';
import { displayShape } from '../src/shared/tensor';
import { TEMPLATES, templateById } from '../src/shared/templates';

const evaluateTemplate = (id: string, convention: Convention): Evaluation =>
  evaluateDesign(templateById(id)!.design(convention), { convention });

const shapeOf = (evaluation: Evaluation, id: string) => {
  const out = nodeResult(evaluation, id)?.outputs?.[0];
  return out && displayShape(out, evaluation.convention);
};

// [id, convention, total, non-trainable]: the figures as their sources print them.
const PUBLISHED: [string, Convention, number, number][] = [
  ['vgg16', 'keras', 138_357_544, 0], // keras.applications.VGG16
  ['vgg16', 'pytorch', 138_357_544, 0], // torchvision vgg16
  ['resnet50', 'keras', 25_636_712, 53_120], // keras.applications.ResNet50: conv biases, BatchNorm moving stats
  ['resnet50', 'pytorch', 25_557_032, 0], // torchvision resnet50: bias=False
  ['resnet18', 'pytorch', 11_689_512, 0],
  ['alexnet', 'pytorch', 61_100_840, 0],
  ['mobilenet_v2', 'pytorch', 3_504_872, 0],
  ['mobilenet_v2', 'keras', 3_538_984, 34_112], // keras.applications.MobileNetV2
  ['densenet121', 'pytorch', 7_978_856, 0],
  ['densenet121', 'keras', 8_062_504, 83_648], // keras.applications.DenseNet121
  ['squeezenet1_0', 'pytorch', 1_248_424, 0],
  ['bert-base', 'pytorch', 109_482_240, 0], // bert-base-uncased BertModel, pooler included
  ['gpt2', 'pytorch', 124_439_808, 0], // GPT-2 small, LM head tied to the token embedding
  ['vit_b_16', 'pytorch', 86_567_656, 0], // torchvision vit_b_16
  ['llama-2-7b', 'pytorch', 6_738_415_616, 0], // Meta Llama 2 7B (untied output head)
  ['llama-3-8b', 'pytorch', 8_030_261_248, 0], // Meta Llama 3 8B (GQA: 8 KV heads)
  ['mistral-7b', 'pytorch', 7_241_732_096, 0], // Mistral 7B v0.1
  ['mixtral-8x7b', 'pytorch', 46_702_792_704, 0], // Mixtral 8x7B: 8 experts, top-2
];

// Active parameters, what one token uses, as the models' publishers state them: the total where no layer has experts.
const ACTIVE: Record<string, number> = { 'mixtral-8x7b': 12_879_925_248 };

describe('published architectures', () => {
  it.each(PUBLISHED)('%s (%s) has %i parameters, %i non-trainable', (id, convention, total, nonTrainable) => {
    const evaluation = evaluateTemplate(id, convention);
    expect(listProblems(evaluation)).toEqual([]);
    expect(evaluation.totals).toMatchObject({
      params: BigInt(total),
      trainable: BigInt(total - nonTrainable),
      nonTrainable: BigInt(nonTrainable),
      active: BigInt(ACTIVE[id] ?? total),
      uncounted: 0,
    });
  });

  it('lists exactly the conventions it is checked in above', () => {
    for (const template of TEMPLATES.filter((t) => PUBLISHED.some(([id]) => id === t.id)))
      expect([...template.conventions].sort(), template.id).toEqual(PUBLISHED.filter(([id]) => id === template.id).map(([, c]) => c).sort());
  });

  it('ResNet50 differs between conventions by its conv biases, as one design per convention', () => {
    const [keras, pytorch] = (['keras', 'pytorch'] as const).map((c) => inlineBlocks(templateById('resnet50')!.design(c)));
    const convs = (d: typeof keras) => d.nodes.filter((n) => n.type === 'Conv2D');
    // The stem and 16 blocks: 3 convs each, 4 with a projection shortcut (one per stage).
    expect([convs(keras).length, convs(pytorch).length]).toEqual([1 + 16 * 3 + 4, 1 + 16 * 3 + 4]);
    expect(convs(keras).every((n) => n.fields?.use_bias === undefined)).toBe(true);
    expect(convs(pytorch).every((n) => n.fields?.use_bias === false)).toBe(true);
  });

  it('keeps the published shapes: 224×224×3 in (3×224×224 in PyTorch), the sizes the sources print on the way', () => {
    const resnet = evaluateTemplate('resnet50', 'pytorch');
    expect(shapeOf(resnet, 'input')).toEqual([null, 3, 224, 224]);
    expect(shapeOf(resnet, 'conv5_block3')).toEqual([null, 2048, 7, 7]);
    expect(shapeOf(evaluateTemplate('resnet50', 'keras'), 'pool1_pool')).toEqual([null, 56, 56, 64]);
    expect(shapeOf(evaluateTemplate('vgg16', 'keras'), 'flatten')).toEqual([null, 25_088]);
    expect(shapeOf(evaluateTemplate('alexnet', 'pytorch'), 'flatten')).toEqual([null, 9216]);
    const squeezenet = evaluateTemplate('squeezenet1_0', 'pytorch');
    expect(['pool1', 'pool2', 'pool3'].map((id) => shapeOf(squeezenet, id)?.[2])).toEqual([54, 27, 13]);
    expect(shapeOf(evaluateTemplate('mobilenet_v2', 'keras'), 'out_relu')).toEqual([null, 7, 7, 1280]);
    expect(shapeOf(evaluateTemplate('densenet121', 'keras'), 'relu')).toEqual([null, 7, 7, 1024]);
    expect(shapeOf(evaluateTemplate('bert-base', 'pytorch'), 'pooler')).toEqual([null, 768]);
    expect(shapeOf(evaluateTemplate('gpt2', 'pytorch'), 'final_norm')).toEqual([null, 1024, 768]);
  });

  it('evaluates the largest templates well within an edit’s budget (< 50 ms)', () => {
    for (const id of ['densenet121', 'bert-base', 'gpt2']) {
      const design = templateById(id)!.design('pytorch');
      evaluateDesign(design, { convention: 'pytorch' }); // warm-up: the first run also compiles
      const times = Array.from({ length: 9 }, () => {
        const started = performance.now();
        evaluateDesign(design, { convention: 'pytorch' });
        return performance.now() - started;
      }).sort((a, b) => a - b);
      console.log(`${id}: ${design.nodes.length} layers evaluated in ${times[4].toFixed(2)} ms (median of 9)`);
      expect(times[4]).toBeLessThan(50);
    }
  });
});

// Counts by hand: i·o + o per dense layer, i·k·k·o + o per convolution, g·[h(h+i) + b·h] per RNN (b bias vectors).
const dense = (i: number, o: number) => i * o + o;
const conv = (i: number, k: number, o: number) => i * k * k * o + o;
const rnn = (gates: number, h: number, i: number, biases: number) => gates * (h * (h + i) + biases * h);

const SMALL: [string, number, number][] = [
  // [id, Keras, PyTorch]
  ['ffnn-3-5-2', dense(3, 5) + dense(5, 2), 32],
  ['ffnn-50-100-1-100-50', dense(50, 100) + dense(100, 1) + dense(1, 100) + dense(100, 50), 10_451],
  ['lstm-2-on-3', rnn(4, 2, 3, 1), rnn(4, 2, 3, 2)],
  ['bigru-lstm', 2 * rnn(3, 5, 8, 1) + rnn(4, 50, 10, 1), 2 * rnn(3, 5, 8, 2) + rnn(4, 50, 10, 2)],
  ['cnn-32x32x3', conv(3, 3, 32) + conv(32, 3, 128) + conv(128, 1, 256) + dense(256, 10) + dense(10, 10), 73_592],
  ['mnist-dense', dense(784, 10) + dense(10, 10) + dense(10, 3), 7_993],
  ['mnist-cnn', conv(1, 3, 10) + conv(10, 3, 10) + dense(28 * 28 * 10, 3), 24_533],
  ['lenet5', conv(1, 5, 6) + conv(6, 5, 16) + dense(5 * 5 * 16, 120) + dense(120, 84) + dense(84, 10), 61_706],
  ['lstm-text-classifier', 10_000 * 128 + rnn(4, 64, 128, 1) + dense(64, 1), 10_000 * 128 + rnn(4, 64, 128, 2) + dense(64, 1)],
  [
    'unet-small',
    // down 16, 32, 64; bottom 128; up: a 2×2 transposed conv (i·2·2·o + o), the skip doubling the channels, two convs.
    [conv(1, 3, 16) + conv(16, 3, 16), conv(16, 3, 32) + conv(32, 3, 32), conv(32, 3, 64) + conv(64, 3, 64)].reduce((a, b) => a + b) +
      conv(64, 3, 128) + conv(128, 3, 128) +
      conv(128, 2, 64) + conv(128, 3, 64) + conv(64, 3, 64) +
      conv(64, 2, 32) + conv(64, 3, 32) + conv(32, 3, 32) +
      conv(32, 2, 16) + conv(32, 3, 16) + conv(16, 3, 16) +
      conv(16, 1, 1),
    0, // same as Keras: no BatchNorm, no RNN
  ],
];

describe('small templates', () => {
  it('the seed articles’ figures are the hand formulas', () => {
    const printed = { 'ffnn-3-5-2': 32, 'ffnn-50-100-1-100-50': 10_451, 'lstm-2-on-3': 48, 'bigru-lstm': 12_620, 'cnn-32x32x3': 73_592, 'mnist-cnn': 24_533 };
    for (const [id, total] of Object.entries(printed)) expect(SMALL.find(([t]) => t === id)?.[1], id).toBe(total);
  });

  it.each(SMALL)('%s counts %i in Keras, as by hand, and as by hand in PyTorch', (id, keras, pytorch) => {
    for (const [convention, total] of [['keras', keras], ['pytorch', pytorch || keras]] as const) {
      const evaluation = evaluateTemplate(id, convention);
      expect(listProblems(evaluation), `${id} ${convention}`).toEqual([]);
      expect(evaluation.totals, `${id} ${convention}`).toMatchObject({ params: BigInt(total), nonTrainable: 0n, uncounted: 0 });
    }
  });

  it('the U-Net gives a mask the size of its image', () => {
    expect(shapeOf(evaluateTemplate('unet-small', 'keras'), 'mask')).toEqual([null, 128, 128, 1]);
    expect(shapeOf(evaluateTemplate('unet-small', 'pytorch'), 'mask')).toEqual([null, 1, 128, 128]);
  });
});

describe('every template', () => {
  it('has a unique id, a name, a description, a source and at least one convention', () => {
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
    for (const t of TEMPLATES) {
      expect(templateById(t.id)).toBe(t);
      expect([t.name, t.description, t.source].every((text) => text.length > 0), t.id).toBe(true);
      expect(t.conventions.length, t.id).toBeGreaterThan(0);
    }
    expect(templateById('nope')).toBeUndefined();
  });

  it.each(TEMPLATES.map((t) => [t.id]))('%s builds a laid-out sketch in each of its conventions, counted without problems', (id) => {
    const template = templateById(id)!;
    for (const convention of template.conventions) {
      const sketch = template.build(convention);
      expect(sketch).toMatchObject({ name: template.name, convention });
      expect(sketch.design).toEqual(template.design(convention));
      expect(new Set(sketch.design.nodes.map((n) => n.id)).size).toBe(sketch.design.nodes.length);
      for (const node of sketch.design.nodes) expect(Number.isFinite(sketch.layout[node.id]?.x), node.id).toBe(true);
      expect(listProblems(evaluateDesign(sketch.design, { convention }))).toEqual([]);
    }
  });

  it.each(TEMPLATES.map((t) => [t.id]))('%s writes as a Keras model that reads back to the same count (or names its tied layers)', (id) => {
    const template = templateById(id)!;
    for (const convention of template.conventions) {
      const design = template.design(convention);
      const written = exportKerasModel(design, { name: id });
      // A tie (GPT-2's head) has no Keras spelling: the export names the tied layer instead of writing a wrong count;
      // nor has a layer Keras has no class for (a gated MLP, a mixture of experts): the export names each.
      const flat = inlineBlocks(design).nodes;
      const refused = [
        ...flat.filter((n) => layerSpec(n.type)?.keras === false).map((n) => [n.id]),
        ...flat.filter((n) => n.tiedTo).map((n) => [n.id, 'tiedTo']),
      ];
      if (refused.length) return expect('problems' in written && written.problems.map((p) => p.path)).toEqual(refused);
      if (!('json' in written)) throw new Error(JSON.stringify(written.problems));
      const report = reportImport(readModelFile(new TextEncoder().encode(JSON.stringify(written.json))), convention);
      expect(report.errors).toEqual([]);
      expect(BigInt(report.total)).toBe(evaluateDesign(design, { convention }).totals.params);
    }
  });
});

describe('MACs of the published architectures', () => {
  // torchvision's model table, "GFLOPS" column (which is multiply-accumulates, 224×224 input, one image),
  // published with two decimals: each within 1%.
  const TORCHVISION_GMACS: [id: string, gmacs: number][] = [
    ['alexnet', 0.71],
    ['vgg16', 15.47],
    ['resnet18', 1.81],
    ['resnet50', 4.09],
    ['mobilenet_v2', 0.3],
    ['densenet121', 2.83],
    ['squeezenet1_0', 0.82],
    ['vit_b_16', 17.56],
  ];
  it.each(TORCHVISION_GMACS)('%s: %f GMACs, within 1%', (id, gmacs) => {
    const macs = costTotals(evaluateDesign(templateById(id)!.design('pytorch'), { convention: 'pytorch' })).macs;
    expect(macs).not.toBeNull();
    expect(Math.abs(Number(macs) / 1e9 - gmacs) / gmacs).toBeLessThan(0.01);
  });
});
