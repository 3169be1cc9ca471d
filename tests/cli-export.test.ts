// The built `paramsketch export`: a design's picture written as standalone SVG, and as PNG through resvg,
// checked as the picture tests check the app's (tests/picture.test.ts): the SVG parsed back, the PNG decoded
// and sampled along the edges' drawn routes. Names and edges expected come from the files and templates.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineBlocks } from '../src/shared/blocks/inline';
import { templateById } from '../src/shared/templates';
import { CLI, cli, oneLine, realModel, root, scratchFolder } from './cli-helpers';
import { allElements, decodePng, drawnShare, edgeCoverage, edgePaths, graphOffset, parseSvg, unlike, type Element, type Pixels } from './picture-helpers';

const { dir, write } = scratchFolder();
const out = (name: string) => join(dir, name);
const SCREENSHOTS = join(root, 'out', 'screenshots');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const texts = (svg: Element) => allElements(svg).filter((e) => e.name === 'text').map((e) => e.text);
const svgSize = (svg: Element) => [Number(svg.attributes.width), Number(svg.attributes.height)];
/** The edge colour the picture itself declares (the group the edge paths are drawn in). */
const edgeColour = (svg: Element) => allElements(svg).find((e) => e.name === 'g' && e.attributes['marker-end'])!.attributes.stroke;
/** The background the picture itself declares (its first, full-size rectangle). */
const background = (svg: Element) => allElements(svg).find((e) => e.name === 'rect' && e.attributes.width === '100%')!.attributes.fill;
const pixel = ({ data, width }: Pixels, x: number, y: number) => [...data.subarray(4 * (y * width + x), 4 * (y * width + x) + 3)];

/** Runs export and returns its SVG (parsed) and PNG (decoded), written side by side from one drawing. */
async function exported(name: string, args: string[]) {
  const [svgFile, pngFile] = [out(`${name}.svg`), out(`${name}.png`)];
  const run = await cli(['export', ...args, '--svg', svgFile, '--png', pngFile]);
  expect([run.code, run.stderr]).toEqual([0, '']);
  const png = readFileSync(pngFile);
  return { svg: parseSvg(readFileSync(svgFile, 'utf8')), png, pixels: decodePng(png) };
}

