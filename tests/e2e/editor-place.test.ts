// Where things land: pasted copies beside their originals and selected; L lays out and brings the graph
// into view; the toolbar stays put while a change is saved.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addByClick, drag, focusCanvas, nodeSelector, openApp, SCREENSHOTS, select, typeField, type Session } from './browser';

let session: Session;
beforeEach(async () => {
  session = await openApp();
});
afterEach(async () => {
  await session.close();
});

const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!;
const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** Every drawn node lies wholly inside the canvas. */
async function allInView(page: Page, ids: string[]) {
  const canvas = await box(page, '[data-testid="canvas"]');
  for (const id of ids) {
    if (!(await page.locator(nodeSelector(id)).count())) return false;
    const b = await box(page, nodeSelector(id));
    if (b.x < canvas.x || b.y < canvas.y || b.x + b.width > canvas.x + canvas.width || b.y + b.height > canvas.y + canvas.height) return false;
  }
  return true;
}

describe('placing', () => {
  it('pastes copies beside the originals, in view and selected', async () => {
    const { page } = session;
    await select(page, 'input');
    await typeField(page, 'shape', '3');
    await addByClick(page, 'Dense');
    await focusCanvas(page);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+C');
    await page.keyboard.press('ControlOrMeta+V');
    await expect.poll(() => page.locator(nodeSelector('dense_1')).count()).toBe(1);
    await expect.poll(() => allInView(page, ['input_1', 'dense_1'])).toBe(true);
    for (const copy of ['input_1', 'dense_1']) for (const original of ['input', 'dense']) expect(overlap(await box(page, nodeSelector(copy)), await box(page, nodeSelector(original)))).toBe(false);
    expect(await page.locator('.layer.selected').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')))).toEqual(['input_1', 'dense_1']);
    await page.screenshot({ path: join(SCREENSHOTS, 'editor-paste.png') });
  });

  it('L lays the graph out and fits it in view, even when it was panned away', async () => {
    const { page } = session;
    await select(page, 'input');
    for (const type of ['Dense', 'Dropout', 'Dense']) await addByClick(page, type);
    await focusCanvas(page);
    const canvas = await box(page, '[data-testid="canvas"]');
    // Pan the whole graph out of view.
    await drag(page, { x: canvas.x + canvas.width - 20, y: canvas.y + canvas.height / 2 }, { x: canvas.x + 20, y: canvas.y + 20 });
    await drag(page, { x: canvas.x + canvas.width - 20, y: canvas.y + canvas.height - 20 }, { x: canvas.x + 20, y: canvas.y + 20 });
    await expect.poll(() => allInView(page, ['input'])).toBe(false);
    await page.keyboard.press('l');
    await expect.poll(() => allInView(page, ['input', 'dense', 'dropout', 'dense_1'])).toBe(true);
  });

  it('keeps the toolbar where it is while a change is saved', async () => {
    const { page } = session;
    const buttons = ['convention-keras', 'undo', 'open-library'];
    const places = () => Promise.all(buttons.map(async (id) => (await page.getByTestId(id).boundingBox())!.x));
    const before = await places();
    await addByClick(page, 'Dense');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saving…');
    expect(await places()).toEqual(before);
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 5000 }).toBe('Saved');
    expect(await places()).toEqual(before);
  });
});
