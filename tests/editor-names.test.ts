// New designs' names and telling a re-import apart (src/shared/edit/names.ts, same-design.ts).
import { describe, expect, it } from 'vitest';
import { distinctName } from '../src/shared/edit/names';
import { sameDesign } from '../src/shared/edit/same-design';
import type { Design } from '../src/shared/design';

describe('distinctName', () => {
  it('keeps a name the library does not have', () => {
    expect(distinctName('Untitled', ['vgg16'])).toBe('Untitled');
  });

  it('numbers a taken name from 2, skipping numbers taken too', () => {
    expect(distinctName('Untitled', ['Untitled'])).toBe('Untitled 2');
    expect(distinctName('Untitled', ['Untitled', 'Untitled 2', 'Untitled 4'])).toBe('Untitled 3');
  });
});

describe('sameDesign', () => {
  const design: Design = { nodes: [{ id: 'input', type: 'Input', fields: { shape: [3] } }, { id: 'd', type: 'Dense', fields: { units: 2 } }], edges: [{ from: 'input', to: 'd' }] };

  it('is the same graph whatever the order of keys, and with undefined keys left out', () => {
    const reordered: Design = { edges: [{ to: 'd', from: 'input' }], nodes: [{ type: 'Input', fields: { shape: [3] }, id: 'input' }, { fields: { units: 2 }, id: 'd', type: 'Dense', name: undefined }] };
    expect(sameDesign(design, reordered)).toBe(true);
  });

  it('differs on any field, edge or layer order', () => {
    expect(sameDesign(design, { ...design, nodes: [design.nodes[0], { id: 'd', type: 'Dense', fields: { units: 3 } }] })).toBe(false);
    expect(sameDesign(design, { ...design, edges: [] })).toBe(false);
    expect(sameDesign(design, { ...design, nodes: [...design.nodes].reverse() })).toBe(false);
  });
});
