// Issue 17, item 2: evaluation whose cost follows the design's distinct work, with limits that are problems
// (a path and a plain message), never a hang. Every big input is generated here. Expected counts are worked by
// hand from Dense's i·o + o (and i·o MACs, docs/cost.md), never copied from Paramsketch's output.
import { describe, expect, it } from 'vitest';
import { countLayers, countLayersExact } from '../src/shared/blocks/inline';
import { flatListingProblem, layerRows } from '../src/shared/blocks/rows';
import { costTotals } from '../src/shared/cost';
import type { BlockDefinition, Design } from '../src/shared/design';
import { autoLayout } from '../src/shared/edit/auto-layout';
import { exportKerasModel } from '../src/shared/keras/export';
import { evaluateDesign, listProblems, nodeResult } from '../src/shared/evaluate';
import { readParamsketchFile } from '../src/shared/files/paramsketch-file';
import { summaryReport } from '../src/shared/report';
import { denseStack, input } from './hardening-helpers';

const KERAS = { convention: 'keras' } as const;

/** x → Dense(1) → Concatenate(x, dense): each copy is one wider than the one before, so no two copies are alike. */
const widening: BlockDefinition = {
  design: { nodes: [input('x', 1), { id: 'd', type: 'Dense', fields: { units: 1 } }, { id: 'c', type: 'Concatenate' }], edges: [{ from: 'x', to: 'd' }, { from: 'x', to: 'c' }, { from: 'd', to: 'c' }] },
  inputs: ['x'],
  outputs: [{ node: 'c' }],
};

/** The widening block ×inner, inside a block ×outer: every one of the outer × inner copies differs. */
const nestedWidening = (outer: number, inner: number): Design => ({
  nodes: [input('in', 1), { id: 'o', type: 'outer', repeat: outer }],
  edges: [{ from: 'in', to: 'o' }],
  blocks: {
    inner: widening,
    outer: { design: { nodes: [input('x', 1), { id: 'i', type: 'inner', repeat: inner }], edges: [{ from: 'x', to: 'i' }] }, inputs: ['x'], outputs: [{ node: 'i' }] },
  },
});

describe('blocks whose copies all differ', () => {
  it('counts a small one exactly: copy k of 100 sees k inputs and holds k + 1 (Σ = 5,150)', () => {
    const evaluation = evaluateDesign(nestedWidening(10, 10), KERAS);
    expect(listProblems(evaluation)).toEqual([]);
    expect(evaluation.totals.params).toBe(BigInt(Array.from({ length: 100 }, (_, k) => k + 2).reduce((a, b) => a + b)));
  });

  it('an edit past the limit and back: incremental evaluations agree with full ones', () => {
    const small = nestedWidening(10, 10);
    const withRepeat = (repeat: number): Design => ({ ...small, nodes: small.nodes.map((n) => (n.id === 'o' ? { ...n, repeat } : n)) });
    const before = evaluateDesign(small, KERAS);
    const over = evaluateDesign(withRepeat(1000), KERAS, before);
    expect(over.totals).toEqual(evaluateDesign(withRepeat(1000), KERAS).totals);
    expect(over.totals.uncounted).toBe(1);
    // Back under the limit and over again: the work a replaced instance spent is not held against the design.
    const back = evaluateDesign(withRepeat(10), KERAS, over);
    expect(back.totals.params).toBe(before.totals.params);
    expect(back.blockWork).toBe(before.blockWork);
    expect(evaluateDesign(withRepeat(1000), KERAS, back).blockWork).toBe(over.blockWork);
  }, 30_000);

  // The 737-byte file took 30 s and 3.5 GB; ×10,000 ran out of memory.
  it.each([1_000, 10_000])('refuses ×%i × ×1,000 with a problem on the instance, promptly', (outer) => {
    const file = JSON.stringify({ format: 'paramsketch', version: 2, sketch: { name: 'wide', convention: 'keras', design: nestedWidening(outer, 1000), layout: {} } });
    expect(file.length).toBeLessThan(800);
    const read = readParamsketchFile(file);
    if (!read.ok) throw new Error(read.error.message);
    const evaluation = evaluateDesign(read.sketch.design, KERAS);
    expect(evaluation.totals.uncounted).toBe(1);
    const [problem] = listProblems(evaluation);
    expect(problem.path[0]).toBe('o');
    expect(problem.message).toMatch(/more than 1,000,000 distinct layer evaluations/);
  }, 20_000);
});

