/**
 * The editor's block operations: opening and leaving a block, making one from the selection, expanding an
 * instance, renaming a block, exposing a layer's field as a block parameter. Apart from `Editor` (which owns
 * the sketch, its history and the counting), they act through its public state and methods, and through the
 * two private steps it hands over: the editor's `#` members cannot be reached from another module.
 */
import { outputDims } from '../../../shared/evaluate';
import { expandBlock, exposeParam, makeBlock } from '../../../shared/edit/make-block';
import { blockNameProblem, renameBlock } from '../../../shared/blocks/rename';
import type { Sketch } from '../../../shared/sketch';
import type { Editor } from './editor.svelte';
import { NOTHING } from './selection';

/** What only the editor can do, handed to its block operations. */
export interface EditorSteps {
  /** Applies an edit of the shown graph: to the sketch, or to the open block (and so to all its instances). */
  edit(edit: (sketch: Sketch) => Sketch, label: string): void;
  /** Re-counts and publishes what the canvas shows, after the open block changed. */
  recount(): void;
}

export class BlockEditing {
  constructor(
    private readonly editor: Editor,
    private readonly steps: EditorSteps,
  ) {}

  /** Opens a block: the canvas shows its graph, and edits there change every instance. */
  open(block: string): void {
    if (!this.editor.sketch.design.blocks?.[block] || this.editor.focus === block) return;
    this.editor.focus = block;
    this.#enter();
  }

  /** Back to the design from an open block, with an instance of it selected. */
  close(): void {
    const editor = this.editor;
    if (!editor.focus) return;
    const block = editor.focus;
    editor.focus = undefined;
    this.#enter();
    const instance = editor.sketch.design.nodes.find((n) => n.type === block);
    if (instance) editor.select({ nodes: [instance.id], edges: [] });
  }

  #enter(): void {
    this.editor.select(NOTHING);
    this.steps.recount();
    requestAnimationFrame(() => this.editor.view?.fit(true));
  }

  /** Renames a block: every instance follows (and the open block, if it is this one). */
  rename(from: string, to: string): boolean {
    const editor = this.editor;
    if (to === from) return true;
    const problem = blockNameProblem(to, editor.sketch.design);
    if (problem) return (editor.notices.warn(`Not renamed: ${problem}.`), false);
    if (editor.focus === from) editor.focus = to;
    editor.apply({ ...editor.sketch, design: renameBlock(editor.sketch.design, from, to) }, `rename block ${from}`);
    return true;
  }

  /** The selected layers become a block, one instance in their place (in the design, not inside a block). */
  make(): void {
    const editor = this.editor;
    if (editor.focus) return editor.notices.warn('Blocks are made in the design itself: leave this block first (Esc).');
    const made = makeBlock(editor.sketch, editor.selection.nodes, outputDims(editor.evaluation));
    if ('refused' in made) return editor.notices.warn(`No block made: ${made.refused}.`);
    editor.apply(made.sketch, `make block ${made.block}`);
    editor.select({ nodes: [made.instance], edges: [] });
    editor.notices.info(`Made block “${made.block}”: double-click it to open it; edits there change every instance.`);
  }

  /** The instance replaced by its layers. */
  expand(id: string): void {
    const expanded = expandBlock(this.editor.shown, id);
    if (!expanded) return this.editor.notices.warn('This block cannot be expanded while it has problems.');
    this.steps.edit(() => expanded, 'expand block');
    this.editor.select(NOTHING);
  }

  /** Inside a block: the layer's field becomes a parameter every instance sets for itself. */
  exposeParam(node: string, field: string): void {
    const focus = this.editor.focus;
    if (focus) this.editor.apply(exposeParam(this.editor.sketch, focus, node, field), `make ${field} a block parameter`);
  }
}
