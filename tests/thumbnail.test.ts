// The library's thumbnail: the picture's boxes and edges shrunk to a compact, self-contained SVG string.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAMILY_TABLE } from '../src/shared/catalog';
import type { Design, LayerNode } from '../src/shared/design';
import type { Position, Sketch } from '../src/shared/sketch';
import { thumbnailSvg } from '../src/shared/thumbnail';
import { chain } from './helpers';
import { anyDesign, check } from './property-helpers';

const sketch = (design: Design, layout: Record<string, Position> = {}): Sketch => ({ name: 'design', convention: 'keras', design, layout });

/**
 * XML well-formedness, as far as the thumbnail needs it (no DOMParser here): only elements, attributes
 * in double quotes with no `<`, `>` or raw `&`, every tag closed in order, one root `svg`.
 */
function checkWellFormed(svg: string): void {
  const stack: string[] = [];
  let roots = 0;
  const rest = svg.replace(/<(\/?)([a-z]+)((?:\s+[a-zA-Z-]+="[^"<>&]*")*)\s*(\/?)>/g, (_, close: string, name: string, _attrs, selfClosing: string) => {
    if (close) check(stack.pop() === name, `</${name}> closes <${stack.at(-1)}>`);
    else if (!selfClosing) stack.push(name), stack.length === 1 && roots++;
    else check(stack.length > 0, `<${name}/> outside the root`);
    return '';
  });
  check(rest === '', `not markup: ${rest.slice(0, 80)}`);
  check(stack.length === 0, `unclosed: ${stack.join(', ')}`);
  check(roots === 1 && svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), 'one svg root');
}

const count = (svg: string, pattern: RegExp) => svg.match(pattern)?.length ?? 0;
const rects = (svg: string) => [...svg.matchAll(/<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));

/** A chain of `n` Dense layers after an Input, unplaced (the thumbnail lays it out). */
const longChain = (n: number): Design => {
  const nodes = Array.from({ length: n }, (_, i): LayerNode => (i ? { id: `n${i}`, type: 'Dense', fields: { units: 4 } } : { id: 'n0', type: 'Input', fields: { shape: [null, 4] } }));
  return { nodes, edges: nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id })) };
};

