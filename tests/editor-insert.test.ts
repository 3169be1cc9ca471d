// Adding into a graph (src/shared/edit/insert.ts): after a layer, rewired; onto an edge, spliced; a pasted copy beside its originals.
import { describe, expect, it } from 'vitest';
import type { LayerNode } from '../src/shared/design';
import { insertAfter, spliceIntoEdge } from '../src/shared/edit/insert';
import { NODE_SIZE } from '../src/shared/edit/auto-layout';
import { edgeKeys, pasteOffset } from '../src/shared/edit/sketch-edits';
import type { Sketch } from '../src/shared/sketch';
import { evaluate } from './helpers';

const node = (id: string, type: string, extra: Partial<LayerNode> = {}): LayerNode => ({ id, type, ...extra });

/** input(4) → a (Dense 3) → b (Dense 2), and a → cat ← input: a feeds two layers. */
const graph = (): Sketch => ({
  name: 'graph',
  convention: 'keras',
  design: {
    nodes: [node('input', 'Input', { fields: { shape: [4] } }), node('a', 'Dense', { fields: { units: 3 } }), node('b', 'Dense', { fields: { units: 2 } }), node('cat', 'Concatenate')],
    edges: [{ from: 'input', to: 'a' }, { from: 'a', to: 'b' }, { from: 'input', to: 'cat' }, { from: 'a', to: 'cat' }],
  },
  layout: { input: { x: 0, y: 0 }, a: { x: 0, y: 100 }, b: { x: 0, y: 200 }, cat: { x: 300, y: 200 } },
});

describe('insertAfter', () => {
  it('puts the new layer between a mid-chain layer and everything it fed, keeping input order', () => {
    const { sketch, id } = insertAfter(graph(), 'Dropout', 'a', { x: 0, y: 200 }, 120);
    expect(id).toBe('dropout');
    expect(sketch.design.edges).toEqual([
      { from: 'input', to: 'a' },
      { from: 'dropout', to: 'b' },
      { from: 'input', to: 'cat' },
      { from: 'dropout', to: 'cat' }, // still Concatenate's second input
      { from: 'a', to: 'dropout' },
    ]);
  });

  it('moves the layers below down by the step, and leaves those above', () => {
    const { sketch } = insertAfter(graph(), 'Dropout', 'a', { x: 0, y: 200 }, 120);
    expect(sketch.layout).toMatchObject({ input: { x: 0, y: 0 }, a: { x: 0, y: 100 }, b: { x: 0, y: 320 }, cat: { x: 300, y: 320 }, dropout: { x: 0, y: 200 } });
  });

  it('keeps the count: a Dropout after a Dense changes no parameter (4·3+3 + 3·2+2 = 23)', () => {
    const before = evaluate(graph().design);
    const after = evaluate(insertAfter(graph(), 'Dropout', 'a', { x: 0, y: 200 }, 120).sketch.design);
    expect(before.totals.params).toBe(23n);
    expect(after.totals.params).toBe(23n);
    expect(after.results.flatMap((r) => r.problems)).toEqual([]);
  });

  it('wires a layer at the end of a chain to it, moving nothing', () => {
    const { sketch, id } = insertAfter(graph(), 'Dense', 'b', { x: 0, y: 300 }, 120);
    expect(sketch.design.edges.at(-1)).toEqual({ from: 'b', to: id });
    expect(sketch.layout.cat).toEqual({ x: 300, y: 200 });
  });

  it('adds a layer that takes no input unconnected, leaving the graph and its layout as they were', () => {
    const start = graph();
    const { sketch, id } = insertAfter(start, 'Input', 'a', { x: 0, y: 200 }, 120);
    expect(sketch.design.edges).toEqual(start.design.edges);
    expect(sketch.layout.b).toEqual(start.layout.b);
    expect(sketch.design.nodes.map((n) => n.id)).toContain(id);
  });
});

describe('spliceIntoEdge', () => {
  it('replaces from → to by from → new → to, in the same place among to’s inputs', () => {
    const start = graph();
    const key = edgeKeys(start.design.edges)[3]; // a → cat
    const { sketch, id } = spliceIntoEdge(start, 'Dense', key, { x: 150, y: 150 }, 120);
    expect(sketch.design.edges).toEqual([
      { from: 'input', to: 'a' },
      { from: 'a', to: 'b' },
      { from: 'input', to: 'cat' },
      { from: id, to: 'cat' },
      { from: 'a', to: id },
    ]);
    // Below `a`; `cat` moves down to make room, `b` (not after the edge) stays.
    expect(sketch.layout).toMatchObject({ [id]: { x: 0, y: 220 }, cat: { x: 300, y: 320 }, b: { x: 0, y: 200 } });
  });

  it('keeps the output port the edge read', () => {
    const start: Sketch = { ...graph(), design: { ...graph().design, edges: [{ from: 'input', to: 'a' }, { from: 'a', fromPort: 1, to: 'b' }] } };
    const { sketch, id } = spliceIntoEdge(start, 'Dropout', edgeKeys(start.design.edges)[1], { x: 0, y: 0 }, 120);
    expect(sketch.design.edges).toContainEqual({ from: 'a', fromPort: 1, to: id });
    expect(sketch.design.edges).toContainEqual({ from: id, to: 'b' });
  });

  it('adds the layer unconnected when it cannot sit on the edge, or the edge is gone', () => {
    const start = graph();
    expect(spliceIntoEdge(start, 'Input', edgeKeys(start.design.edges)[1], { x: 0, y: 0 }, 120).sketch.design.edges).toEqual(start.design.edges);
    expect(spliceIntoEdge(start, 'Dense', 'nowhere', { x: 0, y: 0 }, 120).sketch.design.edges).toEqual(start.design.edges);
  });
});

describe('pasteOffset', () => {
  it('puts a copy beside its originals, clear of them, and further right while something is there', () => {
    const { layout } = graph(); // input, a, b at x 0; cat at x 300
    const picked = { a: layout.a, b: layout.b };
    // Beside a/b: one node width and a 40 px gap to the right, where cat (300, 200) would overlap b's copy.
    const first = NODE_SIZE.width + 40;
    const { x, y } = pasteOffset(layout, picked);
    expect(y).toBe(0);
    expect(x).toBeGreaterThanOrEqual(first);
    for (const p of Object.values(picked))
      for (const q of Object.values(layout)) expect(Math.abs(q.x - p.x - x) >= NODE_SIZE.width || Math.abs(q.y - p.y) >= NODE_SIZE.height).toBe(true);
  });
});
