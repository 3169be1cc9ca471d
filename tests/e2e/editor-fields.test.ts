// The inspector's fields: a known set of values is a list (an unknown one from a file is kept and marked);
// shape fields read the usual spellings and say what is wrong with anything else.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/store/open-store';
import { chain } from '../helpers';
import { openApp, SCREENSHOTS, select, total, typeField, type Session } from './browser';

let session: Session;
beforeEach(async () => {
  const store = openStore({ path: ':memory:' });
  // As an import of a file with a typo in it would store it.
  store.save({ name: 'typo', convention: 'keras', design: chain([4], ['Dense', { units: 3, activation: 'relux' }, 'hidden']), layout: {} });
  session = await openApp({ store });
});
afterEach(async () => {
  await session.close();
});

describe('fields', () => {
  it('offers the activations as a list, keeping and marking one it does not know', async () => {
    const { page } = session;
    await select(page, 'hidden');
    const field = page.locator('#field-activation');
    expect(await field.evaluate((e) => e.tagName)).toBe('SELECT');
    expect(await field.inputValue()).toBe('relux');
    expect(await page.getByTestId('unknown-value').textContent()).toMatch(/“relux” is not a value Keras knows/);
    const options = await field.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['relux (unknown)', 'relu', 'gelu', 'softmax', 'linear']));
    await page.screenshot({ path: join(SCREENSHOTS, 'editor-field-unknown.png') });

    await field.focus();
    await field.selectOption('relu');
    await expect.poll(() => page.getByTestId('unknown-value').count()).toBe(0);
    // The file's value is gone from the list once replaced; undo brings it back.
    expect(await field.locator('option').allTextContents()).not.toContain('relux (unknown)');
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => field.inputValue()).toBe('relux');
  });

  it('reads [5, 3], (None, 3), 5x3 and 5, 3 as shapes, and rejects 3,,x with a message on the field', async () => {
    const { page } = session;
    await select(page, 'input');
    const message = page.locator('.field:has(#field-shape) .message');
    for (const text of ['[5, 3]', '(None, 3)', '5x3', '5, 3']) {
      await typeField(page, 'shape', text);
      await expect.poll(() => total(page), { message: text }).toBe('12'); // Dense(3) on the last axis, 3: 3·3 + 3
      expect(await message.count(), text).toBe(0);
    }
    await typeField(page, 'shape', '3,,x');
    await expect.poll(() => message.textContent()).toMatch(/shape must be a list of positive sizes or None, got '3,,x'/);
    await page.screenshot({ path: join(SCREENSHOTS, 'editor-field-shape.png') });
  });
});
