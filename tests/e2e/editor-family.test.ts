// Colour by family on the canvas (Netron's convention), from the catalog's one family table: nodes, the
// minimap and the palette's accents all read the same `--family-<name>` properties.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/store/open-store';
import { FAMILIES, FAMILY_TABLE, layerSpec } from '../../src/shared/catalog';
import { chain } from '../helpers';
import { nodeSelector, openApp, SCREENSHOTS, type Session } from './browser';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** `#rrggbb` as the browser reports a computed colour. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('family colours', () => {
  for (const colorScheme of ['light', 'dark'] as const)
    it(`colours each node by its family (${colorScheme})`, async () => {
      const store = openStore({ path: ':memory:' });
      const layers = [['Conv2D', { filters: 8 }, 'conv'], ['BatchNormalization', {}, 'norm'], ['ReLU', {}, 'act'], ['MaxPooling2D', {}, 'pool'], ['Flatten', {}, 'flat'], ['Dropout', {}, 'drop'], ['Dense', { units: 10 }, 'head']] as const;
      store.save({ name: 'families', convention: 'keras', design: chain([32, 32, 3], ...layers.map(([t, f, n]) => [t, { ...f }, n] as [string, Record<string, number>, string])), layout: {} });
      session = await openApp({ store, colorScheme });
      const { page } = session;
      for (const family of FAMILIES) expect(await page.evaluate((f) => getComputedStyle(document.documentElement).getPropertyValue(`--family-${f}`), family)).toBe(FAMILY_TABLE[family].colour);
      for (const [type, , id] of layers) {
        const border = await page.locator(`${nodeSelector(id)} [data-testid="layer-node"]`).evaluate((e) => getComputedStyle(e).borderLeftColor);
        expect(border, id).toBe(rgb(FAMILY_TABLE[layerSpec(type)!.family].colour));
      }
      // The palette's group of convolutions carries the same accent.
      const accent = await page.locator('.palette section', { hasText: FAMILY_TABLE.convolution.title }).first().locator('h3').evaluate((e) => getComputedStyle(e).borderLeftColor);
      expect(accent).toBe(rgb(FAMILY_TABLE.convolution.colour));
      await page.screenshot({ path: join(SCREENSHOTS, `editor-families-${colorScheme}.png`) });
    });
});
