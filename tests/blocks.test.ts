// Blocks: made from selected layers, repeated, parameterised, edited once for every instance, counted
// natively. Expected numbers are worked by hand here (i·o + o, the brief's 3,152,384 per encoder layer) or
// are the flattened design's, which the evaluator counts with no block code at all.
import { describe, expect, it } from 'vitest';
import { countLayers, inlineBlocks } from '../src/shared/blocks/inline';
import { renameBlock } from '../src/shared/blocks/rename';
import { layerRows } from '../src/shared/blocks/rows';
import { costTotals } from '../src/shared/cost';
import type { BlockDefinition, Design } from '../src/shared/design';
import { blockSketch, editBlock, expandBlock, exposeParam, makeBlock, paramValue } from '../src/shared/edit/make-block';
import * as edits from '../src/shared/edit/sketch-edits';
import { evaluateDesign, listProblems, nodeResult } from '../src/shared/evaluate';
import type { Sketch } from '../src/shared/sketch';
import { TEMPLATES } from '../src/shared/templates';
import { chain, evaluate } from './helpers';

const dense = (i: number, o: number) => i * o + o;
const sketchOf = (design: Design): Sketch => ({ name: 't', convention: 'keras', design, layout: {} });

/** Input(16) → d1 Dense(32) → d2 Dense(16) → head Dense(4). */
const mlp = () => chain([16], ['Dense', { units: 32 }, 'd1'], ['Dense', { units: 16 }, 'd2'], ['Dense', { units: 4 }, 'head']);

/** PyTorch's TransformerEncoderLayer(512, 8, 2048), as a one-layer block with no parameters. */
const encoderBlock: BlockDefinition = {
  design: {
    nodes: [
      { id: 'x', type: 'Input', fields: { shape: [10, 512] } },
      { id: 'layer', type: 'TransformerEncoderLayer', fields: { d_model: 512, nhead: 8, dim_feedforward: 2048 } },
    ],
    edges: [{ from: 'x', to: 'layer' }],
  },
  inputs: ['x'],
  outputs: [{ node: 'layer' }],
};

const stack = (repeat: number): Design => ({
  nodes: [{ id: 'tokens', type: 'Input', fields: { shape: [128, 512] } }, { id: 'encoder', type: 'encoder', repeat }],
  edges: [{ from: 'tokens', to: 'encoder' }],
  blocks: { encoder: encoderBlock },
});

describe('make a block', () => {
  it('puts the selected layers in a block and one instance in their place; counts and shapes stay', () => {
    const before = sketchOf(mlp());
    const made = makeBlock(before, ['d1', 'd2'], () => [16]);
    if ('refused' in made) throw new Error(made.refused);
    const { design } = made.sketch;
    expect(design.nodes.map((n) => n.id)).toEqual(['input', made.instance, 'head']);
    expect(design.edges).toEqual([
      { from: 'input', to: made.instance, toPort: 0 },
      { from: made.instance, to: 'head' },
    ]);
    const def = design.blocks![made.block];
    expect(def.inputs).toHaveLength(1);
    expect(def.outputs).toEqual([{ node: 'd2' }]);
    const evaluation = evaluate(design);
    expect(listProblems(evaluation)).toEqual([]);
    expect(nodeResult(evaluation, made.instance)?.params).toBe(BigInt(dense(16, 32) + dense(32, 16)));
    expect(nodeResult(evaluation, made.instance)?.outputs?.[0].dims).toEqual([16]);
    expect(evaluation.totals.params).toBe(BigInt(dense(16, 32) + dense(32, 16) + dense(16, 4)));
  });

  it('gives a block as many inputs as distinct tensors enter it, and outputs where tensors leave', () => {
    // input → a, input → b, a + b → add, add → head: a block of a, b, add takes `input` once.
    const design: Design = {
      nodes: [
        { id: 'input', type: 'Input', fields: { shape: [8] } },
        { id: 'a', type: 'Dense', fields: { units: 8 } },
        { id: 'b', type: 'Dense', fields: { units: 8 } },
        { id: 'add', type: 'Add' },
        { id: 'head', type: 'Dense', fields: { units: 2 } },
      ],
      edges: [
        { from: 'input', to: 'a' },
        { from: 'input', to: 'b' },
        { from: 'a', to: 'add' },
        { from: 'b', to: 'add' },
        { from: 'add', to: 'head' },
        { from: 'a', to: 'head' },
      ],
    };
    const made = makeBlock(sketchOf({ ...design, nodes: design.nodes, edges: design.edges.slice(0, 5) }), ['a', 'b', 'add']);
    if ('refused' in made) throw new Error(made.refused);
    expect(made.sketch.design.blocks![made.block].inputs).toHaveLength(1);
    expect(evaluate(made.sketch.design).totals.params).toBe(BigInt(2 * dense(8, 8) + dense(8, 2)));
    // a path leaving the selection and coming back (a → head → … ) is refused: it would be a cycle.
    expect(makeBlock(sketchOf(design), ['a', 'b', 'head'])).toEqual({ refused: expect.stringContaining("'add'") });
  });

  it('refuses an empty selection and the design’s Input', () => {
    expect(makeBlock(sketchOf(mlp()), [])).toHaveProperty('refused');
    expect(makeBlock(sketchOf(mlp()), ['input', 'd1'])).toEqual({ refused: expect.stringContaining('Input') });
  });
});

