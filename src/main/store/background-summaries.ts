/**
 * Library summaries (layer count, totals, thumbnail) worked out off the request path. A save used to
 * evaluate its design synchronously: one hostile design (blocks of blocks ×1000) held every other
 * request for 45 s. Here one worker thread takes the sketches in turn; one that runs past the time
 * limit or out of memory ends its worker and gets a summary that says so (the design is saved all the same).
 */
import { Worker } from 'node:worker_threads';
import type { Sketch } from '../../shared/sketch';
import { SUMMARY_WORKER_READY, unsummarised, type DesignSummaryColumns } from './summary';

/** Long enough for any design Paramsketch evaluates in its limits, short enough that a save still answers. */
export const SUMMARY_TIME_LIMIT_MS = 20_000;
/** Old-generation heap of the worker: a design that needs more gets no summary rather than the app's memory. */
export const SUMMARY_MEMORY_MB = 1024;

/** Starts the built summary-worker.js (beside the main process's entry files) with its memory limit. */
export const summaryWorkerAt = (file: string) => () => new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: SUMMARY_MEMORY_MB } });

interface SummaryJob {
  sketch: Sketch;
  done(summary: DesignSummaryColumns): void;
}

export class BackgroundSummaries {
  readonly #startWorker: () => Worker;
  readonly #timeLimitMs: number;
  readonly #queue: SummaryJob[] = [];
  #worker: Worker | undefined;
  /** Whether the worker has loaded (its start-up does not count against a summary's time limit). */
  #ready = false;
  #running: SummaryJob | undefined;
  #timer: NodeJS.Timeout | undefined;

  /** `startWorker` starts summary-worker.ts: its built file in the app (summaryWorkerAt), a bundle of it in tests. */
  constructor(startWorker: () => Worker, timeLimitMs = SUMMARY_TIME_LIMIT_MS) {
    this.#startWorker = startWorker;
    this.#timeLimitMs = timeLimitMs;
  }

  summarise(sketch: Sketch): Promise<DesignSummaryColumns> {
    return new Promise((done) => {
      this.#queue.push({ sketch, done });
      this.#next();
    });
  }

  /** Ends the worker; summaries under way or queued are answered as not worked out. */
  close(): void {
    const jobs = [...(this.#running ? [this.#running] : []), ...this.#queue.splice(0)];
    this.#running = undefined;
    this.#endWorker();
    for (const job of jobs) job.done(unsummarised(job.sketch, 'the app was closing'));
  }

  #next(): void {
    if (this.#running || this.#queue.length === 0) return;
    if (!this.#worker) this.#worker = this.#spawn();
    if (!this.#ready) return; // its 'ready' message comes back here
    const job = (this.#running = this.#queue.shift()!);
    this.#timer = setTimeout(() => this.#fail(`working it out took over ${this.#timeLimitMs / 1000} s`), this.#timeLimitMs);
    this.#worker.postMessage(job.sketch);
  }

  #spawn(): Worker {
    const worker = this.#startWorker();
    worker.on('message', (message: DesignSummaryColumns | typeof SUMMARY_WORKER_READY) => {
      if (message === SUMMARY_WORKER_READY) {
        this.#ready = true;
        return this.#next();
      }
      const job = this.#running;
      this.#running = undefined;
      clearTimeout(this.#timer);
      job?.done(message);
      this.#next();
    });
    // Out of memory, or a crash in the worker: the job in hand gets no summary; the next gets a new worker.
    worker.on('error', (error: Error & { code?: string }) => this.#worker === worker && this.#fail(describe(error)));
    worker.on('exit', () => this.#worker === worker && this.#fail('the summary worker stopped'));
    worker.unref();
    return worker;
  }

  /** The job in hand (or, if the worker never loaded, the first one waiting) gets a problem; the worker goes. */
  #fail(why: string): void {
    const job = this.#running ?? (this.#ready ? undefined : this.#queue.shift());
    this.#running = undefined;
    this.#endWorker();
    job?.done(unsummarised(job.sketch, why));
    this.#next();
  }

  #endWorker(): void {
    clearTimeout(this.#timer);
    void this.#worker?.terminate();
    this.#worker = undefined;
    this.#ready = false;
  }
}

const describe = (error: Error & { code?: string }) =>
  error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `working it out needs more than ${SUMMARY_MEMORY_MB} MB` : `working it out failed (${error.message})`;
