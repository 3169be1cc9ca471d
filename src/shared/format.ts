/** 1050624n → "1,050,624" (Intl would be far slower on the evaluator's hot path). */
export function groupThousands(value: bigint | number): string {
  const text = value.toString();
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = digits.slice(Math.max(0, end - 3), end) + (out ? `,${out}` : '');
  return negative ? `-${out}` : out;
}

const UNITS = ['', ' k', ' M', ' B', ' T', ' P', ' E'];

/** 25636712n → "25.6 M": three significant digits, exact below a thousand; for at-a-glance totals. */
export function compactCount(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  const group = Math.min(Math.floor((digits.length - 1) / 3), UNITS.length - 1);
  if (group === 0) return value.toString();
  const whole = digits.length - group * 3;
  const shown = Math.max(whole, 3);
  // Rounded half up on the decimal digits, so 999,950 shows as "1 M" (never "1000 k").
  const scaled = Math.round(Number(digits.slice(0, shown + 1)) / 10) / 10 ** (shown - whole);
  if (scaled >= 1000 && group + 1 < UNITS.length) return `${negative ? '-' : ''}1${UNITS[group + 1]}`;
  return `${negative ? '-' : ''}${Number(scaled.toPrecision(3))}${UNITS[group]}`;
}
