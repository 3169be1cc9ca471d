// The `paramsketch` command line as a user runs it: whole processes of the built executable (out/cli), timed
// from spawn to exit. Figures and ratios are measured in this one run and marked PASS or MISS; nothing here
// asserts a timing (a shared VM's speed varies from one stretch of seconds to the next). Processes run without
// this VM's NODE_EXTRA_CA_CERTS, which costs every Node process ~50 ms at start (see processTime).
//   1. start-up: `paramsketch count` on one small Keras file, against a bare `node -e 0`, taken in turn;
//   2. two big generated Keras files (chain 3,000 and branchy 1,500 layers) counted in one process, against
//      TensorFlow.js building the same two models and calling countParams() (its load time not counted): its
//      first build in a fresh worker (the target), and in a warm worker for reference, taken in turn;
//   3. 500 small files in one call;
//   4. `paramsketch export` of the largest template (most layers once its blocks are expanded), SVG and PNG.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countLayers } from '../src/shared/blocks/inline';
import { TEMPLATES } from '../src/shared/templates';
import { generate, toKerasJson } from './graphs';
import { heading, int, mark, ms, summarise, table, type Sample } from './stats';
import { stepwiseTfjs, type TfjsStepper } from './tfjs';

const TARGET = { startupRatio: 3, bigFasterThanTfjs: 5, manyFilesMs: 1000 };
const ROUNDS = { startup: 21, big: 9, many: 5, export: 3 };

