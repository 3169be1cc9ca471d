// Issue 17, item 2 (main process): a save's library summary is worked out in a worker thread, off the
// request path, so a hostile save stalls nobody; a summary that cannot be worked out (too slow, crashed,
// too large to count) is a value in the library, and the design is saved all the same.
import { buildSync } from 'esbuild';
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../src/main/browser-mode';
import { createServices } from '../src/main/services';
import { BackgroundSummaries } from '../src/main/store/background-summaries';
import { openStore } from '../src/main/store/open-store';
import type { Sketch } from '../src/shared/sketch';
import { chain } from './helpers';
import { nestedBlocks } from './store/nested-blocks';

const dir = mkdtempSync(join(tmpdir(), 'paramsketch-summaries-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html>');
/** The summary worker bundled into one file, as electron-vite builds it for the app (loading it through tsx takes seconds). */
const WORKER = join(dir, 'summary-worker.mjs');
beforeAll(() => buildSync({ entryPoints: [fileURLToPath(new URL('../src/main/store/summary-worker.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', outfile: WORKER, logLevel: 'warning' }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The real summary worker. `before` runs in the worker on every message, ahead of the summary (the
 * tests hold the worker there, as a long evaluation would): the worker's own listener is wrapped.
 */
const summaryWorker = (before = '', workerData?: unknown, maxOldGenerationSizeMb?: number) => () =>
  new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const on = parentPort.on.bind(parentPort);
     parentPort.on = (event, listener) => on(event, (message) => { ${before}; listener(message); });
     import(${JSON.stringify(pathToFileURL(WORKER).href)});`,
    { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb } },
  );

/** Seed: Dense(2) on 3 inputs is 3·2 + 2 = 8 parameters; with the Input, 2 layers. */
const small = (name: string): Sketch => ({ name, convention: 'keras', design: chain([3], ['Dense', { units: 2 }]), layout: {} });

let server: BrowserMode | undefined;
let summaries: BackgroundSummaries | undefined;
afterEach(async () => {
  summaries?.close();
  await server?.close();
});

async function serveWith(background: BackgroundSummaries) {
  summaries = background;
  server = await startBrowserMode({ rendererDir: dir, handlers: createServices('browser', openStore({ path: ':memory:' }), background) });
  const { origin } = new URL(server.url);
  const token = server.token;
  return async (method: string, input?: unknown) => {
    const response = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ input }) });
    return (await response.json()) as { ok: boolean; value?: never; error?: string };
  };
}

describe('summaries off the request path', () => {
  it('answers other calls while a save’s summary is still being worked out', async () => {
    // [0]: the worker has the sketch; [1]: the test lets it go on. Atomics.wait blocks the worker's
    // thread exactly as a long synchronous evaluation would.
    const flags = new Int32Array(new SharedArrayBuffer(8));
    const call = await serveWith(new BackgroundSummaries(summaryWorker('const f = new Int32Array(workerData); Atomics.store(f, 0, 1); Atomics.wait(f, 1, 0);', flags.buffer)));
    let saveDone = false;
    const save = call('saveDesign', { sketch: small('held') }).then((r) => ((saveDone = true), r));
    while (Atomics.load(flags, 0) === 0) await new Promise((done) => setTimeout(done, 10));
    const listed = await call('listDesigns', {});
    const info = await call('appInfo');
    expect(listed).toEqual({ ok: true, value: [] });
    expect(info.ok).toBe(true);
    expect(saveDone).toBe(false); // both answered while the save was still held in the worker
    Atomics.store(flags, 1, 1);
    Atomics.notify(flags, 1);
    expect((await save).ok).toBe(true);
    expect((await call('listDesigns', {})).value).toEqual([expect.objectContaining({ name: 'held', layers: 2, paramsKeras: '8', paramsPytorch: '8' })]);
  });

  it('gives a summary that runs too long, crashes or runs out of memory a problem instead, and carries on with a fresh worker', async () => {
    const workers = [
      summaryWorker('for (;;);'),
      summaryWorker("throw new Error('boom')"),
      summaryWorker('const held = []; for (;;) held.push(new Array(1e5).fill(held.length));', undefined, 32),
      summaryWorker(),
    ];
    const call = await serveWith(new BackgroundSummaries(() => workers.shift()!(), 500));
    const saves = await Promise.all(['endless', 'crashing', 'greedy', 'fine'].map((name) => call('saveDesign', { sketch: small(name) })));
    expect(saves.every((s) => s.ok)).toBe(true);
    const byName = Object.fromEntries(((await call('listDesigns', {})).value as unknown as { name: string; summaryProblem?: string }[]).map((d) => [d.name, d]));
    expect(byName.endless).toMatchObject({ layers: 2, paramsKeras: null, summaryProblem: expect.stringMatching(/took over 0.5 s/) });
    expect(byName.crashing).toMatchObject({ layers: 2, paramsKeras: null, summaryProblem: expect.stringMatching(/failed \(boom\)/) });
    expect(byName.greedy).toMatchObject({ layers: 2, paramsKeras: null, summaryProblem: expect.stringMatching(/needs more than \d+ MB/) });
    expect(byName.fine).toMatchObject({ layers: 2, paramsKeras: '8', paramsPytorch: '8' });
    expect(byName.fine.summaryProblem).toBeUndefined();
  });

  it('keeps saves of one design in the order they came, whatever their summaries cost', async () => {
    const call = await serveWith(new BackgroundSummaries(summaryWorker()));
    const first = (await call('saveDesign', { sketch: small('v0') })).value as unknown as { id: string };
    const versions = Array.from({ length: 6 }, (_, k) => (k % 2 ? small(`v${k + 1}`) : { ...small(`v${k + 1}`), design: nestedBlocks(30, 10) }));
    await Promise.all(versions.map((sketch) => call('saveDesign', { id: first.id, sketch })));
    expect(((await call('openDesign', { id: first.id })).value as unknown as { sketch: Sketch }).sketch.name).toBe('v6');
  });
});

describe('restoring and duplicating', () => {
  it('gives a restored snapshot and a duplicate the summary of the sketch they hold', async () => {
    const call = await serveWith(new BackgroundSummaries(summaryWorker()));
    const { id } = (await call('saveDesign', { sketch: small('v1'), snapshot: 'saved' })).value as unknown as { id: string };
    // Dense is i·o + o: 10·2 + 2 = 22.
    await call('saveDesign', { id, sketch: { ...small('v2'), design: chain([10], ['Dense', { units: 2 }]) } });
    const library = async () => ((await call('listDesigns', {})).value as unknown as { name: string; paramsKeras: string }[]).map((d) => [d.name, d.paramsKeras]);
    expect(await library()).toEqual([['v2', '22']]);
    const [snapshot] = (await call('listSnapshots', { id })).value as unknown as { id: number }[];
    expect((await call('restoreSnapshot', { snapshot: snapshot.id })).ok).toBe(true);
    expect(await library()).toEqual([['v1', '8']]);
    expect((await call('duplicateDesign', { id })).ok).toBe(true);
    expect(await library()).toEqual([['v1 (copy)', '8'], ['v1', '8']]);
    const reasons = ((await call('listSnapshots', { id })).value as unknown as { reason: string; paramsKeras: string }[]).map((r) => [r.reason, r.paramsKeras]);
    expect(reasons).toContainEqual(['before restore', '22']);
  });
});

describe('a layer count past any number', () => {
  // 80 nested blocks ×10,000 expand to 10^320 layers: the library's count was Infinity, sent as null.
  it('stores a finite count and says why there are no totals', async () => {
    const call = await serveWith(new BackgroundSummaries(summaryWorker()));
    expect((await call('saveDesign', { sketch: { ...small('huge'), design: nestedBlocks(80, 10_000) } })).ok).toBe(true);
    const [summary] = (await call('listDesigns', {})).value as unknown as { layers: number; summaryProblem: string }[];
    expect(Number.isSafeInteger(summary.layers)).toBe(true);
    expect(summary.summaryProblem).toMatch(/expands to more layers than can be counted/);
  });
});
