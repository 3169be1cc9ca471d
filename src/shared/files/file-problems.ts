/**
 * Turning what goes wrong with a file into something a user can act on: where it is (a JSON path or a
 * line and column) and what is wrong, in plain words rather than a validator's or an engine's jargon.
 */
import type { z } from 'zod';
import { groupThousands } from '../format';

/** Why a file did not open. `path` is a JSON path into the file, e.g. `sketch.design.nodes[3].type`. */
export interface FileProblem {
  message: string;
  path?: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** ['sketch', 'design', 'nodes', 3, 'type'] → `sketch.design.nodes[3].type`; other keys as `layout["my node"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Offset → 1-based line and column, counting CRLF as one line break. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') (line++, (lineStart = i + 1));
  }
  return { line, column: offset - lineStart + 1 };
}

function offsetOf(text: string, line: number, column: number): number {
  let start = 0;
  for (let l = 1; l < line && start >= 0; l++) start = text.indexOf('\n', start) + 1 || -1;
  return start < 0 ? text.length : start + column - 1;
}

/**
 * Where JSON.parse's message says it stopped: V8 names a position ("at position 6"), newer ones add
 * "(line 1 column 7)"; for an unexpected token it quotes up to ten characters either side ("...context...").
 */
function errorOffset(message: string, text: string): number | undefined {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn) return offsetOf(text, Number(lineColumn[1]), Number(lineColumn[2]));
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  const quoted = /Unexpected token '(.)', (\.\.\.)?"(.*)"(?:\.\.\.)? is not valid JSON/s.exec(message);
  if (!quoted) return undefined;
  const [, token, cut, context] = quoted;
  const start = text.indexOf(context);
  if (start < 0) return undefined;
  return cut ? start + 10 : start + Math.max(0, context.indexOf(token));
}

/**
 * JSON.parse's complaint, with where it is as line and column. An error at the very end (whatever the
 * engine calls it: an unexpected end, an unterminated string, a missing name) means the file is cut
 * short. V8 gives no position for an unexpected token but quotes the text around it: that quote places it.
 */
export function syntaxProblem(error: unknown, text: string): FileProblem {
  const raw = error instanceof Error ? error.message : String(error);
  const offset = /unexpected end of (json )?(input|data)/i.test(raw) ? text.length : errorOffset(raw, text);
  if (offset !== undefined && offset >= text.trimEnd().length) {
    const { line, column } = lineAndColumn(text, text.length);
    return { message: `not valid JSON: the file ends in the middle of a value (line ${line}, column ${column}); is it cut short?` };
  }
  const where = offset === undefined ? undefined : lineAndColumn(text, offset);
  let what = raw.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*in JSON at position \d+/, '');
  // Once placed by line and column, the engine's quote of the text around the token says nothing more.
  if (where) what = what.replace(/, (\.\.\.)?".*" ?(\.\.\.)? is not valid JSON$/s, '');
  what = what.replace(/\s+/g, ' ').slice(0, 300);
  return { message: `not valid JSON: ${what}${where ? ` (line ${where.line}, column ${where.column})` : ''}` };
}

/** How a value looks to someone who wrote the file, for "expected X, found Y". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `the text "${value.slice(0, 40)}…"` : `the text ${JSON.stringify(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    default:
      return 'an object';
  }
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  null: 'null',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

// Own properties only: a key such as "__proto__" must find the file's value, not Object.prototype.
const valueAt = (data: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (at, key) => (at !== null && typeof at === 'object' && Object.hasOwn(at, key) ? (at as Record<PropertyKey, unknown>)[key] : undefined),
    data,
  );

function outOfBounds(origin: string, limit: number | bigint, above: boolean): string {
  const bound = groupThousands(limit);
  if (origin === 'string') return `is ${above ? 'longer' : 'shorter'} than ${bound} characters`;
  if (origin === 'array') return `has ${above ? 'more' : 'fewer'} than ${bound} items`;
  return `is ${above ? 'above' : 'below'} ${bound}`;
}

/**
 * A union (a field value may be a number, text, a list or a nested layer) fails as a whole; when the
 * value had the right kind for exactly one alternative, that alternative's own complaint says more.
 */
function closestAlternative(issue: z.core.$ZodIssue): z.core.$ZodIssue | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const near = issue.errors.filter((issues) => issues[0] && !(issues[0].code === 'invalid_type' && issues[0].path.length === 0));
  return near.length === 1 ? { ...near[0][0], path: [...issue.path, ...near[0][0].path] } : undefined;
}

/** What is wrong with `found`, as the end of a sentence whose subject is where it is. */
function predicate(issue: z.core.$ZodIssue, found: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return found === undefined ? 'is missing' : `should be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(found)}`;
    case 'invalid_value':
      return `should be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, not ${describeValue(found)}`;
    case 'too_big':
      return outOfBounds(issue.origin, issue.maximum, true);
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1 ? 'is empty' : outOfBounds(issue.origin, issue.minimum, false);
    case 'invalid_key':
      // zod puts the key itself at the end of the path.
      return `is not an allowed key${issue.issues[0] ? `: it ${predicate(issue.issues[0], issue.path[issue.path.length - 1])}` : ''}`;
    case 'invalid_union':
      return `is not any of the kinds of value allowed here (found ${describeValue(found)})`;
    default:
      return `is not valid: ${issue.message}`;
  }
}

/** The first thing the schema rejects, as a path and a sentence naming it. `data` is what was checked. */
export function schemaProblem(issues: readonly z.core.$ZodIssue[], data: unknown): FileProblem {
  let issue = issues[0];
  if (!issue) return { message: 'the file does not have the shape of a Paramsketch file' };
  for (let nearer = closestAlternative(issue); nearer; nearer = closestAlternative(issue)) issue = nearer;
  const path = jsonPath(issue.path);
  return { message: `${path || 'the file'} ${predicate(issue, valueAt(data, issue.path))}`, ...(path ? { path } : {}) };
}
