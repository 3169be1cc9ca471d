// The canvas's viewport arithmetic: a fitted graph lies inside the canvas and clear of every panel, the
// zoom floor lets any graph fit, and the level of detail keeps names 10–15 px on screen.
import { describe, expect, it } from 'vitest';
import { detailAt, fitViewport, MIN_ZOOM, minZoomFor, type Obstacle, type Rect, type Viewport } from '../src/renderer/src/editor/canvas-view';

const size = { width: 900, height: 800 };
/** Svelte Flow's minimap (200 × 150, 15 px from the corner) and controls (bottom left), as placed on a 900 × 800 canvas. */
const minimap: Obstacle = { left: 685, top: 635, right: 885, bottom: 785 };
const controls: Obstacle = { left: 15, top: 677, right: 43, bottom: 785 };

/** The graph's box on screen under a viewport. */
const onScreen = (b: Rect, v: Viewport) => ({ left: b.x * v.zoom + v.x, top: b.y * v.zoom + v.y, right: (b.x + b.width) * v.zoom + v.x, bottom: (b.y + b.height) * v.zoom + v.y });
const clear = (a: Obstacle, b: Obstacle) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;

describe('fitting', () => {
  const graphs: [string, Rect][] = [
    ['a tall column (769 layers)', { x: -300, y: 0, width: 840, height: 74_524 }],
    ['a wide row', { x: 0, y: 0, width: 12_000, height: 300 }],
    ['a square', { x: 50, y: 50, width: 2_000, height: 2_000 }],
    ['a small design', { x: 0, y: 0, width: 220, height: 400 }],
  ];
  for (const [label, bounds] of graphs)
    it(`puts ${label} inside the canvas, clear of the minimap and the controls`, () => {
      const view = fitViewport(bounds, size, [minimap, controls]);
      const box = onScreen(bounds, view);
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(size.width);
      expect(box.bottom).toBeLessThanOrEqual(size.height);
      expect(clear(box, minimap) && clear(box, controls)).toBe(true);
      expect(view.zoom).toBeLessThanOrEqual(1);
      // Zooming out (F or the wheel) may go at least that far.
      expect(minZoomFor(bounds, size)).toBeLessThanOrEqual(Math.max(view.zoom, MIN_ZOOM));
    });

  it('gives a tall graph a free column beside the minimap rather than a band above it', () => {
    const tall = { x: 0, y: 0, width: 840, height: 74_524 };
    const view = fitViewport(tall, size, [minimap]);
    // Only the top and bottom margins (24 px each) limit its height.
    expect(view.zoom).toBeCloseTo((size.height - 48) / tall.height, 6);
  });
});

describe('level of detail', () => {
  it('draws cards close in, named bars further out, bare bars furthest', () => {
    expect(detailAt(1)).toEqual({ level: 'cards' });
    expect(detailAt(0.7).level).toBe('cards');
    expect(detailAt(0.01)).toEqual({ level: 'bars' });
    for (let zoom = 0.2; zoom < 0.7; zoom += 0.01) {
      const detail = detailAt(zoom);
      expect(detail.level).toBe('bars');
      const px = detail.level === 'bars' ? detail.nameSize! * zoom : 0;
      expect(px, `zoom ${zoom.toFixed(2)}`).toBeGreaterThanOrEqual(9.9);
      expect(px, `zoom ${zoom.toFixed(2)}`).toBeLessThanOrEqual(15.5);
    }
  });
});
