// Import and export in the real app: a Keras model dropped on the window, bad files that change
// nothing, and pictures and tables of the design written to files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/store/open-store';
import { chain } from '../helpers';
import { writeParamsketchFile } from '../../src/shared/files/paramsketch-file';
import { THEMES } from '../../src/shared/picture/theme';
import { templateById } from '../../src/shared/templates';
import { allElements, decodePng, drawnShare, edgeCoverage, edgePaths, graphOffset, hasRsvg, parseSvg, rsvgPng } from '../picture-helpers';
import { nodeSelector, openApp, SCREENSHOTS, select, total, typeField, type Session } from './browser';

const FIXTURES = join(import.meta.dirname, '../fixtures');
let session: Session;
mkdirSync(SCREENSHOTS, { recursive: true });

beforeEach(async () => {
  const store = openStore({ path: ':memory:' });
  // Seed: the FFNN 3→5→2 has 32 parameters.
  store.save({ name: 'ffnn 3-5-2', convention: 'keras', design: chain([3], ['Dense', { units: 5 }], ['Dense', { units: 2 }]), layout: {} });
  // Headless Chromium cannot answer the File System Access save dialog: without it, exports are downloads.
  session = await openApp({ store, initScript: () => delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker });
  await expect.poll(() => total(session.page)).toBe('32');
});
afterEach(async () => {
  await session.close();
});

