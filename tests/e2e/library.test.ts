// Designs that last: every change autosaved to SQLite, there after a restart of app and server; the
// library, its trash with undo, and a design's history.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesignStore } from '../../src/main/store/design-store';
import { openStore } from '../../src/main/store/open-store';
import { chain } from '../helpers';
import { addByClick, focusCanvas, openApp, SCREENSHOTS, select, total, typeField, type Session } from './browser';

let dir: string;
let store: DesignStore;
let session: Session | undefined;
const path = () => join(dir, 'designs.db');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paramsketch-e2e-'));
  store = openStore({ path: path() });
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Closes the page, the server and the database, then starts all three again on the same file. */
async function restart(): Promise<Session> {
  await session!.close();
  store.close();
  store = openStore({ path: path() });
  session = await openApp({ store });
  return session;
}

/** The seed's FFNN 3→5→2 (32 parameters), by keyboard and clicks. */
async function buildFfnn(page: Session['page']) {
  await select(page, 'input');
  await typeField(page, 'shape', '3');
  await addByClick(page, 'Dense');
  await typeField(page, 'units', '5');
  await addByClick(page, 'Dense');
  await typeField(page, 'units', '2');
  await expect.poll(() => total(page)).toBe('32');
}

const saved = (page: Session['page']) => expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 5000 }).toBe('Saved');

describe('autosave', () => {
  it('sketch, close, reopen: the design is there, without pressing save', async () => {
    session = await openApp({ store });
    const { page } = session;
    await buildFfnn(page);
    await page.getByLabel('Design name').fill('ffnn 3-5-2');
    await saved(page);

    const { page: again } = await restart();
    await expect.poll(() => total(again)).toBe('32');
    await expect.poll(() => again.getByLabel('Design name').inputValue()).toBe('ffnn 3-5-2');
    expect(await again.locator('.svelte-flow__node').count()).toBe(3);
  });
});

describe('the library', () => {
  it('lists designs with both totals, opens one, and deletes with undo', async () => {
    session = await openApp({ store });
    const { page } = session;
    await buildFfnn(page);
    await saved(page);
    await focusCanvas(page);
    await page.keyboard.press('n'); // a new design
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(1);
    await select(page, 'input');
    await typeField(page, 'shape', 'None, 3');
    await addByClick(page, 'LSTM');
    await typeField(page, 'units', '2');
    await expect.poll(() => total(page)).toBe('48');
    await saved(page);

    await page.getByTestId('open-library').click();
    const rows = page.getByTestId('library-row');
    await expect.poll(() => rows.count()).toBe(2);
    // Seeds: LSTM(2) on 3 is 48 (Keras) and 56 (PyTorch); the FFNN 32 in both.
    await expect.poll(() => rows.nth(0).textContent()).toMatch(/48 Keras.*56 PyTorch/);
    await expect.poll(() => rows.nth(1).textContent()).toMatch(/32 Keras.*32 PyTorch/);
    // Thumbnails arrive for the rows in view.
    await expect.poll(() => rows.locator('img').count()).toBe(2);

    await rows.nth(1).getByRole('button', { name: /^Delete/ }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rows.count()).toBe(2);

    await rows.nth(1).locator('button.name').click();
    await expect.poll(() => total(page)).toBe('32');
  });
});

describe('history', () => {
  it('keeps a snapshot on Ctrl+S and restores it', async () => {
    session = await openApp({ store });
    const { page } = session;
    await buildFfnn(page);
    await focusCanvas(page);
    await page.keyboard.press('ControlOrMeta+S');
    await select(page, 'dense');
    await typeField(page, 'units', '10');
    await expect.poll(() => total(page)).toBe('62');
    await saved(page);

    await page.getByTestId('open-history').click();
    const rows = page.getByTestId('snapshot-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await rows.filter({ hasText: 'Saved' }).getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => total(page)).toBe('32');
  });
});

describe('compare', () => {
  it('shows two designs side by side and highlights the rows that differ', async () => {
    const ffnn = (hidden: number, name: string) => ({
      name,
      convention: 'keras' as const,
      design: chain([3], ['Dense', { units: hidden }, 'hidden'], ['Dense', { units: 2 }, 'out']),
      layout: {},
    });
    store.save(ffnn(5, 'narrow'));
    store.save(ffnn(10, 'wide'));
    session = await openApp({ store });
    const { page } = session;
    await page.getByTestId('open-library').click();
    const rows = page.getByTestId('library-row');
    await expect.poll(() => rows.count()).toBe(2);
    await rows.getByRole('checkbox').nth(1).check(); // narrow (the older) first: it is the baseline
    await rows.getByRole('checkbox').nth(0).check();
    await page.getByTestId('compare-picked').click();

    const columns = page.getByTestId('compare-column');
    await expect.poll(() => columns.count()).toBe(2);
    // Seeds: the FFNN 3→5→2 has 32 parameters; with 10 hidden units, 10·(3+1) + 2·(10+1) = 62.
    await expect.poll(() => columns.nth(0).textContent()).toContain('32');
    await expect.poll(() => columns.nth(1).textContent()).toContain('62');
    const changed = page.locator('[data-testid="compare-row"] td[data-status="changed"]');
    await expect.poll(() => changed.count()).toBe(1);
    expect(await changed.textContent()).toContain('units');
    const background = await changed.evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    // The output layer keeps its settings, but its count follows its wider input: highlighted too.
    await expect.poll(() => page.locator('[data-testid="compare-row"][data-differs="true"]').count()).toBe(2);
    await expect.poll(() => page.locator('[data-testid="compare-row"][data-differs="false"]').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'compare-light.png') });
  });
});
