// New designs: "Blank design" at a first start, distinct names ("Untitled 2"), and a file imported twice
// asks whether to open the design already in the library.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addByClick, focusCanvas, nodeIds, openApp, SCREENSHOTS, type Session } from './browser';

const MODEL = readFileSync(join(import.meta.dirname, '../fixtures/real-models/keras1-iamfaisalkhan-nvidia/model.json'));

let session: Session;
beforeEach(async () => {
  session = await openApp();
});
afterEach(async () => {
  await session.close();
});

const title = (s: Session) => s.page.title();
const saved = (s: Session) => expect.poll(() => s.page.getByTestId('save-state').textContent(), { timeout: 5000 }).toBe('Saved');
const importFile = (s: Session) => s.page.getByTestId('file-input').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: MODEL });

describe('new designs', () => {
  it('offers a blank design at a first start', async () => {
    const { page } = session;
    await page.reload(); // nothing saved yet: the gallery opens again, as at a first start
    const gallery = page.getByRole('dialog', { name: 'Start from a template' });
    await expect.poll(() => gallery.isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'editor-first-start.png') });
    await gallery.getByTestId('open-blank').click();
    await expect.poll(() => gallery.count()).toBe(0);
    expect(await nodeIds(page)).toEqual(['input']);
    expect(await title(session)).toBe('Untitled — Paramsketch');
  });

  it('names a second blank design "Untitled 2"', async () => {
    const { page } = session;
    await addByClick(page, 'Dense'); // changed, so saved as "Untitled"
    await saved(session);
    await focusCanvas(page);
    await page.keyboard.press('n');
    await expect.poll(() => title(session)).toBe('Untitled 2 — Paramsketch');
  });

  it('asks before importing a file the library already has: open it, or import a copy under a new name', async () => {
    const { page } = session;
    await importFile(session);
    await saved(session);
    const name = (await title(session)).replace(' — Paramsketch', '');
    await focusCanvas(page);
    await page.keyboard.press('n');
    await expect.poll(() => title(session)).toBe('Untitled — Paramsketch');

    await importFile(session);
    const ask = page.getByRole('dialog', { name: 'Already in your library' });
    await expect.poll(() => ask.isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'editor-already-in-library.png') });
    await ask.getByTestId('import-copy').click();
    await expect.poll(() => title(session)).toBe(`${name} 2 — Paramsketch`);
    await saved(session);

    await importFile(session);
    await expect.poll(() => ask.isVisible()).toBe(true);
    await ask.getByTestId('open-existing').click();
    await expect.poll(() => ask.count()).toBe(0);
    await expect.poll(() => title(session)).toMatch(new RegExp(`^${name}( 2)? — Paramsketch$`));
    await page.getByTestId('open-library').click();
    // Still two designs from the file, not three.
    await expect.poll(() => page.getByRole('dialog', { name: /Library/ }).getByText(new RegExp(`^${name}( 2)?$`)).count()).toBe(2);
  });
});
