// Big graphs you can read: a 769-layer import (NASNet-Mobile's size) fits whole on F and on L, with the
// minimap (which can be hidden, and stays hidden) never over a node; far out, the overview draws the layers
// as bars in their family's colour, named part-way in, on one canvas whose bars select their layer.
// Screenshots: out/screenshots/big-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, toKerasJson } from '../../bench/graphs';
import { largestRealModel } from '../../bench/real-models';
import { autoLayout } from '../../src/shared/edit/auto-layout';
import { readDesignFile } from '../../src/shared/files/open-design';
import { CARD } from '../../src/renderer/src/editor/flow';
import { colourNear, decodePng, unlike } from '../picture-helpers';
import { focusCanvas, openApp, SCREENSHOTS, type Session } from './browser';

const LAYERS = 769;
const MODEL = Buffer.from(JSON.stringify(toKerasJson(generate('branchy', LAYERS), 'big_branchy')));
/** Where the app places an import's layers (it lays out an import, and L, with the shared auto-layout). */
const opened = await readDesignFile(MODEL);
if (!opened.ok) throw new Error('the generated model did not open');
const LAYOUT = autoLayout(opened.imported.design);

let session: Session;
beforeAll(async () => {
  session = await openApp({ width: 1400, height: 860 });
  await session.page.getByTestId('file-input').setInputFiles({ name: 'big_branchy.json', mimeType: 'application/json', buffer: MODEL });
  await session.page.waitForFunction(() => document.title.startsWith('big_branchy'), undefined, { timeout: 20_000 });
}, 60_000);
afterAll(async () => {
  await session.close();
});

type Box = { left: number; top: number; right: number; bottom: number };
const boxOf = (page: Page, selector: string) =>
  page.locator(selector).evaluate((e): Box => {
    const r = e.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  });
