// `paramsketch diff A B`: the comparison the app's Compare view shows, as text or (--json) data.
import type { Convention } from '../shared/design';
import { openedSketch } from '../shared/files/open-design';
import type { Sketch } from '../shared/sketch';
import { parseArgs, STDIN, type CommandSpec } from './args';
import { diffDesigns } from './diff-data';
import { diffText } from './diff-text';
import type { Outcome } from './outcome';
import { inputName, openInput } from './read-input';

export const DIFF: CommandSpec = { name: 'diff', flags: ['--json'], options: { '--convention': ['keras', 'pytorch'] }, operands: { min: 2, max: 2, read: 2 } };

export async function runDiff(args: readonly string[]): Promise<Outcome> {
  const parsed = parseArgs(DIFF, args);
  if (typeof parsed === 'string') return { code: 2, errors: [parsed] };
  const files = parsed.operands as [string, string];
  const sketches: Sketch[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const opened = await openInput(file);
    if (opened.ok) sketches.push(openedSketch(opened, file === STDIN ? 'stdin' : file, false).sketch);
    else errors.push(`${inputName(file)}: ${opened.error}`);
  }
  // Like diff(1): a file that cannot be compared is trouble (2), not a difference (1).
  if (errors.length) return { code: 2, errors };
  const data = diffDesigns(sketches as [Sketch, Sketch], files);
  const convention = (parsed.options.get('--convention') as Convention | undefined) ?? data.a.convention;
  const out = parsed.flags.has('--json') ? `${JSON.stringify(data)}\n` : diffText(data, convention);
  return { code: data.equal ? 0 : 1, out };
}
