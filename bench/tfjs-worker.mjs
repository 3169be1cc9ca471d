// Runs tfjs-layers (CPU backend) in a worker thread, so the bench can time-box it, give it a bigger
// stack, and survive it failing. workerData: {json, reps, warmup} or {json, stepwise: true, echo?}. Each
// rep times `tf.models.modelFromJSON(json)` + `model.countParams()`; `dispose()` is outside the timing.
// Posts {progress} after each rep, then {done} or {error}. Stepwise: posts {ready} once loaded, then runs
// one rep per message it gets and answers {rep: ms, count} (or {error}), so that the caller can time its
// own code between tfjs's reps; with `echo`, the first model's own toJSON() comes before the first answer.
import { parentPort, workerData } from 'node:worker_threads';

// tfjs prints a banner about tfjs-node on first use; this worker has nothing to say.
console.log = console.warn = console.info = () => {};
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-cpu');
const tfl = await import('@tensorflow/tfjs-layers');
await tf.setBackend('cpu');

const { json, reps, warmup, echo, stepwise } = workerData;

/** One timed build and count of the model. */
async function rep(withEcho) {
  const copy = structuredClone(json); // a fresh config every rep, outside the timing
  const t0 = performance.now();
  const model = await tfl.models.modelFromJSON(copy);
  const count = model.countParams();
  const time = performance.now() - t0;
  if (withEcho) parentPort.postMessage({ echo: model.toJSON(null, false) });
  model.dispose();
  return { time, count };
}

const failure = (error) => `${error?.name ?? 'Error'}: ${error?.message ?? error}`;

if (stepwise) {
  let done = 0;
  parentPort.on('message', async () => {
    try {
      const { time, count } = await rep(echo && done++ === 0);
      parentPort.postMessage({ rep: time, count });
    } catch (error) {
      parentPort.postMessage({ error: failure(error) });
    }
  });
  parentPort.postMessage({ ready: true });
} else {
  const times = [];
  let count = -1;
  try {
    for (let i = 0; i < warmup + reps; i++) {
      const run = await rep(false);
      count = run.count;
      if (i >= warmup) times.push(run.time);
      parentPort.postMessage({ progress: { times, count } });
    }
    parentPort.postMessage({ done: { times, count } });
  } catch (error) {
    parentPort.postMessage({ error: failure(error), times, count });
  }
}