/** The layers on screen: the DOM's cards, or (a big graph far out) where the overview draws them. */
async function nodeBoxes(page: Page, layout = LAYOUT) {
  if (!(await page.getByTestId('overview').count()))
    return page.locator('.svelte-flow__node').evaluateAll((nodes) =>
      nodes.map((n) => {
        const r = n.getBoundingClientRect();
        return { id: n.getAttribute('data-id'), left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
    );
  // The canvas's own transform of the flow, applied to the layout's positions.
  const view = await page.locator('.svelte-flow__viewport').evaluate((e) => {
    const m = new DOMMatrix(getComputedStyle(e).transform);
    const r = e.parentElement!.getBoundingClientRect();
    return { left: r.left + m.e, top: r.top + m.f, zoom: m.a };
  });
  return Object.entries(layout).map(([id, p]) => {
    const [left, top] = [view.left + p.x * view.zoom, view.top + p.y * view.zoom];
    return { id, left, top, right: left + CARD.width * view.zoom, bottom: top + CARD.height * view.zoom };
  });
}
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
/** The light theme's canvas background and text (app.css), which the overview draws on and with. */
const [BACKGROUND, TEXT] = ['#fcfcfd', '#1d2330'];
const zoomOf = (page: Page) =>
  page.locator('.svelte-flow__viewport').evaluate((e) => new DOMMatrix(getComputedStyle(e).transform).a);
/** Mouse-wheel zoom in, towards the pointer, until the canvas's level-of-detail attribute says `value` (at most 60 steps). */
async function wheelInUntil(page: Page, attribute: 'data-names' | 'data-detail', value: string) {
  const canvas = page.getByTestId('canvas');
  for (let i = 0; i < 60 && (await canvas.getAttribute(attribute)) !== value; i++) {
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(50);
  }
}

/**
 * Every layer's node is drawn (the canvas draws only what is in view), lies inside the canvas and clear of
 * the minimap: polled, since fitting animates.
 */
async function expectAllInView(page: Page, layers = LAYERS, layout = LAYOUT) {
  await expect
    .poll(
      async () => {
        const canvas = await boxOf(page, '[data-testid="canvas"]');
        const minimap = (await page.locator('.svelte-flow__minimap').count()) ? await boxOf(page, '.svelte-flow__minimap') : undefined;
        const nodes = await nodeBoxes(page, layout);
        const outside = nodes.filter((n) => n.left < canvas.left || n.top < canvas.top || n.right > canvas.right || n.bottom > canvas.bottom);
        const covered = minimap ? nodes.filter((n) => overlaps(n, minimap)) : [];
        return { drawn: nodes.length, outside: outside.map((n) => n.id).slice(0, 5), covered: covered.map((n) => n.id).slice(0, 5) };
      },
      { timeout: 10_000 },
    )
    .toEqual({ drawn: layers, outside: [], covered: [] });
}

describe('a 769-layer import', () => {
  it('F fits every node in view, clear of the minimap; far out nodes are bars', async () => {
    const { page } = session;
    await focusCanvas(page);
    await page.keyboard.press('f');
    await expectAllInView(page);
    expect(await zoomOf(page)).toBeLessThan(0.05); // below the canvas's old floor, which could not fit it
    const canvas = page.getByTestId('canvas');
    expect(await canvas.getAttribute('data-detail')).toBe('bars');
    // One picture, not a DOM node per layer: every layer is drawn, and there is ink at each layer's place.
    expect(await page.getByTestId('overview').getAttribute('data-bars')).toBe(String(LAYERS));
    expect(await page.locator('.svelte-flow__node').count()).toBe(0);
    // The notices of the import ("Opened …", the offer to collapse) float over the canvas: dismissed first.
    while (await page.getByRole('button', { name: 'Dismiss' }).count()) await page.getByRole('button', { name: 'Dismiss' }).first().click();
    const shot = decodePng(await page.screenshot({ path: join(SCREENSHOTS, 'big-fit.png') }));
    const nodes = await nodeBoxes(page);
    const inked = nodes.filter((n) => colourNear(shot, { x: (n.left + n.right) / 2, y: (n.top + n.bottom) / 2 }, unlike(BACKGROUND), 1));
    expect(inked.length).toBe(LAYERS);
    // ... and none beside the graph.
    const [graphLeft, box] = [Math.min(...nodes.map((n) => n.left)), await boxOf(page, '[data-testid="canvas"]')];
    for (let x = box.left + 10; x < graphLeft - 10; x += 7) expect(colourNear(shot, { x, y: (box.top + box.bottom) / 2 }, unlike(BACKGROUND), 0)).toBe(false);
  });

  it('zoomed in part-way, the bars carry names 10–18 px tall on screen', async () => {
    const { page } = session;
    const canvas = page.getByTestId('canvas');
    const nodes = await nodeBoxes(page);
    const middle = nodes[Math.floor(nodes.length / 2)];
    // Mouse-wheel zoom towards a layer until names show (a 769-layer fit is too far out for them).
    await page.mouse.move((middle.left + middle.right) / 2, (middle.top + middle.bottom) / 2);
    // One step zooms in by one step from the fit, far below Svelte Flow's usual floor (it once snapped to it, off the graph).
    const fitted = await zoomOf(page);
    await page.mouse.wheel(0, -100);
    await expect.poll(() => zoomOf(page)).toBeGreaterThan(fitted * 1.05);
    expect(await zoomOf(page)).toBeLessThan(fitted * 1.3);
    await wheelInUntil(page, 'data-names', 'shown');
    expect(await canvas.getAttribute('data-detail')).toBe('bars');
    const size = parseFloat(await canvas.evaluate((e) => getComputedStyle(e).getPropertyValue('--name-size')));
    const onScreen = size * (await zoomOf(page));
    expect(onScreen).toBeGreaterThanOrEqual(10);
    expect(onScreen).toBeLessThanOrEqual(18);
    // A bar wholly in view, clear of the panels: its name is drawn on it (text-coloured pixels) ...
    const [box, minimap] = [await boxOf(page, '[data-testid="canvas"]'), await boxOf(page, '.svelte-flow__minimap')];
    const inView = (await nodeBoxes(page)).filter(
      (n) => n.left > box.left + 60 && n.top > box.top + 20 && n.right < box.right - 20 && n.bottom < box.bottom - 20 && !overlaps(n, minimap),
    );
    const bar = inView[Math.floor(inView.length / 2)];
    const shot = decodePng(await page.screenshot({ path: join(SCREENSHOTS, 'big-names.png') }));
    let ink = 0;
    for (let y = Math.ceil(bar.top + 2); y < bar.bottom - 2; y++)
      for (let x = Math.ceil(bar.left + 4); x < bar.right - 4; x++) if (colourNear(shot, { x, y }, TEXT, 0)) ink++;
    expect(ink).toBeGreaterThan(20);
    // ... and a click on it selects its layer (Ctrl adds the next one).
    await page.mouse.click((bar.left + bar.right) / 2, (bar.top + bar.bottom) / 2);
    const layer = opened.imported.design.nodes.find((n) => n.id === bar.id)!;
    await expect.poll(() => page.locator('#layer-name').inputValue()).toBe(layer.name ?? layer.id);
    const next = inView[Math.floor(inView.length / 2) + 1];
    await page.keyboard.down('Control');
    await page.mouse.click((next.left + next.right) / 2, (next.top + next.bottom) / 2);
    await page.keyboard.up('Control');
    await expect.poll(() => page.locator('.row.selected[data-testid="summary-row"]').count()).toBe(2);

    // Zoomed back in to a readable card size, the cards come back.
    await wheelInUntil(page, 'data-detail', 'cards');
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(0.7);
    expect(await page.locator('.svelte-flow__node [data-testid="layer-node"] .type').first().evaluate((e) => getComputedStyle(e).visibility)).toBe('visible');
  });

  it('Shift and a drag over the overview select the layers the rectangle touches', async () => {
    const { page } = session;
    await focusCanvas(page);
    await page.keyboard.press('f');
    await expectAllInView(page);
    // Part-way in, where bars are a few pixels apart: the rectangle's edges fall between rows of bars.
    const middle = (await nodeBoxes(page))[Math.floor(LAYERS / 2)];
    await page.mouse.move((middle.left + middle.right) / 2, (middle.top + middle.bottom) / 2);
    await wheelInUntil(page, 'data-names', 'shown');
    const box = await boxOf(page, '[data-testid="canvas"]');
    const nodes = (await nodeBoxes(page)).filter((n) => n.top > box.top + 40 && n.bottom < box.bottom - 200);
    const rows = [...new Set(nodes.map((n) => Math.round(n.top)))].sort((a, b) => a - b);
    const rowEdge = (k: number) => {
      const above = nodes.filter((n) => Math.round(n.top) === rows[k - 1]);
      return (Math.max(...above.map((n) => n.bottom)) + rows[k]) / 2;
    };
    const rect = { left: box.left + 70, right: box.right - 40, top: rowEdge(2), bottom: rowEdge(6) };
    const expected = nodes.filter((n) => overlaps(n, rect)).map((n) => n.id);
    expect(expected.length).toBeGreaterThanOrEqual(4);
    await page.keyboard.down('Shift');
    await page.mouse.move(rect.left, rect.top);
    await page.mouse.down();
    await page.mouse.move((rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2, { steps: 5 });
    await page.mouse.move(rect.right, rect.bottom, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(async () => (await page.locator('.row.selected[data-testid="summary-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).sort()).toEqual(expected.sort());
    await page.screenshot({ path: join(SCREENSHOTS, 'big-rectangle.png') });
  });

  it('a bar of the overview is dragged to a new place, as a card is; undo puts it back', async () => {
    const { page } = session;
    // Where the rectangle test left the view: part-way in, names shown.
    const box = await boxOf(page, '[data-testid="canvas"]');
    const nodes = (await nodeBoxes(page)).filter((n) => n.left > box.left + 60 && n.top > box.top + 60 && n.bottom < box.bottom - 200);
    const bar = nodes[0];
    const from = { x: (bar.left + bar.right) / 2, y: (bar.top + bar.bottom) / 2 };
    const to = { x: from.x + 300, y: from.y };
    const layer = opened.imported.design.nodes.find((n) => n.id === bar.id)!;
    const zoomBefore = await zoomOf(page);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 150, from.y, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    // The view did not pan (the press was the bar's), and the layer is now under the pointer's new place.
    expect(await zoomOf(page)).toBe(zoomBefore);
    await expect.poll(() => page.locator('#layer-name').inputValue()).toBe(layer.name ?? layer.id);
    await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.mouse.click(to.x, to.y);
    await expect.poll(() => page.locator('#layer-name').inputValue()).toBe(layer.name ?? layer.id);
    await page.screenshot({ path: join(SCREENSHOTS, 'big-dragged.png') });
    // Undo: the new place is empty again, the old one holds the layer.
    await focusCanvas(page);
    await page.keyboard.press('Control+z');
    await page.mouse.click(to.x, to.y);
    await expect.poll(() => page.locator('#layer-name').count()).toBe(0);
    await page.mouse.click(from.x, from.y);
    await expect.poll(() => page.locator('#layer-name').inputValue()).toBe(layer.name ?? layer.id);
  });

  it('a double-click on a bar of the overview shows that layer as a card', async () => {
    const { page } = session;
    await focusCanvas(page);
    await page.keyboard.press('f');
    await expectAllInView(page);
    await page.locator('[data-testid="canvas"][data-detail="bars"]').waitFor();
    const nodes = await nodeBoxes(page);
    const bar = nodes[Math.floor(nodes.length / 3)];
    await page.mouse.dblclick((bar.left + bar.right) / 2, (bar.top + bar.bottom) / 2);
    await expect.poll(() => page.locator(`.svelte-flow__node[data-id="${bar.id}"] [data-testid="layer-node"] .type`).isVisible()).toBe(true);
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(1);
  });

  it('L lays the graph out again and fits it whole', async () => {
    const { page } = session;
    await focusCanvas(page);
    await page.keyboard.press('l');
    await expectAllInView(page);
  });

  it('hides the minimap, and remembers that after a reload', async () => {
    const { page } = session;
    await page.getByTestId('minimap-toggle').click();
    await expect.poll(() => page.locator('.svelte-flow__minimap').count()).toBe(0);
    await focusCanvas(page);
    await page.keyboard.press('f');
    await expectAllInView(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'big-fit-no-minimap.png') });
    await page.reload();
    await page.locator('[data-testid="layer-node"]').first().waitFor();
    expect(await page.locator('.svelte-flow__minimap').count()).toBe(0);
    await page.getByTestId('minimap-toggle').click();
    await expect.poll(() => page.locator('.svelte-flow__minimap').count()).toBe(1);
  });
});

describe('the largest real model in the fixtures', () => {
  it('F fits every node in view, clear of the minimap', async () => {
    const model = await largestRealModel();
    const real = await openApp({ width: 1400, height: 860 });
    try {
      const { page } = real;
      await page.getByTestId('file-input').setInputFiles({ name: model.file, mimeType: 'application/octet-stream', buffer: model.bytes });
      await page.locator('.svelte-flow__node').nth(model.design.nodes.length - 1).waitFor({ state: 'attached', timeout: 20_000 }).catch(() => undefined);
      await focusCanvas(page);
      await page.keyboard.press('f');
      await expectAllInView(page, model.design.nodes.length);
      await page.screenshot({ path: join(SCREENSHOTS, 'big-real-fit.png') });
    } finally {
      await real.close();
    }
  });
});
