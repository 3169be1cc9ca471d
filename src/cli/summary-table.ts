import type { CountReport, JsonCount } from '../shared/report';
import { groupThousands } from '../shared/format';
import { shapeText } from '../shared/files/summary-export';

const count = (value: JsonCount | null) => (value === null ? '?' : groupThousands(BigInt(value)));

const shapeCell = (shape: CountReport['layers'][number]['outputShape']) => shapeText(shape) ?? '?';

const pad = (text: string, width: number) => (text.length >= width ? `${text} ` : text.padEnd(width));

/** A table in the layout of Keras's `model.summary()`, with the worked formula as a last column. */
export function summaryTable(file: string, report: CountReport): string {
  const rows = report.layers.map((l) => [`${l.name} (${l.type})`, shapeCell(l.outputShape), count(l.params), l.formula ?? '']);
  const widths = [0, 1, 2].map((c) => Math.max(['Layer (type)', 'Output Shape', 'Param #'][c].length, ...rows.map((r) => r[c].length)) + 3);
  const line = (cells: string[]) => ` ${cells.slice(0, 3).map((cell, c) => pad(cell, widths[c])).join('')}${cells[3]}`.trimEnd();
  const rule = (char: string) => char.repeat(Math.max(65, widths.reduce((a, b) => a + b, 0) + 10));
  const out = [
    `Model: "${report.model ?? file}"  (${file}, ${report.convention} convention)`,
    rule('_'),
    line(['Layer (type)', 'Output Shape', 'Param #', 'Formula']),
    rule('='),
    ...rows.flatMap((r, i) => (i < rows.length - 1 ? [line(r), ''] : [line(r)])),
    rule('='),
    `Total params: ${count(report.total)}`,
    `Trainable params: ${count(report.trainable)}`,
    `Non-trainable params: ${count(report.nonTrainable)}`,
    rule('_'),
  ];
  const checked = report.fileWeights;
  if (checked) out.push(`The file's own weights confirm ${checked.confirmed} of ${checked.checked} layer counts`);
  for (const w of report.warnings) out.push(`note: ${w}`);
  for (const e of report.errors) out.push(`error at ${e.path.join(' › ') || file}: ${e.message}`);
  return out.join('\n');
}
