// Language models in the real app: Mixtral-8x7B from the gallery with its active parameters beside the total,
// an edit inside its decoder block changing both live, the inference memory, and a Hugging Face config.json
// dropped on the window. The figures are the publishers' (tests/fixtures/hf, README there) and the issue's
// table; the edit's effect is worked out below from the architecture, not read from the app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { nodeSelector, openApp, SCREENSHOTS, select, total, typeField, type Session } from './browser';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const groups = (n: bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const config = (name: string) => readFileSync(join(import.meta.dirname, `../fixtures/hf/${name}.json`), 'utf8');

// mixtral-8x7b-v0.1.json: hidden_size 4096, 32 heads (head_dim 4096 / 32 = 128), 8 KV heads, 32 layers.
const MIXTRAL = { total: 46_702_792_704n, active: 12_879_925_248n, hidden: 4096n, headDim: 128n, kvHeads: 8n, layers: 32n };

it('shows Mixtral-8x7B’s 46.7 B parameters and 12.9 B active, both following an edit of its KV heads', async () => {
  session = await openApp({ width: 1600, height: 1000 });
  const { page } = session;
  await page.getByTestId('open-gallery').click();
  await page.locator('[data-testid="template"][data-id="mixtral-8x7b"]').getByTestId('open-template-pytorch').click();
  await expect.poll(() => total(page), { timeout: 30_000 }).toBe(groups(MIXTRAL.total));
  await expect.poll(() => page.locator('.totals .total .compact').first().textContent()).toBe('46.7 B');
  await expect.poll(() => page.getByTestId('active').textContent()).toBe(groups(MIXTRAL.active));
  await expect.poll(() => page.getByTestId('active-compact').textContent()).toBe('12.9 B');
  // The table gains an Active column, as the design has experts.
  await expect.poll(() => page.getByTestId('active-column').count()).toBe(1);

  // The inference memory: Mixtral's KV cache at fp16 is 2 × 32 layers × 8 KV heads × 128 × 2 bytes a token.
  await page.locator('[data-testid="cost"] summary').click();
  const perToken = (kvHeads: bigint) => 2n * MIXTRAL.layers * kvHeads * MIXTRAL.headDim * 2n;
  await expect.poll(() => page.getByTestId('kv-per-token').textContent()).toBe(`${perToken(8n) / 1024n}.00 KB`);
  await page.getByTestId('gpu-80').click();
  // 46.7 B parameters at fp16 are 87 GiB: they do not fit on 80 GB, and do at int4 (a quarter of that).
  await expect.poll(() => page.getByTestId('inference-total').textContent()).toMatch(/does not fit on a 80 GB GPU/);
  await page.getByTestId('inference-precision').selectOption('int4');
  await expect.poll(() => page.getByTestId('inference-total').textContent()).toMatch(/— fits on a 80 GB GPU/);
  await page.getByTestId('inference-precision').selectOption('fp16');
  await page.locator('section.totals').screenshot({ path: join(SCREENSHOTS, 'llm-mixtral-totals.png') });

  // Inside the decoder block, its attention's KV heads 8 → 4: the k and v projections are hidden × kv_heads ×
  // head_dim each (no biases), in each of the 32 layers; every token uses the attention, so both counts move.
  await page.locator(`${nodeSelector('layers')} [data-testid="layer-node"]`).dblclick();
  await select(page, 'self_attn');
  await typeField(page, 'num_key_value_heads', '4');
  const change = MIXTRAL.layers * 2n * MIXTRAL.hidden * (4n - MIXTRAL.kvHeads) * MIXTRAL.headDim;
  await expect.poll(() => total(page)).toBe(groups(MIXTRAL.total + change));
  await expect.poll(() => page.getByTestId('active').textContent()).toBe(groups(MIXTRAL.active + change));
  await expect.poll(() => page.getByTestId('kv-per-token').textContent()).toBe(`${perToken(4n) / 1024n}.00 KB`);
  await page.locator('section.totals').screenshot({ path: join(SCREENSHOTS, 'llm-mixtral-edited.png') });
});

it('opens a Hugging Face config.json dropped on the window: Llama 2 7B’s published 6,738,415,616', async () => {
  session = await openApp({ width: 1600, height: 1000 });
  const { page } = session;
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'config.json', { type: 'application/json' }));
    const target = document.querySelector('.svelte-flow')!;
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  }, config('llama-2-7b'));
  await expect.poll(() => total(page), { timeout: 30_000 }).toBe('6,738,415,616');
  // No experts: one figure, and no Active column.
  await expect.poll(() => page.getByTestId('active').count()).toBe(0);
  await expect.poll(() => page.getByTestId('active-column').count()).toBe(0);
  // Llama 2 7B's fp16 KV cache: 2 × 32 layers × 32 heads × 128 × 2 bytes = 0.5 MiB a token.
  await page.locator('[data-testid="cost"] summary').click();
  await expect.poll(() => page.getByTestId('kv-per-token').textContent()).toBe('512.00 KB');
  await page.locator('section.totals').screenshot({ path: join(SCREENSHOTS, 'llm-llama2-config.png') });

  // A config opens in the PyTorch convention, which names layers and settings as torch does (the file keeps Keras's).
  await expect.poll(() => page.getByTestId('convention-pytorch').getAttribute('aria-checked')).toBe('true');
  await expect.poll(() => page.getByTestId('palette-Dense').textContent()).toBe('nn.Linear');
  await select(page, 'lm_head');
  await expect.poll(() => page.getByTestId('inspector-title').textContent()).toBe('nn.Linear');
  await expect.poll(() => page.locator('label[for="field-units"]').textContent()).toBe('out_features');
  await page.getByRole('region', { name: 'Inspector' }).screenshot({ path: join(SCREENSHOTS, 'llm-inspector-pytorch.png') });
  await page.getByTestId('convention-keras').click();
  await expect.poll(() => page.locator('label[for="field-units"]').textContent()).toBe('units');
  await expect.poll(() => page.getByTestId('palette-Dense').textContent()).toBe('Dense');
});
