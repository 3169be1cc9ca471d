// The comparison of two designs as text: who they are, their totals and difference, the layers aligned.
import type { Convention } from '../shared/design';
import { groupThousands } from '../shared/format';
import type { JsonCount } from '../shared/report';
import { percentOf, type DiffData, type DiffLayer, type DiffRow, type DiffSide } from './diff-data';

const count = (value: JsonCount | null) => (value === null ? '?' : groupThousands(BigInt(value)));

const signed = (value: JsonCount) => (BigInt(value) > 0n ? `+${count(value)}` : count(value));

const percent = (value: number | null) => (value === null ? ' (new)' : value === 0 ? '' : ` (${value > 0 ? '+' : ''}${value.toFixed(1)}%)`);

/** A part of the total (trainable, non-trainable) changes by a percentage of its own, as the total does. */
const partPercent = (change: JsonCount, base: JsonCount) => percent(percentOf(BigInt(change), BigInt(base)));

/** Columns padded to their widest cell; `right` lists the right-aligned ones. */
function columns(rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('   ').trimEnd());
}

const MARK: Record<DiffRow['status'], string> = { same: ' ', changed: '~', added: '+', removed: '-' };

const mark = (row: DiffRow) => (row.status === 'same' && row.paramsDiffer ? '*' : MARK[row.status]);

const who = (letter: string, s: DiffSide) => `${letter}  ${s.file}: "${s.name}", ${s.layers} layer${s.layers === 1 ? '' : 's'}`;

const cellsOf = (l: DiffLayer | null, convention: Convention) => (l ? [`${l.name} (${l.type})`, count(l.params[convention])] : ['', '']);

export function diffText(data: DiffData, convention: Convention): string {
  const [a, b] = [data.a.totals[convention], data.b.totals[convention]];
  const d = data.difference[convention];
  const totals = columns(
    [
      [`Totals (${convention} convention)`, 'A', 'B', 'difference'],
      ['  total', count(a.total), count(b.total), `${signed(d.total)}${percent(d.percent)}`],
      ['  trainable', count(a.trainable), count(b.trainable), `${signed(d.trainable)}${partPercent(d.trainable, a.trainable)}`],
      ['  non-trainable', count(a.nonTrainable), count(b.nonTrainable), `${signed(d.nonTrainable)}${partPercent(d.nonTrainable, a.nonTrainable)}`],
    ],
    new Set([1, 2]),
  );
  const uncounted = [data.a, data.b].flatMap((s, k) => {
    const n = s.totals[convention].uncounted;
    return n ? [`${'AB'[k]} has ${n} layer${n === 1 ? '' : 's'} that could not be counted (left out of its totals)`] : [];
  });
  const tally = (status: DiffRow['status']) => data.rows.filter((r) => r.status === status).length;
  const layers = columns(
    [['A', 'params', 'B', 'params', ''], ...data.rows.map((r) => [...cellsOf(r.a, convention), ...cellsOf(r.b, convention), r.fields.join(', ')])],
    new Set([1, 3]),
  );
  const marks = [' ', ...data.rows.map(mark)];
  return [
    who('A', data.a),
    who('B', data.b),
    '',
    ...totals,
    ...uncounted,
    '',
    `Layers: ${tally('same')} same, ${tally('changed')} changed, ${tally('added')} only in B, ${tally('removed')} only in A`,
    ...layers.map((line, k) => `${marks[k]} ${line}`.trimEnd()),
    '',
    '~ changed (what differs; inputs: fed by other layers)   + only in B   - only in A   * same settings, another count',
    data.equal ? 'The designs are the same.' : 'The designs differ.',
    '',
  ].join('\n');
}