describe('thumbnailSvg', () => {
  const ffnn = chain([null, 3], ['Dense', { units: 5 }], ['Dense', { units: 2 }]);

  it('draws one rounded box per layer and a line per edge, inside the frame, coloured by family', () => {
    const svg = thumbnailSvg(sketch(ffnn));
    checkWellFormed(svg);
    expect(svg).toContain('width="160" height="100" viewBox="0 0 160 100"');
    expect(count(svg, /<rect /g)).toBe(3);
    expect(count(svg, / rx="/g)).toBe(3);
    expect(count(svg, /L/g)).toBe(2);
    for (const [x, y, w, h] of rects(svg)) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(160);
      expect(y + h).toBeLessThanOrEqual(100);
    }
    expect(svg).toContain(`<g fill="${FAMILY_TABLE.input.colour}">`);
    expect(svg).toContain(`<g fill="${FAMILY_TABLE.core.colour}">`);
  });

  it('draws each box at the size the picture gives it: a long name makes a wider, taller box', () => {
    const design = chain([3], ['Dense', { units: 5 }, 'd'], ['Dense', { units: 2 }, 'a_very_long_layer_name_that_the_picture_wraps_onto_two_lines']);
    const [, short, long] = rects(thumbnailSvg(sketch(design)));
    expect(long[2]).toBeGreaterThan(short[2]);
    expect(long[3]).toBeGreaterThan(short[3]);
  });

  it('uses saved positions, auto-laying out only the nodes without one', () => {
    // In a row in the saved layout, gaps of 1,000 and 2,000 units: the boxes share a centre line, their
    // centres' gaps keep the ratio, and each edge runs from one box's border to the next one's.
    const design: Design = {
      nodes: [{ id: 'a', type: 'Input' }, { id: 'b', type: 'Dense' }, { id: 'c', type: 'Dense' }],
      edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }],
    };
    const svg = thumbnailSvg(sketch(design, { a: { x: 0, y: 0 }, b: { x: 1000, y: 0 }, c: { x: 3000, y: 0 } }));
    const boxes = rects(svg);
    const centre = ([x, y, w, h]: number[]) => [x + w / 2, y + h / 2];
    const [[xa, ya], [xb, yb], [xc, yc]] = boxes.map(centre);
    for (const y of [yb, yc]) expect(Math.abs(y - ya)).toBeLessThanOrEqual(0.15);
    expect((xc - xb) / (xb - xa)).toBeCloseTo(2, 1);
    const segments = [...svg.matchAll(/M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)/g)].map((m) => m.slice(1).map(Number));
    expect(segments).toHaveLength(2);
    segments.forEach(([x1, y1, x2, y2], k) => {
      const [from, to] = [boxes[k], boxes[k + 1]];
      for (const [actual, expected] of [[x1, from[0] + from[2]], [y1, ya], [x2, to[0]], [y2, ya]]) expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.15);
    });
    // Unplaced, or only partly placed: the auto-layout stacks the chain vertically.
    for (const layout of [{}, { a: { x: 0, y: 0 } }] as Record<string, Position>[]) {
      const [[, y0], [, y1]] = rects(thumbnailSvg(sketch(design, layout)));
      expect(y1).toBeGreaterThan(y0);
    }
  });

  it('rounds every number to one decimal and honours a size', () => {
    const svg = thumbnailSvg(sketch(longChain(7)), { width: 96, height: 60 });
    expect(svg).toContain('viewBox="0 0 96 60"');
    for (const n of svg.match(/-?\d*\.\d+/g) ?? []) expect(n).toMatch(/^-?\d*\.\d$/);
  });

  it('draws no text: names such as <script> never reach the markup', () => {
    const design: Design = {
      nodes: [
        { id: '<script>alert(1)</script>', name: '<script>alert("x")</script> & "q"', type: 'Input' },
        { id: '__proto__', name: ']]><x/>', type: '<b>' },
      ],
      edges: [{ from: '<script>alert(1)</script>', to: '__proto__' }],
    };
    const svg = thumbnailSvg(sketch(design, { '<script>alert(1)</script>': { x: 0, y: 0 } }));
    checkWellFormed(svg);
    expect(svg).not.toMatch(/script|alert|<b>|<x/);
    expect(count(svg, /<rect /g)).toBe(2);
    expect(svg).toContain(`<g fill="${FAMILY_TABLE.custom.colour}">`);
    // A damaged file's field value without a prototype (no toString) is drawn, not thrown.
    const hostile: Design = { nodes: [{ id: 'in', type: 'Conv2DTranspose', fields: { groups: [Object.create(null)] } as LayerNode['fields'] }], edges: [] };
    expect(count(thumbnailSvg(sketch(hostile)), /<rect /g)).toBe(1);
  });

  it('draws an empty design as an empty frame, and ignores non-finite positions', () => {
    checkWellFormed(thumbnailSvg(sketch({ nodes: [], edges: [] })));
    const svg = thumbnailSvg(sketch(ffnn, { input: { x: NaN, y: Infinity }, n0: { x: 1e308, y: -1e308 } }));
    checkWellFormed(svg);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(count(svg, /<rect /g)).toBe(3);
  });

  it('draws boxes only past 2,000 layers, and stays small: 10,000 layers under 200 KB', () => {
    expect(thumbnailSvg(sketch(longChain(2000)))).toContain('<path');
    const chainSvg = thumbnailSvg(sketch(longChain(10_000)));
    checkWellFormed(chainSvg);
    expect(chainSvg).not.toContain('<path');
    expect(chainSvg.length).toBeLessThan(200_000);
    // The worst case for merging boxes: a 100 × 100 grid, every box on its own spot.
    const design = longChain(10_000);
    const grid = Object.fromEntries(design.nodes.map((node, i) => [node.id, { x: (i % 100) * 260, y: Math.floor(i / 100) * 132 }]));
    const gridSvg = thumbnailSvg(sketch(design, grid));
    checkWellFormed(gridSvg);
    expect(count(gridSvg, /<rect /g)).toBeGreaterThan(100);
    expect(gridSvg.length).toBeLessThan(200_000);
  });

  it('stays under 200 KB at 2,000 layers with every edge drawn', () => {
    const design = longChain(2000);
    // Each layer also fed by the one two before it: ~4,000 edges, over the cap, so none are drawn.
    const edges = [...design.edges, ...design.nodes.slice(2).map((node, i) => ({ from: design.nodes[i].id, to: node.id }))];
    const grid = Object.fromEntries(design.nodes.map((node, i) => [node.id, { x: (i % 45) * 260, y: Math.floor(i / 45) * 132 }]));
    for (const layout of [grid, {}]) {
      const svg = thumbnailSvg(sketch({ nodes: design.nodes, edges }, layout));
      checkWellFormed(svg);
      expect(count(svg, /<rect /g)).toBe(2000);
      expect(svg.length).toBeLessThan(200_000);
    }
  });

  it('never throws, and is well formed with one box per node, on random designs', () => {
    fc.assert(
      fc.property(anyDesign, (design) => {
        const svg = thumbnailSvg(sketch(design));
        checkWellFormed(svg);
        check(count(svg, /<rect /g) === design.nodes.length, `${count(svg, /<rect /g)} boxes for ${design.nodes.length} nodes`);
      }),
    );
  });
});
