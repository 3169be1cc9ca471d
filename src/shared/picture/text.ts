/**
 * Text in pictures: escaping, and widths measured without a browser. The SVG names only generic font
 * families, so the renderer (Chromium, librsvg, Inkscape) picks its own sans-serif: widths are Arial's
 * advance widths (per 1000 em) for printable ASCII, widened by a margin that covers DejaVu Sans (Debian's
 * default, about 10 % wider). Erring wide only leaves a little space; erring narrow would overflow a box.
 */

/** Advance widths of ' ' (32) to '~' (126), in thousandths of an em. */
// prettier-ignore
const ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
];
/** Margin for sans-serif fonts wider than Arial; bold is wider again. */
const SANS_MARGIN = 1.12;
const BOLD = 1.07;

/** One character's advance in thousandths of an em: wide scripts (CJK, emoji) take a full em. */
function advance(code: number): number {
  if (code >= 32 && code <= 126) return ASCII[code - 32];
  if (code < 32) return 0;
  return code >= 0x2e80 ? 1000 : 620;
}

/** The width, in pixels, of a line of text at a font size, as a generic sans-serif font draws it at most. */
export function textWidth(text: string, size: number, bold = false): number {
  let sum = 0;
  for (const char of text) sum += advance(char.codePointAt(0)!);
  return (sum / 1000) * size * SANS_MARGIN * (bold ? BOLD : 1);
}

/** Good places to break a long identifier: after these, as `conv2_block1_` reads. */
const BREAK_AFTER = /[_\-/.:\s]/;

/**
 * Lines of at most `max` pixels, never dropping a character: breaks after `_`, `-`, `/`, `.`, `:` or a
 * space where it can, inside a word only where one piece alone is too wide.
 */
export function wrapText(text: string, size: number, max: number, bold = false): string[] {
  if (textWidth(text, size, bold) <= max) return [text];
  const pieces = text.match(/[^_\-/.:\s]*(?:[_\-/.:\s]+|$)/g)!.filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (textWidth(line + piece, size, bold) <= max) {
      line += piece;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const char of piece) {
      if (line && textWidth(line + char, size, bold) > max && !BREAK_AFTER.test(char)) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const ENTITY: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' };
/** Control characters and unpaired surrogates are not allowed in XML 1.0 at all: they are dropped. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu;

/** Text safe inside an element or a quoted attribute: names come from files and must never become markup. */
export const escapeXml = (text: string): string => text.replace(FORBIDDEN, '').replace(/[<>&"']/g, (c) => ENTITY[c]);

/** One decimal, without a leading zero or a trailing `.0`, and never NaN (a hostile layout may hold anything). */
export function svgNumber(v: number): string {
  const r = Math.round(v * 10) / 10;
  if (!Number.isFinite(r) || r === 0) return '0';
  return String(r).replace(/^(-?)0\./, '$1.');
}
