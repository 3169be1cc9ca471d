// The editor's pure edits (src/shared/edit): refusing edges, edits that never mutate their input,
// copy / paste, names and the auto-layout. Expected values follow from the rules in the comments.
import { describe, expect, it } from 'vitest';
import { layerSpec } from '../src/shared/catalog';
import type { Design, Edge, LayerNode } from '../src/shared/design';
import { autoLayout, completeLayout, NODE_SIZE } from '../src/shared/edit/auto-layout';
import { refuseEdge } from '../src/shared/edit/connect';
import { freshId, snakeCase } from '../src/shared/edit/names';
import * as edits from '../src/shared/edit/sketch-edits';
import { emptySketch, type Sketch } from '../src/shared/sketch';
import { evaluate } from './helpers';

/** Freezes every object and array reachable from `value`: a mutation then throws (modules are strict). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const node = (id: string, type: string, extra: Partial<LayerNode> = {}): LayerNode => ({ id, type, ...extra });

/** input → a (Dense) → b (Dense) → c (Dense), laid out in a column. */
const column = (): Sketch => ({
  name: 'column',
  convention: 'keras',
  design: {
    nodes: [node('input', 'Input', { fields: { shape: [4] } }), node('a', 'Dense'), node('b', 'Dense'), node('c', 'Dense')],
    edges: [{ from: 'input', to: 'a' }, { from: 'a', to: 'b' }, { from: 'b', to: 'c' }],
  },
  layout: { input: { x: 0, y: 0 }, a: { x: 0, y: 100 }, b: { x: 0, y: 200 }, c: { x: 0, y: 300 } },
});

describe('refuseEdge', () => {
  const design: Design = {
    nodes: [node('input', 'Input'), node('x', 'Dense', { name: 'encoder' }), node('y', 'Dense'), node('add', 'Add'), node('cat', 'Concatenate')],
    edges: [{ from: 'input', to: 'x' }],
  };

  it('refuses a layer feeding itself', () => {
    expect(refuseEdge(design, { from: 'y', to: 'y' })).toContain('cannot feed itself');
  });

  it('refuses any edge into an Input (it takes no inputs)', () => {
    expect(refuseEdge(design, { from: 'y', to: 'input' })).toContain('takes no inputs');
  });

  it('refuses a second edge into a single-input layer, naming the source it already has', () => {
    // x (Dense, at most one input) is fed by 'input'; a second edge from y must be refused and say
    // which one it already has, by its display name ('input' has no name, so its id).
    const refused = refuseEdge(design, { from: 'y', to: 'x' });
    expect(refused).toContain("already has one, from 'input'");
  });

  it('names the existing source by its name when it has one', () => {
    // y is fed by x, whose name is 'encoder': the message shows 'encoder', not the id 'x'.
    const fed: Design = { ...design, edges: [...design.edges, { from: 'x', to: 'y' }] };
    expect(refuseEdge(fed, { from: 'input', to: 'y' })).toContain("from 'encoder'");
  });

  it('refuses an edge that would close a cycle, and says so', () => {
    // input → add → y; y → add would make add → y → add.
    const loop: Design = { ...design, edges: [{ from: 'input', to: 'add' }, { from: 'add', to: 'y' }] };
    expect(refuseEdge(loop, { from: 'y', to: 'add' })).toMatch(/cycle/);
  });

  it('refuses edges whose ends are not nodes of the design', () => {
    expect(refuseEdge(design, { from: 'ghost', to: 'y' })).toBeDefined();
    expect(refuseEdge(design, { from: 'y', to: 'ghost' })).toBeDefined();
  });

  it('accepts many edges into Add and Concatenate, including the same source twice', () => {
    // Add and Concatenate take any number of inputs (max ∞), so each new edge is accepted.
    for (const target of ['add', 'cat']) {
      let current = design;
      for (const from of ['input', 'x', 'y', 'x', 'input']) {
        const edge = { from, to: target };
        expect(refuseEdge(current, edge), `${from} → ${target}`).toBeUndefined();
        current = { ...current, edges: [...current.edges, edge] };
      }
    }
  });

  it('accepts a valid edge into an unfed single-input layer', () => {
    expect(refuseEdge(design, { from: 'x', to: 'y' })).toBeUndefined();
  });
});

