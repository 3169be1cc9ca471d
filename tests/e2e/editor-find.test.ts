// Finding a layer in a long design: a click on its table row, or Ctrl+F by name or type, selects it and centres it.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/store/open-store';
import { chain } from '../helpers';
import { focusCanvas, nodeSelector, openApp, SCREENSHOTS, type Session } from './browser';

let session: Session;
beforeEach(async () => {
  const store = openStore({ path: ':memory:' });
  const layers = Array.from({ length: 40 }, (_, i) => ['Dense', { units: 4 }, `d${i}`] as ['Dense', { units: number }, string]);
  store.save({ name: 'long', convention: 'keras', design: chain([4], ...layers), layout: {} });
  session = await openApp({ store });
});
afterEach(async () => {
  await session.close();
});

/** The layer is selected (the inspector shows it) and its node's centre is near the canvas's centre. */
async function shownAndSelected(s: Session, id: string) {
  const { page } = s;
  await expect.poll(() => page.locator('#layer-name').inputValue()).toBe(id);
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const centred = async () => {
    // Nodes out of view are not drawn at all: no box to wait for.
    if (!(await page.locator(nodeSelector(id)).count())) return false;
    const box = await page.locator(nodeSelector(id)).boundingBox();
    if (!box) return false;
    return Math.abs(box.x + box.width / 2 - (canvas.x + canvas.width / 2)) < 40 && Math.abs(box.y + box.height / 2 - (canvas.y + canvas.height / 2)) < 40;
  };
  await expect.poll(centred).toBe(true);
}

describe('finding a layer', () => {
  it('selects and centres the layer of a clicked table row', async () => {
    const { page } = session;
    await expect.poll(() => page.locator(nodeSelector('d35')).count()).toBe(0); // far below the first screen
    await page.locator('[data-testid="summary-row"][data-id="d35"]').click();
    await shownAndSelected(session, 'd35');
    await page.screenshot({ path: join(SCREENSHOTS, 'editor-row-reveal.png') });
  });

  it('finds a layer with Ctrl+F by name, and by type', async () => {
    const { page } = session;
    await focusCanvas(page);
    await page.keyboard.press('ControlOrMeta+F');
    await page.keyboard.type('d27');
    await expect.poll(() => page.getByTestId('find-hit').allTextContents()).toEqual(['d27 (Dense)']);
    await page.screenshot({ path: join(SCREENSHOTS, 'editor-find.png') });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('find').count()).toBe(0);
    await shownAndSelected(session, 'd27');

    await page.keyboard.press('ControlOrMeta+F');
    await page.keyboard.type('dense'); // no name says dense: every Dense, in the design's order
    await expect.poll(() => page.getByTestId('find-hit').count()).toBe(12);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await shownAndSelected(session, 'd1');
  });
});
