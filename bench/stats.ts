// Timing and table helpers for the benchmark. Figures only: nothing here asserts a timing.

export interface Sample {
  median: number;
  p95: number;
  min: number;
  reps: number;
}

/** Nearest-rank percentile of an ascending list. */
const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

export function summarise(times: number[]): Sample {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), min: sorted[0], reps: sorted.length };
}

export interface TimeOptions {
  /** Untimed runs first: at least this many, and for at least WARMUP_MS. */
  warmup: number;
  minReps: number;
  maxReps: number;
  /** Stop adding reps (beyond minReps) once this much time was spent measuring. */
  budgetMs: number;
}

/**
 * Warm-up by time as well as by count: V8 optimises a function on a background thread, which took 60–90 ms
 * for the evaluator here, and new object shapes (an imported design after generated ones) send it back
 * there. Two warm-up runs of a 100-layer design last under a millisecond, so its timed runs were taken
 * mid-recompilation, 2–5× slower than once settled (tfjs's three warm-up runs of the same model last ~50 ms).
 */
const WARMUP_MS = 250;

/** Runs `fn` untimed to warm up (see WARMUP_MS), then times it until maxReps or the budget (but at least minReps times). */
export function time(fn: () => void, o: TimeOptions): Sample {
  const warming = performance.now();
  for (let i = 0; i < o.warmup || performance.now() - warming < WARMUP_MS; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < o.maxReps && (times.length < o.minReps || performance.now() - start < o.budgetMs)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return summarise(times);
}

export function ms(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`;
  if (x >= 100) return `${x.toFixed(0)} ms`;
  if (x >= 10) return `${x.toFixed(1)} ms`;
  if (x >= 1) return `${x.toFixed(2)} ms`;
  return `${(x * 1000).toFixed(0)} µs`;
}

export const int = (n: number | bigint) => n.toLocaleString('en-US');

/** A plain-text table: first row is the header; columns after the first two are right-aligned. */
export function table(rows: string[][], leftAligned = 2): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c < leftAligned ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return ['  ' + line(rows[0]), '  ' + rule, ...rows.slice(1).map((r) => '  ' + line(r))].join('\n');
}

export const mark = (pass: boolean) => (pass ? 'PASS' : 'MISS');

export function heading(title: string): void {
  console.log(`\n${title}\n${'═'.repeat(title.length)}`);
}
