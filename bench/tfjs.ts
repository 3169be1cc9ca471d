// Main-thread side of tfjs-worker.mjs: run tfjs on a Keras JSON, time-boxed, in its own thread.
import { Worker } from 'node:worker_threads';

export interface TfjsRun {
  /** Timings of the completed reps (ms), each modelFromJSON + countParams. */
  times: number[];
  /** model.countParams() of the last completed rep, or -1. */
  count: number;
  /** Why the run stopped early, if it did. */
  stopped?: string;
  /** The last model's own `toJSON(null, false)`, when asked for with `echo`. */
  echo?: unknown;
}

export interface TfjsOptions {
  reps: number;
  warmup: number;
  timeoutMs: number;
  /** V8 stack for the worker (tfjs's graph code recurses once per layer). Default: Node's worker default, 4 MB. */
  stackSizeMb?: number;
  echo?: boolean;
}

export function runTfjs(json: unknown, o: TfjsOptions): Promise<TfjsRun> {
  return new Promise((resolve) => {
    let last: TfjsRun = { times: [], count: -1 };
    let echo: unknown;
    let settled = false;
    const worker = new Worker(new URL('./tfjs-worker.mjs', import.meta.url), {
      workerData: { json, reps: o.reps, warmup: o.warmup, echo: o.echo ?? false },
      resourceLimits: { maxOldGenerationSizeMb: 4096, ...(o.stackSizeMb ? { stackSizeMb: o.stackSizeMb } : {}) },
    });
    // Resolved once the thread is gone: tearing down its heap took 10–20 ms of a core, which overlapped
    // the timing of our side of the next graph.
    const finish = (run: TfjsRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(run));
    };
    const timer = setTimeout(() => finish({ ...last, stopped: `time box of ${o.timeoutMs / 1000} s reached` }), o.timeoutMs);
    worker.on('message', (m) => {
      if (m.echo) echo = m.echo;
      if (m.progress) last = { times: [...m.progress.times], count: m.progress.count };
      if (m.done) finish({ times: m.done.times, count: m.done.count, echo });
      if (m.error) finish({ times: m.times, count: m.count, stopped: m.error });
    });
    worker.on('error', (e) => finish({ ...last, stopped: `${e.name}: ${e.message}` }));
    worker.on('exit', (code) => finish({ ...last, stopped: `worker exited with code ${code}` }));
  });
}
