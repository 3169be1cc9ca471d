// Runs tfjs-layers (CPU backend) in a worker thread, so the bench can time-box it, give it a bigger
// stack, and survive it failing. workerData: {json, reps, warmup, echo?}. Each rep times
// `tf.models.modelFromJSON(json)` + `model.countParams()`; `dispose()` is outside the timing.
// Posts {progress} after each rep, then {done} or {error}; with `echo`, also the last model's own toJSON().
import { parentPort, workerData } from 'node:worker_threads';

// tfjs prints a banner about tfjs-node on first use; this worker has nothing to say.
console.log = console.warn = console.info = () => {};
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-cpu');
const tfl = await import('@tensorflow/tfjs-layers');
await tf.setBackend('cpu');

const { json, reps, warmup, echo } = workerData;
const times = [];
let count = -1;
try {
  for (let i = 0; i < warmup + reps; i++) {
    const copy = structuredClone(json); // a fresh config every rep, outside the timing
    const t0 = performance.now();
    const model = await tfl.models.modelFromJSON(copy);
    count = model.countParams();
    const t1 = performance.now();
    if (echo && i === warmup + reps - 1) parentPort.postMessage({ echo: model.toJSON(null, false) });
    model.dispose();
    if (i >= warmup) times.push(t1 - t0);
    parentPort.postMessage({ progress: { times, count } });
  }
  parentPort.postMessage({ done: { times, count } });
} catch (error) {
  parentPort.postMessage({ error: `${error?.name ?? 'Error'}: ${error?.message ?? error}`, times, count });
}