describe('a 10,000-Dense block ×10,000: alike copies are worked out once', () => {
  const design = denseStack(10_000, 10_000);
  const evaluation = evaluateDesign(design, KERAS);
  const stack = nodeResult(evaluation, 'stack')!;

  it('counts 10⁸ layers of 8·8 + 8 exactly, and their MACs (8·8 each)', () => {
    expect(listProblems(evaluation)).toEqual([]);
    expect(evaluation.totals.params).toBe(10n ** 8n * 72n);
    expect(costTotals(evaluation).macs).toBe(10n ** 8n * 64n);
    expect(stack.cost.activations).toBe(10n ** 8n * 8n);
  });

  it('lists the stack’s weights with alike copies grouped, summing to its count', () => {
    const weights = stack.weights;
    // Every copy is fed 8 wide and gives out 8 wide: one run, its 10,000 kernels and biases listed once.
    expect(weights.length).toBe(2 * 10_000);
    expect(weights.reduce((sum, w) => sum + w.count, 0n)).toBe(stack.params);
    expect(weights[0]).toMatchObject({ name: '#1–#10000 d0/kernel', shape: [8, 8], count: 64n * 10_000n });
  });

  it('refuses the flat listing (10⁸ rows) with a problem on the instance; grouped rows stay', () => {
    expect(countLayersExact(design)).toBe(1n + 10n ** 8n);
    const problem = flatListingProblem(evaluation);
    expect(problem?.path).toEqual(['stack']);
    expect(problem?.message).toBe('this design expands to 100,000,001 layers; Paramsketch lists up to 200,000 (counts are still exact)');
    expect(layerRows(evaluation, true).map((r) => r.key)).toEqual(['in', 'stack']);
    const report = summaryReport({ design, problems: [], warnings: [] }, 'keras', true);
    expect(report.total).toBe(7_200_000_000);
    expect(report.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^this design expands to 100,000,001 layers/)]);
  });
});

describe('nesting', () => {
  it('blocks nested 1,000 deep: a problem at the depth limit, not a stack overflow', () => {
    const blocks: Record<string, BlockDefinition> = {};
    for (let k = 0; k < 1000; k++)
      blocks[`b${k}`] = {
        design: { nodes: [input('x', 4), k < 999 ? { id: 'y', type: `b${k + 1}`, repeat: 10 } : { id: 'y', type: 'Dense', fields: { units: 4 } }], edges: [{ from: 'x', to: 'y' }] },
        inputs: ['x'],
        outputs: [{ node: 'y' }],
      };
    const design: Design = { nodes: [input('in', 4), { id: 'top', type: 'b0' }], edges: [{ from: 'in', to: 'top' }], blocks };
    const evaluation = evaluateDesign(design, KERAS);
    const problems = listProblems(evaluation);
    expect(problems).toHaveLength(1);
    expect(problems[0].path[0]).toBe('top');
    expect(problems[0].message).toMatch(/^blocks are nested more than 64 deep here \(b0 → b1 → b2 → …\)/);
    // The layer count stays finite: deeper than the limit, an instance counts as one layer.
    expect(Number.isFinite(countLayers(design))).toBe(true);
  });

  /** Blocks b0 … b(depth − 1), each holding the next ×10,000, the last a Dense; the top instance ×10,000 too. */
  const nestedStacks = (depth: number): Design => {
    const blocks: Record<string, BlockDefinition> = {};
    for (let k = 0; k < depth; k++)
      blocks[`b${k}`] = {
        design: { nodes: [input('x', 4), k < depth - 1 ? { id: 'y', type: `b${k + 1}`, repeat: 10_000 } : { id: 'y', type: 'Dense', fields: { units: 4 } }], edges: [{ from: 'x', to: 'y' }] },
        inputs: ['x'],
        outputs: [{ node: 'y' }],
      };
    return { nodes: [input('in', 4), { id: 'top', type: 'b0', repeat: 10_000 }], edges: [{ from: 'in', to: 'top' }], blocks };
  };

  it('60 nested blocks ×10,000 count 10,000⁶⁰ layers exactly, and their parameters by multiplication', () => {
    const design = nestedStacks(60);
    expect(countLayersExact(design)).toBe(1n + 10_000n ** 60n);
    // The number form is finite and says "more than 2^53 − 1" by being 2^53, which no safe-integer check passes.
    expect(countLayers(design)).toBe(2 ** 53);
    expect(Number.isSafeInteger(countLayers(design))).toBe(false);
    const evaluation = evaluateDesign(design, KERAS);
    expect(listProblems(evaluation)).toEqual([]);
    expect(evaluation.totals.params).toBe(10_000n ** 60n * 20n);
  });

  it('80 nested blocks ×10,000 (the library once said Infinity): past the nesting limit, a problem and a finite count', () => {
    const design = nestedStacks(80);
    expect(Number.isFinite(countLayers(design))).toBe(true);
    expect(listProblems(evaluateDesign(design, KERAS)).map((p) => p.message)).toEqual([expect.stringMatching(/^blocks are nested more than 64 deep/)]);
  });
});