describe('repeat ×N', () => {
  it('counts 12 × TransformerEncoderLayer(512, 8, 2048) as 12 × 3,152,384', () => {
    const evaluation = evaluate(stack(12), 'pytorch');
    expect(listProblems(evaluation)).toEqual([]);
    expect(evaluation.totals.params).toBe(12n * 3_152_384n);
    const result = nodeResult(evaluation, 'encoder')!;
    expect(result.formula).toBe('12 × 3,152,384 = 37,828,608');
    expect(result.inner).toHaveLength(12);
    expect(result.outputs?.[0].dims).toEqual([128, 512]);
  });

  it('chains copies whose shapes change: each copy is fed the one before', () => {
    // A block halving the width by a strided pooling, repeated 3 times: 32 → 16 → 8 → 4 positions.
    const pool: BlockDefinition = {
      design: {
        nodes: [{ id: 'x', type: 'Input', fields: { shape: [32, 3] } }, { id: 'conv', type: 'Conv1D', fields: { filters: 3, kernel_size: [3], padding: 'same' } }, { id: 'pool', type: 'MaxPooling1D' }],
        edges: [{ from: 'x', to: 'conv' }, { from: 'conv', to: 'pool' }],
      },
      inputs: ['x'],
      outputs: [{ node: 'pool' }],
    };
    const design: Design = { nodes: [{ id: 'in', type: 'Input', fields: { shape: [32, 3] } }, { id: 'down', type: 'down', repeat: 3 }], edges: [{ from: 'in', to: 'down' }], blocks: { down: pool } };
    const evaluation = evaluate(design);
    expect(nodeResult(evaluation, 'down')?.outputs?.[0].dims).toEqual([4, 3]);
    expect(evaluation.totals.params).toBe(BigInt(3 * (3 * 3 * 3 + 3)));
    // MACs per copy: kernel weights × output positions, at 32, 16 and 8 positions.
    expect(costTotals(evaluation).macs).toBe(BigInt(27 * (32 + 16 + 8)));
  });

  it('refuses a repeat that is not a whole number from 1, at the instance’s repeat field', () => {
    for (const repeat of [0, 1.5, -2]) {
      const problems = listProblems(evaluate(stack(repeat), 'pytorch'));
      expect(problems).toEqual([expect.objectContaining({ path: ['encoder', 'repeat'] })]);
    }
  });
});