describe('paramsketch export', { timeout: 120_000 }, () => {
  it('writes a standalone SVG of a real model: no foreignObject, one path per edge, every layer name as text', async () => {
    // A Keras 1 functional model with residual Merge layers, as its repository holds it.
    const { path } = realModel('keras1-datlife-residual-merge');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { config: { layers: { name: string; inbound_nodes: unknown[][] }[] } };
    const run = await cli(['export', path, '--svg', '-']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).not.toMatch(/foreignObject|href|@import|url\((?!#arrow\))/i);
    const svg = parseSvg(run.stdout);
    // The file's own connections: every layer's inbound tensors.
    const connections = file.config.layers.reduce((sum, layer) => sum + (layer.inbound_nodes[0]?.length ?? 0), 0);
    expect(connections).toBe(66);
    expect(edgePaths(svg)).toHaveLength(connections);
    expect(allElements(svg).filter((e) => e.name === 'path')).toHaveLength(connections);
    for (const { name } of file.config.layers) expect(texts(svg)).toContain(name);
  });

  it('draws a template: its layers, edges and published total, collapsed or expanded, TB or LR', async () => {
    const template = templateById('resnet18')!;
    const design = template.design('pytorch');
    const collapsed = parseSvg((await cli(['export', '--template', 'resnet18', '--svg', '-'])).stdout);
    expect(edgePaths(collapsed)).toHaveLength(design.edges.length);
    for (const node of design.nodes) expect(texts(collapsed)).toContain(node.name ?? node.id);
    // torchvision's published ResNet-18 total (its documentation's "num_params").
    expect(texts(collapsed)).toContain('11,689,512 parameters (PyTorch): 11,689,512 trainable, 0 non-trainable');
    const expanded = parseSvg((await cli(['export', '--template', 'resnet18', '--expanded', '--direction', 'LR', '--svg', '-'])).stdout);
    expect(edgePaths(expanded)).toHaveLength(inlineBlocks(design).edges.length);
    const [width, height] = svgSize(expanded);
    expect(width).toBeGreaterThan(height);
    const [tbWidth, tbHeight] = svgSize(collapsed);
    expect(tbHeight).toBeGreaterThan(tbWidth);
  });

  it('labels edges with their tensors when asked (--shapes), in the convention asked for', async () => {
    const plain = texts(parseSvg((await cli(['export', '--template', 'lenet5', '--svg', '-'])).stdout));
    const shapes = texts(parseSvg((await cli(['export', '--template', 'lenet5', '--shapes', '--svg', '-'])).stdout));
    // LeNet-5's first convolution: 6 maps of 28×28 from a 32×32 input, as a Keras tensor and as a PyTorch one.
    expect(shapes.filter((t) => t === '(None, 28, 28, 6)').length).toBe(plain.filter((t) => t === '(None, 28, 28, 6)').length + 1);
    const pytorch = texts(parseSvg((await cli(['export', '--template', 'lenet5', '--convention', 'pytorch', '--svg', '-'])).stdout));
    expect(pytorch).toContain('(None, 6, 28, 28)');
  });

  it('writes U-Net as a PNG the size of the SVG times the scale, its skip connections in the pixels', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const design = templateById('unet-small')!.design('keras');
    const skips = design.edges.flatMap((e, k) => (e.to.endsWith('_concat') && !e.from.endsWith('_transpose') ? [k] : []));
    expect(skips).toHaveLength(3);
    for (const scale of [1, 2, 4]) {
      const { svg, png, pixels } = await exported(`unet-${scale}`, ['--template', 'unet-small', '--scale', String(scale)]);
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      const [width, height] = svgSize(svg);
      expect([pixels.width, pixels.height]).toEqual([width * scale, height * scale]);
      expect(drawnShare(pixels)).toBeGreaterThan(0.02);
      const paths = edgePaths(svg);
      // At 1× a 1.4-unit line straddling two pixels is a lighter shade of its colour: there, anything but background.
      const ink = scale === 1 ? unlike(background(svg)) : edgeColour(svg);
      for (const k of [...skips, 0]) expect(edgeCoverage(pixels, paths[k].attributes.d, graphOffset(svg), scale, ink), `edge ${k} at ${scale}×`).toBeGreaterThan(0.9);
      // The same routes moved 40 units aside are mostly background: the check can fail.
      const aside = { x: graphOffset(svg).x - 40, y: graphOffset(svg).y };
      for (const k of skips) expect(edgeCoverage(pixels, paths[k].attributes.d, aside, scale, ink), `edge ${k} moved aside`).toBeLessThan(0.5);
      if (scale === 2) writeFileSync(join(SCREENSHOTS, 'export-cli-unet-light.png'), png);
    }
  });

  it('draws the dark theme on a dark background, the light one on a light one', async () => {
    const dark = await exported('unet-dark', ['--template', 'unet-small', '--theme', 'dark', '--scale', '1']);
    const light = await exported('unet-light', ['--template', 'unet-small', '--scale', '1']);
    writeFileSync(join(SCREENSHOTS, 'export-cli-unet-dark.png'), dark.png);
    for (const [x, y] of [[2, 2], [dark.pixels.width - 3, dark.pixels.height - 3]]) {
      expect(Math.max(...pixel(dark.pixels, x, y))).toBeLessThan(48);
      expect(Math.min(...pixel(light.pixels, x, y))).toBeGreaterThan(240);
    }
    for (const path of edgePaths(dark.svg)) expect(edgeCoverage(dark.pixels, path.attributes.d, graphOffset(dark.svg), 1, unlike(background(dark.svg)))).toBeGreaterThan(0.9);
  });

  it('writes a PNG to the standard output, and loads the rasteriser only for a PNG', () => {
    // A module-loading probe: says on stderr whenever resvg is required.
    const probe = write('probe.cjs', `const M = require('module'); const load = M._load; M._load = function (request, ...rest) { if (request === '@resvg/resvg-js') process.stderr.write('resvg loaded\\n'); return load.call(this, request, ...rest); };`);
    const run = (args: string[]) => spawnSync(process.execPath, ['--require', probe, CLI, 'export', '--template', 'mnist-dense', ...args], { cwd: root });
    const png = run(['--png', '-', '--scale', '1']);
    expect([png.status, png.stderr.toString()]).toEqual([0, 'resvg loaded\n']);
    expect([...png.stdout.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const svg = run(['--svg', '-']);
    expect([svg.status, svg.stderr.toString()]).toEqual([0, '']);
    expect(svg.stdout.toString()).toMatch(/^<svg /);
  });

  it('says what is wrong in one line: exit 2 for usage, 1 for a file it cannot read or write (and writes nothing)', async () => {
    const garbage = write('garbage.json', '{"not": "a model"');
    const cases: [string[], number, RegExp][] = [
      [['--template', 'nope', '--svg', out('x.svg')], 2, /unknown template 'nope'; the templates are .*unet-small/],
      [['--template', 'lenet5'], 2, /needs --svg OUT or --png OUT/],
      [['--svg', out('x.svg')], 2, /needs a FILE or --template ID/],
      [[garbage, '--template', 'lenet5', '--svg', out('x.svg')], 2, /one design/],
      [['--template', 'lenet5', '--png', out('x.png'), '--scale', '3'], 2, /--scale must be '1', '2', '4', not '3'/],
      [['--template', 'lenet5', '--direction', 'RL', '--svg', out('x.svg')], 2, /--direction must be 'TB' or 'LR'/],
      [['--template', 'lenet5', '--svg', '-', '--png', '-'], 2, /cannot both write to the standard output/],
      [['--template', 'lenet5', '--collapsed', '--expanded', '--svg', out('x.svg')], 2, /--collapsed and --expanded/],
      [['--template', 'lenet5', '--svg', out('x.svg'), '--bogus'], 2, /unknown option '--bogus' for export/],
      [[join(dir, 'missing.json'), '--svg', out('x.svg')], 1, /missing\.json: no such file/],
      [[garbage, '--png', out('x.png')], 1, /garbage\.json: /],
      [['--template', 'lenet5', '--png', join(dir, 'no-folder', 'x.png')], 1, /cannot write .*x\.png: its folder does not exist/],
    ];
    for (const [args, code, message] of cases) {
      const run = await cli(['export', ...args]);
      expect(run.code, args.join(' ')).toBe(code);
      expect(oneLine(run), args.join(' ')).toMatch(message);
      expect(run.stdout).toBe('');
    }
    expect(existsSync(out('x.svg')) || existsSync(out('x.png'))).toBe(false);
    expect((await cli(['export', '--help'])).stdout).toMatch(/^usage: paramsketch export FILE\|--template ID/);
  });
});
