// Issue 17, item 7: the renderer's Content-Security-Policy has no 'unsafe-inline' for styles. The built
// app in Chromium (needs `npx electron-vite build`): no style is refused, and the one style attribute
// from markup (Svelte's css wrapper around Svelte Flow's MiniMap panel) is allowed by its hash and applies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openApp, SCREENSHOTS, type Session } from './e2e/browser';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

it('renders the editor with no style refused by the CSP, which allows no inline style', async () => {
  const html = readFileSync(join(import.meta.dirname, '../out/renderer/index.html'), 'utf8');
  const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(policy).toMatch(/style-src 'self';/);
  expect(policy).not.toContain('unsafe-inline');
  session = await openApp({
    initScript: () => {
      const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.sample}`));
    },
  });
  const { page } = session;
  await page.locator('.svelte-flow__minimap').waitFor();
  const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  // zod probes `new Function` once (and falls back without it): a script-src report, not a style one.
  expect(violations.filter((v) => v.startsWith('style-src'))).toEqual([]);
  expect(await page.evaluate(() => Array.from(document.querySelectorAll('svelte-css-wrapper')).map((e) => getComputedStyle(e).display))).toEqual(['contents']);
  await page.screenshot({ path: join(SCREENSHOTS, 'editor-strict-csp.png') });
});
