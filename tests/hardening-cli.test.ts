// Issue 17, items 2 and 3 through the built command line: designs that overflowed the stack or ran out of
// memory print JSON with the problem (a path and a message), never a stack trace. Inputs generated here.
import { describe, expect, it } from 'vitest';
import { cli, scratchFolder } from './cli-helpers';
import { bidirectionalFirstModel, denseStack, input, nestedSequentialText } from './hardening-helpers';

const { write } = scratchFolder();

const paramsketchFile = (design: object) => ({ format: 'paramsketch', version: 2, sketch: { name: 'hostile', convention: 'keras', design, layout: {} } });

/** Blocks b0 … b(depth − 1), each holding the next, the last a Dense(4). */
function nestedBlocks(depth: number) {
  const blocks: Record<string, object> = {};
  for (let k = 0; k < depth; k++)
    blocks[`b${k}`] = {
      design: { nodes: [input('x', 4), k < depth - 1 ? { id: 'y', type: `b${k + 1}` } : { id: 'y', type: 'Dense', fields: { units: 4 } }], edges: [{ from: 'x', to: 'y' }] },
      inputs: ['x'],
      outputs: [{ node: 'y' }],
    };
  return { nodes: [input('in', 4), { id: 'top', type: 'b0' }], edges: [{ from: 'in', to: 'top' }], blocks };
}

interface Printed {
  total: number | string;
  errors: { path: string[]; message: string }[];
  layers: { name: string; params: number | null }[];
}

async function countJson(file: string, ...flags: string[]): Promise<Printed> {
  const run = await cli(['count', '--json', ...flags, file]);
  // No stack trace, whatever the outcome: at most one line, `paramsketch: …`.
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
  const [printed] = JSON.parse(run.stdout) as Printed[];
  return printed;
}

describe('count --json on designs that crashed', () => {
  it('blocks nested 1,000 deep: JSON with the depth problem on the instance', async () => {
    const printed = await countJson(write('deep-blocks.json', paramsketchFile(nestedBlocks(1000))));
    expect(printed.errors).toEqual([expect.objectContaining({ path: expect.arrayContaining(['top']), message: expect.stringMatching(/^blocks are nested more than 64 deep/) })]);
  });

  it('Keras Sequentials nested 1,999 deep: JSON with the depth problem', async () => {
    const printed = await countJson(write('deep-keras.json', nestedSequentialText(1_999)));
    expect(printed.errors.map((e) => e.message)).toContain('models are nested more than 64 deep here; Paramsketch reads up to 64 levels');
  });

  it('--flat with a nested model whose input is its Bidirectional LSTM: counted, 2 × 4 × (2·(2 + 8) + 2) = 176', async () => {
    const file = write('bidirectional-first.json', bidirectionalFirstModel);
    const printed = await countJson(file, '--flat');
    expect(printed.total).toBe(176);
    expect(printed.layers.map((l) => [l.name, l.params])).toEqual([
      ['in', 0],
      ['inner › bi', 176],
    ]);
    const table = await cli(['count', '--flat', file]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Total params: 176');
  });

  it('--flat on a 10,000-Dense block ×10,000: the exact total, grouped rows and the listing problem', async () => {
    const design = denseStack(10_000, 10_000);
    const printed = await countJson(write('stack.json', paramsketchFile(design)), '--flat');
    // 10⁸ Dense(8) on 8 inputs: 8·8 + 8 each.
    expect(printed.total).toBe(7_200_000_000);
    expect(printed.layers.map((l) => l.name)).toEqual(['in', 'stack']);
    expect(printed.errors).toEqual([{ path: ['stack'], message: expect.stringMatching(/^this design expands to 100,000,001 layers; Paramsketch lists up to 200,000/) }]);
  }, 20_000);
});
