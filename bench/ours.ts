// One of our measurements, in a process of its own: `tsx bench/ours.ts full|keras SHAPE N [TFJS_REPS
// TFJS_WARMUP]` prints one JSON line. Run fresh per graph because the figures depended on what ran before in the same process:
// 100-layer designs timed after the 10,000-layer sections took 1.5–2.5× as long as alone (a larger old
// generation, and code V8 had already optimised for other designs' object shapes). tfjs gets the same
// treatment: each of its graphs runs in a new worker thread.
import { evaluateDesign, listProblems } from '../src/shared/evaluate';
import { importKerasModel } from '../src/shared/keras/import';
import { generate, toDesign, toKerasJson, type Shape } from './graphs';
import { summarise, time } from './stats';
import { stepwiseTfjs } from './tfjs';

const KERAS = { convention: 'keras' } as const;
const [what, shape, size, tfjsReps, tfjsWarmup] = process.argv.slice(2);
const n = Number(size);
const graph = generate(shape as Shape, n);

function full() {
  const design = toDesign(graph);
  const evaluation = evaluateDesign(design, KERAS);
  const timing = time(() => evaluateDesign(design, KERAS), { warmup: n >= 10_000 ? 3 : 5, minReps: n >= 10_000 ? 15 : 20, maxReps: 1000, budgetMs: n >= 10_000 ? 3000 : 1500 });
  return { timing, totals: evaluation.totals, problems: listProblems(evaluation).map((p) => p.message) };
}

function keras() {
  const json = toKerasJson(graph, `${shape}_${n}`);
  const imported = importKerasModel(json);
  const evaluation = evaluateDesign(imported.design, KERAS);
  const budget = { warmup: 2, minReps: n >= 10_000 ? 5 : 10, maxReps: 200, budgetMs: 700 };
  return {
    importTime: time(() => importKerasModel(json), budget),
    evalTime: time(() => evaluateDesign(imported.design, KERAS), budget),
    both: time(() => evaluateDesign(importKerasModel(json).design, KERAS), budget),
    totals: evaluation.totals,
    problems: [...imported.problems, ...listProblems(evaluation)].map((p) => p.message),
    warnings: imported.warnings,
  };
}

/**
 * Ours and tfjs taken in turn, from the same JSON: one tfjs rep (in a worker: its own heap), then our import
 * and evaluation again and again for as long as that rep took, and so on. Both meet the same stretches of
 * this machine's varying speed, which separate runs did not: their ratio is the figure judged.
 */
async function paired(json: unknown, reps: number, warmup: number) {
  const tfjs = await stepwiseTfjs(json, { timeoutMs: 30_000, echo: n === 100 });
  const ours: number[] = [];
  const theirs: number[] = [];
  let count = -1;
  let stopped: string | undefined;
  for (let i = 0; i < warmup + reps; i++) {
    const rep = await tfjs.rep();
    if ('stopped' in rep) {
      stopped = rep.stopped;
      break;
    }
    count = rep.count;
    const until = performance.now() + rep.time;
    do {
      const t0 = performance.now();
      evaluateDesign(importKerasModel(json).design, KERAS);
      if (i >= warmup) ours.push(performance.now() - t0);
    } while (performance.now() < until);
    if (i >= warmup) theirs.push(rep.time);
  }
  const echo = tfjs.echo();
  await tfjs.close();
  return { tfjs: theirs, count, stopped, echo, ours: ours.length ? summarise(ours) : undefined };
}

const result = what === 'full' ? full() : { ...keras(), ...(tfjsReps ? { paired: await paired(toKerasJson(graph, `${shape}_${n}`), Number(tfjsReps), Number(tfjsWarmup)) } : {}) };
console.log(JSON.stringify(result, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
