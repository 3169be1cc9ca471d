// "Collapse repeated structure" in the real app: a real ResNet-50 model.json imported through the file input
// is offered a collapse; accepting it keeps the total its weights manifest says, and undo brings the layers
// back. The command (Ctrl+Shift+G) does the same for a real Inception-v3. Screenshots: out/screenshots/collapse-*.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { focusCanvas, openApp, SCREENSHOTS, total, type Session } from './browser';

const REAL = join(import.meta.dirname, '../fixtures/real-models');
/** The model file and the total its own weights manifest adds up to (the evidence in expected.json). */
function realModel(slug: string): { buffer: Buffer; total: string } {
  const expected = JSON.parse(readFileSync(join(REAL, slug, 'expected.json'), 'utf8')) as { weights: { shape: number[] }[] };
  const sum = expected.weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  return { buffer: readFileSync(join(REAL, slug, 'model.json')), total: sum.toLocaleString('en') };
}

let session: Session;
afterEach(async () => {
  await session?.close();
});

// The per-layer table, grouped: one row per layer or block instance (the canvas draws only what is in view).
const rowCount = (page: Page) => page.getByTestId('summary-row').count();

/** Opens the app and imports the model through the file input (as the Library's Import does): done when its total shows. */
async function openWithModel(slug: string, name: string) {
  session = await openApp({ width: 1400, height: 860 });
  const { page } = session;
  const model = realModel(slug);
  await page.getByTestId('file-input').setInputFiles({ name: `${name}.json`, mimeType: 'application/json', buffer: model.buffer });
  await expect.poll(() => total(page), { timeout: 30_000 }).toBe(model.total);
  return { page, model, flat: await rowCount(page) };
}

describe('collapse repeated structure', () => {
  it('offers it after importing a real ResNet-50; accepting keeps the manifest’s total, undo restores the layers', async () => {
    const { page, model: resnet, flat } = await openWithModel('tfjs-tensorspace-resnet50-keras2', 'resnet50'); // 25,636,712
    // 16 bottleneck blocks in stages of 3, 4, 6, 3; each stage's first (with its projection) stays as layers.
    const offer = page.getByTestId('notice').filter({ hasText: 'Collapse 12 repeated blocks into 4 stacks of 4 block types?' });
    await offer.getByRole('button', { name: 'Collapse' }).click();
    await expect.poll(() => rowCount(page)).toBeLessThan(flat);
    await expect.poll(() => total(page)).toBe(resnet.total);
    await focusCanvas(page);
    await page.keyboard.press('f');
    await page.waitForTimeout(600); // the fit animates
    // The identity blocks after each stage's first: 2, 3, 5 and 2.
    await expect.poll(async () => (await page.getByTestId('repeat').allTextContents()).sort()).toEqual(['×2', '×2', '×3', '×5']);
    await page.screenshot({ path: join(SCREENSHOTS, 'collapse-resnet50.png') });
    // Close up: a table row shows its layer; conv3's three identity blocks are one node ×3 (named after the first one's output).
    await page.getByTestId('summary-row').filter({ hasText: 'activation_16' }).first().click();
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SCREENSHOTS, 'collapse-resnet50-stack.png') });
    await page.getByTestId('undo').click();
    await expect.poll(() => rowCount(page)).toBe(flat);
    await expect.poll(() => total(page)).toBe(resnet.total);
  });

  it('the command collapses a real Inception-v3 (mixed1–2, 5–6, 9–10) and keeps its total', async () => {
    const { page, model: inception, flat } = await openWithModel('tfjs-tensorspace-inceptionv3-keras2', 'inception_v3'); // 23,851,784
    await focusCanvas(page);
    await page.keyboard.press('Control+Shift+G');
    await expect.poll(() => rowCount(page)).toBeLessThan(flat);
    await expect.poll(() => total(page)).toBe(inception.total);
    await expect.poll(() => page.getByTestId('notice').filter({ hasText: 'Collapsed 6 repeated blocks into 3 stacks of 3 block types' }).count()).toBe(1);
    // The offer made on import goes once the design is collapsed.
    expect(await page.getByTestId('notice').filter({ hasText: 'Collapse 6 repeated blocks' }).count()).toBe(0);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SCREENSHOTS, 'collapse-inceptionv3.png') });
  });
});
