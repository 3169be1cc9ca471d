/**
 * What tells a file is a Paramsketch file, and how big a file may be to be opened: what a reader needs
 * before it parses a file, apart from the schema (zod) that checks one, so that reading a Keras model never
 * loads the schema.
 */
import type { FileProblem } from './file-problems';

/** The value of a Paramsketch file's "format". */
export const FILE_FORMAT = 'paramsketch';

/**
 * Ten times the largest design the app is benchmarked with (a 10,000-layer chain with its layout writes
 * about 3 MB), and still small enough to parse and check in one go in the renderer.
 */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

const MB = 1024 * 1024;

/** The renderer asks this before reading a file it was handed; undefined when the size is fine. */
export function checkFileSize(bytes: number, limit = MAX_FILE_BYTES): FileProblem | undefined {
  if (!(bytes > limit)) return undefined;
  // Rounded up, so a file just over the limit never reads as exactly the limit.
  const size = (Math.ceil((bytes / MB) * 10) / 10).toFixed(1);
  return { message: `the file is ${size} MB; Paramsketch opens files up to ${limit / MB} MB${limit === MAX_FILE_BYTES ? '' : ' of this kind'}` };
}

/** UTF-8 bytes of a text, counted without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is one 4-byte character: 2 + 2 here.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xe000 ? 2 : 3;
  }
  return bytes;
}

/** Why a file Paramsketch wrote would not open again (it is past the size it opens), or undefined. */
export function reopenProblem(text: string): string | undefined {
  if (text.length * 3 <= MAX_FILE_BYTES) return undefined;
  const problem = checkFileSize(utf8Length(text));
  return problem && `${problem.message}: this file will not open again in Paramsketch`;
}
