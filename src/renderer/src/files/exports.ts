/**
 * Everything the Export menu offers, as data: the menu lists these, and each turns the open sketch into
 * a file (or the clipboard). Formats are written by the shared core; this only names and delivers them.
 */
import { reopenProblem, writeParamsketchFile } from '../../../shared/files/paramsketch-file';
import { sketchReport, summaryCsv, summaryMarkdown } from '../../../shared/files/summary-export';
import { exportKerasModel } from '../../../shared/keras/export';
import { pictureSvg, type PictureOptions } from '../../../shared/picture/svg';
import type { Editor } from '../editor/editor.svelte';
import { svgToPng } from './graph-image';
import { fileNameOf, saveFile } from './save-file';

/** How pictures are drawn: the menu's choices. */
export interface PictureChoice extends Required<PictureOptions> {
  /** The PNG's pixels per SVG unit. */
  scale: 1 | 2 | 4;
}

export interface ExportFormat {
  id: string;
  label: string;
  /** Set for the formats the picture choices apply to. */
  picture?: boolean;
  run(editor: Editor, picture: PictureChoice): Promise<void>;
}

/** The whole design (every block collapsed, whichever is open) drawn by the shared picture code. */
const svgOf = (editor: Editor, { scale: _, ...options }: PictureChoice) => pictureSvg(editor.sketch, editor.evaluation, options);

const text = (content: string, type: string) => new Blob([content], { type });

async function deliver(editor: Editor, blob: Blob, extension: string, what: string) {
  if (await saveFile(blob, fileNameOf(editor.sketch.name, extension))) editor.notices.info(`Exported ${what}.`);
}

export const EXPORTS: readonly ExportFormat[] = [
  {
    id: 'png',
    label: 'Picture (PNG)',
    picture: true,
    run: async (editor, picture) => deliver(editor, await svgToPng(svgOf(editor, picture), picture.scale), 'png', `the graph as PNG (${picture.scale}×)`),
  },
  {
    id: 'svg',
    label: 'Picture (SVG)',
    picture: true,
    run: (editor, picture) => deliver(editor, text(svgOf(editor, picture), 'image/svg+xml'), 'svg', 'the graph as SVG'),
  },
  {
    id: 'paramsketch',
    label: 'Paramsketch file',
    run: async (editor) => {
      const file = writeParamsketchFile(editor.sketch);
      await deliver(editor, text(file, 'application/json'), 'paramsketch.json', 'the Paramsketch file');
      const tooLarge = reopenProblem(file);
      if (tooLarge) editor.notices.warn(tooLarge);
    },
  },
  {
    id: 'keras',
    label: 'Keras model JSON',
    run: async (editor) => {
      const exported = exportKerasModel(editor.sketch.design, { name: editor.sketch.name });
      if ('problems' in exported) return editor.notices.error(`Cannot export to Keras: ${exported.problems.map((p) => p.message).join('; ')}`);
      await deliver(editor, text(JSON.stringify(exported.json, null, 2), 'application/json'), 'keras.json', 'the Keras model JSON');
    },
  },
  {
    id: 'csv',
    label: 'Summary table (CSV)',
    run: (editor) => deliver(editor, text(summaryCsv(sketchReport(editor.sketch)), 'text/csv'), 'csv', 'the summary as CSV'),
  },
  {
    id: 'markdown',
    label: 'Summary table (Markdown)',
    run: (editor) => deliver(editor, text(summaryMarkdown(sketchReport(editor.sketch)), 'text/markdown'), 'md', 'the summary as Markdown'),
  },
  {
    id: 'copy',
    label: 'Copy summary (Markdown)',
    run: async (editor) => {
      await navigator.clipboard.writeText(summaryMarkdown(sketchReport(editor.sketch)));
      editor.notices.info('Copied the summary table (Markdown).');
    },
  },
];