/** Drops a file on the canvas the way a file manager does: dragenter, dragover, drop with a DataTransfer. */
async function dropFile(page: Page, name: string, content: string | { size: number } | { base64: string }) {
  await page.evaluate(
    ({ name, content }) => {
      const data = new DataTransfer();
      const body =
        typeof content === 'string'
          ? content
          : 'base64' in content
            ? Uint8Array.from(atob(content.base64), (c) => c.charCodeAt(0))
            : new Uint8Array(content.size);
      data.items.add(new File([body], name, { type: 'application/json' }));
      const target = document.querySelector('.svelte-flow')!;
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { name, content },
  );
}

const lastNotice = (page: Page) => page.getByTestId('notice').last().textContent();

async function exportAs(page: Page, id: string): Promise<Download> {
  await page.getByTestId('export-menu').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${id}`).click()]);
  return download;
}

describe('opening files', () => {
  it('imports the seed Keras model dropped on the window: 10,451 parameters', async () => {
    const { page } = session;
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'tfjs/002-seed-ffnn-10451.json'), 'utf8'));
    await dropFile(page, 'seed-ffnn.json', JSON.stringify(fixture.model));
    await expect.poll(() => total(page)).toBe('10,451');
    // Laid out by the auto-layout: every layer on the canvas, none on top of another.
    const boxes = await page.locator('.svelte-flow__node').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().top));
    expect(new Set(boxes).size).toBe(boxes.length);
    // The import keeps only fields that differ from their default; the inspector still shows every value.
    // dense_1, near the top: the last layer can sit under the import's notice at the bottom of the window.
    await select(page, 'dense_1');
    await expect.poll(() => page.locator('#field-activation').inputValue()).toBe('linear');
    await expect.poll(() => page.locator('#field-use_bias').isChecked()).toBe(true);
  });

  it('says what is wrong with a bad file and leaves the open design alone', async () => {
    const { page } = session;
    const cases: [name: string, content: string | { size: number }, message: RegExp][] = [
      ['broken.json', '{"format": "paramsketch", "version": 1, "sketch": {', /broken\.json: .*not valid JSON.*cut short/],
      ['wrong.paramsketch.json', JSON.stringify({ format: 'paramsketch', version: 1, sketch: { name: 3 } }), /wrong\.paramsketch\.json: sketch\.name/],
      ['future.paramsketch.json', JSON.stringify({ format: 'paramsketch', version: 7, sketch: {} }), /newer Paramsketch \(file version 7\)/],
      ['huge.json', { size: 50 * 2 ** 20 }, /huge\.json: the file is 50\.0 MB; Paramsketch opens files up to 32 MB/],
      ['unknown.json', JSON.stringify({ class_name: 'Sequential', config: { layers: [{ class_name: 'NoSuchLayer', config: { name: 'x' } }] } }), /./],
    ];
    for (const [name, content, message] of cases.slice(0, 4)) {
      await dropFile(page, name, content);
      await expect.poll(() => lastNotice(page)).toMatch(message);
      expect(await total(page)).toBe('32');
      expect(await page.getByLabel('Design name').inputValue()).toBe('ffnn 3-5-2');
    }
    // An unknown layer is not a broken file: it opens as a custom layer, marked, and says what to give.
    const [name, content] = cases[4];
    await dropFile(page, name, content);
    await expect.poll(() => page.locator('[data-testid="problem"]').first().textContent()).toMatch(/'NoSuchLayer' is a custom layer/);
  });

  /** The parameters a real file's own evidence gives (h5py's reading of its weights: tests/fixtures/real-models). */
  const evidenceTotal = (folder: string) => {
    const { weights } = JSON.parse(readFileSync(join(FIXTURES, 'real-models', folder, 'expected.json'), 'utf8')) as { weights: { shape: number[] }[] };
    return weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0).toLocaleString('en-US');
  };

  it('opens a Keras .h5 file dropped on the window, its counts confirmed by the weights inside it', async () => {
    const { page } = session;
    const h5 = readFileSync(join(FIXTURES, 'real-models/keras2-stateful-lstm/model.h5'));
    await dropFile(page, 'model.h5', { base64: h5.toString('base64') });
    const expected = evidenceTotal('keras2-stateful-lstm');
    await expect.poll(() => total(page)).toBe(expected);
    await expect.poll(() => page.getByTestId('file-confirmed').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('file-differs').count()).toBe(0);
  });

  it('opens a Keras 1 model.json (Convolution2D, nb_filter, subsample, a Lambda) with the total its .h5 weights give', async () => {
    const { page } = session;
    const json = readFileSync(join(FIXTURES, 'real-models/keras1-iamfaisalkhan-nvidia/model.json'), 'utf8');
    await dropFile(page, 'model.json', json);
    await expect.poll(() => total(page)).toBe(evidenceTotal('keras1-iamfaisalkhan-nvidia'));
    expect(await page.getByTestId('problem-count').textContent()).toBe('0');
  });

  it('marks a custom layer, and counts everything once its shape and count are given in the inspector', async () => {
    const { page } = session;
    // Input (None, 10) → Dense(8) → MyGate (a user's own class) → Dense(4)
    const layer = (class_name: string, name: string, config: object, from?: string) => ({
      class_name, name, config: { name, ...config }, inbound_nodes: from ? [[[from, 0, 0, {}]]] : [],
    });
    const model = { class_name: 'Functional', config: { name: 'gated', layers: [
      layer('InputLayer', 'in', { batch_input_shape: [null, 10] }),
      layer('Dense', 'd1', { units: 8 }, 'in'),
      layer('MyGate', 'gate', { gates: 8 }, 'd1'),
      layer('Dense', 'd2', { units: 4 }, 'gate'),
    ], input_layers: [['in', 0, 0]], output_layers: [['d2', 0, 0]] } };
    await dropFile(page, 'gated.json', JSON.stringify(model));
    // Only d1 (10×8 + 8) is counted: d2 waits for the custom layer, which says what to give.
    await expect.poll(() => total(page)).toBe('88');
    await expect.poll(() => page.getByTestId('problem').first().textContent()).toMatch(/gate › output_shape.*'MyGate' is a custom layer/);
    await expect.poll(() => page.locator(`${nodeSelector('gate')} [data-testid="layer-node"]`).textContent()).toContain('MyGate');
    await select(page, 'gate');
    await typeField(page, 'output_shape', '8');
    await typeField(page, 'params', '16');
    // 88 + 16 + d2's 8×4 + 4
    await expect.poll(() => total(page)).toBe('140');
    expect(await page.getByTestId('problem-count').textContent()).toBe('0');
  });
});

describe('exporting', () => {
  it('writes the whole graph as a 2× PNG with a legend, and it is not blank', async () => {
    const { page } = session;
    const download = await exportAs(page, 'png');
    expect(download.suggestedFilename()).toBe('ffnn 3-5-2.png');
    const png = readFileSync(await download.path());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    // Three 220-px-wide layers stacked, 40 px of margin each side, drawn at 2×.
    expect(width).toBeGreaterThanOrEqual(2 * (220 + 80));
    expect(height).toBeGreaterThan(width / 2);
    expect(width % 2).toBe(0);
    // Decoded by the browser: many pixels differ from the background (boxes, text, edges).
    const drawn = await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let differing = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 60) differing++;
      return differing / (data.length / 4);
    }, png.toString('base64'));
    expect(drawn).toBeGreaterThan(0.01);
    writeFileSync(join(SCREENSHOTS, 'export-ffnn.png'), png);
    // The PNG is the SVG drawn by Chromium at 2×: its edges are in the pixels, along the SVG's routes.
    const svg = readFileSync(await (await exportAs(page, 'svg')).path(), 'utf8');
    const root = parseSvg(svg);
    expect(width).toBe(2 * Number(root.attributes.width));
    const theme = svg.includes(`fill="${THEMES.dark.background}"`) ? THEMES.dark : THEMES.light;
    const pixels = decodePng(png);
    const edges = edgePaths(root);
    expect(edges).toHaveLength(2);
    for (const edge of edges) expect(edgeCoverage(pixels, edge.attributes.d, graphOffset(root), 2, theme.edge)).toBeGreaterThan(0.9);
  });

  it('writes SVG, the Paramsketch file, CSV and Markdown', async () => {
    const { page } = session;
    const svg = readFileSync(await (await exportAs(page, 'svg')).path(), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('ffnn 3-5-2</text>');
    expect(svg).toContain('32 parameters (Keras)');

    const file = JSON.parse(readFileSync(await (await exportAs(page, 'paramsketch')).path(), 'utf8'));
    expect(file).toMatchObject({ format: 'paramsketch', version: 2, sketch: { name: 'ffnn 3-5-2' } });

    const csv = readFileSync(await (await exportAs(page, 'csv')).path(), 'utf8');
    expect(csv).toMatch(/Dense.*,20,/);
    const markdown = readFileSync(await (await exportAs(page, 'markdown')).path(), 'utf8');
    expect(markdown).toContain('Total params: 32');
  });

  // The SVG is drawn from the design, not the screen: librsvg (as Inkscape and LaTeX tools use) draws its boxes and edges.
  it.skipIf(!hasRsvg)('writes an SVG that librsvg renders with its boxes and edges, in the theme and layout chosen', async () => {
    const { page } = session;
    for (const [theme, layout] of [
      ['light', 'TB'],
      ['dark', 'LR'],
    ] as const) {
      await page.getByTestId('export-menu').click();
      await page.getByTestId('picture-theme').selectOption(theme);
      await page.getByTestId('picture-layout').selectOption(layout);
      await page.keyboard.press('Escape');
      const svg = readFileSync(await (await exportAs(page, 'svg')).path(), 'utf8');
      const root = parseSvg(svg);
      expect(svg).not.toMatch(/foreignObject/);
      const edges = edgePaths(root);
      expect(edges).toHaveLength(2);
      const texts = allElements(root).map((e) => e.text);
      for (const name of ['input', 'n0', 'n1']) expect(texts).toContain(name);
      const png = rsvgPng(svg, 2);
      writeFileSync(join(SCREENSHOTS, `export-ffnn-${theme}-${layout}.png`), png);
      const pixels = decodePng(png);
      expect(drawnShare(pixels)).toBeGreaterThan(0.02);
        for (const edge of edges) expect(edgeCoverage(pixels, edge.attributes.d, graphOffset(root), 2, THEMES[theme].edge)).toBeGreaterThan(0.9);
      // Edges run down the page top-to-bottom, across it left-to-right.
      const [from, to] = [/^M([-\d.]+) ([-\d.]+)/, /L([-\d.]+) ([-\d.]+)$/].map((at) => at.exec(edges[0].attributes.d)!.slice(1).map(Number));
      const [across, down] = [Math.abs(to[0] - from[0]), Math.abs(to[1] - from[1])];
      expect(layout === 'LR' ? across > down : down > across).toBe(true);
    }
  });

  it("draws U-Net's skip connections in the PNG Chromium makes from the SVG", async () => {
    const { page } = session;
    await dropFile(page, 'unet.paramsketch.json', writeParamsketchFile(templateById('unet-small')!.build('keras')));
    await expect.poll(() => total(page)).toBe('481,745');
    await page.getByTestId('export-menu').click();
    await page.getByTestId('picture-theme').selectOption('light');
    await page.keyboard.press('Escape');
    const svg = readFileSync(await (await exportAs(page, 'svg')).path(), 'utf8');
    const png = readFileSync(await (await exportAs(page, 'png')).path());
    writeFileSync(join(SCREENSHOTS, 'export-unet.png'), png);
    const root = parseSvg(svg);
    const pixels = decodePng(png);
    expect(pixels.width).toBe(2 * Number(root.attributes.width));
    const edges = edgePaths(root);
    const design = templateById('unet-small')!.design('keras');
    expect(edges).toHaveLength(design.edges.length);
    // Edges in the SVG follow the design's edges: the skips are those from an encoder conv into a concat.
    const skips = design.edges.flatMap((e, k) => (e.to.endsWith('_concat') && !e.from.endsWith('_transpose') ? [k] : []));
    expect(skips).toHaveLength(3);
    for (const k of skips) expect(edgeCoverage(pixels, edges[k].attributes.d, graphOffset(root), 2, THEMES.light.edge), `skip edge ${k}`).toBeGreaterThan(0.9);
  });

  it('takes a picture of a 30-layer graph beyond the viewport', async () => {
    const { page } = session;
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'tfjs/010-seed-cnn-32.json'), 'utf8'));
    await dropFile(page, 'cnn.json', JSON.stringify(fixture.model));
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBeGreaterThan(5);
    const png = readFileSync(await (await exportAs(page, 'png')).path());
    const layers = await page.evaluate(() => document.querySelectorAll('[data-testid="summary-row"]').length);
    // Every layer is in the picture: at least one node height (76 px, at 2×) per layer.
    expect(png.readUInt32BE(20)).toBeGreaterThan(2 * 76 * layers * 0.8);
    writeFileSync(join(SCREENSHOTS, 'export-cnn.png'), png);
  });
});
