// Editing comforts: refused connections say why; duplicate, copy/paste, delete, box-select, undo,
// auto-layout, the shortcut sheet, and the title's unsaved mark.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addByClick, connect, drag, focusCanvas, nodeIds, nodeSelector, openApp, select, total, typeField, type Session } from './browser';

let session: Session;
beforeEach(async () => {
  session = await openApp();
});
afterEach(async () => {
  await session.close();
});

const notice = (s: Session) => s.page.getByTestId('notice').last().textContent();
const edgeCount = (s: Session) => s.page.locator('.svelte-flow__edge').count();

describe('connections', () => {
  it('refuses a second input into a single-input layer and a cycle, with a message, and changes nothing', async () => {
    const { page } = session;
    await select(page, 'input');
    await typeField(page, 'shape', '4');
    await addByClick(page, 'Add'); // input → add
    await addByClick(page, 'Dense'); // add → dense
    await expect.poll(() => edgeCount(session)).toBe(2);

    await focusCanvas(page); // nothing selected: the next layer is added unconnected
    await addByClick(page, 'Dense');
    await connect(page, 'input', 'dense_1'); // a branch beside add
    await expect.poll(() => edgeCount(session)).toBe(3);
    await connect(page, 'dense_1', 'dense');
    await expect.poll(() => notice(session)).toMatch(/Dense 'dense' takes one input and already has one, from 'add'/);

    await connect(page, 'dense', 'add');
    await expect.poll(() => notice(session)).toMatch(/would make a cycle/);
    expect(await edgeCount(session)).toBe(3);
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');
  });
});

describe('selection and clipboard', () => {
  it('duplicates, copies and pastes with inner edges, deletes, and undoes each', async () => {
    const { page } = session;
    await select(page, 'input');
    await typeField(page, 'shape', '3');
    await addByClick(page, 'Dense');
    await typeField(page, 'units', '5'); // 3·5 + 5 = 20
    await expect.poll(() => total(page)).toBe('20');

    await focusCanvas(page);
    await select(page, 'dense');
    await page.keyboard.press('ControlOrMeta+D'); // an unconnected copy: not counted, one problem
    await expect.poll(() => nodeIds(page)).toEqual(['input', 'dense', 'dense_1']);
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('1');

    await page.keyboard.press('Delete');
    await expect.poll(() => nodeIds(page)).toEqual(['input', 'dense']);

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+C');
    await page.keyboard.press('ControlOrMeta+V');
    await expect.poll(() => nodeIds(page)).toEqual(['input', 'dense', 'input_1', 'dense_1']);
    await expect.poll(() => edgeCount(session)).toBe(2); // the pasted pair brought its own edge
    await expect.poll(() => total(page)).toBe('40');

    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => total(page)).toBe('20');
    await page.keyboard.press('ControlOrMeta+Y');
    await expect.poll(() => total(page)).toBe('40');
  });

  it('box-selects with Shift+drag on the canvas', async () => {
    const { page } = session;
    await addByClick(page, 'Dense');
    await addByClick(page, 'Dropout');
    await focusCanvas(page);
    const box = (await page.locator('[data-testid="canvas"]').boundingBox())!;
    await page.keyboard.down('Shift');
    await drag(page, { x: box.x + 10, y: box.y + 10 }, { x: box.x + box.width - 10, y: box.y + box.height - 10 });
    await page.keyboard.up('Shift');
    await expect.poll(() => page.locator('.inspector .hint').textContent()).toMatch(/^3 layers selected/);
  });
});

describe('layout, help and the title', () => {
  it('auto-layout stacks a chain top to bottom without overlap', async () => {
    const { page } = session;
    await select(page, 'input');
    for (const type of ['Dense', 'Dropout', 'Dense']) await addByClick(page, type);
    await focusCanvas(page);
    await page.keyboard.press('f'); // all in view, clear of the minimap
    // Pile them up by hand, then tidy.
    for (const id of ['dense', 'dropout', 'dense_1']) {
      const from = (await page.locator(nodeSelector(id)).boundingBox())!;
      const to = (await page.locator(nodeSelector('input')).boundingBox())!;
      await drag(page, { x: from.x + 30, y: from.y + 10 }, { x: to.x + 40, y: to.y + 15 });
    }
    await focusCanvas(page);
    await page.keyboard.press('l');
    const tops = async () => {
      const boxes = await Promise.all(['input', 'dense', 'dropout', 'dense_1'].map((id) => page.locator(nodeSelector(id)).boundingBox()));
      return boxes.map((b, i) => (i === 0 ? 0 : b!.y - (boxes[i - 1]!.y + boxes[i - 1]!.height)));
    };
    await expect.poll(async () => (await tops()).slice(1).every((gap) => gap > 0)).toBe(true);
  });

  it('opens the shortcut sheet with ?, closes it with Escape', async () => {
    const { page } = session;
    await focusCanvas(page);
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('marks unsaved changes in the title, saves with Ctrl+S, and reopens the saved design after a reload', async () => {
    const { page } = session;
    await expect.poll(() => page.title()).toBe('Untitled — Paramsketch');
    await page.getByLabel('Design name').fill('Tiny MLP');
    await addByClick(page, 'Dense');
    await expect.poll(() => page.title()).toBe('● Tiny MLP — Paramsketch');
    await focusCanvas(page);
    await page.keyboard.press('ControlOrMeta+S');
    await expect.poll(() => page.title()).toBe('Tiny MLP — Paramsketch');
    await page.reload();
    await expect.poll(() => nodeIds(page)).toEqual(['input', 'dense']);
    await expect.poll(() => page.title()).toBe('Tiny MLP — Paramsketch');
  });
});
