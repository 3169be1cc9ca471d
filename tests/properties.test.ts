// Property tests of the counting core: random designs from the catalog (valid-ish and hostile),
// checked for robustness, internal consistency, exact arithmetic and incremental = full evaluation.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG, layerSpec } from '../src/shared/catalog';
import type { Convention, Design, FieldValue, LayerNode } from '../src/shared/design';
import { evaluateDesign, listProblems, nodeResult, resultsInDesignOrder, type Evaluation } from '../src/shared/evaluate';
import {
  TYPES,
  UNKNOWN_TYPES,
  chainDesign,
  convention,
  damagedDesign,
  evaluateFormula,
  hostileDesign,
  hostileValue,
  invalidValue,
  parseGrouped,
  validValue,
  validishDesign,
} from './arbitraries';
import { chain } from './helpers';

// A fixed seed; shrinking is capped so that a failing property reports within seconds, not minutes.
fc.configureGlobal({ seed: 0x5ca1ab1e, numRuns: 200, interruptAfterTimeLimit: 10_000 });

const full = (design: Design, conv: Convention = 'keras'): Evaluation => evaluateDesign(design, { convention: conv });
const anyDesign = fc.oneof(hostileDesign, damagedDesign);
const firstOccurrences = (design: Design): LayerNode[] => {
  const seen = new Set<string>();
  return design.nodes.filter((n) => !seen.has(n.id) && seen.add(n.id));
};
const product = (shape: readonly number[]): bigint =>
  shape.reduce((acc, d) => {
    if (!Number.isInteger(d) || d < 0) throw new Error(`weight shape [${shape.join(', ')}] has a dimension that is not a size: ${d}`);
    return acc * BigInt(d);
  }, 1n);

// ---------------------------------------------------------------------------------------------
// Checks shared by several properties

/** A plain assertion for the hot loops (vitest's expect is slow when called a million times). */
function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
const same = <T>(actual: T, expected: T, what: string) => check(actual === expected, `${what}: expected ${String(expected)}, got ${String(actual)}`);

const show = (v: unknown) => (typeof v === 'bigint' ? `${v}n` : JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)));

/** The path to the first difference, by toEqual's rules (an undefined property is a missing one), or undefined. */
function difference(actual: unknown, expected: unknown, path = ''): string | undefined {
  if (Object.is(actual, expected)) return undefined;
  const mismatch = `${path || '(root)'}: expected ${show(expected)}, got ${show(actual)}`;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return mismatch;
  if (Array.isArray(actual) !== Array.isArray(expected)) return mismatch;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return `${path}.length: expected ${expected.length}, got ${actual.length}`;
    for (let i = 0; i < actual.length; i++) {
      const d = difference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(e)])) {
    const d = difference(a[key], e[key], `${path}.${key}`);
    if (d) return d;
  }
  return undefined;
}
/** A deep equality check whose failure is cheap to build (shrinking may build thousands). */
const equal = (actual: unknown, expected: unknown, what: string) => {
  const d = difference(actual, expected);
  if (d) throw new Error(`${what} differs at ${d}`);
};

/** Property 1's invariants: a result per node, every problem placed on a node of the design. */
function checkWellFormed(design: Design, evaluation: Evaluation): void {
  const ids = new Set(design.nodes.map((n) => n.id));
  const unique = firstOccurrences(design);
  same(evaluation.results.length, unique.length, 'number of results');
  for (const node of unique) same(nodeResult(evaluation, node.id)?.id, node.id, `result of node '${node.id}'`);
  for (const r of evaluation.results)
    for (const problem of r.problems) {
      const where = JSON.stringify(problem);
      check(Array.isArray(problem.path) && problem.path.length > 0, `empty path: ${where}`);
      check(ids.has(problem.path[0]), `the path does not start with a node id: ${where}`);
      // A node's problems are about that node.
      same(problem.path[0], r.id, `first path element of a problem of '${r.id}'`);
      check(problem.path.every((part) => typeof part === 'string'), `a path element is not a string: ${where}`);
      check(typeof problem.message === 'string' && problem.message.trim() !== '', `empty message: ${where}`);
    }
  same(listProblems(evaluation).length, evaluation.results.reduce((n, r) => n + r.problems.length, 0), 'listProblems');
  resultsInDesignOrder(evaluation);
}

