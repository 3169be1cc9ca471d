// `paramsketch count`: each file's and template's parameters, as a table, JSON, CSV or Markdown.
import { basename } from 'node:path';
import type { Convention } from '../shared/design';
import { designName } from '../shared/files/open-design';
import { CSV_HEADER, csvText, markdownText, summaryCsv, summaryCsvRecords, summaryMarkdown } from '../shared/files/summary-export';
import { reportImport, summaryReport, type SummaryReport } from '../shared/report';
import { parseArgs, STDIN, type CommandSpec } from './args';
import type { Outcome } from './outcome';
import { inputName, openInput } from './read-input';
import { summaryTable } from './summary-table';

const FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

export const COUNT: CommandSpec = {
  name: 'count',
  flags: ['--flat', '--json'],
  options: { '--convention': ['keras', 'pytorch'], '--format': FORMATS, '--template': null },
  operands: { min: 0, max: Infinity, read: Infinity },
};

interface CountOptions {
  /** Unset: the file's own (a Paramsketch file's as saved, Keras's for a Keras model). */
  convention?: Convention;
  flat: boolean;
  /** Each layer's costs too: only where they are printed (JSON), as they take as long to work out as the counts. */
  withCosts: boolean;
}

/** One file or template, counted; `unreadable` says why a file holds no design to count. */
interface Counted {
  label: string;
  source: { file: string } | { template: string };
  report: SummaryReport;
  unreadable?: string;
}

/** How a design is reported: with its costs (reportImport, for JSON) or without (summaryReport, for tables). */
const reporterOf = (options: CountOptions) => (options.withCosts ? reportImport : summaryReport);

function unreadable(file: string, label: string, why: string, options: CountOptions): Counted {
  const failed = { design: { nodes: [], edges: [] }, problems: [{ path: [], message: why }], warnings: [] };
  return { label, source: { file }, report: reporterOf(options)(failed, options.convention ?? 'keras', options.flat), unreadable: why };
}

async function countFile(file: string, options: CountOptions): Promise<Counted> {
  const label = file === STDIN ? 'stdin' : basename(file);
  const opened = await openInput(file);
  if (!opened.ok) return unreadable(file, label, opened.error, options);
  // Named as the app names the sketch it opens, so that CSV and Markdown are what its export writes.
  const imported = { ...opened.imported, modelName: designName(opened, label) };
  try {
    return { label, source: { file }, report: reporterOf(options)(imported, options.convention ?? opened.convention, options.flat) };
  } catch (error) {
    // The core reports problems as values; should it still throw, this file says so and the others are counted.
    return unreadable(file, label, `could not be counted: ${(error as Error).message} (a Paramsketch bug: please report the file)`, options);
  }
}

function formatted(format: Format, counted: Counted[]): string {
  const shown = counted.filter((c) => !c.unreadable);
  if (format === 'json') return `${JSON.stringify(counted.map((c) => ({ ...c.source, ...c.report })))}\n`;
  if (!shown.length) return '';
  if (format === 'table') return `${shown.map((c) => summaryTable(c.label, c.report)).join('\n\n')}\n`;
  if (shown.length === 1) return format === 'csv' ? summaryCsv(shown[0].report) : summaryMarkdown(shown[0].report);
  if (format === 'csv') return csvText([['File', ...CSV_HEADER], ...shown.flatMap((c) => summaryCsvRecords(c.report).map((row) => [c.label, ...row]))]);
  return shown.map((c) => `## ${markdownText(c.label)}\n\n${summaryMarkdown(c.report)}`).join('\n');
}

export async function runCount(args: readonly string[]): Promise<Outcome> {
  const parsed = parseArgs(COUNT, args);
  if (typeof parsed === 'string') return { code: 2, errors: [parsed] };
  const sources = parsed.sequence.filter((s) => s.option === null || s.option === '--template');
  // The gallery's code is loaded only to count a template.
  const templates = sources.some((s) => s.option) ? await import('./templates') : undefined;
  const unknown = sources.map((s) => s.option && templates!.unknownTemplate(s.value)).find(Boolean);
  if (unknown) return { code: 2, errors: [unknown] };
  if (!sources.length) return { code: 2, errors: ['count needs a FILE or --template ID (see paramsketch count --help)'] };
  const format: Format = parsed.flags.has('--json') ? 'json' : ((parsed.options.get('--format') as Format | undefined) ?? 'table');
  if (parsed.flags.has('--json') && parsed.options.has('--format') && parsed.options.get('--format') !== 'json')
    return { code: 2, errors: [`--json and --format ${parsed.options.get('--format')} ask for two formats`] };
  const options: CountOptions = {
    convention: parsed.options.get('--convention') as Convention | undefined,
    flat: parsed.flags.has('--flat'),
    withCosts: format === 'json',
  };

  const counted: Counted[] = [];
  for (const source of sources) {
    if (source.option === null) counted.push(await countFile(source.value, options));
    else {
      const report = templates!.countTemplate(source.value, options.convention, options.flat, reporterOf(options));
      counted.push({ label: `template ${source.value}`, source: { template: source.value }, report });
    }
  }
  const errors = counted.flatMap((c) => ('file' in c.source && c.unreadable ? [`${inputName(c.source.file)}: ${c.unreadable}`] : []));
  return { code: counted.some((c) => c.report.errors.length) ? 1 : 0, out: formatted(format, counted), errors };
}
