/** 1050624n → "1,050,624" (Intl would be far slower on the evaluator's hot path). */
export function groupThousands(value: bigint | number): string {
  const text = value.toString();
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = digits.slice(Math.max(0, end - 3), end) + (out ? `,${out}` : '');
  return negative ? `-${out}` : out;
}

const UNITS: [bigint, string][] = [
  [10n ** 12n, 'T'],
  [10n ** 9n, 'B'],
  [10n ** 6n, 'M'],
  [10n ** 3n, 'K'],
];

/** 25636712n → "25.6 M"; exact below a thousand. */
export function compactCount(value: bigint): string {
  for (const [unit, suffix] of UNITS) {
    if (value >= unit) {
      const tenths = (value * 10n + unit / 2n) / unit;
      const whole = tenths / 10n;
      return `${whole >= 100n ? whole : `${whole}.${tenths % 10n}`} ${suffix}`;
    }
  }
  return value.toString();
}