/** Property 2: params = trainable + nonTrainable = Σ non-buffer weights; counts = Π shape; totals = Σ nodes. */
function checkCounts(evaluation: Evaluation): void {
  const sums = { params: 0n, trainable: 0n, nonTrainable: 0n, uncounted: 0 };
  for (const r of evaluation.results) {
    if (r.params === null) {
      sums.uncounted++;
      check(r.trainable === null && r.nonTrainable === null && r.formula === null && r.outputs === null, `${r.id} is uncounted but has counts, a formula or outputs`);
      continue;
    }
    check(r.outputs !== null, `${r.id} is counted but has no outputs`);
    let trainable = 0n;
    let nonTrainable = 0n;
    for (const w of r.weights) {
      same(w.count, product(w.shape), `${r.id} (${r.type}) ${w.name} [${w.shape}] count`);
      if (w.role === 'trainable') trainable += w.count;
      else if (w.role === 'non-trainable') nonTrainable += w.count;
      else same(w.role, 'buffer', `${r.id} ${w.name} role`);
    }
    same(r.trainable, trainable, `${r.id} (${r.type}) trainable`);
    same(r.nonTrainable, nonTrainable, `${r.id} (${r.type}) nonTrainable`);
    same(r.params, trainable + nonTrainable, `${r.id} (${r.type}) params`);
    sums.params += r.params;
    sums.trainable += trainable;
    sums.nonTrainable += nonTrainable;
  }
  const t = evaluation.totals;
  same(t.params, sums.params, 'totals.params');
  same(t.trainable, sums.trainable, 'totals.trainable');
  same(t.nonTrainable, sums.nonTrainable, 'totals.nonTrainable');
  same(t.uncounted, sums.uncounted, 'totals.uncounted');
}

/** Property 3: `EXPR = N`, N grouped in thousands and equal to params, EXPR evaluating exactly to params. */
function checkFormulas(evaluation: Evaluation, counted?: Set<string>): void {
  for (const r of evaluation.results) {
    if (r.params === null) continue;
    counted?.add(r.type);
    const what = `${r.id} (${r.type}) '${r.formula}'`;
    check(typeof r.formula === 'string', `${what}: no formula`);
    if (r.formula === '0') {
      same(r.params, 0n, `${what}: params`);
      continue;
    }
    const match = /^(.+) = ([0-9,]+)$/.exec(r.formula);
    check(match, `${what} is not 'EXPR = N'`);
    same(parseGrouped(match[2]), r.params, `${what}: N`);
    same(evaluateFormula(match[1]), r.params, `${what}: EXPR`);
  }
}

// ---------------------------------------------------------------------------------------------

describe('the formula evaluator the properties use', () => {
  it.each([
    ['4 × [2(2+3) + 2]', 48n],
    ['2 × 3 × [5(5+8) + 5]', 420n],
    ['3×(3×3)×32 + 32', 896n],
    ['4 × [512×512 + 512]', 1_050_624n],
    ['4 × [8×8 + 8] + (8×32 + 32) + (32×8 + 8) + 2 × 2×8', 872n],
    ['0', 0n],
  ])('%s = %s', (expr, value) => expect(evaluateFormula(expr)).toBe(value));

  it.each(['1e+21', '2 ×', '(1 + 2', '1 + 2]', '3 - 1', '2 3', '1,000', ''])('refuses %j', (expr) =>
    expect(() => evaluateFormula(expr)).toThrow(),
  );

  it('reads grouped totals strictly', () => {
    expect(parseGrouped('1,000,000,001,000,000,000')).toBe(1_000_000_001_000_000_000n);
    expect(() => parseGrouped('1000,000')).toThrow();
    expect(() => parseGrouped('1,00')).toThrow();
  });
});

