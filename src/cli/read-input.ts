// A file named on the command line, or the standard input, read whole but never beyond what the app
// would open (the size limits of files/open-design.ts): a 10 GB file is refused without being read.
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { designFileSizeProblem, maxDesignFileBytes, readDesignFile, type OpenedDesign } from '../shared/files/open-design';
import { STDIN } from './args';

export type Input = { bytes: Uint8Array } | { error: string };

/** How the system's errors read in a sentence. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'no such file (a part of the path is not a directory)',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/** Why a system call failed, as a phrase (`no such file`). */
export const systemReason = (error: unknown): string => {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code && REASONS[code]) ?? String(message ?? error);
};

/** Bytes arriving in chunks (a pipe), kept until they are more than any design file may be. */
async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Input> {
  const parts: Uint8Array[] = [];
  let total = 0;
  let head = new Uint8Array(0);
  for await (const chunk of chunks) {
    parts.push(chunk);
    total += chunk.length;
    if (head.length < 8) head = Buffer.concat(parts).subarray(0, 8);
    // Until eight bytes say what it is, the largest limit applies.
    if (total > maxDesignFileBytes(head)) return { error: designFileSizeProblem(total, head)! };
  }
  return { bytes: Buffer.concat(parts, total) };
}

function readRegularFile(fd: number, size: number): Input {
  const head = Buffer.alloc(Math.min(8, size));
  readSync(fd, head, 0, head.length, 0);
  const tooBig = designFileSizeProblem(size, head);
  return tooBig ? { error: tooBig } : { bytes: readFileSync(fd) };
}

async function readNamed(path: string): Promise<Input> {
  const fd = path === STDIN ? 0 : openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { error: REASONS.EISDIR };
    if (stat.isFile()) return readRegularFile(fd, stat.size);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
  // A pipe, a terminal or a device: its size is known only once it has been read.
  const stream = path === STDIN ? process.stdin : createReadStream(path);
  try {
    return await collect(stream);
  } finally {
    if (path !== STDIN) stream.destroy();
  }
}

/** A file's bytes, or why it cannot be read, as a phrase (`no such file`). */
export async function readInput(path: string): Promise<Input> {
  try {
    return await readNamed(path);
  } catch (error) {
    return { error: systemReason(error) };
  }
}

/** How an input is named in messages and tables. */
export const inputName = (path: string): string => (path === STDIN ? 'standard input' : path);

/** The design a file or the standard input holds, recognised by content, or why there is none. */
export async function openInput(path: string): Promise<OpenedDesign> {
  const input = await readInput(path);
  return 'error' in input ? { ok: false, error: input.error } : await readDesignFile(input.bytes);
}
