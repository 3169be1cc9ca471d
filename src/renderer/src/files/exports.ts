/**
 * Everything the Export menu offers, as data: the menu lists these, and each turns the open sketch into
 * a file (or the clipboard). Formats are written by the shared core; this only names and delivers them.
 */
import { groupThousands } from '../../../shared/format';
import { writeParamsketchFile } from '../../../shared/files/paramsketch-file';
import { sketchReport, summaryCsv, summaryMarkdown } from '../../../shared/files/summary-export';
import { exportKerasModel } from '../../../shared/keras/export';
import type { Editor } from '../editor/editor.svelte';
import { fileNameOf, saveFile } from './save-file';

export interface ExportFormat {
  id: string;
  label: string;
  run(editor: Editor): Promise<void>;
}

/** Name and totals under the picture, as the summary shows them. */
function legend(editor: Editor): string[] {
  const { totals } = editor.evaluation;
  const convention = editor.convention === 'keras' ? 'Keras' : 'PyTorch';
  const uncounted = totals.uncounted ? `; ${totals.uncounted} layers could not be counted` : '';
  return [
    editor.sketch.name || 'Untitled',
    `${groupThousands(totals.params)} parameters (${convention}): ${groupThousands(totals.trainable)} trainable, ${groupThousands(totals.nonTrainable)} non-trainable${uncounted}`,
  ];
}

const text = (content: string, type: string) => new Blob([content], { type });

async function deliver(editor: Editor, blob: Blob, extension: string, what: string) {
  if (await saveFile(blob, fileNameOf(editor.sketch.name, extension))) editor.notices.info(`Exported ${what}.`);
}

export const EXPORTS: readonly ExportFormat[] = [
  {
    id: 'png',
    label: 'Picture (PNG, 2×)',
    run: async (editor) => deliver(editor, await editor.view!.image('png', legend(editor)), 'png', 'the graph as PNG'),
  },
  {
    id: 'svg',
    label: 'Picture (SVG)',
    run: async (editor) => deliver(editor, await editor.view!.image('svg', legend(editor)), 'svg', 'the graph as SVG'),
  },
  {
    id: 'paramsketch',
    label: 'Paramsketch file',
    run: (editor) => deliver(editor, text(writeParamsketchFile(editor.sketch), 'application/json'), 'paramsketch.json', 'the Paramsketch file'),
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
