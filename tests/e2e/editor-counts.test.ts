// The seed articles' worked examples, built by hand in the real editor with real mouse drags.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCREENSHOTS, connect, dragFromPalette, nodeSelector, openApp, select, total, typeField, type Session } from './browser';

let session: Session;
beforeEach(async () => {
  session = await openApp();
});
afterEach(async () => {
  await session.close();
});

describe('the editor counts what is sketched, live', () => {
  it('builds the FFNN 3→5→2 from the palette: 32, then 62 after setting the hidden units to 10', async () => {
    const { page } = session;
    await select(page, 'input');
    await typeField(page, 'shape', '3');
    await dragFromPalette(page, 'Dense', 'input');
    await typeField(page, 'units', '5');
    await dragFromPalette(page, 'Dense', 'dense');
    await typeField(page, 'units', '2');
    await connect(page, 'input', 'dense');
    await connect(page, 'dense', 'dense_1');
    await expect.poll(() => total(page)).toBe('32');

    await select(page, 'dense');
    await typeField(page, 'units', '10');
    // No other action: the total follows the keystrokes.
    await expect.poll(() => total(page)).toBe('62');
  });
});

describe('formulas, conventions and undo', () => {
  it('LSTM(2) on 3 inputs: 48 with its formula, 56 in PyTorch, and undo walks back the switch and the edit', async () => {
    const { page } = session;
    await select(page, 'input');
    await typeField(page, 'shape', 'None, 3');
    await dragFromPalette(page, 'LSTM', 'input');
    await connect(page, 'input', 'lstm');
    // LSTM's default 32 units first: 4 × [32(32+3) + 32] = 4,608.
    await expect.poll(() => total(page)).toBe('4,608');
    await typeField(page, 'units', '2');
    await expect.poll(() => total(page)).toBe('48');

    await page.locator('[data-testid="summary-row"][data-id="lstm"]').click();
    await expect.poll(() => page.getByTestId('formula').textContent()).toBe('4 × [2(2+3) + 2] = 48');

    await page.getByTestId('convention-pytorch').click();
    await expect.poll(() => total(page)).toBe('56');
    await expect.poll(() => page.locator('[data-testid="summary-row"][data-id="lstm"] [data-testid="convention-badge"]').count()).toBe(1);

    await page.locator('body').click({ position: { x: 5, y: 300 } }); // out of the text field: app-level shortcuts
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => total(page)).toBe('48');
    await expect.poll(() => page.getByTestId('convention-keras').getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => total(page)).toBe('4,608');
    await page.keyboard.press('ControlOrMeta+Shift+Z');
    await expect.poll(() => total(page)).toBe('48');
  });
});

describe('errors stay local', () => {
  it('an Add of mismatched shapes is marked on its node and in the problems list; the rest is still counted', async () => {
    const { page } = session;
    await select(page, 'input');
    await typeField(page, 'shape', '5');
    await dragFromPalette(page, 'Dense', 'input', { dx: -150 });
    await typeField(page, 'units', '6');
    await dragFromPalette(page, 'Dense', 'input', { dx: 150 });
    await typeField(page, 'units', '4');
    await dragFromPalette(page, 'Add', 'dense', { dy: 140 });
    await connect(page, 'input', 'dense');
    await connect(page, 'input', 'dense_1');
    await connect(page, 'input', 'add');
    await connect(page, 'dense', 'add');

    // Dense(6) on 5: 5·6 + 6 = 36; Dense(4) on 5: 5·4 + 4 = 24. The Add has no weights but is not counted.
    await expect.poll(() => total(page)).toBe('60');
    await expect.poll(() => page.getByTestId('uncounted').textContent()).toContain('1 layer not counted');
    await expect.poll(() => page.locator(`${nodeSelector('add')} .layer.error`).count()).toBe(1);
    const problem = page.getByTestId('problem');
    await expect.poll(() => problem.count()).toBe(1);
    await expect.poll(() => problem.textContent()).toMatch(/^add.*\(None, 5\) vs \(None, 6\)/);

    await select(page, 'dense');
    await problem.click();
    await expect.poll(() => page.locator('#layer-name').inputValue()).toBe('add');
  });
});

describe('layers with several outputs', () => {
  it("wires a seq2seq by hand: the encoder LSTM's state outputs h and c start the decoder LSTM", async () => {
    const { page } = session;
    await select(page, 'input');
    await typeField(page, 'shape', '10, 8');
    await dragFromPalette(page, 'LSTM', 'input');
    await connect(page, 'input', 'lstm');
    await typeField(page, 'units', '16');
    await page.locator('#field-return_state').check();
    // Three outputs now, each its own handle: (None, 16) for the output, h and c.
    await expect.poll(() => page.locator(`${nodeSelector('lstm')} .svelte-flow__handle.source`).count()).toBe(3);
    await dragFromPalette(page, 'Input', 'lstm', { dx: -260, dy: 0 });
    await typeField(page, 'shape', '12, 6');
    await dragFromPalette(page, 'LSTM', 'lstm');
    await typeField(page, 'units', '16');
    await connect(page, 'input_1', 'lstm_1');
    await connect(page, 'lstm', 'lstm_1', 1);
    await connect(page, 'lstm', 'lstm_1', 2);
    // 4·[16(16+8) + 16] + 4·[16(16+6) + 16]: the tfjs fixture 139's model without its Dense.
    await expect.poll(() => total(page)).toBe((4 * (16 * 24 + 16) + 4 * (16 * 22 + 16)).toLocaleString('en-US'));
    await expect.poll(() => page.getByTestId('problem').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/seq2seq-by-hand.png` });
  });
});
