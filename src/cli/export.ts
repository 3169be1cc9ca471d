// `paramsketch export`: a design's picture as the app's Export menu draws it (shared/picture), written as
// standalone SVG, or as PNG through resvg (loaded only then, see png.ts).
import type { Convention } from '../shared/design';
import { evaluateDesign, listProblems } from '../shared/evaluate';
import { openedSketch } from '../shared/files/open-design';
import { pictureSvg, type PictureOptions } from '../shared/picture/svg';
import type { Sketch } from '../shared/sketch';
import { parseArgs, STDIN, type CommandSpec, type ParsedArgs } from './args';
import type { Outcome } from './outcome';
import { inputName, openInput } from './read-input';
import { writeOutput } from './write-output';

export const EXPORT: CommandSpec = {
  name: 'export',
  flags: ['--shapes', '--collapsed', '--expanded'],
  options: {
    '--template': null,
    '--svg': null,
    '--png': null,
    '--scale': ['1', '2', '4'],
    '--direction': ['TB', 'LR'],
    '--theme': ['light', 'dark'],
    '--convention': ['keras', 'pytorch'],
  },
  // More than one is refused with the reason below (one design, not one file).
  operands: { min: 0, max: Infinity, read: 1 },
};

/** What the line asks for that parseArgs cannot check alone, as one line; undefined when it makes sense. */
function usageProblem(parsed: ParsedArgs): string | undefined {
  const [svg, png] = [parsed.options.get('--svg'), parsed.options.get('--png')];
  const sources = parsed.sequence.filter((s) => s.option === null || s.option === '--template').length;
  if (!sources) return 'export needs a FILE or --template ID (see paramsketch export --help)';
  if (sources > 1) return `export draws one design: give one FILE or one --template ID, not ${sources} (see paramsketch export --help)`;
  if (svg === undefined && png === undefined) return 'export needs --svg OUT or --png OUT (or both) to say what to write';
  if (svg === STDIN && png === STDIN) return `--svg and --png cannot both write to the standard output ('${STDIN}')`;
  if (png === STDIN && process.stdout.isTTY) return 'a PNG is not for the terminal: redirect the standard output, or give --png a file name';
  if (parsed.flags.has('--collapsed') && parsed.flags.has('--expanded')) return '--collapsed and --expanded cannot both be given';
  return undefined;
}

/** The design to draw, from a file or a template, in the convention asked for; or why there is none. */
async function sketchToDraw(parsed: ParsedArgs, asked: Convention | undefined): Promise<{ sketch: Sketch; name: string } | Outcome> {
  const id = parsed.options.get('--template');
  if (id !== undefined) {
    const templates = await import('./templates');
    const unknown = templates.unknownTemplate(id);
    return unknown ? { code: 2, errors: [unknown] } : { sketch: templates.templateSketch(id, asked), name: `template ${id}` };
  }
  const file = parsed.operands[0];
  const opened = await openInput(file);
  if (!opened.ok) return { code: 1, errors: [`${inputName(file)}: ${opened.error}`] };
  // Not laid out: the picture lays the design out for paper.
  const { sketch } = openedSketch(opened, file === STDIN ? 'stdin' : file, false);
  return { sketch: { ...sketch, convention: asked ?? sketch.convention }, name: inputName(file) };
}

export async function runExport(args: readonly string[]): Promise<Outcome> {
  const parsed = parseArgs(EXPORT, args);
  if (typeof parsed === 'string') return { code: 2, errors: [parsed] };
  const usage = usageProblem(parsed);
  if (usage) return { code: 2, errors: [usage] };
  const found = await sketchToDraw(parsed, parsed.options.get('--convention') as Convention | undefined);
  if ('code' in found) return found;
  const { sketch, name } = found;
  const evaluation = evaluateDesign(sketch.design, { convention: sketch.convention });
  const options: PictureOptions = {
    layout: (parsed.options.get('--direction') as 'TB' | 'LR' | undefined) ?? 'TB',
    theme: (parsed.options.get('--theme') as 'light' | 'dark' | undefined) ?? 'light',
    shapes: parsed.flags.has('--shapes'),
    expandBlocks: parsed.flags.has('--expanded'),
  };
  const svg = pictureSvg(sketch, evaluation, options);
  // Drawn all the same, as the app draws it: each such layer's box says what is wrong.
  const problems = listProblems(evaluation).length;
  const notes = problems ? [`note: ${name}: ${problems} problem${problems === 1 ? '' : 's'} in the design, drawn in the boxes concerned`] : [];
  const outputs: { path: string; contents: string | Uint8Array }[] = [];
  const svgPath = parsed.options.get('--svg');
  if (svgPath !== undefined) outputs.push({ path: svgPath, contents: svg });
  const pngPath = parsed.options.get('--png');
  if (pngPath !== undefined) {
    const drawn = await (await import('./png')).svgToPng(svg, Number(parsed.options.get('--scale') ?? 2));
    if ('error' in drawn) return { code: 1, errors: [...notes, drawn.error] };
    notes.push(...drawn.notes.map((n) => `note: ${n}`));
    outputs.push({ path: pngPath, contents: drawn.png });
  }
  let out: string | Uint8Array | undefined;
  for (const { path, contents } of outputs) {
    if (path === STDIN) out = contents;
    else {
      const failed = writeOutput(path, contents);
      if (failed) return { code: 1, errors: [...notes, `cannot write ${path}: ${failed}`] };
    }
  }
  return { code: 0, out, errors: notes };
}