describe('parameters and definition edits', () => {
  /** A residual MLP block: Dense(width) → Dense(out) + shortcut; `width` feeds the first Dense, `out` the second (× 1). */
  const residual: BlockDefinition = {
    design: {
      nodes: [
        { id: 'x', type: 'Input', fields: { shape: [16] } },
        { id: 'up', type: 'Dense', fields: { units: 64 } },
        { id: 'down', type: 'Dense', fields: { units: 16 } },
        { id: 'add', type: 'Add' },
      ],
      edges: [{ from: 'x', to: 'up' }, { from: 'up', to: 'down' }, { from: 'x', to: 'add' }, { from: 'down', to: 'add' }],
    },
    inputs: ['x'],
    outputs: [{ node: 'add' }],
    params: [{ name: 'expansion', default: 4, targets: [{ node: 'up', field: 'units', scale: 16 }] }],
  };
  const twoInstances = (): Design => ({
    nodes: [
      { id: 'in', type: 'Input', fields: { shape: [16] } },
      { id: 'r1', type: 'residual' },
      { id: 'r2', type: 'residual', fields: { expansion: 2 } },
    ],
    edges: [{ from: 'in', to: 'r1' }, { from: 'r1', to: 'r2' }],
    blocks: { residual },
  });

  it('a block parameter feeds its layers’ fields (× scale), per instance', () => {
    const evaluation = evaluate(twoInstances());
    expect(nodeResult(evaluation, 'r1')?.params).toBe(BigInt(dense(16, 64) + dense(64, 16)));
    expect(nodeResult(evaluation, 'r2')?.params).toBe(BigInt(dense(16, 32) + dense(32, 16)));
    const bad = evaluate({ ...twoInstances(), nodes: [...twoInstances().nodes.slice(0, 2), { id: 'r2', type: 'residual', fields: { expansion: 0, width: 3 } }] });
    expect(listProblems(bad).map((p) => p.path)).toEqual([['r2', 'width'], ['r2', 'expansion']]);
  });

  it('editing the definition updates every instance, in a fresh and in an incremental evaluation', () => {
    const sketch = sketchOf(twoInstances());
    const before = evaluate(sketch.design);
    // Inside the block: the second Dense becomes 16 → 16 with no bias.
    const edited = editBlock(sketch, 'residual', (inner) => edits.setField(inner, 'down', ['use_bias'], false));
    expect(edited.design.blocks!.residual.design.nodes.find((n) => n.id === 'down')?.fields?.use_bias).toBe(false);
    const expected = BigInt(dense(16, 64) + 64 * 16 + dense(16, 32) + 32 * 16);
    for (const evaluation of [evaluate(edited.design), evaluateDesign(edited.design, { convention: 'keras' }, before)]) {
      expect(evaluation.totals.params).toBe(expected);
    }
    expect(blockSketch(edited, 'residual')?.design.nodes).toHaveLength(4);
  });

  it('a layer’s field made a parameter: each instance sets it, the block’s value is the default', () => {
    const sketch = sketchOf(twoInstances());
    const exposed = exposeParam(sketch, 'residual', 'down', 'units');
    expect(exposed.design.blocks!.residual.params).toEqual([
      residual.params![0],
      { name: 'units', default: 16, targets: [{ node: 'down', field: 'units' }] },
    ]);
    // Exposing it again changes nothing. r2 sets 8: its down Dense is 32 → 8, which its residual Add (16 + 8) refuses.
    expect(exposeParam(exposed, 'residual', 'down', 'units')).toBe(exposed);
    const set = evaluate(edits.setField(exposed, 'r2', ['units'], 8).design);
    expect(listProblems(set).map((p) => p.path.slice(0, 2))).toEqual([['r2', 'add']]);
    expect(nodeResult(set, 'r1')?.params).toBe(BigInt(dense(16, 64) + dense(64, 16)));
    // A per-axis field with one value on every axis can be a parameter too (3×3 → 3); a mixed one cannot.
    expect(paramValue([3, 3])).toBe(3);
    expect(paramValue([1, 3])).toBeUndefined();
  });

  it('a field the layer leaves out (as an import does, for defaults) can be made a parameter: Keras’s default stride 1 is its default', () => {
    const stem: BlockDefinition = {
      design: { nodes: [{ id: 'x', type: 'Input', fields: { shape: [20, 3] } }, { id: 'conv', type: 'Conv1D', fields: { filters: 4, kernel_size: [3] } }], edges: [{ from: 'x', to: 'conv' }] },
      inputs: ['x'],
      outputs: [{ node: 'conv' }],
    };
    const design: Design = { nodes: [{ id: 'in', type: 'Input', fields: { shape: [20, 3] } }, { id: 's', type: 'stem' }], edges: [{ from: 'in', to: 's' }], blocks: { stem } };
    const exposed = exposeParam(sketchOf(design), 'stem', 'conv', 'strides');
    expect(exposed.design.blocks!.stem.params).toEqual([{ name: 'strides', default: 1, targets: [{ node: 'conv', field: 'strides' }] }]);
    // 'valid' with stride 2 over 20 steps: (20 − 3) / 2 + 1 = 9 steps.
    const strided = evaluate(edits.setField(exposed, 's', ['strides'], 2).design);
    expect(nodeResult(strided, 's')?.outputs?.[0].dims).toEqual([9, 4]);
  });

  it('a block inside itself is a problem at the instance, not a hang', () => {
    const selfish: BlockDefinition = {
      design: { nodes: [{ id: 'x', type: 'Input' }, { id: 'again', type: 'loop' }], edges: [{ from: 'x', to: 'again' }] },
      inputs: ['x'],
      outputs: [{ node: 'again' }],
    };
    const design: Design = { nodes: [{ id: 'in', type: 'Input', fields: { shape: [4] } }, { id: 'l', type: 'loop' }], edges: [{ from: 'in', to: 'l' }], blocks: { loop: selfish } };
    const [problem] = listProblems(evaluate(design));
    expect(problem.path[0]).toBe('l');
    expect(problem.message).toContain('contains itself');
  });

  it('an instance with the wrong number of inputs says how many it takes', () => {
    const design = { ...twoInstances(), edges: [{ from: 'in', to: 'r1' }] };
    expect(listProblems(evaluate(design))).toEqual([expect.objectContaining({ path: ['r2', 'inputs'], message: "block 'residual' takes 1 input, has 0" })]);
  });
});

