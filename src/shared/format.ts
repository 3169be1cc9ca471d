/** 1050624n → "1,050,624" (Intl would be far slower on the evaluator's hot path). */
export function groupThousands(value: bigint | number): string {
  const text = value.toString();
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = digits.slice(Math.max(0, end - 3), end) + (out ? `,${out}` : '');
  return negative ? `-${out}` : out;
}
