// What the property tests (tests/properties-*.test.ts) share: fast-check's configuration, the full
// evaluation they compare against, the checks several properties make, and a tiny exact evaluator of
// the worked formula. The properties: random designs from the catalog (valid-ish and hostile),
// checked for robustness, internal consistency, exact arithmetic and incremental = full evaluation.
import fc from 'fast-check';
import type { Convention, Design, LayerNode } from '../src/shared/design';
import { evaluateDesign, listProblems, nodeResult, resultsInDesignOrder, type Evaluation } from '../src/shared/evaluate';
import { damagedDesign, hostileDesign } from './arbitraries/hostile';

// Every property file imports this module, so each runs with this configuration.
// A fixed seed; shrinking is capped so that a failing property reports within seconds, not minutes.
fc.configureGlobal({ seed: 0x5ca1ab1e, numRuns: 200, interruptAfterTimeLimit: 10_000 });

export const full = (design: Design, conv: Convention = 'keras'): Evaluation => evaluateDesign(design, { convention: conv });
export const anyDesign = fc.oneof(hostileDesign, damagedDesign);
const firstOccurrences = (design: Design): LayerNode[] => {
  const seen = new Set<string>();
  return design.nodes.filter((n) => !seen.has(n.id) && seen.add(n.id));
};
const product = (shape: readonly number[]): bigint =>
  shape.reduce((acc, d) => {
    if (!Number.isInteger(d) || d < 0) throw new Error(`weight shape [${shape.join(', ')}] has a dimension that is not a size: ${d}`);
    return acc * BigInt(d);
  }, 1n);

// ---------------------------------------------------------------------------------------------
// Checks shared by several properties

/** A plain assertion for the hot loops (vitest's expect is slow when called a million times). */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
export const same = <T>(actual: T, expected: T, what: string) => check(actual === expected, `${what}: expected ${String(expected)}, got ${String(actual)}`);

const show = (v: unknown) => (typeof v === 'bigint' ? `${v}n` : JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)));

/** What an object says of itself: a node's result keeps most of its data behind getters, and lists it in toJSON. */
const dataOf = (v: unknown) => (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v);

/** The path to the first difference, by toEqual's rules (an undefined property is a missing one), or undefined. */
function difference(actualValue: unknown, expectedValue: unknown, path = ''): string | undefined {
  if (Object.is(actualValue, expectedValue)) return undefined;
  const [actual, expected] = [dataOf(actualValue), dataOf(expectedValue)];
  const mismatch = `${path || '(root)'}: expected ${show(expected)}, got ${show(actual)}`;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return mismatch;
  if (Array.isArray(actual) !== Array.isArray(expected)) return mismatch;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return `${path}.length: expected ${expected.length}, got ${actual.length}`;
    for (let i = 0; i < actual.length; i++) {
      const d = difference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(e)])) {
    const d = difference(a[key], e[key], `${path}.${key}`);
    if (d) return d;
  }
  return undefined;
}
/** A deep equality check whose failure is cheap to build (shrinking may build thousands). */
export const equal = (actual: unknown, expected: unknown, what: string) => {
  const d = difference(actual, expected);
  if (d) throw new Error(`${what} differs at ${d}`);
};

/** Property 1's invariants: a result per node, every problem placed on a node of the design. */
export function checkWellFormed(design: Design, evaluation: Evaluation): void {
  const ids = new Set(design.nodes.map((n) => n.id));
  const unique = firstOccurrences(design);
  same(evaluation.results.length, unique.length, 'number of results');
  for (const node of unique) same(nodeResult(evaluation, node.id)?.id, node.id, `result of node '${node.id}'`);
  for (const r of evaluation.results)
    for (const problem of r.problems) {
      const where = JSON.stringify(problem);
      check(Array.isArray(problem.path) && problem.path.length > 0, `empty path: ${where}`);
      check(ids.has(problem.path[0]), `the path does not start with a node id: ${where}`);
      // A node's problems are about that node.
      same(problem.path[0], r.id, `first path element of a problem of '${r.id}'`);
      check(problem.path.every((part) => typeof part === 'string'), `a path element is not a string: ${where}`);
      check(typeof problem.message === 'string' && problem.message.trim() !== '', `empty message: ${where}`);
    }
  same(listProblems(evaluation).length, evaluation.results.reduce((n, r) => n + r.problems.length, 0), 'listProblems');
  resultsInDesignOrder(evaluation);
}

