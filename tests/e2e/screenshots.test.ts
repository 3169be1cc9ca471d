// A 30-layer CNN sketched in the editor, photographed in the light and the dark theme
// (out/screenshots/*.png, looked at by a person: see the closing note of the editor issue).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addByClick, focusCanvas, openApp, select, total, SCREENSHOTS, type Session } from './browser';

const CNN: string[] = [
  ...['Conv2D', 'BatchNormalization', 'ReLU', 'Conv2D', 'BatchNormalization', 'ReLU', 'MaxPooling2D'],
  ...['Conv2D', 'BatchNormalization', 'ReLU', 'Conv2D', 'BatchNormalization', 'ReLU', 'MaxPooling2D', 'Dropout'],
  ...['Conv2D', 'BatchNormalization', 'ReLU', 'Conv2D', 'BatchNormalization', 'ReLU', 'MaxPooling2D', 'Dropout'],
  ...['Flatten', 'Dense', 'BatchNormalization', 'ReLU', 'Dropout', 'Dense'],
];

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function sketchCnn(s: Session) {
  const { page } = s;
  await select(page, 'input');
  for (const type of CNN) {
    await addByClick(page, type);
    if (type === 'Conv2D') await page.locator('#field-padding').selectOption('same');
  }
  await focusCanvas(page);
  await page.keyboard.press('l');
}

describe('screenshots of the editor', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`a 30-layer CNN, ${colorScheme} theme`, async () => {
      session = await openApp({ colorScheme, width: 1600, height: 1000 });
      const { page } = session;
      await sketchCnn(session);
      expect(CNN.length + 1).toBe(30);
      // By hand, Keras convention, 32×32×3 input, 3×3 'same' convs of 32 filters, 2×2 pools:
      // conv 3·3·3·32+32 = 896, five convs 3·3·32·32+32 = 9,248 each; seven BatchNorms of 32: 4·32 = 128 each
      // (half non-trainable: 7·64 = 448); Flatten 4·4·32 = 512 → Dense(32) 512·32+32 = 16,416 → Dense(32) 32·32+32 = 1,056.
      await expect.poll(() => total(page)).toBe('65,504');
      await expect.poll(() => page.getByTestId('non-trainable').textContent()).toBe('448');
      await page.locator('[data-testid="summary-row"][data-id="conv2d_1"]').click();
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = join(SCREENSHOTS, `editor-cnn30-${colorScheme}.png`);
      await page.screenshot({ path: file });
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      // The theme follows the OS: a light page is bright, a dark one dark.
      expect(colorScheme === 'light' ? r + g + b > 600 : r + g + b < 150).toBe(true);
    });
  }
});
