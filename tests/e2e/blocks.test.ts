// Blocks in the editor: ResNet50 opens as blocks (collapsed), a block opens and expands, the table shows
// blocks grouped or flat; selected layers become a block, repeated and edited once for every instance.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../src/main/store/open-store';
import { nestedBlocks } from '../store/nested-blocks';
import { addByClick, focusCanvas, nodeIds, nodeSelector, openApp, SCREENSHOTS, select, total, typeField, type Session } from './browser';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const dense = (i: number, o: number) => i * o + o;
const grouped = (n: number) => n.toLocaleString('en-US');

it('opens ResNet50 as blocks, opens one, expands one, and keeps torchvision’s 25,557,032', async () => {
  session = await openApp({ width: 1600, height: 1000 });
  const { page } = session;
  await page.getByTestId('open-gallery').click();
  await page.locator('[data-testid="template"][data-id="resnet50"]').getByTestId('open-template-pytorch').click();
  await expect.poll(() => total(page), { timeout: 20_000 }).toBe('25,557,032');
  // Collapsed: the stem, 16 blocks and the head; no block's layers on the canvas.
  await expect.poll(() => page.locator(`${nodeSelector('conv2_block1')} .block`).count()).toBe(1);
  expect(await nodeIds(page)).not.toContain('2_conv');
  await page.screenshot({ path: join(SCREENSHOTS, 'blocks-resnet50.png') });

  await page.locator(`${nodeSelector('conv2_block1')} [data-testid="layer-node"]`).dblclick();
  await expect.poll(() => page.getByTestId('block-crumb').textContent()).toContain('bottleneck_projection');
  await expect.poll(() => nodeIds(page)).toContain('2_conv');
  await select(page, '2_conv');
  // Its filters come from each instance (conv3_block1 sets 128, not the block's 64), so they are not edited here.
  await expect.poll(() => page.getByTestId('fed-field').first().textContent()).toContain('filters');
  await page.screenshot({ path: join(SCREENSHOTS, 'blocks-resnet50-inside.png') });
  await focusCanvas(page);
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId('block-crumb').count()).toBe(0);
  await expect.poll(() => nodeIds(page)).toContain('conv2_block1');

  // Expanded into its layers (named as Keras applications name them): the count stays.
  // Far down the canvas: the table's row selects and reveals it.
  await page.locator('[data-testid="summary-row"][data-id="conv5_block3"]').dblclick();
  await page.getByTestId('expand-block').click();
  await expect.poll(() => nodeIds(page)).toContain('conv5_block3_2_conv');
  expect(await nodeIds(page)).not.toContain('conv5_block3');
  expect(await total(page)).toBe('25,557,032');

  // The table, flat: every layer of every block, named by the block it sits in.
  await page.getByTestId('rows-flat').check();
  await expect.poll(() => page.locator('[data-testid="summary-row"][data-id="conv2_block1/1_conv"]').textContent()).toContain('conv2_block1 › 1_conv');
  await page.getByTestId('rows-grouped').check();
  await expect.poll(() => page.locator('[data-testid="summary-row"][data-id="conv2_block1/1_conv"]').count()).toBe(0);
});

it('makes a block of two layers, repeats it ×3 and edits it once for every copy', async () => {
  session = await openApp();
  const { page } = session;
  // Input (32, 32, 3) → Dense(32) → Dense(32), each added below the selected layer.
  await select(page, 'input');
  await addByClick(page, 'Dense');
  await addByClick(page, 'Dense');
  const first = dense(3, 32) + dense(32, 32);
  await expect.poll(() => total(page)).toBe(grouped(first));

  await select(page, 'dense');
  await page.locator(`${nodeSelector('dense_1')} [data-testid="layer-node"] .head`).click({ modifiers: ['ControlOrMeta'] });
  await page.keyboard.press('ControlOrMeta+G');
  await expect.poll(() => nodeIds(page)).toEqual(['input', 'block']);
  expect(await total(page)).toBe(grouped(first));

  // ×3: each copy is fed the one before, so later copies read 32 features, not 3.
  await typeField(page, 'repeat', '3');
  const later = dense(32, 32) + dense(32, 32);
  await expect.poll(() => total(page)).toBe(grouped(first + 2 * later));
  await expect.poll(() => page.getByTestId('repeat').textContent()).toBe('×3');

  // Inside the block, the last Dense gets 8 units: every copy changes (and copy 2 then reads 8 features).
  await focusCanvas(page);
  await page.locator(`${nodeSelector('block')} [data-testid="layer-node"]`).dblclick();
  await expect.poll(() => nodeIds(page)).toContain('dense_1');
  await select(page, 'dense_1');
  await typeField(page, 'units', '8');
  const [copy1, copyN] = [dense(3, 32) + dense(32, 8), dense(8, 32) + dense(32, 8)];
  await expect.poll(() => total(page)).toBe(grouped(copy1 + 2 * copyN));
  await focusCanvas(page);
  await page.keyboard.press('ControlOrMeta+Z');
  await expect.poll(() => total(page)).toBe(grouped(first + 2 * later));
});

it('says why the flat table stays grouped for a design that expands past the listing limit, and keeps its exact total', async () => {
  // Dense(4) on 4 inputs, ×1,000 inside a block ×1,000: 1,000,000 layers of 4·4 + 4 = 20 parameters each.
  const store = openStore({ path: ':memory:' });
  store.save({ name: 'a million layers', convention: 'keras', design: nestedBlocks(2, 1000), layout: {} });
  session = await openApp({ store });
  const { page } = session;
  await expect.poll(() => total(page)).toBe(grouped(1_000_000 * dense(4, 4)));
  await page.getByTestId('rows-flat').check();
  await expect.poll(() => page.getByTestId('flat-refused').textContent()).toContain('expands to 1,000,001 layers') // and its Input;
  expect(await page.getByTestId('summary-row').count()).toBeLessThan(10);
  await page.getByTestId('rows-grouped').check();
  await expect.poll(() => page.getByTestId('flat-refused').count()).toBe(0);
});
