// The picture of a design (shared/picture): standalone SVG drawn from the model, parsed back here, and
// rasterised by librsvg to check that edges — U-Net's skip connections above all — are in the pixels.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Design } from '../src/shared/design';
import { inlineBlocks } from '../src/shared/blocks/inline';
import { evaluateDesign, nodeResult } from '../src/shared/evaluate';
import { layerBox } from '../src/shared/picture/box';
import { paperPlacement } from '../src/shared/picture/layout';
import { pictureSvg, type PictureOptions } from '../src/shared/picture/svg';
import { THEMES } from '../src/shared/picture/theme';
import type { Sketch } from '../src/shared/sketch';
import { templateById } from '../src/shared/templates';
import { chain } from './helpers';
import { anyDesign } from './property-helpers';
import { allElements, decodePng, drawnShare, edgeCoverage, edgePaths, graphOffset, hasRsvg, parseSvg, rsvgPng, type Element } from './picture-helpers';

const SCREENSHOTS = join(import.meta.dirname, '../out/screenshots');

const sketchOf = (design: Design, name = 'design'): Sketch => ({ name, convention: 'keras', design, layout: {} });
const draw = (sketch: Sketch, options?: PictureOptions) => pictureSvg(sketch, evaluateDesign(sketch.design, { convention: sketch.convention }), options);
const templateSketch = (id: string) => {
  const template = templateById(id)!;
  return template.build(template.conventions[0]);
};

const texts = (svg: Element) => allElements(svg).filter((e) => e.name === 'text').map((e) => e.text);

