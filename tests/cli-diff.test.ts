// The built `paramsketch diff A B`: the app's Compare view as text and as data, and its exit status
// (0 the same, 1 different, 2 trouble). Every count here is worked out by hand.
import { describe, expect, it } from 'vitest';
import { writeParamsketchFile } from '../src/shared/files/paramsketch-file';
import { templateById } from '../src/shared/templates';
import { cli, oneLine, realModel, scratchFolder } from './cli-helpers';
import { convWeights, PUBLISHED, RESNET18, RESNET50 } from './compare-torchvision';

const { write } = scratchFolder();
const thousands = (n: number) => n.toLocaleString('en-US');

const dense = (name: string, units: number, extra: Record<string, unknown> = {}) => ({ class_name: 'Dense', config: { name, units, ...extra } });
const sequential = (name: string, layers: unknown[]) => ({ class_name: 'Sequential', config: { name, layers } });

// MACs (docs/cost.md): a Dense is in × out. Δ columns are B less A.
// 3 → 5 → 2: (3·5 + 5) + (5·2 + 2) = 32; MACs 15 + 10 = 25.
const small = sequential('small', [dense('hidden', 5, { batch_input_shape: [null, 3] }), dense('out', 2)]);
// 3 → 8 → 4 → 2: (3·8 + 8) + (8·4 + 4) + (4·2 + 2) = 32 + 36 + 10 = 78; MACs 24 + 32 + 8 = 64.
const wide = sequential('wide', [dense('hidden', 8, { batch_input_shape: [null, 3] }), dense('extra', 4), dense('out', 2)]);
// 3 → 8 → 2: out keeps its settings, but on 8 inputs it has 8·2 + 2 = 18 weights and 16 MACs (10 on 5).
const wider = sequential('small', [dense('hidden', 8, { batch_input_shape: [null, 3] }), dense('out', 2)]);

/** Two Dense(4) on the input, and an Add of the input with one of them: (4·4 + 4) · 2 = 40 either way. */
const skip = (fromLayer: 'd1' | 'd2') => ({
  format: 'paramsketch',
  version: 2,
  sketch: {
    name: 'skip',
    convention: 'keras',
    design: {
      nodes: [
        { id: 'in', type: 'Input', fields: { shape: [4] } },
        { id: 'd1', name: 'd1', type: 'Dense', fields: { units: 4 } },
        { id: 'd2', name: 'd2', type: 'Dense', fields: { units: 4 } },
        { id: 'sum', name: 'sum', type: 'Add' },
      ],
      edges: [
        { from: 'in', to: 'd1' },
        { from: 'in', to: 'd2' },
        { from: fromLayer, to: 'sum' },
        { from: 'in', to: 'sum' },
      ],
    },
    layout: {},
  },
});

interface Diff {
  equal: boolean;
  a: { name: string; totals: { keras: { total: number } } };
  b: { name: string; totals: { keras: { total: number } } };
  difference: { keras: { total: number; trainable: number; nonTrainable: number; percent: number | null; macs: number | null; macsPercent: number | null; summary: string } };
  rows: {
    status: string;
    a: { name: string } | null;
    b: { name: string; params: { keras: number } } | null;
    fields: string[];
    paramsDiffer: boolean;
    delta: Record<'keras' | 'pytorch', { params: number | null; macs: number | null }>;
  }[];
}

type Sides = { totals: { pytorch: { total: number; activeParams: number; macs: number; activeMacs: number } } };

