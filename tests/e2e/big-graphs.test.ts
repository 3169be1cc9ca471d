// Big graphs you can read: a 769-layer import (NASNet-Mobile's size) fits whole on F and on L, with the
// minimap (which can be hidden, and stays hidden) never over a node; far out, nodes draw as named bars.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, toKerasJson } from '../../bench/graphs';
import { largestRealModel } from '../../bench/real-models';
import { focusCanvas, openApp, SCREENSHOTS, type Session } from './browser';

const LAYERS = 769;
const MODEL = Buffer.from(JSON.stringify(toKerasJson(generate('branchy', LAYERS), 'big_branchy')));

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
const nodeBoxes = (page: Page) =>
  page.locator('.svelte-flow__node').evaluateAll((nodes) =>
    nodes.map((n) => {
      const r = n.getBoundingClientRect();
      return { id: n.getAttribute('data-id'), left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    }),
  );
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const zoomOf = (page: Page) =>
  page.locator('.svelte-flow__viewport').evaluate((e) => new DOMMatrix(getComputedStyle(e).transform).a);

/**
 * Every layer's node is drawn (the canvas draws only what is in view), lies inside the canvas and clear of
 * the minimap: polled, since fitting animates.
 */
async function expectAllInView(page: Page, layers = LAYERS) {
  await expect
    .poll(
      async () => {
        const canvas = await boxOf(page, '[data-testid="canvas"]');
        const minimap = (await page.locator('.svelte-flow__minimap').count()) ? await boxOf(page, '.svelte-flow__minimap') : undefined;
        const nodes = await nodeBoxes(page);
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
    await page.screenshot({ path: join(SCREENSHOTS, 'big-fit.png') });
  });

  it('zoomed in part-way, the bars carry names 10–18 px tall on screen', async () => {
    const { page } = session;
    const canvas = page.getByTestId('canvas');
    const nodes = await nodeBoxes(page);
    const middle = nodes[Math.floor(nodes.length / 2)];
    // Mouse-wheel zoom towards a layer until names show (a 769-layer fit is too far out for them).
    await page.mouse.move((middle.left + middle.right) / 2, (middle.top + middle.bottom) / 2);
    for (let i = 0; i < 60 && (await canvas.getAttribute('data-names')) !== 'shown'; i++) {
      await page.mouse.wheel(0, -100);
      await page.waitForTimeout(50);
    }
    expect(await canvas.getAttribute('data-detail')).toBe('bars');
    const node = page.locator('.svelte-flow__node [data-testid="layer-node"]').first();
    const { content, size } = await node.evaluate((e) => {
      const after = getComputedStyle(e, '::after');
      return { content: after.content, size: parseFloat(after.fontSize) };
    });
    expect(content).toBe(JSON.stringify(await node.getAttribute('data-name')));
    const onScreen = size * (await zoomOf(page));
    expect(onScreen).toBeGreaterThanOrEqual(10);
    expect(onScreen).toBeLessThanOrEqual(18);
    // The card's own text is hidden (it would be a few pixels tall).
    expect(await node.locator('.type').evaluate((e) => getComputedStyle(e).visibility)).toBe('hidden');
    await page.screenshot({ path: join(SCREENSHOTS, 'big-names.png') });

    // Zoomed back in to a readable card size, the cards come back.
    for (let i = 0; i < 60 && (await canvas.getAttribute('data-detail')) !== 'cards'; i++) {
      await page.mouse.wheel(0, -100);
      await page.waitForTimeout(30);
    }
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(0.7);
    expect(await page.locator('.svelte-flow__node [data-testid="layer-node"] .type').first().evaluate((e) => getComputedStyle(e).visibility)).toBe('visible');
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
