// Ctrl+F's matching (src/renderer/src/editor/find.ts): by name, id or type, best first.
import { describe, expect, it } from 'vitest';
import { findLayers } from '../src/renderer/src/editor/find';
import type { LayerNode } from '../src/shared/design';

const nodes: LayerNode[] = [
  { id: 'input', type: 'Input' },
  { id: 'conv2d', type: 'Conv2D', name: 'stem_conv' },
  { id: 'dense', type: 'Dense', name: 'head' },
  { id: 'dense_1', type: 'Dense', name: 'conv_head' },
  { id: 'conv', type: 'Conv1D' },
];
const ids = (query: string) => findLayers(nodes, query).map((f) => f.id);

describe('findLayers', () => {
  it('finds nothing for a blank query', () => {
    expect(ids('  ')).toEqual([]);
  });

  it('puts an exact name or id first, then names starting with the query, then containing it, then types', () => {
    // 'conv' is conv's id (exact); the id conv2d and the name conv_head start with it (design order).
    expect(ids('conv')).toEqual(['conv', 'conv2d', 'dense_1']);
    // 'stem' only inside a name; 'head' exact (dense) before contained (conv_head).
    expect(ids('stem')).toEqual(['conv2d']);
    expect(ids('head')).toEqual(['dense', 'dense_1']);
  });

  it('matches by type in any case, in the design’s order', () => {
    expect(ids('DENSE')).toEqual(['dense', 'dense_1']);
    expect(ids('conv2')).toEqual(['conv2d']); // by its type, Conv2D
  });

  it('labels a layer by its name and type', () => {
    expect(findLayers(nodes, 'head')[0]).toEqual({ id: 'dense', label: 'head (Dense)' });
  });
});