/** Property 2: params = trainable + nonTrainable = Σ non-buffer weights; counts = Π shape; totals = Σ nodes. */
export function checkCounts(evaluation: Evaluation): void {
  const sums = { params: 0n, trainable: 0n, nonTrainable: 0n, uncounted: 0 };
  for (const r of evaluation.results) {
    if (r.params === null) {
      sums.uncounted++;
      check(r.trainable === null && r.nonTrainable === null && r.formula === null && r.outputs === null, `${r.id} is uncounted but has counts, a formula or outputs`);
      continue;
    }
    check(r.outputs !== null, `${r.id} is counted but has no outputs`);
    let trainable = 0n;
    let nonTrainable = 0n;
    for (const w of r.weights) {
      same(w.count, product(w.shape), `${r.id} (${r.type}) ${w.name} [${w.shape}] count`);
      if (w.role === 'trainable') trainable += w.count;
      else if (w.role === 'non-trainable') nonTrainable += w.count;
      else same(w.role, 'buffer', `${r.id} ${w.name} role`);
    }
    same(r.trainable, trainable, `${r.id} (${r.type}) trainable`);
    same(r.nonTrainable, nonTrainable, `${r.id} (${r.type}) nonTrainable`);
    same(r.params, trainable + nonTrainable, `${r.id} (${r.type}) params`);
    sums.params += r.params;
    sums.trainable += trainable;
    sums.nonTrainable += nonTrainable;
  }
  const t = evaluation.totals;
  same(t.params, sums.params, 'totals.params');
  same(t.trainable, sums.trainable, 'totals.trainable');
  same(t.nonTrainable, sums.nonTrainable, 'totals.nonTrainable');
  same(t.uncounted, sums.uncounted, 'totals.uncounted');
}

/** Property 3: `EXPR = N`, N grouped in thousands and equal to params, EXPR evaluating exactly to params. */
export function checkFormulas(evaluation: Evaluation, counted?: Set<string>): void {
  for (const r of evaluation.results) {
    if (r.params === null) continue;
    counted?.add(r.type);
    const what = `${r.id} (${r.type}) '${r.formula}'`;
    check(typeof r.formula === 'string', `${what}: no formula`);
    if (r.formula === '0') {
      same(r.params, 0n, `${what}: params`);
      continue;
    }
    const match = /^(.+) = ([0-9,]+)$/.exec(r.formula);
    check(match, `${what} is not 'EXPR = N'`);
    same(parseGrouped(match[2]), r.params, `${what}: N`);
    same(evaluateFormula(match[1]), r.params, `${what}: EXPR`);
  }
}

// ---------------------------------------------------------------------------------------------
// The worked formula: a tiny exact evaluator

/**
 * Evaluates a worked formula's left-hand side exactly: numbers, `×`, `+`, `( )`, `[ ]`, and implicit
 * multiplication before a bracket (`2(2+3)`, `3 [..]`). Anything else (`1e+21`, `-`, a stray `,`) throws.
 */
export function evaluateFormula(expr: string): bigint {
  const tokens: string[] = [];
  for (let i = 0; i < expr.length; ) {
    const c = expr[i];
    if (c === ' ') i++;
    else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < expr.length && /[0-9]/.test(expr[j])) j++;
      tokens.push(expr.slice(i, j));
      i = j;
    } else if ('×+()[]'.includes(c)) tokens.push(c), i++;
    else throw new Error(`unexpected '${c}' at ${i} in '${expr}'`);
  }
  let at = 0;
  const peek = () => tokens[at];
  const expect = (t: string) => {
    if (tokens[at] !== t) throw new Error(`expected '${t}' at token ${at} in '${expr}'`);
    at++;
  };
  const atom = (): bigint => {
    const t = tokens[at++];
    if (t === undefined) throw new Error(`unexpected end of '${expr}'`);
    if (/^[0-9]+$/.test(t)) return BigInt(t);
    const close = t === '(' ? ')' : t === '[' ? ']' : undefined;
    if (!close) throw new Error(`unexpected '${t}' at token ${at - 1} in '${expr}'`);
    const value = sum();
    expect(close);
    return value;
  };
  const product = (): bigint => {
    let value = atom();
    for (;;) {
      if (peek() === '×') at++, (value *= atom());
      else if (peek() === '(' || peek() === '[') value *= atom();
      else return value;
    }
  };
  const sum = (): bigint => {
    let value = product();
    while (peek() === '+') at++, (value += product());
    return value;
  };
  const value = sum();
  if (at !== tokens.length) throw new Error(`trailing '${tokens.slice(at).join(' ')}' in '${expr}'`);
  return value;
}

/** `1,000,000` → 1000000n, refusing malformed grouping. */
export function parseGrouped(text: string): bigint {
  if (!/^[0-9]{1,3}(,[0-9]{3})*$/.test(text)) throw new Error(`'${text}' is not a number grouped in thousands`);
  return BigInt(text.replaceAll(',', ''));
}
