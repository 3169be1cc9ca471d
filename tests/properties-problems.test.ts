// Properties 7 and 8: one bad node marks only itself and what depends on it, and problems say what
// is wrong, where. Shared checks and fast-check's configuration: property-helpers.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerSpec } from '../src/shared/catalog';
import type { Design } from '../src/shared/design';
import { evaluateDesign, nodeResult, type Evaluation } from '../src/shared/evaluate';
import { chainDesign } from './arbitraries/designs';
import { convention, invalidValue } from './arbitraries/fields';
import { chain } from './helpers';
import { check, equal, full, same } from './property-helpers';

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
