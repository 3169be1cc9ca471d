// "Collapse repeated structure" in the editor: the command, and the offer after an import. One undoable
// edit either way; the layout is redone (the collapsed graph is a fraction of the size) and fitted.
import { collapseDesign, collapseRepeats, type Collapsed } from '../../../shared/edit/collapse-repeats';
import { outputDims } from '../../../shared/evaluate';
import type { Editor } from './editor.svelte';
import { showKeys } from './shortcuts';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The offer's button: an offer still showing once the design is collapsed goes away. */
const OFFER = 'Collapse';

/** What a collapse would do, in words: `12 repeated blocks into 4 stacks of 4 block types`. */
export const collapseSummary = ({ copies, instances, blocks }: Omit<Collapsed, 'sketch'>): string =>
  `${plural(copies, 'repeated block')} into ${plural(instances, 'stack')} of ${plural(blocks, 'block type')}`;

/** The command: collapses what repeats, or says that nothing does. */
export function collapseInEditor(editor: Editor): void {
  if (editor.focus) return editor.notices.warn('Repeats are collapsed in the design itself: leave this block first (Esc).');
  const result = collapseRepeats(editor.sketch, outputDims(editor.evaluation));
  if (!result) return editor.notices.info('Nothing to collapse: no run of identical layers repeats in this design.');
  editor.apply(result.sketch, 'collapse repeated structure');
  for (const offer of editor.notices.list.filter((n) => n.action?.label === OFFER)) editor.notices.dismiss(offer.id);
  editor.select({ nodes: [], edges: [] });
  editor.notices.info(`Collapsed ${collapseSummary(result)}; ${showKeys('Mod+Z')} undoes it.`);
  // Two frames: the canvas takes the new positions in the first; fitting earlier fits the old places.
  requestAnimationFrame(() => requestAnimationFrame(() => editor.view?.fit()));
}

/**
 * After an import: asks whether to collapse, when something repeats. Looked for once the import is painted
 * (a 769-layer file takes tens of ms to search), without a layout; the answer collapses the design as it is then.
 */
export function offerCollapse(editor: Editor): void {
  requestAnimationFrame(() =>
    setTimeout(() => {
      const found = editor.focus ? undefined : collapseDesign(editor.sketch.design);
      if (found) editor.notices.info(`Collapse ${collapseSummary(found)}?`, { label: OFFER, run: () => collapseInEditor(editor) });
    }),
  );
}