describe('edits never mutate the sketch they are given', () => {
  const cases: [string, (s: Sketch) => unknown][] = [
    ['addLayer', (s) => edits.addLayer(s, 'Dense', { x: 5, y: 5 }, 'c')],
    ['connect', (s) => edits.connect(s, { from: 'a', to: 'c' })],
    ['removeElements', (s) => edits.removeElements(s, ['b'], edits.edgeKeys(s.design.edges).slice(0, 1))],
    ['setField', (s) => edits.setField(s, 'a', ['units'], 7)],
    ['setField (nested path)', (s) => edits.setField(s, 'a', ['layer', 'units'], 7)],
    ['setNodeProps', (s) => edits.setNodeProps(s, 'a', { name: 'enc', trainable: false })],
    ['moveNodes', (s) => edits.moveNodes(s, { a: { x: 1, y: 2 } })],
    ['copyFragment', (s) => edits.copyFragment(s, ['a', 'b'])],
    ['pasteFragment', (s) => edits.pasteFragment(s, edits.copyFragment(column(), ['a', 'b']), { x: 10, y: 10 })],
  ];
  for (const [name, edit] of cases)
    it(`${name} leaves a deep-frozen input unchanged`, () => {
      const before = column();
      const frozen = deepFreeze(column());
      expect(() => edit(frozen)).not.toThrow();
      expect(frozen).toEqual(before);
    });
});

describe('addLayer and connect', () => {
  it('adds a layer storing what an import stores (its required fields), under a fresh snake_case id, wired after the given node', () => {
    const { sketch, id } = edits.addLayer(column(), 'Dense', { x: 3, y: 4 }, 'c');
    // No node is called 'dense' yet, so the id is the bare snake_case type.
    expect(id).toBe('dense');
    const added = sketch.design.nodes.find((n) => n.id === id)!;
    // One default policy (README): Dense's one required field, units; use_bias and activation read as their defaults.
    expect(added.fields).toEqual({ units: layerSpec('Dense')!.fields.find((f) => f.name === 'units')!.default });
    expect(sketch.design.edges.at(-1)).toEqual({ from: 'c', to: 'dense' });
    expect(sketch.layout.dense).toEqual({ x: 3, y: 4 });
  });

  it('setting a field to its default leaves it out, as an import would; a required one stays', () => {
    const { sketch, id } = edits.addLayer(column(), 'Dense', { x: 0, y: 0 });
    const off = edits.setField(sketch, id, ['use_bias'], false);
    expect(off.design.nodes.find((n) => n.id === id)!.fields).toEqual({ units: 32, use_bias: false });
    const back = edits.setField(off, id, ['use_bias'], true);
    expect(back.design.nodes.find((n) => n.id === id)!.fields).toEqual({ units: 32 });
    expect(edits.setField(back, id, ['units'], 32).design.nodes.find((n) => n.id === id)!.fields).toEqual({ units: 32 });
  });

  it('adds the layer unwired when the edge after the given node would be refused', () => {
    // An Input takes no inputs, so 'c' → new Input is refused and no edge is added.
    const before = column();
    const { sketch, id } = edits.addLayer(before, 'Input', { x: 0, y: 0 }, 'c');
    expect(id).toBe('input_1');
    expect(sketch.design.edges).toEqual(before.design.edges);
  });

  it('connect returns the refusal instead of a sketch for a refused edge', () => {
    const result = edits.connect(column(), { from: 'c', to: 'a' });
    // a already has its one input (from 'input'), which is checked before the cycle c → a would make.
    expect('refused' in result && result.refused).toContain("already has one, from 'input'");
  });

  it('counts a 3 → 5 → 2 feed-forward network built with these edits as 3·5+5 + 5·2+2 = 32', () => {
    let sketch = edits.setField(emptySketch(), 'input', ['shape'], [3]);
    const first = edits.addLayer(sketch, 'Dense', { x: 0, y: 100 }, 'input');
    sketch = edits.setField(first.sketch, first.id, ['units'], 5);
    const second = edits.addLayer(sketch, 'Dense', { x: 0, y: 200 });
    const wired = edits.connect(second.sketch, { from: first.id, to: second.id });
    if (!('sketch' in wired)) throw new Error(wired.refused);
    sketch = edits.setField(wired.sketch, second.id, ['units'], 2);
    expect(evaluate(sketch.design).totals.params).toBe(32n);
  });
});

describe('setField', () => {
  it('keeps the same edges array and replaces only the edited node object', () => {
    const before = column();
    const after = edits.setField(before, 'b', ['units'], 9);
    expect(after.design.edges).toBe(before.design.edges);
    const [input, a, b, c] = after.design.nodes;
    expect(input).toBe(before.design.nodes[0]);
    expect(a).toBe(before.design.nodes[1]);
    expect(c).toBe(before.design.nodes[3]);
    expect(b).not.toBe(before.design.nodes[2]);
    expect(b.fields).toEqual({ units: 9 });
  });

  it('sets a field of a wrapped layer through a nested path, keeping its siblings', () => {
    const sketch: Sketch = {
      ...emptySketch(),
      design: {
        nodes: [node('bi', 'Bidirectional', { fields: { layer: { type: 'LSTM', fields: { units: 32, use_bias: false } }, merge_mode: 'sum' } })],
        edges: [],
      },
    };
    const after = edits.setField(sketch, 'bi', ['layer', 'units'], 64);
    expect(after.design.nodes[0].fields).toEqual({ layer: { type: 'LSTM', fields: { units: 64, use_bias: false } }, merge_mode: 'sum' });
  });
});