const root = fileURLToPath(new URL('..', import.meta.url));
const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
if (built.status !== 0) throw new Error('building the command line failed');
const CLI = join(root, 'out', 'cli', 'paramsketch.cjs');
const dir = mkdtempSync(join(tmpdir(), 'paramsketch-cli-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/**
 * This VM sets NODE_EXTRA_CA_CERTS (its proxy's CA bundle): every Node process then reads and parses that
 * bundle before any script runs, ~50 ms of a bare `node -e 0` here (~85 ms with it, ~31 without). Nothing of
 * ours, and a machine without such a bundle does not pay it: processes run without it for the targets, and
 * the figures with it are printed beside them.
 */
const { NODE_EXTRA_CA_CERTS: vmCerts, ...PLAIN_ENV } = process.env;

/** One whole process, spawn to exit (ms); its standard output is read, as a terminal or a pipe would. */
function processTime(args: string[], env: NodeJS.ProcessEnv = PLAIN_ENV): { ms: number; stdout: string } {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28, env });
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
const bareVm: number[] = [];
const oursVm: number[] = [];
for (let i = 0; i < ROUNDS.startup; i++) {
  bare.push(processTime(['-e', '0']).ms);
  ours.push(processTime([CLI, 'count', smallFile]).ms);
  if (vmCerts === undefined) continue;
  bareVm.push(processTime(['-e', '0'], process.env).ms);
  oursVm.push(processTime([CLI, 'count', smallFile], process.env).ms);
}
const [bareS, oursS] = [summarise(bare), summarise(ours)];
const startupRatio = oursS.median / bareS.median;
console.log(`  ${ROUNDS.startup} processes each, taken in turn; the ratio is of the medians.`);
console.log(
  table([
    ['process', '', 'median', 'p95', 'min'],
    ['node -e 0', '', ms(bareS.median), ms(bareS.p95), ms(bareS.min)],
    ['paramsketch count small.json', '', ms(oursS.median), ms(oursS.p95), ms(oursS.min)],
    ...(vmCerts === undefined
      ? []
      : [
          ['node -e 0, with NODE_EXTRA_CA_CERTS', '', ms(summarise(bareVm).median), ms(summarise(bareVm).p95), ms(summarise(bareVm).min)],
          ['paramsketch count, with it', '', ms(summarise(oursVm).median), ms(summarise(oursVm).p95), ms(summarise(oursVm).min)],
        ]),
  ]),
);
if (vmCerts !== undefined) console.log(`  This VM sets NODE_EXTRA_CA_CERTS; the targets are taken without it (see processTime).`);
console.log(`  ratio: ${ratio(startupRatio)} (target at most ${TARGET.startupRatio}×) ${mark(startupRatio <= TARGET.startupRatio)}`);
targets.push([`start-up ≤ ${TARGET.startupRatio}× node -e 0`, `${ms(oursS.median)} vs ${ms(bareS.median)}: ${ratio(startupRatio)}`, mark(startupRatio <= TARGET.startupRatio)]);

// ── 2. two big files against TensorFlow.js ──────────────────────────────────────────────────────
heading('2. Two big generated Keras files in one process, against TensorFlow.js building both and calling countParams()');
const bigGraphs = [generate('chain', 3000), generate('branchy', 1500)];
const bigJson = bigGraphs.map((g) => toKerasJson(g, `${g.shape}_${g.layers.length}`));
const bigFiles = bigJson.map((json, k) => write(`big-${k}.json`, json));
// tfjs's graph code recurses once per layer: a bigger stack than a worker's default 4 MB, as core.bench gives it.
const tfjsOptions = { timeoutMs: 120_000, stackSizeMb: 64 };
/** tfjs building and counting both models once (ms), each in the worker `stepper` gives, and the counts. */
async function tfjsBoth(steppers: Pick<TfjsStepper, 'rep'>[]) {
  let time = 0;
  const counts: number[] = [];
  for (const stepper of steppers) {
    const rep = await stepper.rep();
    if ('stopped' in rep) throw new Error(`tfjs stopped: ${rep.stopped}`);
    time += rep.time;
    counts.push(rep.count);
  }
  return { time, counts };
}
/** tfjs as someone counting a model runs it: the first build in a fresh worker (its loading not timed). */
const coldTfjs = (json: unknown): Pick<TfjsStepper, 'rep'> => ({
  rep: async () => {
    const stepper = await stepwiseTfjs(json, tfjsOptions);
    const rep = await stepper.rep();
    await stepper.close();
    return rep;
  },
});
const warm = await Promise.all(bigJson.map((json) => stepwiseTfjs(json, tfjsOptions)));
const cold = bigJson.map(coldTfjs);
const oursBig: number[] = [];
const oursBigVm: number[] = [];
const tfjsCold: number[] = [];
const tfjsWarm: number[] = [];
let tfjsCounts: number[] = [];
let oursCounts: number[] = [];
for (let round = 0; round < ROUNDS.big + 1; round++) {
  const coldRun = await tfjsBoth(cold);
  const warmRun = await tfjsBoth(warm);
  const run = processTime([CLI, 'count', ...bigFiles]);
  const runVm = vmCerts === undefined ? undefined : processTime([CLI, 'count', ...bigFiles], process.env);
  // The first round warms tfjs's long-lived workers (their first build compiles tfjs's code); it is not counted.
  if (round === 0) continue;
  if (runVm) oursBigVm.push(runVm.ms);
  tfjsCold.push(coldRun.time);
  tfjsWarm.push(warmRun.time);
  oursBig.push(run.ms);
  tfjsCounts = coldRun.counts;
  oursCounts = [...run.stdout.matchAll(/^Total params: ([\d,]+)$/gm)].map((m) => Number(m[1].replace(/,/g, '')));
}
await Promise.all(warm.map((s) => s.close()));
const [coldS, warmS, oursBigS] = [summarise(tfjsCold), summarise(tfjsWarm), summarise(oursBig)];
const faster = coldS.median / oursBigS.median;
const fasterWarm = warmS.median / oursBigS.median;
const agree = tfjsCounts.length === 2 && tfjsCounts.every((c, k) => c === oursCounts[k]);
console.log(`  files: ${bigGraphs.map((g) => `${g.shape} ${int(g.layers.length)} layers`).join(', ')}; ${ROUNDS.big} rounds taken in turn, after one to warm tfjs.`);
console.log('  ours: the whole process (start, read, import, count, print the table).');
console.log('  tfjs: modelFromJSON + countParams of both, its loading not timed; first build in a fresh worker each round (as a');
console.log('  user counting a model runs it: the target), and in a long-lived worker that has built them many times (for reference).');
console.log(
  table([
    ['side', '', 'median', 'p95', 'min', 'counts'],
    ['tfjs build + countParams, first build', '', ms(coldS.median), ms(coldS.p95), ms(coldS.min), tfjsCounts.map(int).join(', ')],
    ['tfjs build + countParams, warm worker', '', ms(warmS.median), ms(warmS.p95), ms(warmS.min), ''],
    ['paramsketch count (one process)', '', ms(oursBigS.median), ms(oursBigS.p95), ms(oursBigS.min), oursCounts.map(int).join(', ')],
    ...(oursBigVm.length ? [['paramsketch count, with NODE_EXTRA_CA_CERTS', '', ms(summarise(oursBigVm).median), ms(summarise(oursBigVm).p95), ms(summarise(oursBigVm).min), '']] : []),
  ]),
);
const fasterVm = oursBigVm.length ? coldS.median / summarise(oursBigVm).median : undefined;
if (fasterVm) console.log(`  with this VM's NODE_EXTRA_CA_CERTS (~50 ms more per process start): ${ratio(fasterVm)} tfjs's first build`);
console.log(`  ours faster than tfjs's first build: ${ratio(faster)} (target at least ${TARGET.bigFasterThanTfjs}×) ${mark(faster >= TARGET.bigFasterThanTfjs)}; counts ${agree ? 'agree' : 'DIFFER'}`);
console.log(`  ours faster than tfjs warmed up: ${ratio(fasterWarm)}`);
targets.push([
  `big files ≥ ${TARGET.bigFasterThanTfjs}× faster than tfjs`,
  `${ms(oursBigS.median)} vs ${ms(coldS.median)}: ${ratio(faster)} (warm tfjs ${ratio(fasterWarm)}${fasterVm ? `; with the VM's CA bundle ${ratio(fasterVm)}` : ''})`,
  mark(faster >= TARGET.bigFasterThanTfjs && agree),
]);

// ── 3. many small files ─────────────────────────────────────────────────────────────────────────
heading('3. 500 small files in one call');
const many = Array.from({ length: 500 }, (_, i) => write(`copy-${i}.json`, small));
const manyTimes: Sample = summarise(Array.from({ length: ROUNDS.many }, () => processTime([CLI, 'count', ...many]).ms));
console.log(`  paramsketch count FILE×500 (tables printed), ${ROUNDS.many} processes: median ${ms(manyTimes.median)}, min ${ms(manyTimes.min)}, max ${ms(manyTimes.p95)}`);
console.log(`  target under ${int(TARGET.manyFilesMs)} ms ${mark(manyTimes.median < TARGET.manyFilesMs)}`);
targets.push([`500 files < ${int(TARGET.manyFilesMs)} ms`, ms(manyTimes.median), mark(manyTimes.median < TARGET.manyFilesMs)]);

// ── 4. export of the largest template ───────────────────────────────────────────────────────────
const largest = TEMPLATES.map((t) => ({ id: t.id, layers: countLayers(t.design(t.conventions[0])) })).reduce((a, b) => (b.layers > a.layers ? b : a));
heading(`4. paramsketch export of the largest template: ${largest.id} (${int(largest.layers)} layers with its blocks expanded)`);
console.log(`  whole processes (read, lay out, draw, rasterise, write), ${ROUNDS.export} each; PNG at 2× through resvg.`);
const exportRows = [['picture', '', 'median', 'min', 'file']];
for (const [what, args] of [
  ['SVG, blocks collapsed', ['--svg', join(dir, 'export.svg')]],
  ['PNG, blocks collapsed', ['--png', join(dir, 'export.png')]],
  ['SVG, blocks expanded', ['--expanded', '--svg', join(dir, 'export.svg')]],
  ['PNG, blocks expanded', ['--expanded', '--png', join(dir, 'export.png')]],
] as const) {
  const sample = summarise(Array.from({ length: ROUNDS.export }, () => processTime([CLI, 'export', '--template', largest.id, ...args]).ms));
  exportRows.push([what, '', ms(sample.median), ms(sample.min), `${int(Math.round(statSync(args.at(-1)!).size / 1024))} KB`]);
}
console.log(table(exportRows));

heading('Command-line targets');
console.log(table(targets, 2));
