// How much one design differs from another, in params and MACs: per aligned layer (the Δ column) and in
// total (the summary line), worked out once here for the Compare view and `paramsketch diff` alike.
import { compactCount, groupThousands } from '../format';

/** B minus A; null where either is unknown (a layer that could not be counted, MACs on a variable axis). */
export interface Delta {
  params: bigint | null;
  macs: bigint | null;
}

/** A column's change from the baseline: the difference and it as a percentage of the baseline's. */
export interface Change extends Delta {
  /** Null when the baseline's total is 0 and this one's is not (a change from nothing), or params is null. */
  paramsPercent: number | null;
  macsPercent: number | null;
}

export interface Counted {
  params: bigint | null;
  macs: bigint | null;
}

/** Where a layer is only on one side, the other side counts as nothing: an added layer's Δ is its own count. */
const NOTHING: Counted = { params: 0n, macs: 0n };

const minus = (b: bigint | null, a: bigint | null) => (a === null || b === null ? null : b - a);

export const deltaOf = (a: Counted | null, b: Counted | null): Delta => {
  const [x, y] = [a ?? NOTHING, b ?? NOTHING];
  return { params: minus(y.params, x.params), macs: minus(y.macs, x.macs) };
};

/** A change as a percentage of `base`, or null where there is none to take (a change from nothing). */
export const percentOf = (change: bigint, base: bigint): number | null => (change === 0n ? 0 : base === 0n ? null : (Number(change) / Number(base)) * 100);

export function changeOf(a: Counted, b: Counted): Change {
  const delta = deltaOf(a, b);
  const percent = (d: bigint | null, base: bigint | null) => (d === null || base === null ? null : percentOf(d, base));
  return { ...delta, paramsPercent: percent(delta.params, a.params), macsPercent: percent(delta.macs, a.macs) };
}

/** `+13,867,520`, `-46`, `0`: the sign always shown, as a change reads. */
export const signedCount = (value: bigint) => (value > 0n ? `+${groupThousands(value)}` : groupThousands(value));

/** `+2.28 B`, `-512 k`: at a glance, for MACs. */
export const signedCompact = (value: bigint) => (value > 0n ? `+${compactCount(value)}` : compactCount(value));

/** `+119 %`, `+4.3 %`, `-0.25 %`: whole numbers from 10 %, two significant digits below 1 %; `new` from nothing. */
export function percentText(percent: number | null): string {
  if (percent === null) return 'new';
  const size = Math.abs(percent);
  const text = size >= 10 ? percent.toFixed(0) : size >= 1 ? percent.toFixed(1) : String(Number(percent.toPrecision(2)));
  return `${percent > 0 ? '+' : ''}${text} %`;
}

/** The summary line: `+13,867,520 params (+119 %), +2.28 B MACs (+125 %)`; MACs left out when unknown. */
export function changeSummary(change: Change): string {
  const params = change.params === null ? 'params unknown' : `${signedCount(change.params)} params (${percentText(change.paramsPercent)})`;
  const macs = change.macs === null ? '' : `, ${signedCompact(change.macs)} MACs (${percentText(change.macsPercent)})`;
  return params + macs;
}