describe('setNodeProps and moveNodes', () => {
  it('stores a name and trainable: false, and drops a blank name and trainable: true', () => {
    const named = edits.setNodeProps(column(), 'a', { name: 'encoder', trainable: false });
    expect(named.design.nodes[1]).toEqual({ id: 'a', type: 'Dense', name: 'encoder', trainable: false });
    const cleared = edits.setNodeProps(named, 'a', { name: '   ', trainable: true });
    expect(cleared.design.nodes[1]).toEqual({ id: 'a', type: 'Dense' });
  });

  it('moves only the given nodes and keeps the design object', () => {
    const before = column();
    const after = edits.moveNodes(before, { b: { x: 50, y: 60 } });
    expect(after.layout).toEqual({ ...before.layout, b: { x: 50, y: 60 } });
    expect(after.design).toBe(before.design);
  });
});

describe('edgeKeys and removeElements', () => {
  const twice: Sketch = {
    ...emptySketch(),
    design: {
      nodes: [node('input', 'Input'), node('x', 'Dense'), node('add', 'Add')],
      edges: [{ from: 'input', to: 'x' }, { from: 'x', to: 'add' }, { from: 'x', to: 'add' }],
    },
  };

  it('gives two identical edges (Add(x, x)) different keys', () => {
    const keys = edits.edgeKeys(twice.design.edges);
    expect(new Set(keys).size).toBe(3);
    expect(keys[1]).not.toBe(keys[2]);
  });

  it('tells apart edges that differ only in the output port they read', () => {
    const [k0, k1] = edits.edgeKeys([{ from: 'x', to: 'add' }, { from: 'x', to: 'add', fromPort: 1 } satisfies Edge]);
    expect(k0).not.toBe(k1);
  });

  it('removes one of two identical edges by its key', () => {
    const keys = edits.edgeKeys(twice.design.edges);
    const after = edits.removeElements(twice, [], [keys[2]]);
    expect(after.design.edges).toEqual(twice.design.edges.slice(0, 2));
  });

  it('removes nodes with every edge touching them, and their positions', () => {
    // Removing b from input → a → b → c leaves a → b and b → c dangling: both go.
    const after = edits.removeElements(column(), ['b']);
    expect(after.design.nodes.map((n) => n.id)).toEqual(['input', 'a', 'c']);
    expect(after.design.edges).toEqual([{ from: 'input', to: 'a' }]);
    expect(Object.keys(after.layout).sort()).toEqual(['a', 'c', 'input']);
  });
});

