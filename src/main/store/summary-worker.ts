// The worker thread that works out library summaries (background-summaries.ts sends one sketch at a
// time): evaluating a hostile design may take seconds or run out of memory, and here it stalls nobody.
import { parentPort } from 'node:worker_threads';
import type { Sketch } from '../../shared/sketch';
import { summariseSketch, SUMMARY_WORKER_READY } from './summary';

parentPort?.on('message', (sketch: Sketch) => parentPort?.postMessage(summariseSketch(sketch)));
parentPort?.postMessage(SUMMARY_WORKER_READY);