describe('the per-layer table', () => {
  it('keeps the rows an edit did not change as the same objects, and replaces the edited one', () => {
    const sketch = sketchOf(mlp());
    const before = evaluate(sketch.design);
    const rows = layerRows(before, false);
    const after = evaluateDesign(edits.setField(sketch, 'd2', ['units'], 8).design, { convention: 'keras' }, before);
    const next = layerRows(after, false, new Set(), rows);
    expect(next.map((r) => r === rows[next.indexOf(r)])).toEqual([true, true, false, false]); // d2 and head (its input changed)
    expect(next.map((r) => r.key)).toEqual(['input', 'd1', 'd2', 'head']);
  });
});

describe('renaming a block', () => {
  it('renames its key and every instance, in the design and inside other blocks', () => {
    const outer: BlockDefinition = {
      design: { nodes: [{ id: 'x', type: 'Input' }, { id: 'e', type: 'encoder' }], edges: [{ from: 'x', to: 'e' }] },
      inputs: ['x'],
      outputs: [{ node: 'e' }],
    };
    const design: Design = { ...stack(2), blocks: { encoder: encoderBlock, outer } };
    const renamed = renameBlock(design, 'encoder', 'layer_stack');
    expect(Object.keys(renamed.blocks!)).toEqual(['layer_stack', 'outer']);
    expect(renamed.nodes.find((n) => n.id === 'encoder')?.type).toBe('layer_stack');
    expect(renamed.blocks!.outer.design.nodes[1].type).toBe('layer_stack');
    expect(evaluate(renamed, 'pytorch').totals).toEqual(evaluate(design, 'pytorch').totals);
    expect(renameBlock(design, 'missing', 'x')).toBe(design);
  });
});