describe('paramsketch diff', { timeout: 120_000 }, () => {
  it('exit 0 for the same model saved as a .keras archive and as an .h5', async () => {
    const [archive, h5] = [realModel('keras-archive-hit-song'), realModel('tfkeras-hit-song-h5')];
    const run = await cli(['diff', archive.path, h5.path]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}total +751 +751 +0$/m);
    expect(run.stdout).toMatch(/^Layers: 4 same, 0 changed, 0 only in B, 0 only in A$/m);
    expect(run.stdout).toMatch(/^The designs are the same\.$/m);
  });

  it('exit 1 for different designs: totals, difference with percentage, layers added and changed', async () => {
    const [a, b] = [write('small.json', small), write('wide.json', wide)];
    const run = await cli(['diff', a, b]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}total +32 +78 +\+46 \(\+144 %\)$/m);
    expect(run.stdout).toMatch(/^ {2}non-trainable +0 +0 +0$/m);
    expect(run.stdout).toMatch(/^ {2}MACs +25 +64 +\+39 \(\+156 %\)$/m);
    expect(run.stdout).toMatch(/^B against A: \+46 params \(\+144 %\), \+39 MACs \(\+156 %\)$/m);
    expect(run.stdout).toMatch(/^ {2}core +32 \(2\) +78 \(3\) +\+46$/m);
    expect(run.stdout).toMatch(/^Layers: 1 same, 2 changed, 1 only in B, 0 only in A$/m);
    expect(run.stdout).toMatch(/^~ hidden \(Dense\) +20 +hidden \(Dense\) +32 +\+12 +\+9 +units$/m);
    expect(run.stdout).toMatch(/^\+ +extra \(Dense\) +36 +\+36 +\+32$/m);
    expect(run.stdout).toMatch(/^~ out \(Dense\) +12 +out \(Dense\) +10 +-2 +-2 +inputs$/m);
    expect(run.stdout).toMatch(/^The designs differ\.$/m);

    const json = await cli(['diff', a, b, '--json']);
    expect(json.code).toBe(1);
    const data = JSON.parse(json.stdout) as Diff;
    expect(data.equal).toBe(false);
    expect([data.a.totals.keras.total, data.b.totals.keras.total]).toEqual([32, 78]);
    expect(data.difference.keras).toEqual({
      total: 46,
      trainable: 46,
      nonTrainable: 0,
      // No experts: what a token uses is the whole model, so the active difference is the total's.
      activeParams: 46,
      percent: (46 / 32) * 100,
      macs: 39,
      macsPercent: (39 / 25) * 100,
      summary: '+46 params (+144 %), +39 MACs (+156 %)',
    });
    expect(data.rows.map((r) => r.delta.keras)).toEqual([
      { params: 0, macs: 0 },
      { params: 12, macs: 9 },
      { params: 36, macs: 32 },
      { params: -2, macs: -2 },
    ]);
    expect(data.rows.map((r) => [r.status, r.a?.name ?? null, r.b?.name ?? null, r.fields])).toEqual([
      ['same', 'hidden_input', 'hidden_input', []],
      ['changed', 'hidden', 'hidden', ['units']],
      ['added', null, 'extra', []],
      ['changed', 'out', 'out', ['inputs']],
    ]);
  });

  it('the other way round, a layer only in A is removed', async () => {
    const run = await cli(['diff', write('wide-a.json', wide), write('small-b.json', small), '--json']);
    const data = JSON.parse(run.stdout) as Diff;
    expect(data.rows.find((r) => r.status === 'removed')?.a?.name).toBe('extra');
    expect(data.difference.keras.total).toBe(-46);
  });

  it('marks a layer whose settings are the same but whose count changed with what feeds it (*)', async () => {
    const run = await cli(['diff', write('small-c.json', small), write('wider.json', wider)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\* out \(Dense\) +12 +out \(Dense\) +18 +\+6 +\+6$/m);
  });

  it('exit 1 for the same layers wired otherwise, though every count is the same', async () => {
    const run = await cli(['diff', write('skip-1.paramsketch.json', skip('d1')), write('skip-2.paramsketch.json', skip('d2')), '--json']);
    expect(run.code).toBe(1);
    const data = JSON.parse(run.stdout) as Diff;
    expect(data.difference.keras.total).toBe(0);
    expect(data.a.totals.keras.total).toBe((4 * 4 + 4) * 2);
    expect(data.rows.filter((r) => r.status !== 'same').map((r) => [r.a?.name, r.fields])).toEqual([['sum', ['inputs']]]);
  });

  it('ResNet-18 against ResNet-50: blocks changed (type), family totals with the blocks’ layers, the summary line', async () => {
    const file = (id: string) => write(`${id}.paramsketch.json`, writeParamsketchFile(templateById(id)!.build('pytorch')));
    const [a, b] = [file('resnet18'), file('resnet50')];
    const run = await cli(['diff', a, b]);
    expect(run.code).toBe(1);
    const change = PUBLISHED.resnet50 - PUBLISHED.resnet18;
    const percent = Math.round((change / PUBLISHED.resnet18) * 100);
    expect(run.stdout).toContain(`B against A: +${thousands(change)} params (+${percent} %), `);
    const conv = [convWeights(RESNET18), convWeights(RESNET50)];
    expect(run.stdout).toMatch(new RegExp(`^ {2}convolution +${thousands(conv[0])} \\(20\\) +${thousands(conv[1])} \\(53\\) +\\+${thousands(conv[1] - conv[0])}$`, 'm'));
    expect(run.stdout).toMatch(/^~ conv3_block1 \(basic_projection\) +[\d,]+ +conv3_block1 \(bottleneck_projection\) +[\d,]+ +\+[\d,]+ +\+[\d.]+ [MB] +type, inputs$/m);
    // 8 blocks of another type in the same places (the first of a stage also fed by another block), and the
    // pooling after the last stage, fed by conv5_block3, which ResNet-18 lacks.
    expect(run.stdout).toMatch(/^Layers: \d+ same, 9 changed, 8 only in B, 0 only in A$/m);
    expect(run.stdout).toMatch(/^~ avg_pool \(GlobalAveragePooling2D\) +0 +avg_pool \(GlobalAveragePooling2D\) +0 +inputs$/m);

    const data = JSON.parse((await cli(['diff', a, b, '--json'])).stdout) as Diff & { a: { families: { pytorch: { family: string; layers: number; params: number }[] } } };
    expect(data.rows.filter((r) => r.fields.includes('type'))).toHaveLength(8);
    expect(data.a.families.pytorch.find((f) => f.family === 'convolution')).toEqual({ family: 'convolution', layers: RESNET18.convs.length, params: conv[0] });
    expect(data.rows.reduce((sum, r) => sum + r.delta.pytorch.params!, 0)).toBe(change);
  });

  it('Mistral 7B against Mixtral 8x7B: the active line, and the active counts in the JSON (the publishers’ figures)', async () => {
    // Mistral AI's published totals: Mistral 7B v0.1 7,241,732,096; Mixtral 8x7B 46,702,792,704 with
    // 12,879,925,248 active per token (issue 16's table).
    const [mistral, mixtral, mixtralActive] = [7_241_732_096, 46_702_792_704, 12_879_925_248];
    const file = (id: string) => write(`${id}.paramsketch.json`, writeParamsketchFile(templateById(id)!.build('pytorch')));
    const [a, b] = [file('mistral-7b'), file('mixtral-8x7b')];
    const run = await cli(['diff', a, b, '--convention', 'pytorch']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^ {2}active +${thousands(mistral)} +${thousands(mixtralActive)} +\\+${thousands(mixtralActive - mistral)}`, 'm'));
    const data = JSON.parse((await cli(['diff', a, b, '--json'])).stdout) as { a: Sides; b: Sides; difference: { pytorch: { activeParams: number } } };
    expect([data.a.totals.pytorch.activeParams, data.b.totals.pytorch.activeParams, data.b.totals.pytorch.total]).toEqual([mistral, mixtralActive, mixtral]);
    expect(data.difference.pytorch.activeParams).toBe(mixtralActive - mistral);
    // Without experts a token computes everything; Mixtral's token runs 2 of its 8 experts, so less than all.
    expect(data.a.totals.pytorch.activeMacs).toBe(data.a.totals.pytorch.macs);
    expect(data.b.totals.pytorch.activeMacs).toBeLessThan(data.b.totals.pytorch.macs);
    expect(run.stdout).toMatch(/^ {2}active MACs +\S+ +\S+/m);
    // Without experts on either side there is no active line.
    expect((await cli(['diff', a, a])).stdout).not.toMatch(/^ {2}active/m);
  });

  it('a Keras model and the Paramsketch file converted from it are the same design', async () => {
    const model = write('small-keras.json', small);
    const native = write('small.paramsketch.json', '');
    expect((await cli(['convert', model, native])).code).toBe(0);
    expect((await cli(['diff', model, native])).code).toBe(0);
    expect((await cli(['diff', native, '-'], JSON.stringify(small))).code).toBe(0);
  });

  it('--convention picks the counts shown; the JSON holds both', async () => {
    const run = await cli(['diff', write('s1.json', small), write('s2.json', small), '--convention', 'pytorch']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Totals \(pytorch convention\)/m);
  });

  describe.concurrent('exit 2: usage errors, and files that cannot be compared', () => {
    it.each([
      ['one file', ['diff', 'a.json'], /diff needs 2 files, got 1/],
      ['three files', ['diff', 'a.json', 'b.json', 'c.json'], /diff takes 2 files, got 3/],
      ['an unknown option', ['diff', 'a.json', 'b.json', '--flat'], /unknown option '--flat' for diff/],
      ['a missing file', ['diff', 'tests/no-such-file.json', write('ok.json', small)], /^paramsketch: tests\/no-such-file\.json: no such file$/],
    ])('%s', async (_label, args, message) => {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(oneLine(run)).toMatch(message);
    });
  });
});