describe('blocks written out as layers (a Keras export)', () => {
  it('40,000 layers of nested stacks (took 16 s, one instance at a time) are all written', () => {
    const design: Design = { ...denseStack(10, 100), nodes: [input('in', 8), { id: 'outer', type: 'outer', repeat: 40 }], edges: [{ from: 'in', to: 'outer' }] };
    design.blocks!.outer = { design: { nodes: [input('x', 8), { id: 'stack', type: 'dense8', repeat: 100 }], edges: [{ from: 'x', to: 'stack' }] }, inputs: ['x'], outputs: [{ node: 'stack' }] };
    const exported = exportKerasModel(design);
    if ('problems' in exported) throw new Error(exported.problems[0].message);
    expect((exported.json.config as { layers: unknown[] }).layers).toHaveLength(1 + 40 * 100 * 10);
  }, 30_000);

  it('a block inside itself, ×10: refused by the export, not grown level after level', () => {
    const design: Design = { ...denseStack(2, 10) };
    const stack = design.blocks!.dense8.design;
    design.blocks!.dense8 = { ...design.blocks!.dense8, design: { ...stack, nodes: [...stack.nodes.slice(0, -1), { id: 'd1', type: 'dense8', repeat: 10 }] } };
    expect('problems' in exportKerasModel(design)).toBe(true);
  }, 30_000);
});

describe('cycles are reported in linear time', () => {
  it('a 5,000-layer cycle: every node says so, with a short, true walk', () => {
    const n = 5_000;
    const design: Design = {
      nodes: [input('in', 4), ...Array.from({ length: n }, (_, i) => ({ id: `d${i}`, type: 'Dense', fields: { units: 4 } }))],
      edges: [{ from: 'in', to: 'd0' }, ...Array.from({ length: n }, (_, i) => ({ from: `d${i}`, to: `d${(i + 1) % n}` }))],
    };
    const evaluation = evaluateDesign(design, KERAS);
    const cycles = listProblems(evaluation).filter((p) => p.message.startsWith('is part of a cycle: '));
    expect(cycles.map((p) => p.path[0]).sort()).toEqual(design.nodes.slice(1).map((node) => node.id).sort());
    const edges = new Set(design.edges.map((e) => `${e.from}>${e.to}`));
    // Each message: under 300 characters, a walk from the node back to it along edges of the design ('…' skips).
    const wrong = cycles.filter(({ path, message }) => {
      const walk = message.slice('is part of a cycle: '.length).replace(/ \(.*\)$/, '').split(' → ');
      const steps = walk.slice(1).every((to, k) => to === '…' || walk[k] === '…' || edges.has(`${walk[k]}>${to}`));
      return message.length >= 300 || walk[0] !== path[0] || walk[walk.length - 1] !== path[0] || !steps;
    });
    expect(wrong).toEqual([]);
  });

  it('a small cycle is listed whole', () => {
    const design: Design = {
      nodes: [input('in', 4), { id: 'a', type: 'Add' }, { id: 'b', type: 'Dense', fields: { units: 4 } }, { id: 'c', type: 'Dense', fields: { units: 4 } }],
      edges: [{ from: 'in', to: 'a' }, { from: 'c', to: 'a' }, { from: 'a', to: 'b' }, { from: 'b', to: 'c' }],
    };
    const messages = listProblems(evaluateDesign(design, KERAS)).map((p) => p.message);
    expect(messages).toEqual(expect.arrayContaining(['is part of a cycle: a → b → c → a', 'is part of a cycle: b → c → a → b', 'is part of a cycle: c → a → b → c']));
  });
});

describe('auto-layout on pathological input', () => {
  it.each([20_000, 400_000])('%i parallel edges between two layers: every node placed by the plain layering', (count) => {
    const design: Design = {
      nodes: [input('a', 4), { id: 'b', type: 'Add' }, { id: 'c', type: 'Dense', fields: { units: 2 } }],
      edges: [...Array.from({ length: count }, () => ({ from: 'a', to: 'b' })), { from: 'b', to: 'c' }],
    };
    const layout = autoLayout(design);
    expect(Object.keys(layout).sort()).toEqual(['a', 'b', 'c']);
    // Evaluated, the layer with that many inputs is refused (past 10,000 per layer), and what it feeds waits on it.
    const evaluation = evaluateDesign(design, KERAS);
    expect(listProblems(evaluation)).toEqual([{ path: ['b', 'inputs'], message: 'has more than 10,000 inputs; Paramsketch takes up to that many per layer' }]);
    expect(nodeResult(evaluation, 'c')?.blockedBy).toBe('b');
    expect(layout.a.y).toBeLessThan(layout.b.y);
    expect(layout.b.y).toBeLessThan(layout.c.y);
  });
});
