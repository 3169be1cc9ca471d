// Property 4: an incremental evaluation (given the previous one) equals a full one, after random
// edits and on cycles. Shared checks and fast-check's configuration: property-helpers.ts.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerSpec } from '../src/shared/catalog';
import type { Convention, Design, FieldValue, LayerNode } from '../src/shared/design';
import { evaluateDesign, nodeResult, type Evaluation } from '../src/shared/evaluate';
import { validishDesign } from './arbitraries/designs';
import { TYPES, UNKNOWN_TYPES, convention, validValue } from './arbitraries/fields';
import { hostileValue } from './arbitraries/hostile';
import { check, equal, full, same } from './property-helpers';

/**
 * Edits on a cycle are evaluated in child processes with a time limit: an endless loop there fails a
 * test instead of hanging the run. The control runs alone, then the two others side by side.
 */
const CYCLE_EDITS: { title: string; design: Design; edited: Design }[] = (() => {
  const dense = (id: string, units?: number): LayerNode => ({ id, type: 'Dense', ...(units ? { fields: { units } } : {}) });
  const twoCycle: Design['edges'] = [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'a' },
  ];
  const withC: Design['edges'] = [...twoCycle, { from: 'a', to: 'c' }];
  return [
    {
      title: 'when the edited node is on a cycle and feeds a node placed before it',
      design: { nodes: [dense('a', 2), dense('b', 3)], edges: twoCycle },
      edited: { nodes: [dense('a', 2), dense('b', 4)], edges: twoCycle },
    },
    {
      title: 'when the edited node is on a cycle that feeds a node listed before it',
      design: { nodes: [dense('c'), dense('a'), dense('b')], edges: withC },
      edited: { nodes: [dense('c'), dense('a', 7), dense('b')], edges: withC },
    },
    {
      title: '(control) when the edited node is on a cycle and everything it feeds comes after it',
      design: { nodes: [dense('a', 2), dense('b', 3)], edges: twoCycle },
      edited: { nodes: [dense('a', 5), dense('b', 3)], edges: twoCycle },
    },
  ];
})();

type ChildRun = { incremental: unknown; full: unknown } | { error: Error };
const plain = (value: unknown) => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)));

function editInChild(design: Design, edited: Design): Promise<ChildRun> {
  const evaluateUrl = new URL('../src/shared/evaluate.ts', import.meta.url).href;
  // Unchanged nodes keep their identity and the edges array is shared: the incremental path is taken.
  const script = `
    const { evaluateDesign } = await import(${JSON.stringify(evaluateUrl)});
    const [design, edited] = ${JSON.stringify([design, edited])};
    const previous = evaluateDesign(design, { convention: 'keras' });
    const nodes = design.nodes.map((n, i) => (JSON.stringify(n) === JSON.stringify(edited.nodes[i]) ? n : edited.nodes[i]));
    const e = evaluateDesign({ nodes, edges: design.edges }, { convention: 'keras' }, previous);
    console.log(JSON.stringify({ results: e.results, totals: e.totals }, (_, v) => (typeof v === 'bigint' ? v + 'n' : v)));`;
  const reference = full(edited);
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 5_000 },
      (error, stdout, stderr) => {
        if (error?.killed || error?.signal) resolve({ error: new Error(`the incremental evaluation did not finish within 5 s (${error.signal})`) });
        else if (error) resolve({ error: new Error(`${error.message}\n${stderr}`) });
        else resolve({ incremental: JSON.parse(stdout), full: plain({ results: reference.results, totals: reference.totals }) });
      },
    ),
  );
}

async function expectCycleEdit(title: string, expectation: typeof expect) {
  const { design, edited } = CYCLE_EDITS.find((c) => c.title === title)!;
  const out = await editInChild(design, edited);
  if ('error' in out) throw out.error;
  expectation(out.incremental).toEqual(out.full);
}

// Through toJSON: a node's result keeps most of its data behind getters, which a clone would not copy.
const snapshot = (e: Evaluation) =>
  structuredClone({ results: e.results.map((r) => ('toJSON' in r && typeof r.toJSON === 'function' ? r.toJSON() : r)), totals: e.totals, order: e.topology.order });

function expectSameAsFull(incremental: Evaluation, design: Design, conv: Convention): void {
  const reference = full(design, conv);
  check(incremental.design === design, 'the evaluation is not of the design passed');
  same(incremental.convention, conv, 'convention');
  equal(incremental.topology.order, reference.topology.order, 'incremental vs full: topological order');
  equal(incremental.totals, reference.totals, 'incremental vs full: totals');
  equal(incremental.results, reference.results, 'incremental vs full: results');
}

type Step = 'field' | 'hostile' | 'delete' | 'trainable' | 'name' | 'type' | 'convention' | 'edges' | 'add-node' | 'same';
const STEPS: Step[] = ['field', 'field', 'field', 'field', 'hostile', 'delete', 'trainable', 'name', 'type', 'convention', 'edges', 'add-node', 'same'];