describe('1. the core never throws', () => {
  it('evaluates any design — hostile values, unknown types, bad wiring — to results and placed problems', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => {
        checkWellFormed(design, full(design, conv));
      }),
      { numRuns: 1000 },
    );
  });

  it('never lets a layer rule crash into "could not evaluate"', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => {
        for (const p of listProblems(full(design, conv))) check(!p.message.startsWith('could not evaluate'), `${p.path}: ${p.message}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('infers only sizes: every output dimension is null or a non-negative integer', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => {
        for (const r of full(design, conv).results)
          for (const t of r.outputs ?? [])
            for (const d of t.dims) check(d === null || (Number.isInteger(d) && d >= 0), `${r.id} (${r.type}) outputs [${t.dims}]`);
      }),
      { numRuns: 1000 },
    );
  });

  it('fails loudly: an uncounted node has a problem, or is blocked by a node that has one', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => {
        const evaluation = full(design, conv);
        for (const r of evaluation.results) {
          if (r.params !== null || r.problems.length) continue;
          check(r.blockedBy !== undefined, `${r.id} is uncounted with no problem and no blocker`);
          const blocker = nodeResult(evaluation, r.blockedBy);
          check(blocker?.problems.length, `${r.id} is blocked by '${r.blockedBy}', which has no problem`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  const explained = (evaluation: Evaluation, id: string) => {
    const r = nodeResult(evaluation, id)!;
    return r.problems.length > 0 || (r.blockedBy !== undefined && nodeResult(evaluation, r.blockedBy)!.problems.length > 0);
  };

  it('fails loudly: an edge from an output port the source does not have', () => {
    const design: Design = {
      nodes: [
        { id: 'in', type: 'Input', fields: { shape: [4] } },
        { id: 'd', type: 'Dense', fields: { units: 2 } },
      ],
      edges: [{ from: 'in', to: 'd', fromPort: 1 }],
    };
    const evaluation = full(design);
    expect(nodeResult(evaluation, 'd')!.params).toBeNull();
    expect(explained(evaluation, 'd')).toBe(true);
  });

  it('fails loudly: a node fed by a cycle through a node listed before the cycle', () => {
    const design: Design = {
      nodes: [
        { id: 'c', type: 'Dense' },
        { id: 'd', type: 'Dense' },
        { id: 'a', type: 'Dense' },
        { id: 'b', type: 'Dense' },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
        { from: 'b', to: 'd' },
        { from: 'd', to: 'c' },
      ],
    };
    const evaluation = full(design);
    for (const id of ['c', 'd']) expect(explained(evaluation, id), id).toBe(true);
  });
});

describe('2. counting is consistent', () => {
  it('on valid-ish designs', () => {
    fc.assert(
      fc.property(validishDesign(), convention, (design, conv) => checkCounts(full(design, conv))),
      { numRuns: 600 },
    );
  });

  it('on hostile designs', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => checkCounts(full(design, conv))),
      { numRuns: 600 },
    );
  });

  it('a frozen node never shows trainable weights', () => {
    fc.assert(
      fc.property(validishDesign(), convention, (design, conv) => {
        const evaluation = full(design, conv);
        for (const node of design.nodes) {
          const r = nodeResult(evaluation, node.id)!;
          if (node.trainable === false) equal(r.weights.filter((w) => w.role === 'trainable'), [], `${node.id}'s trainable weights`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('3. the worked formula is right', () => {
  it('EXPR = N with N = params and EXPR evaluating exactly to params; every weighted layer type is reached', () => {
    const counted = new Set<string>();
    fc.assert(
      fc.property(validishDesign(), convention, (design, conv) => checkFormulas(full(design, conv), counted)),
      { numRuns: 1500 },
    );
    // The property is not vacuous: the generator counts every layer type that has weights.
    const weighted = CATALOG.filter((s) => s.weights).map((s) => s.type);
    expect(weighted.filter((t) => !counted.has(t))).toEqual([]);
  });

  it('holds on hostile designs too', () => {
    fc.assert(
      fc.property(anyDesign, convention, (design, conv) => checkFormulas(full(design, conv))),
      { numRuns: 600 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Incremental = full

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

const snapshot = (e: Evaluation) => structuredClone({ results: e.results, totals: e.totals, order: e.topology.order });

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

// ---------------------------------------------------------------------------------------------

describe('5. freezing', () => {
  it('a frozen node has trainable 0 and nonTrainable = params; unfreezing restores the split', () => {
    let frozenWithTrainable = 0;
    fc.assert(
      fc.property(validishDesign(), convention, fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), (start, conv, mask) => {
        const base: Design = { nodes: start.nodes.map(({ trainable: _t, ...n }) => n), edges: start.edges };
        const baseline = full(base, conv);
        const frozenDesign: Design = { nodes: base.nodes.map((n, i) => (mask[i] ? { ...n, trainable: false } : n)), edges: base.edges };
        for (const frozen of [evaluateDesign(frozenDesign, { convention: conv }, baseline), full(frozenDesign, conv)]) {
          for (const [i, node] of base.nodes.entries()) {
            const before = nodeResult(baseline, node.id)!;
            const after = nodeResult(frozen, node.id)!;
            if (!mask[i]) {
              equal(after, before, `unfrozen ${node.id}`);
              continue;
            }
            same(after.params, before.params, `${node.id} params`);
            equal(after.outputs, before.outputs, `${node.id} outputs`);
            if (after.params === null) continue;
            if (before.trainable! > 0n) frozenWithTrainable++;
            same(after.trainable, 0n, `frozen ${node.id} trainable`);
            same(after.nonTrainable, after.params, `frozen ${node.id} nonTrainable`);
            equal(after.weights.map((w) => [w.name, w.shape, w.count]), before.weights.map((w) => [w.name, w.shape, w.count]), `frozen ${node.id} weights`);
            equal(after.weights.map((w) => w.role), before.weights.map((w) => (w.role === 'trainable' ? 'non-trainable' : w.role)), `frozen ${node.id} roles`);
          }
          expect(frozen.totals.params).toBe(baseline.totals.params);
        }
        const frozenEvaluation = evaluateDesign(frozenDesign, { convention: conv }, baseline);
        const unfrozen: Design = { nodes: frozenDesign.nodes.map((n) => (n.trainable === false ? { ...n, trainable: true } : n)), edges: base.edges };
        const restored = evaluateDesign(unfrozen, { convention: conv }, frozenEvaluation);
        equal(restored.results, baseline.results, 'unfrozen results');
        equal(restored.totals, baseline.totals, 'unfrozen totals');
      }),
      { numRuns: 300 },
    );
    expect(frozenWithTrainable).toBeGreaterThan(50);
  });
});

// ---------------------------------------------------------------------------------------------

describe('6. exact at any size', () => {
  const SAFE = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

  it('Dense(10^9) on an Input of [10^9] has exactly 1,000,000,001,000,000,000', () => {
    const result = nodeResult(full(chain([1e9], ['Dense', { units: 1e9 }])), 'n0')!;
    expect(result.params).toBe(1_000_000_001_000_000_000n);
    expect(result.trainable).toBe(1_000_000_001_000_000_000n);
    expect(result.formula).toBe('1000000000×1000000000 + 1000000000 = 1,000,000,001,000,000,000');
  });

  it('Dense is exact for any safe sizes, in both conventions', () => {
    fc.assert(
      fc.property(SAFE, SAFE, fc.boolean(), convention, (i, o, bias, conv) => {
        const result = nodeResult(full(chain([null, i], ['Dense', { units: o, use_bias: bias }]), conv), 'n0')!;
        expect(result.params).toBe(BigInt(i) * BigInt(o) + (bias ? BigInt(o) : 0n));
        checkFormulas(full(chain([null, i], ['Dense', { units: o, use_bias: bias }]), conv));
      }),
    );
  });

  it('Conv2D with huge channels and filters is exact', () => {
    fc.assert(
      fc.property(SAFE, SAFE, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), convention, (c, f, kh, kw, conv) => {
        const design = chain([8, 8, c], ['Conv2D', { filters: f, kernel_size: [kh, kw] }]);
        const evaluation = full(design, conv);
        expect(nodeResult(evaluation, 'n0')!.params).toBe(BigInt(c) * BigInt(kh * kw) * BigInt(f) + BigInt(f));
        checkFormulas(evaluation);
      }),
    );
  });

  it('totals of many huge layers are exact', () => {
    fc.assert(
      fc.property(SAFE, fc.array(SAFE, { minLength: 2, maxLength: 30 }), (input, units) => {
        const design = chain([input], ...units.map((u): [string, Record<string, FieldValue>] => ['Dense', { units: u }]));
        let expected = 0n;
        let last = BigInt(input);
        for (const u of units) (expected += last * BigInt(u) + BigInt(u)), (last = BigInt(u));
        const evaluation = full(design);
        expect(evaluation.totals.params).toBe(expected);
        expect(evaluation.totals.trainable).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('a Dense after Flatten past 2^53 is never counted wrong: exactly, or refused with a problem', () => {
    // 67,108,865² × 3 = 13,510,799,284,764,675 features: not a float.
    const side = 2 ** 26 + 1;
    const evaluation = full(chain([side, side, 3], ['Flatten'], ['Dense', { units: 1 }]));
    const dense = nodeResult(evaluation, 'n1')!;
    if (dense.params !== null) expect(dense.params).toBe(BigInt(side) * BigInt(side) * 3n + 1n);
    else expect(listProblems(evaluation).length).toBeGreaterThan(0);
  });

  it('a Conv2DTranspose whose dilated kernel spans past 2^53 gets its output size exactly, or refuses', () => {
    // span = 3 + 2 × 2^52 = 2^53 + 3, odd; Keras's length: (5 − 1)·1 + span − 2⌊span/2⌋ + 0 = 5.
    const dilation = 2 ** 52 + 1;
    for (const conv of ['keras', 'pytorch'] as const) {
      const design = chain([5, 5, 1], ['Conv2DTranspose', { filters: 1, kernel_size: 3, padding: 'same', output_padding: [0, 0], dilation_rate: dilation }]);
      const result = nodeResult(full(design, conv), 'n0')!;
      if (result.outputs) expect(result.outputs[0].dims, conv).toEqual([5, 5, 1]);
      else expect(result.problems.length, conv).toBeGreaterThan(0);
    }
  });

  it('a Reshape of more than 2^53 values decides on the exact total, or refuses without misquoting it', () => {
    // 134,217,729² = 18,014,398,777,917,441 values: odd, so (-1, 2^28) is impossible and (-1, 134,217,729) is fine.
    const side = 2 ** 27 + 1;
    const total = (BigInt(side) * BigInt(side)).toString();
    const reshape = (target: number[]) => nodeResult(full(chain([side, side], ['Reshape', { target_shape: target }])), 'n0')!;
    const impossible = reshape([-1, 2 ** 28]);
    expect(impossible.outputs, 'an impossible reshape is accepted').toBeNull();
    const fine = reshape([-1, side]);
    if (fine.outputs) expect(fine.outputs[0].dims).toEqual([side, side]);
    for (const p of [...impossible.problems, ...fine.problems])
      for (const number of p.message.match(/[0-9]{16,}/g) ?? []) expect(number, `misquoted in '${p.message}'`).toBe(total);
  });

  /** The tensors feeding the node at position p, when they are all known. */
  const inputsOf = (evaluation: Evaluation, p: number) =>
    evaluation.topology.incoming[p].map(({ source, fromPort }) => evaluation.results[source]?.outputs?.[fromPort]);
  const safe = (d: number | null) => d === null || Number.isSafeInteger(d);

  it('a layer given exact (safe) input sizes and huge field values keeps safe weight shapes and an exact formula', () => {
    fc.assert(
      fc.property(validishDesign({ huge: true }), convention, (design, conv) => {
        const evaluation = full(design, conv);
        evaluation.results.forEach((r, p) => {
          if (r.params === null || !inputsOf(evaluation, p).every((t) => t?.dims.every(safe))) return;
          for (const w of r.weights)
            check(w.shape.every((d) => Number.isSafeInteger(d)), `${r.id} (${r.type}) ${w.name}: [${w.shape}] is not exact`);
          checkFormulas({ ...evaluation, results: [r] });
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('no counted layer outputs a size past 2^53 (it would be rounded): it reports a problem instead', () => {
    fc.assert(
      fc.property(validishDesign({ huge: true }), convention, (design, conv) => {
        const evaluation = full(design, conv);
        evaluation.results.forEach((r, p) => {
          if (r.params === null || !inputsOf(evaluation, p).every((t) => t?.dims.every(safe))) return;
          for (const t of r.outputs!) check(t.dims.every(safe), `${r.id} (${r.type}) outputs [${t.dims}], past 2^53`);
        });
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('7. one bad node marks only itself and what depends on it', () => {
  it('the other branch and everything upstream are untouched; everything downstream is blocked by it, silently', () => {
    const twoBranches = fc
      .tuple(chainDesign('a', { maxLayers: 6 }), chainDesign('b', { maxLayers: 6 }), fc.boolean())
      .map(([a, b, aFirst]) => ({ a, b, design: { nodes: aFirst ? [...a.nodes, ...b.nodes] : [...b.nodes, ...a.nodes], edges: [...a.edges, ...b.edges] } }));
    fc.assert(
      fc.property(twoBranches, fc.nat(), fc.nat(), convention, ({ a, b, design }, pickNode, pickField, conv) => {
        const candidates = a.nodes.filter((n) => layerSpec(n.type)!.fields.length > 0);
        const bad = candidates[pickNode % candidates.length];
        const fields = layerSpec(bad.type)!.fields;
        const field = fields[pickField % fields.length];
        const badNode = { ...bad, fields: { ...bad.fields, [field.name]: invalidValue(field) } };
        const badDesign: Design = { nodes: design.nodes.map((n) => (n === bad ? badNode : n)), edges: design.edges };
        const withoutBad: Design = {
          nodes: design.nodes.filter((n) => n !== bad),
          edges: design.edges.filter((e) => e.from !== bad.id && e.to !== bad.id),
        };
        const good = full(design, conv);
        const broken = full(badDesign, conv);
        const removed = full(withoutBad, conv);
        equal(evaluateDesign(badDesign, { convention: conv }, good).results, broken.results, 'incremental vs full');

        const own = nodeResult(broken, bad.id)!;
        same(own.params, null, `bad ${bad.id} params`);
        check(own.problems.some((p) => p.path[0] === bad.id && p.path[1] === field.name), `no problem at [${bad.id}, ${field.name}]`);

        const at = a.nodes.indexOf(bad);
        for (const node of a.nodes.slice(0, at)) equal(nodeResult(broken, node.id), nodeResult(good, node.id), `upstream ${node.id}`);
        for (const node of a.nodes.slice(at + 1)) {
          const r = nodeResult(broken, node.id)!;
          same(r.params, null, `downstream ${node.id} params`);
          same(r.blockedBy, bad.id, `downstream ${node.id} blockedBy`);
          equal(r.problems, [], `downstream ${node.id} problems`);
        }
        for (const node of b.nodes) {
          equal(nodeResult(broken, node.id), nodeResult(good, node.id), `other branch ${node.id} vs the good design`);
          equal(nodeResult(broken, node.id), nodeResult(removed, node.id), `other branch ${node.id} vs the design without the bad node`);
        }
      }),
      { numRuns: 400 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('8. messages', () => {
  const problemsOf = (evaluation: Evaluation, id: string) => nodeResult(evaluation, id)!.problems;

  it('a zero unit count names the field and the value', () => {
    const evaluation = full(chain([null, 8], ['Dense', { units: 0 }]));
    expect(problemsOf(evaluation, 'n0')).toEqual([{ path: ['n0', 'units'], message: 'units must be a positive integer, got 0' }]);
  });

  it('a NaN unit count is shown as NaN, not as null', () => {
    const evaluation = full(chain([null, 8], ['Dense', { units: NaN }]));
    expect(problemsOf(evaluation, 'n0')).toEqual([{ path: ['n0', 'units'], message: 'units must be a positive integer, got NaN' }]);
  });

  it('an Add of (None, 5) and (None, 6) shows both shapes', () => {
    for (const conv of ['keras', 'pytorch'] as const) {
      const design: Design = {
        nodes: [
          { id: 'x', type: 'Input', fields: { shape: [5] } },
          { id: 'y', type: 'Input', fields: { shape: [6] } },
          { id: 'add', type: 'Add' },
        ],
        edges: [
          { from: 'x', to: 'add' },
          { from: 'y', to: 'add' },
        ],
      };
      const [problem, ...rest] = problemsOf(full(design, conv), 'add');
      expect(rest).toEqual([]);
      expect(problem.path).toEqual(['add']);
      expect(problem.message).toBe('Add needs equal shapes: (None, 5) vs (None, 6)');
    }
  });

  it('a cycle is reported on the nodes that form it', () => {
    const design: Design = {
      nodes: [
        { id: 'in', type: 'Input', fields: { shape: [4] } },
        { id: 'a', type: 'Add' },
        { id: 'b', type: 'Dense' },
      ],
      edges: [
        { from: 'in', to: 'a' },
        { from: 'b', to: 'a' },
        { from: 'a', to: 'b' },
      ],
    };
    const evaluation = full(design);
    for (const id of ['a', 'b']) {
      expect(nodeResult(evaluation, id)!.params).toBeNull();
      expect(problemsOf(evaluation, id).some((p) => p.path[0] === id && /cycle/.test(p.message)), id).toBe(true);
    }
    expect(problemsOf(evaluation, 'in')).toEqual([]);
  });

  it('an unconnected Dense says it needs an input', () => {
    const evaluation = full({ nodes: [{ id: 'd', type: 'Dense', fields: { units: 4 } }], edges: [] });
    const [problem, ...rest] = problemsOf(evaluation, 'd');
    expect(rest).toEqual([]);
    expect(problem.path).toEqual(['d', 'inputs']);
    expect(problem.message).toBe('Dense needs 1 input, has 0');
    expect(problem.hint).toMatch(/connect/);
  });

  it('Flatten after an Input with a None axis is a problem at the Flatten', () => {
    const evaluation = full(chain([null, 8], ['Flatten'], ['Dense', { units: 2 }]));
    const [problem, ...rest] = problemsOf(evaluation, 'n0');
    expect(rest).toEqual([]);
    expect(problem.path[0]).toBe('n0');
    expect(problem.message).toMatch(/Flatten/);
    expect(problem.message).toMatch(/None/);
    expect(problemsOf(evaluation, 'input')).toEqual([]);
    expect(nodeResult(evaluation, 'n1')!.blockedBy).toBe('n0');
  });

  describe('a Concatenate of a same-padded 32×32 conv and a valid 3×3 conv named conv3 hints at padding', () => {
    const design = (sameFilters: number, validFilters: number, validFirst: boolean): Design => ({
      nodes: [
        { id: 'in', type: 'Input', fields: { shape: [32, 32, 3] } },
        { id: 's', name: 'conv_same', type: 'Conv2D', fields: { filters: sameFilters, kernel_size: 3, padding: 'same' } },
        { id: 'v', name: 'conv3', type: 'Conv2D', fields: { filters: validFilters, kernel_size: 3, padding: 'valid' } },
        { id: 'cat', type: 'Concatenate' },
      ],
      edges: [
        { from: 'in', to: 's' },
        { from: 'in', to: 'v' },
        { from: validFirst ? 'v' : 's', to: 'cat' },
        { from: validFirst ? 's' : 'v', to: 'cat' },
      ],
    });
    it.each([
      [16, 16, false],
      [16, 16, true],
      [64, 8, false],
      [8, 64, false],
      [8, 64, true],
    ])('same conv with %i filters, valid conv with %i, valid conv first: %s', (sameFilters, validFilters, validFirst) => {
      const evaluation = full(design(sameFilters, validFilters, validFirst));
      expect(nodeResult(evaluation, 'v')!.outputs![0].dims).toEqual([30, 30, validFilters]);
      const [problem, ...rest] = problemsOf(evaluation, 'cat');
      expect(rest).toEqual([]);
      expect(problem.path[0]).toBe('cat');
      expect(problem.hint).toMatch(/padding='same'/);
      expect(problem.hint).toMatch(/conv3/);
    });
  });
});
