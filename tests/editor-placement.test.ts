// Where a layer added without a drop point lands (src/shared/edit/placement.ts): under the selected layer
// at the auto-layout's own rank pitch, else in the middle of the canvas, and never on top of another layer.
// Overlap is judged here by plain rectangle intersection of NODE_SIZE boxes, not by the module's own test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LayerNode } from '../src/shared/design';
import { autoLayout, NODE_SIZE } from '../src/shared/edit/auto-layout';
import { freeSpot, INSERT_STEP, newLayerPlace } from '../src/shared/edit/placement';
import type { Position, Sketch } from '../src/shared/sketch';

const intersects = (a: Position, b: Position) =>
  a.x < b.x + NODE_SIZE.width && b.x < a.x + NODE_SIZE.width && a.y < b.y + NODE_SIZE.height && b.y < a.y + NODE_SIZE.height;
const hidesAny = (layout: Record<string, Position>, at: Position) => Object.values(layout).some((p) => intersects(p, at));

const node = (id: string, type = 'Dense'): LayerNode => ({ id, type });
/** input → a → b in a column 132 px apart, and `side` unconnected, wherever the test puts it. */
const sketch = (side: Position): Sketch => ({
  name: 'placing',
  convention: 'keras',
  design: { nodes: [node('input', 'Input'), node('a'), node('b'), node('side')], edges: [{ from: 'input', to: 'a' }, { from: 'a', to: 'b' }] },
  layout: { input: { x: 0, y: 0 }, a: { x: 0, y: 132 }, b: { x: 0, y: 264 }, side: side },
});
const noCentre = (): Position => {
  throw new Error('the canvas centre is asked only when nothing is selected');
};

describe('newLayerPlace', () => {
  it('puts a layer added after another where the auto-layout would put the next rank', () => {
    const chain = autoLayout({ nodes: [node('input', 'Input'), node('next')], edges: [{ from: 'input', to: 'next' }] });
    expect(INSERT_STEP).toBe(chain.next.y - chain.input.y);
    expect(chain.next.x).toBe(chain.input.x);
  });

  it('takes over a chain’s place right under the selected layer, though a layer is there now (it moves down)', () => {
    const place = newLayerPlace(sketch({ x: 600, y: 0 }), 'a', noCentre);
    expect(place).toEqual({ x: 0, y: 132 + INSERT_STEP });
    expect(hidesAny({ b: { x: 0, y: 264 } }, place)).toBe(true); // b's spot: insertAfter moves b down
  });

  it('after the last layer of a chain, moves right past a layer under it until none is hidden', () => {
    const layout = sketch({ x: 100, y: 264 + INSERT_STEP + 20 });
    const place = newLayerPlace(layout, 'b', noCentre);
    expect(place.y).toBe(264 + INSERT_STEP);
    expect(place.x).toBeGreaterThan(0);
    expect(hidesAny(layout.layout, place)).toBe(false);
  });

  it('with nothing selected, centres the layer on the canvas, off any layer there', () => {
    const centre = { x: 1000.4, y: -300.6 };
    const place = newLayerPlace(sketch({ x: 0, y: 600 }), undefined, () => centre);
    expect(Math.abs(place.x + NODE_SIZE.width / 2 - centre.x)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(place.y + NODE_SIZE.height / 2 - centre.y)).toBeLessThanOrEqual(0.5);
    const crowded = sketch({ x: 900, y: -320 });
    const moved = newLayerPlace(crowded, undefined, () => centre);
    expect(moved.y).toBe(place.y);
    expect(hidesAny(crowded.layout, moved)).toBe(false);
  });
});

describe('freeSpot', () => {
  const point = fc.record({ x: fc.integer({ min: -600, max: 600 }), y: fc.integer({ min: -300, max: 300 }) });
  const layout = fc.array(point, { maxLength: 24 }).map((points) => Object.fromEntries(points.map((p, i) => [`n${i}`, p])));

  // The step: the auto-layout's pitch between two layers side by side (two branches of one input).
  const branches = autoLayout({ nodes: [node('input', 'Input'), node('left'), node('right')], edges: [{ from: 'input', to: 'left' }, { from: 'input', to: 'right' }] });
  const step = Math.abs(branches.right.x - branches.left.x);

  it('returns the spot itself when it is free, else the first free spot to its right at the auto-layout’s pitch', () => {
    fc.assert(
      fc.property(layout, point, (taken, spot) => {
        const place = freeSpot(taken, spot);
        expect(place.y).toBe(spot.y);
        expect(hidesAny(taken, place)).toBe(false);
        const steps = (place.x - spot.x) / step;
        expect(Number.isInteger(steps) && steps >= 0).toBe(true);
        for (let k = 0; k < steps; k++) expect(hidesAny(taken, { x: spot.x + k * step, y: spot.y })).toBe(true);
      }),
    );
  });
});
