// Main-thread side of tfjs-worker.mjs: run tfjs on a Keras JSON, time-boxed, in its own thread.
import { Worker } from 'node:worker_threads';

export interface TfjsRun {
  /** Timings of the completed reps (ms), each modelFromJSON + countParams. */
  times: number[];
  /** model.countParams() of the last completed rep, or -1. */
  count: number;
  /** Why the run stopped early, if it did. */
  stopped?: string;
  /** The model's own `toJSON(null, false)`, from a stepwise run that asked for it. */
  echo?: unknown;
}

export interface TfjsOptions {
  reps: number;
  warmup: number;
  timeoutMs: number;
  /** V8 stack for the worker (tfjs's graph code recurses once per layer). Default: Node's worker default, 4 MB. */
  stackSizeMb?: number;
}

/** tfjs-worker.mjs in a thread of its own; `stackSizeMb`: its V8 stack (default: Node's worker default, 4 MB). */
const tfjsWorker = (workerData: Record<string, unknown>, stackSizeMb?: number) =>
  new Worker(new URL('./tfjs-worker.mjs', import.meta.url), {
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: 4096, ...(stackSizeMb ? { stackSizeMb } : {}) },
  });

export function runTfjs(json: unknown, o: TfjsOptions): Promise<TfjsRun> {
  return new Promise((resolve) => {
    let last: TfjsRun = { times: [], count: -1 };
    let settled = false;
    const worker = tfjsWorker({ json, reps: o.reps, warmup: o.warmup }, o.stackSizeMb);
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
      if (m.progress) last = { times: [...m.progress.times], count: m.progress.count };
      if (m.done) finish({ times: m.done.times, count: m.done.count });
      if (m.error) finish({ times: m.times, count: m.count, stopped: m.error });
    });
    worker.on('error', (e) => finish({ ...last, stopped: `${e.name}: ${e.message}` }));
    worker.on('exit', (code) => finish({ ...last, stopped: `worker exited with code ${code}` }));
  });
}

/** tfjs in a worker that runs one rep when asked, so that our code can be timed between its reps. */
export interface TfjsStepper {
  /** One timed rep (ms) and the model's countParams(); an error, or the time box reached, as `stopped`. */
  rep(): Promise<{ time: number; count: number } | { stopped: string }>;
  /** The model's own toJSON() after the first rep, when asked for. */
  echo(): unknown;
  close(): Promise<void>;
}

export async function stepwiseTfjs(json: unknown, o: { timeoutMs: number; echo?: boolean; stackSizeMb?: number }): Promise<TfjsStepper> {
  const worker = tfjsWorker({ json, stepwise: true, echo: o.echo ?? false }, o.stackSizeMb);
  let echo: unknown;
  let waiting: ((m: Record<string, unknown>) => void) | undefined;
  const next = () =>
    new Promise<Record<string, unknown>>((resolve) => {
      const timer = setTimeout(() => resolve({ error: `time box of ${o.timeoutMs / 1000} s reached` }), o.timeoutMs);
      waiting = (m) => (clearTimeout(timer), resolve(m));
    });
  worker.on('message', (m) => {
    if (m.echo) echo = m.echo;
    else waiting?.(m);
  });
  worker.on('error', (e) => waiting?.({ error: `${e.name}: ${e.message}` }));
  worker.on('exit', (code) => waiting?.({ error: `worker exited with code ${code}` }));
  const ready = await next();
  const fail = (m: Record<string, unknown>) => ({ stopped: String(m.error) });
  return {
    async rep() {
      if (ready.error) return fail(ready);
      const answer = next();
      worker.postMessage('rep');
      const m = await answer;
      return m.error ? fail(m) : { time: m.rep as number, count: m.count as number };
    },
    echo: () => echo,
    close: () => worker.terminate().then(() => undefined),
  };
}
