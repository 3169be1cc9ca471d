// Every palette entry readable in full: a long layer type wraps at a word (Global·Average·Pooling2D), never
// cut off by the panel's edge, even in a narrower panel with a classic (space-taking) scrollbar.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/shared/catalog';
import { openApp, SCREENSHOTS, type Session } from './browser';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('the palette', () => {
  it('shows every layer type whole, wrapping long ones at a word', async () => {
    session = await openApp();
    const { page } = session;
    // 140 px instead of 200, and a scrollbar that takes its width: GlobalAveragePooling2D alone is wider.
    // Set through the CSSOM: the page's Content-Security-Policy refuses a <style> element.
    await page.evaluate(() => {
      document.querySelector<HTMLElement>('.palette')!.style.width = '140px';
      document.querySelector<HTMLElement>('.palette .groups')!.style.overflowY = 'scroll';
    });
    const entries = await page.locator('.palette .item').evaluateAll((items) =>
      items.map((item) => {
        const [text, box] = [item.firstElementChild!.getBoundingClientRect(), item.getBoundingClientRect()];
        return { type: item.textContent!.trim(), inside: text.left >= box.left && text.right <= box.right, height: text.height };
      }),
    );
    expect(entries.map((e) => e.type).sort()).toEqual(CATALOG.map((s) => s.type).sort());
    for (const entry of entries) expect(entry.inside, entry.type).toBe(true);
    const height = Object.fromEntries(entries.map((e) => [e.type, e.height]));
    expect(height.GlobalAveragePooling2D / height.Dense).toBeCloseTo(2, 1);
    await page.getByTestId('palette-search').fill('pooling');
    await page.locator('.palette').screenshot({ path: join(SCREENSHOTS, 'palette-narrow-pooling.png') });
  });
});
