// The overview's clicks: the bar under a point (or the nearest within the slop a one-pixel bar needs),
// and what a click, a Ctrl-click and a double-click on it do.
import { describe, expect, it } from 'vitest';
import { CARD } from '../src/renderer/src/editor/flow';
import { barAt, barsIn, draggedTo, overviewClick, type OverviewBar } from '../src/renderer/src/editor/overview-pick';

const bar = (id: string, x: number, y: number, family: OverviewBar['family'] = 'core'): OverviewBar => ({ id, x, y, name: id, family, flagged: false });
const bars = [bar('a', 0, 0), bar('b', 0, 100), bar('c', 300, 0, 'block')];

describe('barAt', () => {
  it('finds the bar a point is on, corners included, and none between bars without slop', () => {
    expect(barAt(bars, 10, 10)?.id).toBe('a');
    expect(barAt(bars, CARD.width, CARD.height)?.id).toBe('a');
    expect(barAt(bars, 10, 120)?.id).toBe('b');
    expect(barAt(bars, 10, CARD.height + 10)).toBeUndefined();
    expect(barAt(bars, CARD.width + 30, 10)).toBeUndefined();
  });
  it('takes the nearest bar within the slop', () => {
    // 30 below a (64 tall), 6 above b (at 100): b is nearer.
    expect(barAt(bars, 10, CARD.height + 30, 50)?.id).toBe('b');
    expect(barAt(bars, 10, CARD.height + 5, 50)?.id).toBe('a');
    expect(barAt(bars, CARD.width + 30, 10, 20)).toBeUndefined();
    expect(barAt(bars, CARD.width + 30, 10, 40)?.id).toBe('a');
  });
  it('prefers the one drawn last where bars overlap', () => {
    expect(barAt([bar('under', 0, 0), bar('over', 10, 10)], 20, 20)?.id).toBe('over');
  });
});

describe('barsIn', () => {
  it('takes every bar the rectangle touches, even in part', () => {
    expect(barsIn(bars, { x: 10, y: 10, width: 5, height: 5 })).toEqual(['a']);
    expect(barsIn(bars, { x: 10, y: CARD.height - 1, width: 5, height: 50 })).toEqual(['a', 'b']);
    expect(barsIn(bars, { x: CARD.width + 1, y: 0, width: 300 - CARD.width - 2, height: 500 })).toEqual([]);
    expect(barsIn(bars, { x: -50, y: -50, width: 1000, height: 1000 })).toEqual(['a', 'b', 'c']);
  });
});

describe('draggedTo', () => {
  it('moves the dragged bars only, to whole units, or onto the grid when snapping', () => {
    expect(draggedTo(bars, new Set(['a', 'c']), 33.4, -12.6)).toEqual({ a: { x: 33, y: -13 }, c: { x: 333, y: -13 } });
    expect(draggedTo(bars, new Set(['b']), 33.4, -12.6, 20)).toEqual({ b: { x: 40, y: 80 } });
  });
});

describe('overviewClick', () => {
  const selection = { nodes: ['a'], edges: ['e1'] };
  it('selects the layer alone on a plain click', () => {
    expect(overviewClick(bars[1], { double: false, adding: false }, selection)).toEqual({ select: { nodes: ['b'], edges: [] } });
  });
  it('adds a layer with Ctrl (or Shift), and takes a selected one out, keeping the edges', () => {
    expect(overviewClick(bars[1], { double: false, adding: true }, selection)).toEqual({ select: { nodes: ['a', 'b'], edges: ['e1'] } });
    expect(overviewClick(bars[0], { double: false, adding: true }, selection)).toEqual({ select: { nodes: [], edges: ['e1'] } });
  });
  it('opens a block on a double-click, and shows any other layer as a card', () => {
    expect(overviewClick(bars[2], { double: true, adding: false }, selection)).toEqual({ open: 'c' });
    expect(overviewClick(bars[0], { double: true, adding: false }, selection)).toEqual({ reveal: 'a' });
  });
});
