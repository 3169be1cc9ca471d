import { groupThousands } from '../../../shared/format';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
];

/** "5 minutes ago", "yesterday"; past a week, the date. */
export function whenText(time: number, now = Date.now()): string {
  let amount = (time - now) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return unit === 'second' ? 'just now' : relative.format(Math.round(amount), unit);
    amount /= size;
  }
  return new Date(time).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A stored SVG as an image source: drawn by <img>, which runs nothing inside it. */
export const svgSource = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** A stored total (decimal text, exact past 2^53) as the library shows it; a dash where it could not be counted. */
export const savedCount = (count: string | null): string => (count === null ? '—' : groupThousands(BigInt(count)));
