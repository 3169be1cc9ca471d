// `paramsketch count` with a mixture of experts: the active parameters beside the total, in the JSON of every
// report and as a table line where they differ. The figures are Mixtral's publisher's (issue 16's table) and
// Meta's for Llama 2; a config.json is read as the app reads one (tests/fixtures/hf).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli as run } from './cli-helpers';

const cli = (...args: string[]) => run(args);
const hf = (name: string) => fileURLToPath(new URL(`./fixtures/hf/${name}.json`, import.meta.url));

describe('paramsketch count: active parameters', { timeout: 120_000 }, () => {
  it('are in every JSON report: Mixtral’s 12,879,925,248 of 46,702,792,704, Llama 2’s all of them', async () => {
    const json = await cli('count', '--format', 'json', hf('mixtral-8x7b-v0.1'), hf('llama-2-7b'), '--template', 'mixtral-8x7b');
    expect(json.code).toBe(0);
    const [mixtral, llama, template] = JSON.parse(json.stdout);
    expect([mixtral.total, mixtral.activeParams]).toEqual([46_702_792_704, 12_879_925_248]);
    expect([template.total, template.activeParams]).toEqual([46_702_792_704, 12_879_925_248]);
    expect([llama.total, llama.activeParams]).toEqual([6_738_415_616, 6_738_415_616]);
    // Without experts, a token computes all of it; with, less.
    expect(llama.activeMacs).toBe(llama.macs);
    expect(mixtral.activeMacs).toBeLessThan(mixtral.macs);
  });

  it('are a line of the table only where they differ from the total', async () => {
    const [mixtral, llama] = await Promise.all([cli('count', hf('mixtral-8x7b-v0.1')), cli('count', hf('llama-2-7b'))]);
    expect(mixtral.stdout).toContain('Total params: 46,702,792,704\n');
    expect(mixtral.stdout).toContain('Active params: 12,879,925,248\n');
    expect(llama.stdout).toContain('Total params: 6,738,415,616\n');
    expect(llama.stdout).not.toContain('Active params');
  });
});
