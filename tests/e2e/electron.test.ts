// The real desktop app through Playwright's Electron support — where Electron's binary exists. On
// machines that cannot download it (see DEVELOPERS.md) this test is skipped and says why.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

function electronBinary(): { path?: string; missing?: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    return existsSync(path) ? { path } : { missing: `no binary at ${path}` };
  } catch (error) {
    return { missing: (error as Error).message.split('\n')[0] };
  }
}

const binary = electronBinary();
if (binary.missing) console.log(`Electron launch test skipped: Electron's binary is not installed here (${binary.missing}).`);

describe('the Electron app', () => {
  it.skipIf(!binary.path)('opens its window, titled by the design, and answers the API over IPC', async () => {
    const app = await electron.launch({ executablePath: binary.path, args: [join(import.meta.dirname, '../../out/main/index.js')] });
    try {
      const page = await app.firstWindow();
      await page.locator('[data-testid="layer-node"]').first().waitFor();
      expect(await page.title()).toBe('Untitled — Paramsketch');
      const info = await page.evaluate(() => window.paramsketch!.appInfo());
      expect(info).toMatchObject({ ok: true, value: { runtime: 'electron' } });
      // The page gets exactly the API contract: no Node, no Electron internals.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    } finally {
      await app.close();
    }
  });
});