describe('pictureSvg', () => {
  it('is standalone SVG: no foreignObject, no external resources, generic fonts, one path per edge', () => {
    const design = chain([3], ['Dense', { units: 5 }, 'hidden'], ['Dense', { units: 2 }, 'out']);
    const svg = draw(sketchOf(design, 'ffnn 3-5-2'));
    const root = parseSvg(svg);
    expect(svg).not.toMatch(/foreignObject|href|@import|url\((?!#arrow\))/i);
    expect(root.attributes['font-family']).toMatch(/, sans-serif$/);
    expect(edgePaths(root)).toHaveLength(design.edges.length);
    expect(allElements(root).filter((e) => e.name === 'path')).toHaveLength(design.edges.length);
    for (const name of ['input', 'hidden', 'out', 'Dense', 'ffnn 3-5-2']) expect(texts(root)).toContain(name);
    // The legend: name, totals (trainable / non-trainable) and the convention.
    expect(texts(root)).toContain('32 parameters (Keras): 32 trainable, 0 non-trainable');
    // Each box: the output shape and the count.
    expect(texts(root)).toContain('(None, 5)');
    expect(texts(root)).toContain('20');
    expect(draw(sketchOf(design, 'ffnn 3-5-2'))).toBe(svg);
  });

  it('escapes hostile names (layer ids, names and the design name) instead of injecting markup', () => {
    const hostile = `</text><script>alert(1)</script><text>&amp; "q" 'a'`;
    const design = chain([3], ['Dense', { units: 5 }, hostile], ['Dense', { units: 2 }, 'named']);
    design.nodes[2].name = `]]><!-- ${hostile}`;
    const svg = draw(sketchOf(design, `<svg onload="x()">${hostile}\u0001`));
    const root = parseSvg(svg);
    const names = allElements(root).map((e) => e.name);
    expect(names).not.toContain('script');
    expect(names.filter((n) => n === 'svg')).toHaveLength(1);
    // Long names wrap: compare the texts joined, spaces aside (a wrap may fall at one).
    const all = texts(root).join('').replace(/\s+/g, '');
    for (const name of [hostile, `]]><!-- ${hostile}`, `<svg onload="x()">${hostile}`]) expect(all).toContain(name.replace(/\s+/g, ''));
    // A control character is not allowed in XML at all: dropped.
    expect(svg).not.toMatch(/\u0001/);
  });

  it('draws a saved layout a float range wide (a hostile file) by the paper layout instead', () => {
    const design = chain([3], ['Dense', { units: 2 }, 'far']);
    const sketch = { ...sketchOf(design), layout: { input: { x: -1.7e308, y: 0 }, far: { x: 1.7e308, y: 1e308 } } };
    const root = parseSvg(draw(sketch, { layout: 'canvas' }));
    expect(Number(root.attributes.height)).toBeGreaterThan(200);
    expect(Number(root.attributes.height)).toBeLessThan(1000);
    expect(edgePaths(root)[0].attributes.d).not.toMatch(/NaN|Infinity|e\+/);
  });

  it('never truncates a name: a long one wraps onto more lines, every character kept, in a box no wider than needed', () => {
    const long = 'encoder_stage4_block12_depthwise_separable_convolution_with_a_very_long_keras_name_that_goes_on';
    const design = chain([8], ['Dense', { units: 4 }, long]);
    const root = parseSvg(draw(sketchOf(design)));
    const lines = texts(root).filter((t) => long.includes(t) && t.length > 3);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(long);
    const widths = allElements(root).filter((e) => e.name === 'rect' && e.attributes.rx === '6').map((e) => Number(e.attributes.width));
    expect(Math.max(...widths)).toBeLessThan(360);
  });

  it('draws blocks collapsed: one box per instance, ×N for a stack', () => {
    const sketch = templateSketch('densenet121');
    const root = parseSvg(draw(sketch));
    const boxes = allElements(root).filter((e) => e.name === 'rect' && e.attributes.rx === '6');
    expect(boxes).toHaveLength(sketch.design.nodes.length);
    const stacked = sketch.design.nodes.find((n) => (n.repeat ?? 1) > 1)!;
    expect(texts(root)).toContain(`${stacked.type} ×${stacked.repeat}`);
    expect(boxes.some((b) => b.attributes['stroke-dasharray'])).toBe(true);
  });

  it('draws blocks expanded when asked: every layer inside, the same totals', () => {
    const sketch = templateSketch('resnet18');
    const flat = inlineBlocks(sketch.design);
    const collapsed = parseSvg(draw(sketch));
    const expanded = parseSvg(draw(sketch, { expandBlocks: true }));
    expect(edgePaths(expanded)).toHaveLength(flat.edges.length);
    expect(allElements(expanded).filter((e) => e.name === 'rect' && e.attributes.rx === '6')).toHaveLength(flat.nodes.length);
    expect(texts(expanded)[1]).toBe(texts(collapsed)[1]);
    expect(texts(expanded)[1]).toMatch(/^11,689,512 parameters/);
  });

  it('labels edges with the tensor they carry when asked', () => {
    const design = chain([3], ['Dense', { units: 5 }], ['Dense', { units: 2 }]);
    const without = texts(parseSvg(draw(sketchOf(design))));
    const withShapes = texts(parseSvg(draw(sketchOf(design), { shapes: true })));
    expect(withShapes.filter((t) => t === '(None, 5)').length).toBe(without.filter((t) => t === '(None, 5)').length + 1);
  });

  it('lays every template out on paper, top-to-bottom and left-to-right, with one path per edge', () => {
    for (const id of ['unet-small', 'resnet50', 'mobilenet_v2', 'gpt2'])
      for (const layout of ['TB', 'LR', 'canvas'] as const) {
        const sketch = templateSketch(id);
        const root = parseSvg(draw(sketch, { layout }));
        expect(edgePaths(root), `${id} ${layout}`).toHaveLength(sketch.design.edges.length);
        const [w, h] = [Number(root.attributes.width), Number(root.attributes.height)];
        if (layout === 'LR') expect(w, id).toBeGreaterThan(h);
        if (layout === 'TB') expect(h, id).toBeGreaterThan(w);
      }
  });

  it('places boxes on paper without overlaps, edges from box to box', () => {
    for (const id of ['unet-small', 'resnet50', 'squeezenet1_0', 'bert-base'])
      for (const direction of ['TB', 'LR'] as const) {
        const sketch = templateSketch(id);
        const design = inlineBlocks(sketch.design);
        const evaluation = evaluateDesign(design, { convention: sketch.convention });
        const boxes = design.nodes.map((n) => layerBox(n, design, nodeResult(evaluation, n.id), sketch.convention));
        const { centres, routes } = paperPlacement(design, boxes, direction);
        const rect = (i: number) => [centres[i].x - boxes[i].width / 2, centres[i].y - boxes[i].height / 2, centres[i].x + boxes[i].width / 2, centres[i].y + boxes[i].height / 2];
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [rect(i), rect(j)];
            expect(a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1], `${id} ${direction}: ${i} overlaps ${j}`).toBe(true);
          }
        const at = new Map(design.nodes.map((n, i) => [n.id, i]));
        design.edges.forEach((e, k) => {
          const route = routes[k]!;
          const [from, to] = [rect(at.get(e.from)!), rect(at.get(e.to)!)];
          const onBorder = (p: { x: number; y: number }, r: number[]) => p.x >= r[0] - 1 && p.x <= r[2] + 1 && p.y >= r[1] - 1 && p.y <= r[3] + 1;
          expect(onBorder(route[0], from) && onBorder(route.at(-1)!, to), `${id} edge ${k}`).toBe(true);
        });
      }
  });

  it('lays out designs too big for dagre by the plain layering, in either direction', () => {
    const layers = Array.from({ length: 1_200 }, (_, i) => ['Dense', { units: 4 }, `dense_${i}`] as ['Dense', { units: number }, string]);
    const design = chain([4], ...layers);
    for (const layout of ['TB', 'LR'] as const) {
      const root = parseSvg(draw(sketchOf(design), { layout }));
      const [w, h] = [Number(root.attributes.width), Number(root.attributes.height)];
      expect(layout === 'TB' ? h > 100 * w : w > 100 * h, layout).toBe(true);
      expect(edgePaths(root)).toHaveLength(1_200);
    }
  });

  it('never throws, and parses with a box per node, on hostile and damaged designs', () => {
    fc.assert(
      fc.property(anyDesign, fc.constantFrom('TB', 'LR', 'canvas') as fc.Arbitrary<'TB' | 'LR' | 'canvas'>, (design, layout) => {
        const root = parseSvg(draw(sketchOf(design), { layout, shapes: true, expandBlocks: true }));
        const boxes = allElements(root).filter((e) => e.name === 'rect' && e.attributes.rx === '6');
        expect(boxes.length).toBe(inlineBlocks(design).nodes.length);
      }),
      { numRuns: 60 },
    );
  });

  it.skipIf(!hasRsvg)('renders U-Net in librsvg with its skip connections drawn, light and dark', () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const sketch = templateSketch('unet-small');
    const skips = sketch.design.edges.flatMap((e, k) => (e.to.endsWith('_concat') && !e.from.endsWith('_transpose') ? [k] : []));
    expect(skips).toHaveLength(3);
    for (const theme of ['light', 'dark'] as const) {
      const svg = draw(sketch, { theme });
      const root = parseSvg(svg);
      const png = rsvgPng(svg, 2);
      writeFileSync(join(SCREENSHOTS, `picture-unet-${theme}.png`), png);
      const pixels = decodePng(png);
      expect(pixels.width).toBe(2 * Number(root.attributes.width));
      expect(drawnShare(pixels)).toBeGreaterThan(0.02);
      const paths = edgePaths(root);
      for (const k of [...skips, 0]) expect(edgeCoverage(pixels, paths[k].attributes.d, graphOffset(root), 2, THEMES[theme].edge), `edge ${k} (${theme})`).toBeGreaterThan(0.9);
      // The same route moved 40 units aside is mostly not edge: the check can fail.
      const aside = { x: graphOffset(root).x - 40, y: graphOffset(root).y };
      expect(edgeCoverage(pixels, paths[skips[0]].attributes.d, aside, 2, THEMES[theme].edge)).toBeLessThan(0.5);
    }
  });
});