describe('the whole story', () => {
  it('builds a block from layers, repeats it ×12, and edits its definition once for all twelve', () => {
    // Input(16) → [Dense(16) → Dense(16)] → head: the bracket made a block, stacked 12 times.
    const design = chain([16], ['Dense', { units: 16 }, 'a'], ['Dense', { units: 16 }, 'b'], ['Dense', { units: 4 }, 'head']);
    const made = makeBlock(sketchOf(design), ['a', 'b']);
    if ('refused' in made) throw new Error(made.refused);
    const stacked = edits.setNodeProps(made.sketch, made.instance, { repeat: 12 });
    const before = evaluate(stacked.design);
    expect(before.totals.params).toBe(BigInt(12 * 2 * dense(16, 16) + dense(16, 4)));
    // Inside the block, b loses its bias: each of the 12 copies loses 16.
    const edited = editBlock(stacked, made.block, (inner) => edits.setField(inner, 'b', ['use_bias'], false));
    const after = evaluateDesign(edited.design, { convention: 'keras' }, before);
    expect(after.totals.params).toBe(BigInt(12 * (dense(16, 16) + 16 * 16) + dense(16, 4)));
    expect(nodeResult(after, made.instance)?.formula).toBe(`12 × ${dense(16, 16) + 16 * 16} = ${(12 * (dense(16, 16) + 16 * 16)).toLocaleString('en-US')}`);
    // The definition was edited, not copied: one block, one instance.
    expect(Object.keys(edited.design.blocks!)).toEqual([made.block]);
    expect(edited.design.nodes.filter((n) => n.type === made.block)).toHaveLength(1);
  });
});

describe('native counts equal the flattened design’s', () => {
  it.each(TEMPLATES.flatMap((t) => t.conventions.map((c) => [t.id, c] as const)))('%s (%s): totals and MACs', (id, convention) => {
    const design = TEMPLATES.find((t) => t.id === id)!.design(convention);
    const [native, flat] = [design, inlineBlocks(design)].map((d) => evaluateDesign(d, { convention }));
    expect(flat.design.blocks).toBeUndefined();
    expect(native.totals).toEqual(flat.totals);
    expect(costTotals(native)).toEqual(costTotals(flat));
  });

  it('counts layers as a user does: a block instance stands for its layers × repeat', () => {
    // tokens + 12 copies of the one-layer encoder block.
    expect(countLayers(stack(12))).toBe(1 + 12);
    for (const t of TEMPLATES) expect(countLayers(t.design(t.conventions[0])), t.id).toBe(inlineBlocks(t.design(t.conventions[0])).nodes.length);
  });

  it('ResNet50 and BERT are drawn as blocks: a few dozen nodes, not hundreds', () => {
    const resnet = TEMPLATES.find((t) => t.id === 'resnet50')!.design('pytorch');
    const bert = TEMPLATES.find((t) => t.id === 'bert-base')!.design('pytorch');
    expect(resnet.nodes.length).toBeLessThan(30);
    expect(inlineBlocks(resnet).nodes.length).toBeGreaterThan(170);
    expect(bert.nodes.find((n) => n.id === 'encoder')?.repeat).toBe(12);
  });

  it('expanding an instance in the editor keeps the count and names layers after the instance', () => {
    const sketch = { ...sketchOf(stack(3)), convention: 'pytorch' as const };
    const expanded = expandBlock(sketch, 'encoder')!;
    expect(expanded.design.nodes.map((n) => n.id)).toEqual(['tokens', 'encoder_layer', 'encoder_2_layer', 'encoder_3_layer']);
    expect(evaluateDesign(expanded.design, { convention: 'pytorch' }).totals.params).toBe(3n * 3_152_384n);
    expect(Object.keys(expanded.layout)).toHaveLength(3);
  });
});