describe('copyFragment and pasteFragment', () => {
  const named = (): Sketch => edits.setNodeProps(column(), 'b', { name: 'hidden' });

  it('copies the picked nodes, the edges between them only, and their positions', () => {
    const fragment = edits.copyFragment(named(), ['a', 'b']);
    expect(fragment.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    // input → a and b → c each have one end outside the selection.
    expect(fragment.edges).toEqual([{ from: 'a', to: 'b' }]);
    expect(fragment.layout).toEqual({ a: { x: 0, y: 100 }, b: { x: 0, y: 200 } });
  });

  it('pastes under fresh unique ids, without names, with inner edges only, offset', () => {
    const sketch = named();
    const { sketch: after, ids } = edits.pasteFragment(sketch, edits.copyFragment(sketch, ['a', 'b']), { x: 30, y: -20 });
    // 'a' and 'b' are taken, so freshId numbers them: a_1, b_1.
    expect(ids).toEqual(['a_1', 'b_1']);
    const allIds = after.design.nodes.map((n) => n.id);
    expect(new Set(allIds).size).toBe(allIds.length);
    const pasted = after.design.nodes.slice(-2);
    expect(pasted).toEqual(['a_1', 'b_1'].map((id) => ({ id, type: 'Dense' }))); // b's name 'hidden' is gone
    expect(after.design.edges.slice(sketch.design.edges.length)).toEqual([{ from: 'a_1', to: 'b_1' }]);
    expect(after.layout.a_1).toEqual({ x: 30, y: 80 });
    expect(after.layout.b_1).toEqual({ x: 30, y: 180 });
  });

  it('numbers a pasted copy of a numbered id from its base (dense_1 → dense_2, not dense_1_1)', () => {
    let sketch = edits.addLayer(emptySketch(), 'Dense', { x: 0, y: 0 }).sketch;
    sketch = edits.addLayer(sketch, 'Dense', { x: 0, y: 0 }).sketch; // dense, dense_1
    const { ids } = edits.pasteFragment(sketch, edits.copyFragment(sketch, ['dense_1']), { x: 0, y: 0 });
    expect(ids).toEqual(['dense_2']);
  });
});

describe('names', () => {
  it('freshId returns the base when free, else the first free base_k', () => {
    expect(freshId('dense', new Set())).toBe('dense');
    expect(freshId('dense', new Set(['dense', 'dense_1', 'dense_3']))).toBe('dense_2');
  });

  it('snakeCase follows Keras for words and acronyms', () => {
    expect(snakeCase('Dense')).toBe('dense');
    expect(snakeCase('BatchNormalization')).toBe('batch_normalization');
    expect(snakeCase('LSTM')).toBe('lstm');
    expect(snakeCase('MultiHeadAttention')).toBe('multi_head_attention');
    // Keras's to_snake_case: ReLU → re_lu, PReLU → p_re_lu.
    expect(snakeCase('ReLU')).toBe('re_lu');
    expect(snakeCase('PReLU')).toBe('p_re_lu');
  });

  // Keras's to_snake_case splits only before a capitalised word, so a digit stays with the capital after it.
  it('snakeCase keeps a digit with the capital after it, as Keras does (Conv2D → conv2d)', () => {
    expect(snakeCase('Conv2D')).toBe('conv2d');
    expect(snakeCase('GlobalAveragePooling2D')).toBe('global_average_pooling2d');
    expect(snakeCase('Conv2DTranspose')).toBe('conv2d_transpose');
  });
});

describe('autoLayout', () => {
  // input → four Dense side by side → Concatenate, plus a node with no edges and an edge to a ghost.
  const branches = ['b0', 'b1', 'b2', 'b3'];
  const design: Design = {
    nodes: [node('input', 'Input'), ...branches.map((id) => node(id, 'Dense')), node('cat', 'Concatenate'), node('loose', 'Dense')],
    edges: [...branches.flatMap((id) => [{ from: 'input', to: id }, { from: id, to: 'cat' }]), { from: 'loose', to: 'ghost' }],
  };
  const layout = autoLayout(design);

  it('positions every node', () => {
    expect(Object.keys(layout).sort()).toEqual(design.nodes.map((n) => n.id).sort());
    for (const p of Object.values(layout)) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  });

  it('places every node fully below each of its inputs', () => {
    // Ranked top to bottom: a node starts at least one node height below where its input starts.
    for (const e of design.edges.filter((e) => e.to in layout))
      expect(layout[e.to].y, `${e.from} → ${e.to}`).toBeGreaterThanOrEqual(layout[e.from].y + NODE_SIZE.height);
  });

  it('keeps nodes from overlapping at NODE_SIZE', () => {
    const ids = Object.keys(layout);
    for (const [i, p] of ids.entries())
      for (const q of ids.slice(i + 1)) {
        const apart = Math.abs(layout[p].x - layout[q].x) >= NODE_SIZE.width || Math.abs(layout[p].y - layout[q].y) >= NODE_SIZE.height;
        expect(apart, `${p} and ${q}`).toBe(true);
      }
  });
});

describe('autoLayout beyond what dagre handles', () => {
  // dagre overflowed the stack on a 2,000-layer chain: past 1,000 nodes a plain layering takes over.
  const ids = Array.from({ length: 2_500 }, (_, i) => `n${i}`);
  const long: Design = { nodes: ids.map((id) => node(id, 'Dense')), edges: ids.slice(1).map((id, i) => ({ from: ids[i], to: id })) };

  it('ranks a 2,500-layer chain top to bottom, every node below its input', () => {
    const layout = autoLayout(long);
    for (const e of long.edges) expect(layout[e.to].y).toBeGreaterThanOrEqual(layout[e.from].y + NODE_SIZE.height);
  });

  it('places ids that are also Object.prototype names', () => {
    const odd: Design = { nodes: [node('__proto__', 'Input'), node('toString', 'Dense')], edges: [{ from: '__proto__', to: 'toString' }] };
    const layout = autoLayout(odd);
    expect(Object.hasOwn(layout, '__proto__') && Number.isFinite(layout['__proto__'].y)).toBe(true);
    expect(layout['toString'] as unknown as { y: number }).toMatchObject({ y: layout['__proto__'].y + NODE_SIZE.height + 56 });
  });

  it('completes a partial layout: saved positions kept, the others laid out', () => {
    const three: Design = { nodes: [node('a', 'Input'), node('b', 'Dense'), node('c', 'Dense')], edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }] };
    const saved = { a: { x: 500, y: 500 } };
    const layout = completeLayout(three, saved);
    expect(layout.a).toEqual({ x: 500, y: 500 });
    expect(layout.c.y).toBeGreaterThan(layout.b.y);
    const whole = { ...layout };
    expect(completeLayout(three, whole)).toBe(whole);
  });
});
