// Adding into a graph: a palette click with a mid-chain layer selected inserts after it; a palette drop onto an edge splices in.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addByClick, drag, nodeSelector, openApp, SCREENSHOTS, select, typeField, type Session } from './browser';

let session: Session;
beforeEach(async () => {
  session = await openApp();
});
afterEach(async () => {
  await session.close();
});

const edgeIds = (s: Session) => s.page.locator('.svelte-flow__edge').evaluateAll((edges) => edges.map((e) => e.getAttribute('data-id')).sort());
const top = async (s: Session, id: string) => (await s.page.locator(nodeSelector(id)).boundingBox())!.y;

/** input(4) → dense → dense_1, built by palette clicks. */
async function chain(s: Session) {
  await select(s.page, 'input');
  await typeField(s.page, 'shape', '4');
  await addByClick(s.page, 'Dense');
  await addByClick(s.page, 'Dense');
  await expect.poll(() => edgeIds(s)).toEqual(['dense:0>dense_1#0', 'input:0>dense#0']);
}

describe('adding into a graph', () => {
  it('inserts after the selected mid-chain layer, rewired, and moves the layers below down', async () => {
    const { page } = session;
    await chain(session);
    await select(page, 'dense');
    await addByClick(page, 'Dropout');
    await expect.poll(() => edgeIds(session)).toEqual(['dense:0>dropout#0', 'dropout:0>dense_1#0', 'input:0>dense#0']);
    await expect.poll(async () => (await top(session, 'dense_1')) > (await top(session, 'dropout'))).toBe(true);
    await expect.poll(async () => (await top(session, 'dropout')) > (await top(session, 'dense'))).toBe(true);
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');
    expect(await page.locator('.inspector h2').textContent()).toMatch(/Dropout/);
  });

  it('splices a palette layer dropped onto an edge between its ends', async () => {
    const { page } = session;
    await chain(session);
    const from = (await page.locator(`${nodeSelector('input')} .svelte-flow__handle.source`).boundingBox())!;
    const to = (await page.locator(`${nodeSelector('dense')} .svelte-flow__handle.target`).boundingBox())!;
    // A point on the straight edge between them, a little above its middle (clear of the shape label).
    const onEdge = { x: from.x + from.width / 2, y: from.y + (to.y - from.y) * 0.25 + from.height / 2 };
    await page.getByTestId('palette-search').fill('BatchNormalization');
    const item = (await page.getByTestId('palette-BatchNormalization').boundingBox())!;
    await drag(page, { x: item.x + item.width / 2, y: item.y + item.height / 2 }, onEdge);
    await page.getByTestId('palette-search').fill('');
    await expect.poll(() => edgeIds(session)).toEqual(['batch_normalization:0>dense#0', 'dense:0>dense_1#0', 'input:0>batch_normalization#0']);
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');
    await page.screenshot({ path: join(SCREENSHOTS, 'editor-splice.png') });
  });
});
