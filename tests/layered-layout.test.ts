// The layered layout for big designs, checked by geometry alone: no two layers overlap, every edge runs
// downwards, an edge that skips ranks is drawn clear of the layers it passes, and odd inputs still finish.
import { describe, expect, it } from 'vitest';
import { generate, toDesign } from '../bench/graphs';
import type { Design, LayerNode } from '../src/shared/design';
import { autoLayout, bigLayout, NODE_SIZE } from '../src/shared/edit/auto-layout';
import { inlineBlocks } from '../src/shared/blocks/inline';
import type { Position } from '../src/shared/sketch';
import { templateById } from '../src/shared/templates';

const { width, height } = NODE_SIZE;

function overlapping(layout: Record<string, Position>): string[] {
  const boxes = Object.entries(layout).sort(([, a], [, b]) => a.x - b.x);
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length && boxes[j][1].x < boxes[i][1].x + width; j++)
      if (Math.abs(boxes[j][1].y - boxes[i][1].y) < height) found.push(`${boxes[i][0]} / ${boxes[j][0]}`);
  return found;
}

/** Where the straight line from the source's bottom middle to the target's top middle is at height y. */
const lineAt = (from: Position, to: Position, y: number) => {
  const [x0, y0, x1, y1] = [from.x + width / 2, from.y + height, to.x + width / 2, to.y];
  return x0 + ((x1 - x0) * (y - y0)) / (y1 - y0);
};

describe('layered layout', () => {
  const designs: [string, Design][] = [
    ['a generated branchy graph of 1,500 layers', toDesign(generate('branchy', 1500))],
    ['DenseNet-121, blocks expanded', inlineBlocks(templateById('densenet121')!.design('keras'))],
    ['ResNet-50, blocks expanded', inlineBlocks(templateById('resnet50')!.design('keras'))],
  ];
  for (const [label, design] of designs)
    it(`places every layer of ${label}, none over another, every edge downwards`, () => {
      const layout = bigLayout(design);
      expect(Object.keys(layout).sort()).toEqual(design.nodes.map((n) => n.id).sort());
      expect(overlapping(layout)).toEqual([]);
      const upwards = design.edges.filter((e) => layout[e.to].y <= layout[e.from].y);
      expect(upwards).toEqual([]);
    });

  it('keeps a residual connection clear of the branch it skips', () => {
    // x → a → b → c → add(c, x): the edge x → add passes the ranks of a, b and c.
    const ids = ['x', 'a', 'b', 'c', 'add'];
    const design: Design = {
      nodes: ids.map((id): LayerNode => ({ id, type: id === 'x' ? 'Input' : id === 'add' ? 'Add' : 'Dense', fields: id === 'x' ? { shape: [8] } : id === 'add' ? {} : { units: 8 } })),
      edges: [['x', 'a'], ['a', 'b'], ['b', 'c'], ['c', 'add'], ['x', 'add']].map(([from, to]) => ({ from, to })),
    };
    const layout = bigLayout(design);
    for (const id of ['a', 'b', 'c']) {
      const at = layout[id];
      const xs = [lineAt(layout.x, layout.add, at.y), lineAt(layout.x, layout.add, at.y + height)];
      const clear = xs.every((x) => x < at.x) || xs.every((x) => x > at.x + width);
      expect(clear, `${id} at ${at.x}, the skip edge at ${xs.map(Math.round)}`).toBe(true);
    }
  });

  it('finishes on 20,000 parallel edges, and on a layer feeding each of 2,000 later ones', () => {
    const parallel: Design = {
      nodes: [{ id: 'a', type: 'Input', fields: { shape: [4] } }, { id: 'b', type: 'Dense', fields: { units: 4 } }],
      edges: Array.from({ length: 20_000 }, () => ({ from: 'a', to: 'b' })),
    };
    expect(autoLayout(parallel).b.y).toBeGreaterThan(autoLayout(parallel).a.y);
    const chain = toDesign(generate('chain', 2000));
    const fan: Design = { nodes: chain.nodes, edges: [...chain.edges, ...chain.nodes.slice(2).map((n) => ({ from: chain.nodes[0].id, to: n.id }))] };
    const layout = autoLayout(fan);
    expect(Object.keys(layout)).toHaveLength(2000);
    expect(overlapping(layout)).toEqual([]);
  });
});
