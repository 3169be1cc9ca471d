// The design store with a large library: `npm run bench` (after the core and renderer benches).
// Figures only; the target (listing 5,000 designs in under 50 ms) is judged, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/main/store/open-store';
import { autoLayout } from '../src/shared/edit/auto-layout';
import type { Sketch } from '../src/shared/sketch';
import { generate, toDesign } from './graphs';
import { heading, mark, ms, table, time } from './stats';

const DESIGNS = 5_000;
const TARGET_MS = 50;

const dir = mkdtempSync(join(tmpdir(), 'paramsketch-store-bench-'));
try {
  const store = openStore({ path: join(dir, 'designs.db') });
  // Library-sized designs: 10 to 400 layers, from the core bench's generators, laid out as the editor would.
  const shapes = [10, 40, 100, 400].map((n) => {
    const design = toDesign(generate(n % 200 ? 'chain' : 'branchy', n));
    return { design, layout: autoLayout(design) };
  });
  const filled = performance.now();
  for (let i = 0; i < DESIGNS; i++) {
    const sketch: Sketch = { name: `design ${i}`, convention: 'keras', ...shapes[i % shapes.length] };
    store.save(sketch);
  }
  const fillSeconds = (performance.now() - filled) / 1000;
  const list = time(() => store.list(), { warmup: 3, minReps: 20, maxReps: 200, budgetMs: 3000 });
  const listed = JSON.stringify(store.list());
  const transport = time(() => JSON.parse(JSON.stringify(store.list())), { warmup: 3, minReps: 20, maxReps: 200, budgetMs: 3000 });
  const firstRows = store.list().slice(0, 50).map((d) => d.id);
  const thumbnails = time(() => store.thumbnails(firstRows), { warmup: 3, minReps: 20, maxReps: 200, budgetMs: 1000 });
  const thumbnailBytes = Object.values(store.thumbnails(firstRows)).reduce((sum, svg) => sum + svg.length, 0);
  const open = time(() => store.open(store.latest()!.id), { warmup: 3, minReps: 20, maxReps: 200, budgetMs: 1000 });

  heading(`Design store: SQLite (better-sqlite3, WAL) with ${DESIGNS.toLocaleString('en-US')} designs`);
  console.log(`  filled by ${DESIGNS.toLocaleString('en-US')} saves (each one transaction, totals and thumbnail worked out) in ${fillSeconds.toFixed(1)} s`);
  console.log(table([
    ['operation', 'median', 'p95', 'reps', 'target'],
    ['list the library (names, counts, dates)', ms(list.median), ms(list.p95), String(list.reps), `< ${TARGET_MS} ms ${mark(list.median < TARGET_MS)}`],
    ['… and through JSON, as it crosses to the page', ms(transport.median), ms(transport.p95), String(transport.reps), ''],
    ['thumbnails of the first 50 rows (asked when in view)', ms(thumbnails.median), ms(thumbnails.p95), String(thumbnails.reps), ''],
    ['open the latest design', ms(open.median), ms(open.p95), String(open.reps), ''],
  ]));
  console.log(`  the listing is ${(listed.length / 1024).toFixed(0)} KB of JSON; 50 thumbnails ${(thumbnailBytes / 1024).toFixed(0)} KB`);
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
