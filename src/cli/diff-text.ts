// The comparison of two designs as text: who they are, their totals and difference, the summary line,
// params per family, the layers aligned with each one's Δ.
import { FAMILIES } from '../shared/catalog';
import { percentOf, percentText, signedCompact, signedCount } from '../shared/compare/change';
import type { Convention } from '../shared/design';
import { compactCount, groupThousands } from '../shared/format';
import type { JsonCount } from '../shared/report';
import type { DiffData, DiffLayer, DiffRow, DiffSide } from './diff-data';

const count = (value: JsonCount | null) => (value === null ? '?' : groupThousands(BigInt(value)));

const signed = (value: JsonCount) => signedCount(BigInt(value));

const percent = (value: number | null) => (value === 0 ? '' : ` (${percentText(value)})`);

/** A part of the total (trainable, non-trainable) changes by a percentage of its own, as the total does. */
const partPercent = (change: JsonCount, base: JsonCount) => percent(percentOf(BigInt(change), BigInt(base)));

/** A row's Δ: blank where nothing changed, so the rows that did stand out; `?` where unknown. */
const delta = (value: JsonCount | null, show: (v: bigint) => string) => (value === null ? '?' : BigInt(value) === 0n ? '' : show(BigInt(value)));

/** Columns padded to their widest cell; `right` lists the right-aligned ones. */
function columns(rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, c) => rows.reduce((widest, r) => Math.max(widest, (r[c] ?? '').length), 0));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('   ').trimEnd());
}

const MARK: Record<DiffRow['status'], string> = { same: ' ', changed: '~', added: '+', removed: '-' };

const mark = (row: DiffRow) => (row.status === 'same' && row.paramsDiffer ? '*' : MARK[row.status]);

const who = (letter: string, s: DiffSide) => `${letter}  ${s.file}: "${s.name}", ${s.layers} layer${s.layers === 1 ? '' : 's'}`;

const cellsOf = (l: DiffLayer | null, convention: Convention) => (l ? [`${l.name} (${l.type})`, count(l.params[convention])] : ['', '']);

function totalsTable(data: DiffData, convention: Convention): string[] {
  const [a, b] = [data.a.totals[convention], data.b.totals[convention]];
  const d = data.difference[convention];
  const macs = (value: JsonCount | null) => (value === null ? '?' : compactCount(BigInt(value)));
  // Active figures only where experts make either design's differ from its total.
  const experts = a.activeParams !== a.total || b.activeParams !== b.total;
  return columns(
    [
      [`Totals (${convention} convention)`, 'A', 'B', 'difference'],
      ['  total', count(a.total), count(b.total), `${signed(d.total)}${percent(d.percent)}`],
      ['  trainable', count(a.trainable), count(b.trainable), `${signed(d.trainable)}${partPercent(d.trainable, a.trainable)}`],
      ['  non-trainable', count(a.nonTrainable), count(b.nonTrainable), `${signed(d.nonTrainable)}${partPercent(d.nonTrainable, a.nonTrainable)}`],
      ...(experts ? [['  active', count(a.activeParams), count(b.activeParams), `${signed(d.activeParams)}${partPercent(d.activeParams, a.activeParams)}`]] : []),
      ['  MACs', macs(a.macs), macs(b.macs), d.macs === null ? '?' : `${signedCompact(BigInt(d.macs))}${percent(d.macsPercent)}`],
      ...(experts ? [['  active MACs', macs(a.activeMacs), macs(b.activeMacs), '']] : []),
    ],
    new Set([1, 2]),
  );
}

/** Params per family, layers inside blocks included, in catalog order: every family either design has. */
function familiesTable(data: DiffData, convention: Convention): string[] {
  const [a, b] = [data.a.families[convention], data.b.families[convention]];
  const rows = FAMILIES.flatMap((family) => {
    const [x, y] = [a.find((f) => f.family === family), b.find((f) => f.family === family)];
    if (!x && !y) return [];
    const [px, py] = [BigInt(x?.params ?? 0), BigInt(y?.params ?? 0)];
    return [[`  ${family}`, `${groupThousands(px)} (${x?.layers ?? 0})`, `${groupThousands(py)} (${y?.layers ?? 0})`, py === px ? '' : signedCount(py - px)]];
  });
  return columns([[`Params per family (layers)`, 'A', 'B', 'difference'], ...rows], new Set([1, 2, 3]));
}

export function diffText(data: DiffData, convention: Convention): string {
  const uncounted = [data.a, data.b].flatMap((s, k) => {
    const n = s.totals[convention].uncounted;
    return n ? [`${'AB'[k]} has ${n} layer${n === 1 ? '' : 's'} that could not be counted (left out of its totals)`] : [];
  });
  const tally = (status: DiffRow['status']) => data.rows.filter((r) => r.status === status).length;
  const layers = columns(
    [
      ['A', 'params', 'B', 'params', 'Δ params', 'Δ MACs', ''],
      ...data.rows.map((r) => [
        ...cellsOf(r.a, convention),
        ...cellsOf(r.b, convention),
        delta(r.delta[convention].params, signedCount),
        delta(r.delta[convention].macs, signedCompact),
        r.fields.join(', '),
      ]),
    ],
    new Set([1, 3, 4, 5]),
  );
  const marks = [' ', ...data.rows.map(mark)];
  return [
    who('A', data.a),
    who('B', data.b),
    '',
    ...totalsTable(data, convention),
    ...uncounted,
    `B against A: ${data.difference[convention].summary}`,
    '',
    ...familiesTable(data, convention),
    '',
    `Layers: ${tally('same')} same, ${tally('changed')} changed, ${tally('added')} only in B, ${tally('removed')} only in A`,
    ...layers.map((line, k) => `${marks[k]} ${line}`.trimEnd()),
    '',
    '~ changed (what differs; type: another block; inputs: fed by other layers)   + only in B   - only in A   * same settings, another count',
    data.equal ? 'The designs are the same.' : 'The designs differ.',
    '',
  ].join('\n');
}
