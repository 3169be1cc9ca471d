/**
 * Reads a file the user opened or dropped into a sketch. What the file is, and the sketch it holds, is
 * decided by its content in the shared core (`files/open-design.ts`, which the command line uses too);
 * this only checks its size before reading it. The open design is never touched here.
 */
import { designFileSizeProblem, openedSketch, readDesignFile } from '../../../shared/files/open-design';
import type { Sketch } from '../../../shared/sketch';

export type OpenedFile = { ok: true; sketch: Sketch; warnings: string[] } | { ok: false; error: string };

export async function openDesignFile(file: File): Promise<OpenedFile> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const tooBig = designFileSizeProblem(file.size, head);
  if (tooBig) return { ok: false, error: `${file.name}: ${tooBig}` };
  const opened = await readDesignFile(new Uint8Array(await file.arrayBuffer()));
  if (!opened.ok) return { ok: false, error: `${file.name}: ${opened.error}` };
  return { ok: true, ...openedSketch(opened, file.name) };
}
