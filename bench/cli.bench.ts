// The `paramsketch` command line as a user runs it: whole processes of the built executable (out/cli), timed
// from spawn to exit. Figures and ratios are measured in this one run and marked PASS or MISS; nothing here
// asserts a timing (a shared VM's speed varies from one stretch of seconds to the next).
//   1. start-up: `paramsketch count` on one small Keras file, against a bare `node -e 0`, taken in turn;
//   2. two big generated Keras files (chain 3,000 and branchy 1,500 layers) counted in one process, against
//      TensorFlow.js building the same two models and calling countParams() (in a warm worker: its load time
//      is not counted), taken in turn;
//   3. 500 small files in one call.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, toKerasJson } from './graphs';
import { heading, int, mark, ms, summarise, table, type Sample } from './stats';
import { stepwiseTfjs } from './tfjs';

const TARGET = { startupRatio: 3, bigFasterThanTfjs: 5, manyFilesMs: 1000 };
const ROUNDS = { startup: 21, big: 9, many: 5 };

const root = fileURLToPath(new URL('..', import.meta.url));
const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
if (built.status !== 0) throw new Error('building the command line failed');
const CLI = join(root, 'out', 'cli', 'paramsketch.cjs');
const dir = mkdtempSync(join(tmpdir(), 'paramsketch-cli-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** One whole process, spawn to exit (ms); its standard output is read, as a terminal or a pipe would. */
function processTime(args: string[]): { ms: number; stdout: string } {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const elapsed = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return { ms: elapsed, stdout: run.stdout };
}

const write = (name: string, json: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
};

const ratio = (x: number) => `${x.toFixed(2)}×`;
const targets: string[][] = [['target', 'measured', '']];

// A small model (the seed FFNN 3 → 5 → 2, 32 parameters), as Keras 2's model.to_json() writes a Sequential.
const small = {
  class_name: 'Sequential',
  config: {
    name: 'seed_ffnn',
    layers: [
      { class_name: 'Dense', config: { name: 'hidden', units: 5, activation: 'relu', batch_input_shape: [null, 3] } },
      { class_name: 'Dense', config: { name: 'output', units: 2 } },
    ],
  },
  keras_version: '2.15.0',
};
const smallFile = write('small.json', small);

// ── 1. start-up ─────────────────────────────────────────────────────────────────────────────────
heading('1. Start-up: paramsketch count on one small Keras file, against node -e 0');
const bare: number[] = [];
const ours: number[] = [];
for (let i = 0; i < ROUNDS.startup; i++) {
  bare.push(processTime(['-e', '0']).ms);
  ours.push(processTime([CLI, 'count', smallFile]).ms);
}
const [bareS, oursS] = [summarise(bare), summarise(ours)];
const startupRatio = oursS.median / bareS.median;
console.log(`  ${ROUNDS.startup} processes each, taken in turn; the ratio is of the medians.`);
console.log(
  table([
    ['process', '', 'median', 'p95', 'min'],
    ['node -e 0', '', ms(bareS.median), ms(bareS.p95), ms(bareS.min)],
    ['paramsketch count small.json', '', ms(oursS.median), ms(oursS.p95), ms(oursS.min)],
  ]),
);
console.log(`  ratio: ${ratio(startupRatio)} (target at most ${TARGET.startupRatio}×) ${mark(startupRatio <= TARGET.startupRatio)}`);
targets.push([`start-up ≤ ${TARGET.startupRatio}× node -e 0`, `${ms(oursS.median)} vs ${ms(bareS.median)}: ${ratio(startupRatio)}`, mark(startupRatio <= TARGET.startupRatio)]);

// ── 2. two big files against TensorFlow.js ──────────────────────────────────────────────────────
heading('2. Two big generated Keras files in one process, against TensorFlow.js building both and calling countParams()');
const bigGraphs = [generate('chain', 3000), generate('branchy', 1500)];
const bigJson = bigGraphs.map((g) => toKerasJson(g, `${g.shape}_${g.layers.length}`));
const bigFiles = bigJson.map((json, k) => write(`big-${k}.json`, json));
// tfjs's graph code recurses once per layer: a bigger stack than a worker's default 4 MB, as core.bench gives it.
const steppers = await Promise.all(bigJson.map((json) => stepwiseTfjs(json, { timeoutMs: 120_000, stackSizeMb: 64 })));
const oursBig: number[] = [];
const tfjsBig: number[] = [];
let tfjsCounts: number[] = [];
let oursCounts: number[] = [];
for (let round = 0; round < ROUNDS.big + 1; round++) {
  let tfjsTime = 0;
  const counts: number[] = [];
  for (const stepper of steppers) {
    const rep = await stepper.rep();
    if ('stopped' in rep) throw new Error(`tfjs stopped: ${rep.stopped}`);
    tfjsTime += rep.time;
    counts.push(rep.count);
  }
  const run = processTime([CLI, 'count', ...bigFiles]);
  // The first round warms tfjs's worker (its first build compiles its code); it is not counted.
  if (round === 0) continue;
  tfjsBig.push(tfjsTime);
  oursBig.push(run.ms);
  tfjsCounts = counts;
  oursCounts = [...run.stdout.matchAll(/^Total params: ([\d,]+)$/gm)].map((m) => Number(m[1].replace(/,/g, '')));
}
await Promise.all(steppers.map((s) => s.close()));
const [tfjsS, oursBigS] = [summarise(tfjsBig), summarise(oursBig)];
const faster = tfjsS.median / oursBigS.median;
const agree = tfjsCounts.length === 2 && tfjsCounts.every((c, k) => c === oursCounts[k]);
console.log(`  files: ${bigGraphs.map((g) => `${g.shape} ${int(g.layers.length)} layers`).join(', ')}; ${ROUNDS.big} rounds taken in turn, after one to warm tfjs.`);
console.log('  ours: the whole process (start, read, import, count, print the table); tfjs: modelFromJSON + countParams of both, in a warm worker.');
console.log(
  table([
    ['side', '', 'median', 'p95', 'min', 'counts'],
    ['tfjs build + countParams (both)', '', ms(tfjsS.median), ms(tfjsS.p95), ms(tfjsS.min), tfjsCounts.map(int).join(', ')],
    ['paramsketch count (one process)', '', ms(oursBigS.median), ms(oursBigS.p95), ms(oursBigS.min), oursCounts.map(int).join(', ')],
  ]),
);
console.log(`  ours faster: ${ratio(faster)} (target at least ${TARGET.bigFasterThanTfjs}×) ${mark(faster >= TARGET.bigFasterThanTfjs)}; counts ${agree ? 'agree' : 'DIFFER'}`);
targets.push([`big files ≥ ${TARGET.bigFasterThanTfjs}× faster than tfjs`, `${ms(oursBigS.median)} vs ${ms(tfjsS.median)}: ${ratio(faster)}`, mark(faster >= TARGET.bigFasterThanTfjs && agree)]);

// ── 3. many small files ─────────────────────────────────────────────────────────────────────────
heading('3. 500 small files in one call');
const many = Array.from({ length: 500 }, (_, i) => write(`copy-${i}.json`, small));
const manyTimes: Sample = summarise(Array.from({ length: ROUNDS.many }, () => processTime([CLI, 'count', ...many]).ms));
console.log(`  paramsketch count FILE×500 (tables printed), ${ROUNDS.many} processes: median ${ms(manyTimes.median)}, min ${ms(manyTimes.min)}, max ${ms(manyTimes.p95)}`);
console.log(`  target under ${int(TARGET.manyFilesMs)} ms ${mark(manyTimes.median < TARGET.manyFilesMs)}`);
targets.push([`500 files < ${int(TARGET.manyFilesMs)} ms`, ms(manyTimes.median), mark(manyTimes.median < TARGET.manyFilesMs)]);

heading('Command-line targets');
console.log(table(targets, 2));
