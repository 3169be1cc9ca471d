// paramsketch CLI: count the parameters of saved models with the same core as the app.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Convention } from '../shared/design';
import { readModelFile } from '../shared/keras/file';
import { reportImport, type CountReport } from '../shared/report';
import { summaryTable } from './summary-table';
import { countTemplate, templateIds, templateList } from './templates';

const USAGE = `usage: paramsketch count FILE... [--template ID]... [--convention keras|pytorch] [--flat] [--json]
       paramsketch templates

  FILE          Keras model JSON (model.to_json(), Keras 2 or 3), a TensorFlow.js model.json, or a .keras archive
  --template    a built-in template (paramsketch templates lists them), in the convention of its
                published figure unless --convention is given
  --convention  keras (default): channels-last shapes, BatchNorm statistics as non-trainable parameters
                pytorch: channels-first shapes, running statistics as buffers, two RNN biases
  --flat        every layer of every block (copies of a stack too), named \`block › layer\`;
                by default a block instance is one row
  --json        one JSON array, an object per file or template

exit status: 0 every file counted, 1 a file had errors, 2 usage error`;

/** What to count, in the order given: a model file or a built-in template. */
type Source = { file: string } | { template: string };

interface Options {
  sources: Source[];
  /** Unset: keras for files, a template's own convention for templates. */
  convention?: Convention;
  json: boolean;
  flat: boolean;
}

/** `--name value` or `--name=value`; undefined when the argument is another option. */
function optionValue(rest: string[], i: number, name: string): { value: string | undefined; next: number } | undefined {
  const arg = rest[i];
  if (arg === name) return { value: rest[i + 1], next: i + 1 };
  return arg.startsWith(`${name}=`) ? { value: arg.slice(name.length + 1), next: i } : undefined;
}

function parseArgs(args: string[]): Options | string {
  const [command, ...rest] = args;
  if (command === 'templates') return 'templates takes no arguments';
  if (command !== 'count') return command ? `unknown command '${command}'` : 'no command given';
  const options: Options = { sources: [], json: false, flat: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const convention = optionValue(rest, i, '--convention');
    const template = optionValue(rest, i, '--template');
    if (arg === '--json') options.json = true;
    else if (arg === '--flat') options.flat = true;
    else if (convention) {
      const { value } = convention;
      if (value !== 'keras' && value !== 'pytorch') return `--convention must be keras or pytorch, got '${value ?? ''}'`;
      [options.convention, i] = [value, convention.next];
    } else if (template) {
      const known = templateIds();
      if (!template.value || !known.includes(template.value))
        return `${template.value ? `unknown template '${template.value}'` : '--template needs an ID'}; the templates are ${known.join(', ')}`;
      options.sources.push({ template: template.value });
      i = template.next;
    } else if (arg.startsWith('--')) return `unknown option '${arg}'`;
    else options.sources.push({ file: arg });
  }
  return options.sources.length ? options : 'no FILE or --template given';
}

function countFile(file: string, convention: Convention, flat: boolean): CountReport {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return reportImport({ design: { nodes: [], edges: [] }, problems: [{ path: [], message: `cannot read ${file}: ${reason}` }], warnings: [] }, convention);
  }
  return reportImport(readModelFile(bytes), convention, flat);
}

function main(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args[0] === 'templates' && args.length === 1) {
    console.log(templateList());
    return 0;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    console.error(`paramsketch: ${options}\n\n${USAGE}`);
    return 2;
  }
  const reports = options.sources.map((source) =>
    'file' in source
      ? { label: basename(source.file), file: source.file, ...countFile(source.file, options.convention ?? 'keras', options.flat) }
      : { label: `template ${source.template}`, ...countTemplate(source.template, options.convention, options.flat) },
  );
  if (options.json) console.log(JSON.stringify(reports.map(({ label: _, ...report }) => report)));
  else console.log(reports.map((r) => summaryTable(r.label, r)).join('\n\n'));
  return reports.some((r) => r.errors.length) ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
