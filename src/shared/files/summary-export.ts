/**
 * The per-layer summary, exported: CSV for spreadsheets, Markdown for notes and pull requests. Both are
 * made from the CLI's SummaryReport (report.ts), so the rows are the ones `paramsketch count` prints.
 */
import { groupThousands } from '../format';
import { summaryReport, type JsonCount, type LayerSummary, type SummaryReport } from '../report';
import type { Sketch } from '../sketch';
import { formatShape, type Dim } from '../tensor';

/** A sketch's report, made the way the CLI makes an imported model's. */
export const sketchReport = (sketch: Sketch): SummaryReport =>
  summaryReport({ design: sketch.design, modelName: sketch.name, problems: [], warnings: [] }, sketch.convention);

/** `(None, 5)`, or the shapes of a layer with several outputs one after another; null if unknown. */
export function shapeText(shape: LayerSummary['outputShape']): string | null {
  if (shape === null) return null;
  return Array.isArray(shape[0]) ? (shape as Dim[][]).map(formatShape).join(', ') : formatShape(shape as Dim[]);
}

const uncountedNote = (report: SummaryReport): string => {
  const uncounted = report.layers.filter((l) => l.params === null).length;
  return uncounted ? `not counting ${uncounted} layer${uncounted === 1 ? '' : 's'} with problems` : '';
};

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180): one record per layer, then a Total record; plain digits, so spreadsheets read numbers.

export const CSV_HEADER = ['Layer', 'Type', 'Output shape', 'Param #', 'Trainable', 'Non-trainable', 'Formula'];

const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

const digits = (count: JsonCount | null): string => (count === null ? '' : String(count));

/** The records under the header: one per layer, then the Total. */
export function summaryCsvRecords(report: SummaryReport): string[][] {
  return [
    ...report.layers.map((l) => [
      l.name,
      l.type,
      shapeText(l.outputShape) ?? '',
      digits(l.params),
      digits(l.trainable),
      digits(l.nonTrainable),
      l.formula ?? '',
    ]),
    ['Total', '', '', digits(report.total), digits(report.trainable), digits(report.nonTrainable), uncountedNote(report)],
  ];
}

/** Records as RFC 4180 text, each line ended by CRLF. */
export const csvText = (rows: readonly string[][]): string => rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');

export const summaryCsv = (report: SummaryReport): string => csvText([CSV_HEADER, ...summaryCsvRecords(report)]);

// ---------------------------------------------------------------------------------------------
// Markdown: a GitHub table in the layout of Keras's `model.summary()`, with the formula column.

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/**
 * A size as Keras's summary prints it (`readable_memory_size`): 1024-based units, two decimals. Python
 * rounds the exact value half to even (1.125 KB → "1.12 KB", where JS's toFixed says "1.13"), so this
 * works in exact integer hundredths rather than floats.
 */
export function readableBytes(bytes: bigint): string {
  let unit = 0;
  while (unit < BYTE_UNITS.length - 1 && bytes >= 1024n ** BigInt(unit + 1)) unit++;
  const scale = 1024n ** BigInt(unit);
  const [whole, rest] = [(bytes * 100n) / scale, (bytes * 100n) % scale];
  const hundredths = 2n * rest > scale || (2n * rest === scale && whole % 2n === 1n) ? whole + 1n : whole;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')} ${BYTE_UNITS[unit]}`;
}

/** Keras sizes weights by their dtype; a sketch has none, so every weight is float32, Keras's default. */
const BYTES_PER_PARAM = 4n;

/** `Total params: 32 (128.00 B)`, as Keras words it. */
const totalLine = (label: string, count: JsonCount): string =>
  `${label}: ${groupThousands(BigInt(count))} (${readableBytes(BigInt(count) * BYTES_PER_PARAM)})`;

/**
 * Text that stays text in a table cell: `|` would end the cell and a line break the row; `*`, `_`,
 * backticks and angle brackets would turn a layer's name into emphasis, code or HTML. An underscore
 * inside a word (`dense_1`) is left alone, as GitHub doesn't read it as emphasis, and so are brackets
 * (every formula has them; without a `(` right after they make no link).
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\|*`<>]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`)
    .replace(/\r\n?|\n/g, '<br>');
}

const mdCount = (count: JsonCount | null): string => (count === null ? '?' : groupThousands(BigInt(count)));

const CONVENTION_NAME = { keras: 'Keras', pytorch: 'PyTorch' } as const;

export function summaryMarkdown(report: SummaryReport): string {
  const convention = `${CONVENTION_NAME[report.convention]} convention`;
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    report.model ? `Model: "${markdownText(report.model)}", ${convention}` : convention,
    '',
    row(['Layer (type)', 'Output Shape', 'Param #', 'Formula']),
    row([':--', ':--', '--:', ':--']),
    ...report.layers.map((l) =>
      row([markdownText(`${l.name} (${l.type})`), markdownText(shapeText(l.outputShape) ?? '?'), mdCount(l.params), markdownText(l.formula ?? '')]),
    ),
    '',
    // A backslash at the end of a line is a line break: three lines, as Keras prints them.
    `${totalLine('Total params', report.total)}\\`,
    `${totalLine('Trainable params', report.trainable)}\\`,
    totalLine('Non-trainable params', report.nonTrainable),
  ];
  const uncounted = uncountedNote(report);
  if (uncounted) lines.push('', `Totals ${uncounted}.`);
  const notes = [
    ...report.errors.map((e) => `- ${e.path.length ? `${markdownText(e.path.join(' › '))}: ` : ''}${markdownText(e.message)}`),
    ...report.warnings.map((w) => `- note: ${markdownText(w)}`),
  ];
  if (notes.length) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}
