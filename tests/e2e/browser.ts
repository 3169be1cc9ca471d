/**
 * Drives the real renderer in browser mode: the built app served by the same main-process code as
 * `npm run serve`, in Debian's Chromium through playwright-core (never a downloaded browser).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserMode, type BrowserMode } from '../../src/main/browser-mode';
import type { DesignStore } from '../../src/main/store/design-store';
import { openStore } from '../../src/main/store/open-store';
import { createServices } from '../../src/main/services';
import { outputHandle } from '../../src/renderer/src/editor/flow';

export const CHROMIUM = '/usr/bin/chromium';
const RENDERER = join(import.meta.dirname, '../../out/renderer');
export const SCREENSHOTS = join(import.meta.dirname, '../../out/screenshots');

export interface Session {
  page: Page;
  server: BrowserMode;
  close(): Promise<void>;
}

export interface AppOptions {
  colorScheme?: 'light' | 'dark';
  width?: number;
  height?: number;
  /** What the server has saved: the app opens the latest design at start. */
  store?: DesignStore;
  /** Runs in the page before the app's own scripts. */
  initScript?: () => void;
}

export async function openApp(options: AppOptions = {}): Promise<Session> {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is not built: `npm test` builds it first (electron-vite build)');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  const server = await startBrowserMode({ rendererDir: RENDERER, handlers: createServices('browser', options.store ?? openStore({ path: ':memory:' })) });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: options.width ?? 1400, height: options.height ?? 860 }, colorScheme: options.colorScheme ?? 'light' });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (options.initScript) await page.addInitScript(options.initScript);
  await page.goto(server.url);
  await page.locator('[data-testid="layer-node"]').first().waitFor();
  await page.locator('html[data-started]').waitFor({ state: 'attached' });
  // A first start (an empty library) opens on the gallery; tests that want it open it themselves.
  if (await page.getByRole('dialog', { name: 'Start from a template' }).isVisible()) await page.keyboard.press('Escape');
  return {
    page,
    server,
    async close() {
      await browser.close();
      await server.close();
      if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
    },
  };
}

const centre = async (page: Page, selector: string) => {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

/** A real mouse drag: press, move in steps (so the app sees a drag, not a jump), release. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + (to.x - from.x) / 3, from.y + (to.y - from.y) / 3, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

/** Drags a layer from the palette onto the canvas and drops it below the centre of node `below` (`dx` to the side). */
export async function dragFromPalette(page: Page, type: string, below: string, { dx = 0, dy = 130 } = {}) {
  const anchor = await centre(page, nodeSelector(below));
  await page.getByTestId('palette-search').fill(type);
  await drag(page, await centre(page, `[data-testid="palette-${type}"]`), { x: anchor.x + dx, y: anchor.y + dy });
  await page.getByTestId('palette-search').fill('');
}

export const nodeSelector = (id: string) => `.svelte-flow__node[data-id="${id}"]`;

/** Connects two layers by dragging from one's output handle (of output `port`) to the other's input handle. */
export async function connect(page: Page, from: string, to: string, port = 0) {
  const source = `${nodeSelector(from)} .svelte-flow__handle.source[data-handleid="${outputHandle(port)}"]`;
  await drag(page, await centre(page, source), await centre(page, `${nodeSelector(to)} .svelte-flow__handle.target`));
}

export async function select(page: Page, id: string) {
  await page.locator(`${nodeSelector(id)} [data-testid="layer-node"] .head`).click();
}

/** Types into a field of the inspector as a user does: select all, type the new text. */
export async function typeField(page: Page, name: string, text: string) {
  const input = page.locator(`#field-${name}`);
  await input.click();
  await input.press('ControlOrMeta+A');
  await input.pressSequentially(text);
}

export const total = (page: Page) => page.getByTestId('total').textContent();

/** Adds a layer the keyboard-and-click way: a palette click adds it below the selected layer, wired to it. */
export async function addByClick(page: Page, type: string) {
  await page.getByTestId(`palette-${type}`).click();
}

/** Moves focus out of any text field, so app-level shortcuts apply. */
export async function focusCanvas(page: Page) {
  await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
}

export const nodeIds = (page: Page) => page.locator('.svelte-flow__node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')));
