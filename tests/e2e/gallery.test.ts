// The template gallery: shown at a first start, and a published architecture opened in one click.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openApp, SCREENSHOTS, total, type Session } from './browser';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

it('opens torchvision ResNet50 from the gallery: 25,557,032 parameters under PyTorch', async () => {
  session = await openApp({ width: 1600, height: 1000 });
  const { page } = session;
  await page.getByTestId('open-gallery').click();
  const resnet = page.locator('[data-testid="template"][data-id="resnet50"]');
  // Published figure (torchvision's model table): 25,557,032.
  await expect.poll(() => resnet.getByTestId('open-template-pytorch').textContent()).toContain('25,557,032');
  await resnet.getByTestId('open-template-pytorch').click();
  await expect.poll(() => total(page), { timeout: 20_000 }).toBe('25,557,032');
  await expect.poll(() => page.getByTestId('convention-pytorch').getAttribute('aria-checked')).toBe('true');
  await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');
  await page.screenshot({ path: join(SCREENSHOTS, 'gallery-resnet50.png') });
  // Saved to the library as a design of its own.
  await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toBe('Saved');
});

it('shows the gallery at a first start, when nothing is saved yet', async () => {
  session = await openApp();
  const { page } = session;
  // openApp closed it (tests start on the editor): a reload with the library still empty shows it again.
  await page.reload();
  await expect.poll(() => page.getByRole('dialog', { name: 'Start from a template' }).isVisible()).toBe(true);
  await expect.poll(() => page.getByTestId('template').count()).toBeGreaterThan(15);
});

it('shows what a design costs beyond its parameters: MACs, memory, and whether training fits a GPU', async () => {
  session = await openApp({ width: 1600, height: 1000 });
  const { page } = session;
  await page.getByTestId('open-gallery').click();
  await page.locator('[data-testid="template"][data-id="vgg16"]').getByTestId('open-template-keras').click();
  await expect.poll(() => total(page), { timeout: 20_000 }).toBe('138,357,544');
  // torchvision's table: VGG16 is 15.47 GMACs at 224×224.
  await expect.poll(() => page.getByTestId('macs').textContent()).toBe('15.5 B');
  await page.locator('[data-testid="cost"] summary').click();
  // Weights 138,357,544 × 4 B = 527.8 MiB; with Adam, gradients and two states: ×4, plus activations × batch.
  await page.getByLabel('Batch size').fill('1');
  await expect.poll(() => page.getByTestId('training-memory').textContent()).toMatch(/fits on a 24 GB GPU/);
  await page.getByLabel('Batch size').fill('4096');
  await expect.poll(() => page.getByTestId('training-memory').textContent()).toMatch(/does not fit on a 24 GB GPU/);
});
