// Wires: dropped anywhere on a layer they connect; while dragging, the canvas shows where they may go and why not elsewhere.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addByClick, focusCanvas, nodeSelector, openApp, SCREENSHOTS, select, typeField, type Session } from './browser';
import { outputHandle } from '../../src/renderer/src/editor/flow';

let session: Session;
beforeEach(async () => {
  session = await openApp();
});
afterEach(async () => {
  await session.close();
});

const edgeCount = (s: Session) => s.page.locator('.svelte-flow__edge').count();
const notice = (s: Session) => s.page.getByTestId('notice').last().textContent();

async function centreOf(s: Session, selector: string) {
  const box = (await s.page.locator(selector).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** input → dense, and an unconnected dense_1 beside it. */
async function twoDenses(s: Session) {
  const { page } = s;
  await select(page, 'input');
  await typeField(page, 'shape', '4');
  await addByClick(page, 'Dense');
  await focusCanvas(page); // clears the selection: the next layer is added unconnected
  await addByClick(page, 'Dense');
  await expect.poll(() => page.locator(nodeSelector('dense_1')).count()).toBe(1);
  await expect.poll(() => edgeCount(s)).toBe(1);
}

describe('wires', () => {
  it('connects when dropped on the body of a layer, and highlights valid targets while dragging', async () => {
    const { page } = session;
    await twoDenses(session);
    const from = await centreOf(session, `${nodeSelector('dense')} .svelte-flow__handle.source[data-handleid="${outputHandle(0)}"]`);
    const to = await centreOf(session, `${nodeSelector('dense_1')} [data-testid="layer-node"] .summary`);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y + 20, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 10 });
    await expect.poll(() => page.locator(`${nodeSelector('dense_1')} .layer.can-take`).count()).toBe(1);
    await expect.poll(() => page.locator(`${nodeSelector('input')} .layer.cannot-take`).count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'editor-wiring-drag.png') });
    await page.mouse.up();
    await expect.poll(() => edgeCount(session)).toBe(2);
    await expect.poll(() => page.locator('.layer.can-take, .layer.cannot-take').count()).toBe(0);
  });

  it('says why a layer cannot take the wire when hovered, and refuses the drop with that reason', async () => {
    const { page } = session;
    await twoDenses(session);
    const from = await centreOf(session, `${nodeSelector('dense_1')} .svelte-flow__handle.source`);
    const to = await centreOf(session, `${nodeSelector('dense')} [data-testid="layer-node"] .summary`);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y + 20, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 10 });
    const why = page.locator(`${nodeSelector('dense')} [data-testid="refusal"]`);
    await expect.poll(() => why.isVisible()).toBe(true);
    expect(await why.textContent()).toMatch(/takes one input and already has one, from 'input'/);
    await page.screenshot({ path: join(SCREENSHOTS, 'editor-wiring-refused.png') });
    await page.mouse.up();
    await expect.poll(() => notice(session)).toMatch(/Not connected: Dense 'dense' takes one input/);
    expect(await edgeCount(session)).toBe(1);
  });
});
