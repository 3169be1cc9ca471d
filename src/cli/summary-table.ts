import type { JsonCount, LayerSummary, SummaryReport } from '../shared/report';
import { groupThousands } from '../shared/format';
import { shapeText } from '../shared/files/summary-export';

// A number is exact as it is; only counts beyond 2^53 come as decimal strings.
const count = (value: JsonCount | null) => (value === null ? '?' : groupThousands(typeof value === 'number' ? value : BigInt(value)));

const shapeCell = (shape: LayerSummary['outputShape']) => shapeText(shape) ?? '?';

const pad = (text: string, width: number) => (text.length >= width ? `${text} ` : text.padEnd(width));

const HEADER = ['Layer (type)', 'Output Shape', 'Param #', 'Formula'];

/** A table in the layout of Keras's `model.summary()`, with the worked formula as a last column. */
export function summaryTable(file: string, report: SummaryReport): string {
  const rows = report.layers.map((l) => [`${l.name} (${l.type})`, shapeCell(l.outputShape), count(l.params), l.formula ?? '']);
  // Plain loops: a model may have tens of thousands of rows (a spread of them into Math.max is as many arguments).
  const widths = HEADER.slice(0, 3).map((h) => h.length);
  for (const row of rows) for (let c = 0; c < 3; c++) widths[c] = Math.max(widths[c], row[c].length);
  for (let c = 0; c < 3; c++) widths[c] += 3;
  const line = (cells: string[]) => ` ${pad(cells[0], widths[0])}${pad(cells[1], widths[1])}${pad(cells[2], widths[2])}${cells[3]}`.trimEnd();
  const body: string[] = [];
  for (const row of rows) body.push(line(row), '');
  body.pop();
  const rule = (char: string) => char.repeat(Math.max(65, widths.reduce((a, b) => a + b, 0) + 10));
  const out = [
    `Model: "${report.model ?? file}"  (${file}, ${report.convention} convention)`,
    rule('_'),
    line(HEADER),
    rule('='),
    ...body,
    rule('='),
    `Total params: ${count(report.total)}`,
    `Trainable params: ${count(report.trainable)}`,
    `Non-trainable params: ${count(report.nonTrainable)}`,
    // Only a design with experts has a second figure: what one token uses.
    ...(report.activeParams === report.total ? [] : [`Active params: ${count(report.activeParams)}`]),
    rule('_'),
  ];
  const checked = report.fileWeights;
  if (checked) out.push(`The file's own weights confirm ${checked.confirmed} of ${checked.checked} layer counts`);
  for (const w of report.warnings) out.push(`note: ${w}`);
  for (const e of report.errors) out.push(`error at ${e.path.join(' › ') || file}: ${e.message}`);
  return out.join('\n');
}
