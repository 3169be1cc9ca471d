// The design store with a large library: `npm run bench` (after the core and renderer benches).
// Figures only; the target (listing 5,000 designs in under 50 ms) is judged, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/main/store/open-store';
import type { Sketch } from '../src/shared/sketch';
import { generate, toDesign } from './graphs';
import { heading, mark, ms, table, time } from './stats';

const DESIGNS = 5_000;
const TARGET_MS = 50;

const dir = mkdtempSync(join(tmpdir(), 'paramsketch-store-bench-'));
try {
  const store = openStore({ path: join(dir, 'designs.db') });
  // Library-sized designs: 10 to 400 layers, from the core bench's generators.
  const shapes = [10, 40, 100, 400].map((n) => toDesign(generate(n % 200 ? 'chain' : 'branchy', n)));
  const filled = performance.now();
  for (let i = 0; i < DESIGNS; i++) {
    const sketch: Sketch = { name: `design ${i}`, convention: 'keras', design: shapes[i % shapes.length], layout: {} };
    store.save(sketch);
  }
  const fillSeconds = (performance.now() - filled) / 1000;
  const list = time(() => store.list(), { warmup: 3, minReps: 20, maxReps: 200, budgetMs: 3000 });
  const open = time(() => store.open(store.latest()!.id), { warmup: 3, minReps: 20, maxReps: 200, budgetMs: 1000 });
  const bytes = JSON.stringify(store.list()).length;

  heading(`Design store: SQLite (better-sqlite3, WAL) with ${DESIGNS.toLocaleString('en-US')} designs`);
  console.log(`  filled by ${DESIGNS.toLocaleString('en-US')} saves (each one transaction, totals and thumbnail worked out) in ${fillSeconds.toFixed(1)} s`);
  console.log(table([
    ['operation', 'median', 'p95', 'reps', 'target'],
    ['list the library (names, counts, thumbnails)', ms(list.median), ms(list.p95), String(list.reps), `< ${TARGET_MS} ms ${mark(list.median < TARGET_MS)}`],
    ['open the latest design', ms(open.median), ms(open.p95), String(open.reps), ''],
  ]));
  console.log(`  the listing is ${(bytes / 2 ** 20).toFixed(1)} MB of JSON as it crosses to the renderer`);
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
