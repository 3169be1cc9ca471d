// Compare that tells the truth, as a user sees it: ResNet-18 and ResNet-50 saved from the gallery (both
// torchvision's, the PyTorch convention), compared from the library. The family bars count the convs
// inside the residual blocks, blocks in the same place are changed (type), and the Δ adds up. Every
// expected number is the architecture worked out by hand or a published total (tests/compare-torchvision.ts).
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { bnChannels, convWeights, PUBLISHED, RESNET18, RESNET50 } from '../compare-torchvision';
import { openApp, SCREENSHOTS, total, type Session } from './browser';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const thousands = (n: number) => n.toLocaleString('en-US');

async function saveTemplate(page: Session['page'], id: string, published: number) {
  await page.getByTestId('open-gallery').click();
  await page.locator(`[data-testid="template"][data-id="${id}"]`).getByTestId('open-template-pytorch').click();
  await expect.poll(() => total(page), { timeout: 20_000 }).toBe(thousands(published));
  await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toBe('Saved');
}

it('compares ResNet-18 with ResNet-50: convs inside blocks in the bars, blocks changed (type), the Δ line', { timeout: 120_000 }, async () => {
  session = await openApp({ width: 1600, height: 1000 });
  const { page } = session;
  await saveTemplate(page, 'resnet18', PUBLISHED.resnet18);
  await saveTemplate(page, 'resnet50', PUBLISHED.resnet50);

  await page.getByTestId('open-library').click();
  const rows = page.getByTestId('library-row');
  await expect.poll(() => rows.count()).toBe(2);
  await rows.getByRole('checkbox').nth(1).check(); // ResNet-18 (the older) first: the baseline
  await rows.getByRole('checkbox').nth(0).check();
  await page.getByTestId('compare-picked').click();
  const columns = page.getByTestId('compare-column');
  await expect.poll(() => columns.count()).toBe(2);

  // The bars: every conv's weights (torchvision's convs have no bias), every BatchNorm's weight and bias.
  for (const [column, net] of [[0, RESNET18], [1, RESNET50]] as const) {
    const bar = (family: string) => columns.nth(column).locator(`[data-testid="family-bar"][data-family="${family}"]`).getAttribute('title');
    expect(await bar('convolution')).toMatch(new RegExp(`^convolution: ${thousands(convWeights(net))} params in ${net.convs.length} layers`));
    expect(await bar('normalization')).toMatch(new RegExp(`^normalization: ${thousands(2 * bnChannels(net))} params in ${net.convs.length} layers`));
  }
  expect(await columns.nth(1).locator('[data-family="convolution"]').getAttribute('title')).toContain(
    `, +${thousands(convWeights(RESNET50) - convWeights(RESNET18))} against ResNet-18`,
  );

  // The summary line: the published totals' difference, as a percentage of ResNet-18's.
  const change = PUBLISHED.resnet50 - PUBLISHED.resnet18;
  const percent = Math.round((change / PUBLISHED.resnet18) * 100);
  await expect.poll(() => page.getByTestId('compare-summary').textContent()).toContain(`+${thousands(change)} params (+${percent} %)`);

  // Eight blocks in the same places are basic blocks in one and bottlenecks in the other; eight more are added.
  const typeChanged = page.locator('[data-testid="compare-row"] td[data-status="changed"]', { hasText: 'type' });
  await expect.poll(() => typeChanged.count()).toBe(8);
  await expect.poll(() => page.locator('[data-testid="compare-row"] td[data-status="added"]').count()).toBe(8);
  expect(await page.locator('[data-testid="compare-row"] td[data-status="removed"]').count()).toBe(0);
  // The Δ column: an added block's Δ is its own count, shown with its sign.
  const added = page.locator('[data-testid="compare-row"]', { has: page.locator('td[data-status="added"]', { hasText: 'conv2_block3' }) });
  const own = (await added.locator('td[data-status="added"] .params').textContent())!.trim();
  expect(await added.getByTestId('compare-delta').locator('.d-params').textContent()).toBe(`+${own}`);

  await page.screenshot({ path: join(SCREENSHOTS, 'compare-resnet.png') });
});

it('compares Mistral 7B with Mixtral 8x7B: the active parameters beside the totals (the publishers’ figures)', { timeout: 120_000 }, async () => {
  // Mistral AI's published totals: Mistral 7B v0.1 7,241,732,096 (no experts: all of it active); Mixtral 8x7B
  // 46,702,792,704, of which 12,879,925,248 are active per token (issue 16's table).
  session = await openApp({ width: 1600, height: 1000 });
  const { page } = session;
  await saveTemplate(page, 'mistral-7b', 7_241_732_096);
  await saveTemplate(page, 'mixtral-8x7b', 46_702_792_704);
  await page.getByTestId('open-library').click();
  const rows = page.getByTestId('library-row');
  await expect.poll(() => rows.count()).toBe(2);
  // The library lists Mixtral's active count too; Mistral, without experts, has none of its own.
  await expect.poll(() => page.getByTestId('library-active').allTextContents()).toEqual(['12,879,925,248 active']);
  await rows.getByRole('checkbox').nth(1).check();
  await rows.getByRole('checkbox').nth(0).check();
  await page.getByTestId('compare-picked').click();
  const active = page.getByTestId('compare-active');
  await expect.poll(() => active.count()).toBe(2);
  expect(await active.nth(0).locator('td').nth(1).textContent()).toBe(thousands(7_241_732_096));
  expect(await active.nth(1).locator('td').nth(1).textContent()).toBe(thousands(12_879_925_248));
  await expect.poll(() => page.getByTestId('compare-active-macs').count()).toBe(2);
  await page.screenshot({ path: join(SCREENSHOTS, 'compare-mixtral.png') });
});
