// `paramsketch convert IN OUT`: a design file written as the app exports it, a Paramsketch file or
// Keras model JSON, whatever the app opens it from.
import { evaluateDesign, listProblems } from '../shared/evaluate';
import { openedSketch, type Opened } from '../shared/files/open-design';
import { reopenProblem, writeParamsketchFile } from '../shared/files/paramsketch-file';
import { exportKerasModel } from '../shared/keras/export';
import type { Problem } from '../shared/problem';
import { parseArgs, STDIN, type CommandSpec } from './args';
import type { Outcome } from './outcome';
import { inputName, openInput } from './read-input';
import { writeOutput } from './write-output';

const TARGETS = ['paramsketch', 'keras'] as const;
type Target = (typeof TARGETS)[number];

export const CONVERT: CommandSpec = { name: 'convert', flags: [], options: { '--to': TARGETS }, operands: { min: 2, max: 2, read: 1 } };

/** What OUT's name says it is; no target for the standard output, which gets the other kind than IN. */
function targetByName(out: string): { target?: Target } | { error: string } {
  if (out === STDIN) return {};
  if (/\.paramsketch(\.json)?$/i.test(out)) return { target: 'paramsketch' };
  if (/\.json$/i.test(out)) return { target: 'keras' };
  return { error: `cannot tell what to write to '${out}': name it *.paramsketch.json (a Paramsketch file) or *.json (Keras model JSON), or give --to paramsketch|keras` };
}

/** At most this many notes or problems are listed, one line each. */
const SHOWN = 10;

const capped = (lines: string[]) => (lines.length > SHOWN ? [...lines.slice(0, SHOWN), `… and ${lines.length - SHOWN} more`] : lines);

const problemText = (p: Problem) => `${p.path.length ? `${p.path.join(' › ')}: ` : ''}${p.message}`;

/** The file's text, as the app's Export menu writes it, or why it cannot be written. */
function written(opened: Opened, inName: string, target: Target): { text: string; notes: string[] } | { errors: string[] } {
  const { sketch, warnings } = openedSketch(opened, inName, target === 'paramsketch');
  if (target === 'paramsketch') {
    // Written all the same, as the app opens such a design: its problems are for the user to fix there.
    const problems = listProblems(evaluateDesign(sketch.design, { convention: sketch.convention })).map(problemText);
    const text = writeParamsketchFile(sketch);
    // Written all the same (it is the design), but said: the app and this command open files up to a limit.
    const tooLarge = reopenProblem(text);
    return { text, notes: capped([...(tooLarge ? [tooLarge] : []), ...warnings, ...problems].map((w) => `note: ${inName}: ${w}`)) };
  }
  const exported = exportKerasModel(sketch.design, { name: sketch.name });
  const notes = capped(warnings.map((w) => `note: ${inName}: ${w}`));
  if ('json' in exported) return { text: JSON.stringify(exported.json, null, 2), notes };
  return { errors: capped(exported.problems.map((p) => `cannot write ${inName} as Keras model JSON: ${problemText(p)}`)) };
}

export async function runConvert(args: readonly string[]): Promise<Outcome> {
  const parsed = parseArgs(CONVERT, args);
  if (typeof parsed === 'string') return { code: 2, errors: [parsed] };
  const [input, out] = parsed.operands;
  const to = parsed.options.get('--to') as Target | undefined;
  const named = to ? { target: to } : targetByName(out);
  if ('error' in named) return { code: 2, errors: [named.error] };
  const opened = await openInput(input);
  if (!opened.ok) return { code: 1, errors: [`${inputName(input)}: ${opened.error}`] };
  const target = named.target ?? (opened.format === 'paramsketch' ? 'keras' : 'paramsketch');
  const result = written(opened, input === STDIN ? 'stdin' : input, target);
  if ('errors' in result) return { code: 1, errors: result.errors };
  if (out === STDIN) return { code: 0, out: result.text.endsWith('\n') ? result.text : `${result.text}\n`, errors: result.notes };
  const failed = writeOutput(out, result.text);
  return failed ? { code: 1, errors: [...result.notes, `cannot write ${out}: ${failed}`] } : { code: 0, errors: result.notes };
}