describe('4. incremental evaluation equals a full one', () => {
  it('after random sequences of field edits, convention switches and wiring changes', () => {
    let incrementalSteps = 0;
    fc.assert(
      fc.property(validishDesign({ maxLayers: 12 }), convention, fc.gen(), (start, firstConvention, g) => {
        let design = start;
        let conv = firstConvention;
        let previous = full(design, conv);
        const steps = g(fc.integer, { min: 1, max: 12 });
        for (let s = 0; s < steps; s++) {
          const step: Step = g(() => fc.constantFrom(...STEPS));
          const nodes = design.nodes.slice();
          const at = g(fc.nat, { max: nodes.length - 1 });
          const node = nodes[at];
          const fields = layerSpec(node.type)?.fields ?? [];
          let edges = design.edges;
          let expectIncremental = true;
          if (step === 'field' || step === 'hostile') {
            const field = fields.length ? fields[g(fc.nat, { max: fields.length - 1 })] : undefined;
            const value = (step === 'field' && field ? g(validValue, field) : g(() => hostileValue)) as FieldValue;
            nodes[at] = { ...node, fields: { ...node.fields, [field?.name ?? 'units']: value } };
          } else if (step === 'delete') {
            const { [fields[0]?.name ?? 'units']: _removed, ...rest } = node.fields ?? {};
            nodes[at] = { ...node, fields: rest };
          } else if (step === 'trainable') nodes[at] = { ...node, trainable: node.trainable === false };
          else if (step === 'name') nodes[at] = { ...node, name: g(fc.constantFrom, 'conv3', 'x', node.id) };
          else if (step === 'type') nodes[at] = { ...node, type: g(fc.constantFrom, ...TYPES, ...UNKNOWN_TYPES) };
          else if (step === 'convention') {
            conv = conv === 'keras' ? 'pytorch' : 'keras';
            expectIncremental = false;
          } else if (step === 'edges') {
            // New edges array; edges only run forward in node order (or loop on one node), so no
            // multi-node cycle appears: incremental evaluation on cycles is tested separately below.
            expectIncremental = false;
            edges = edges.slice();
            const other = g(fc.nat, { max: nodes.length - 1 });
            const [from, to] = [Math.min(at, other), Math.max(at, other)];
            const change = g(fc.constantFrom, 'add', 'remove', 'dangling', 'port');
            if (change === 'add') edges.push({ from: nodes[from].id, to: nodes[to].id });
            else if (change === 'remove') edges.splice(other % Math.max(edges.length, 1), 1);
            else if (change === 'dangling') edges.push({ from: 'ghost', to: node.id });
            else if (edges.length) edges[other % edges.length] = { ...edges[other % edges.length], fromPort: g(fc.constantFrom, 0, 1) };
          } else if (step === 'add-node') {
            expectIncremental = false;
            const id = `n${nodes.length}`;
            nodes.push({ id, type: g(fc.constantFrom, ...TYPES), fields: {} });
            edges = [...edges, { from: node.id, to: id }];
          }
          const next: Design = { nodes, edges };
          const before = snapshot(previous);
          const incremental = evaluateDesign(next, { convention: conv }, previous);
          // The previous evaluation is left as it was (the UI may still hold it).
          equal(snapshot(previous), before, 'the previous evaluation after an incremental one');
          // Field edits away from cycles take the incremental path (it keeps the topology); counted below.
          if (expectIncremental && incremental.topology === previous.topology) incrementalSteps++;
          expectSameAsFull(incremental, next, conv);
          [design, previous] = [next, incremental];
        }
      }),
      { numRuns: 300 },
    );
    // The property is not vacuous: most field edits were evaluated incrementally.
    expect(incrementalSteps).toBeGreaterThan(500);
  });

  it('after edits that change only what a dependent reads for its hint (the source’s name and padding)', () => {
    // Two convolutions into a merge: a clash there hints at the source's name and padding.
    const conv = fc.record({
      padding: fc.constantFrom('same', 'valid'),
      kernel_size: fc.integer({ min: 1, max: 3 }),
      filters: fc.constantFrom(4, 8),
    });
    const edit = fc.record({
      at: fc.constantFrom(1, 2),
      name: fc.constantFrom('conv3', 'left', 'right', undefined),
      padding: fc.option(fc.constantFrom('same', 'valid'), { nil: undefined }),
      activation: fc.constantFrom('relu', 'tanh'),
    });
    let hinted = 0;
    fc.assert(
      fc.property(conv, conv, fc.constantFrom('Concatenate', 'Add', 'Maximum'), fc.array(edit, { minLength: 1, maxLength: 6 }), convention, (left, right, merge, edits, conv) => {
        let design: Design = {
          nodes: [
            { id: 'in', type: 'Input', fields: { shape: [12, 12, 4] } },
            { id: 'l', type: 'Conv2D', fields: left },
            { id: 'r', type: 'Conv2D', fields: right },
            { id: 'm', type: merge },
          ],
          edges: [
            { from: 'in', to: 'l' },
            { from: 'in', to: 'r' },
            { from: 'l', to: 'm' },
            { from: 'r', to: 'm' },
          ],
        };
        let previous = full(design, conv);
        for (const { at, name, padding, activation } of edits) {
          const nodes = design.nodes.slice();
          const { name: _old, ...node } = nodes[at];
          nodes[at] = { ...node, ...(name ? { name } : {}), fields: { ...node.fields, activation, ...(padding ? { padding } : {}) } };
          design = { nodes, edges: design.edges };
          const incremental = evaluateDesign(design, { convention: conv }, previous);
          expectSameAsFull(incremental, design, conv);
          if (nodeResult(incremental, 'm')!.problems.some((p) => p.hint)) hinted++;
          previous = incremental;
        }
      }),
      { numRuns: 150 },
    );
    expect(hinted).toBeGreaterThan(50);
  });

  describe('on a cycle (each edit runs in a child process, so that a hang fails instead of stalling the run)', () => {
    it(CYCLE_EDITS[2].title, () => expectCycleEdit(CYCLE_EDITS[2].title, expect));
    describe.concurrent('(the two that may hang run side by side)', () => {
      for (const { title } of CYCLE_EDITS.slice(0, 2)) it(title, ({ expect }) => expectCycleEdit(title, expect));
    });
  });
});
