/**
 * The editor's state: the sketch being edited with its undo history, the selection, and the live
 * evaluation. Every change is a pure function of `shared/edit` applied here and recorded for undo;
 * counting happens in the shared core, incrementally.
 */
import { getContext, setContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { evaluateDesign, type Evaluation } from '../../../shared/evaluate';
import type { BlockDefinition, Edge, FieldValue, LayerNode } from '../../../shared/design';
import type { NodeEvaluation } from '../../../shared/evaluate-node';
import { autoLayout, completeLayout } from '../../../shared/edit/auto-layout';
import * as edits from '../../../shared/edit/sketch-edits';
import { refuseEdge } from '../../../shared/edit/connect';
import { insertAfter, spliceIntoEdge } from '../../../shared/edit/insert';
import { blockSketch, editBlock } from '../../../shared/edit/make-block';
import { INSERT_STEP, newLayerPlace } from '../../../shared/edit/placement';
import { blockNamed } from '../../../shared/blocks/definition';
import { shownEvaluation } from './block-view';
import { emptySketch, type Position, type Sketch } from '../../../shared/sketch';
import { api } from '../api-client';
import { Autosave, type SaveReason } from './autosave.svelte';
import { withDistinctName } from './library-lookup';
import { History } from './history';
import { Notices } from './notices.svelte';
import { BlockEditing } from './block-editing';
import type { CanvasView } from './canvas-view';
import { publish } from './publish';
import { NOTHING, sameSelection, type Selection } from './selection';

export class Editor {
  sketch = $state.raw<Sketch>(emptySketch());
  selection = $state.raw<Selection>(NOTHING);
  /** The sketch as last saved (or as opened); the title shows a mark while they differ. */
  baseline = $state.raw<Sketch>(this.sketch);
  undoLabel = $state<string | undefined>();
  redoLabel = $state<string | undefined>();
  snapToGrid = $state(true);
  /** The layer a wire is being dragged from, while it is: nodes then show whether they can take it, and why not. */
  wiring = $state.raw<{ from: string; fromPort: number } | undefined>();
  readonly notices = new Notices();
  view: CanvasView | undefined;

  #history = new History<Sketch>(this.sketch);
  /** Saves every change a moment later; `baseline` follows what has been written. */
  readonly autosave = new Autosave(
    (sketch) => (this.baseline = sketch),
    (message) => this.notices.error(message),
  );
  #clipboard: edits.Fragment | undefined;
  readonly #blocks = new BlockEditing(this, { edit: (edit, label) => this.#edit(edit, label), recount: () => this.#recount() });

  /** Re-counted on every change; the previous evaluation makes it incremental after field edits. */
  evaluation = $state.raw<Evaluation>(evaluateDesign(this.sketch.design, { convention: this.sketch.convention }));
  /** The block whose graph the canvas shows (double-click an instance), or undefined: the design itself. */
  focus = $state.raw<string | undefined>();
  /** What the canvas shows and edits apply to: the sketch, or the open block's graph as a sketch of its own. */
  shown = $state.raw<Sketch>(this.sketch);
  /** The shown graph's evaluation: inside a block, its first instance's (so shapes are the real ones). */
  shownEvaluation = $state.raw<Evaluation>(this.evaluation);
  /**
   * Each shown layer and its result by id, as per-key signals: a view of one layer wakes only when that
   * layer or its result changed, not on every edit (hundreds of nodes and edges read these).
   */
  readonly layers = new SvelteMap<string, LayerNode>();
  readonly results = new SvelteMap<string, NodeEvaluation>();

  readonly dirty = $derived(this.baseline !== this.sketch);

  /** Its own signal: hundreds of views read it, and a field edit (a new sketch) must not wake them all. */
  readonly convention = $derived(this.sketch.convention);

  constructor() {
    this.#recount(); // publishes the first evaluation (re-evaluating an unchanged design returns at once)
  }

  /** Counts the sketch (incrementally, from the last evaluation) and publishes what changed per layer. */
  #recount(): void {
    const { design, convention } = this.sketch;
    this.evaluation = evaluateDesign(design, { convention }, this.evaluation);
    const inner = this.focus ? blockSketch(this.sketch, this.focus) : undefined;
    if (this.focus && !inner) this.focus = undefined; // the block is gone (undone, deleted)
    this.shown = inner ? { ...inner, layout: completeLayout(inner.design, inner.layout) } : this.sketch;
    this.shownEvaluation = inner ? shownEvaluation(this.evaluation, this.focus!, inner) : this.evaluation;
    publish(this.layers, this.shown.design.nodes);
    publish(this.results, this.shownEvaluation.results);
  }

  /** Applies an edit of the shown graph: to the sketch, or to the open block (and so to all its instances). */
  #edit(edit: (sketch: Sketch) => Sketch, label: string, key?: string): void {
    const focus = this.focus;
    this.apply(focus ? editBlock(this.sketch, focus, () => edit(this.shown)) : edit(this.sketch), label, key);
  }

  /** Records a change for undo. Changes with the same `key` in a row (keystrokes in one field) undo together. */
  apply(next: Sketch, label: string, key?: string): void {
    this.#history.push(next, label, key);
    this.#show(next);
  }

  #show(sketch: Sketch): void {
    this.sketch = sketch;
    if (sketch !== this.baseline) this.autosave.change(sketch);
    this.#recount();
    this.undoLabel = this.#history.undoLabel;
    this.redoLabel = this.#history.redoLabel;
    const ids = new Set(this.shown.design.nodes.map((n) => n.id));
    if (this.selection.nodes.some((id) => !ids.has(id))) this.select({ nodes: this.selection.nodes.filter((id) => ids.has(id)), edges: [] });
  }

  undo(): void {
    const state = this.#history.undo();
    if (state) this.#show(state);
  }

  redo(): void {
    const state = this.#history.redo();
    if (state) this.#show(state);
  }

  select(selection: Selection): void {
    if (!sameSelection(selection, this.selection)) this.selection = selection;
  }

  /**
   * Adds a layer. Dropped on an edge it is spliced into it; dropped elsewhere it lands there. Without a
   * drop point it goes after the one selected layer (taking over what that fed) or at the centre.
   */
  addLayer(type: string, at?: Position, onEdge?: string): void {
    const [after] = this.selection.nodes.length === 1 && !at ? this.selection.nodes : [];
    const place = at ?? newLayerPlace(this.shown, after, () => this.view?.centre() ?? { x: 0, y: 0 });
    let id = '';
    this.#edit((shown) => {
      const added = onEdge ? spliceIntoEdge(shown, type, onEdge, place, INSERT_STEP) : after ? insertAfter(shown, type, after, place, INSERT_STEP) : edits.addLayer(shown, type, place);
      id = added.id;
      return added.sketch;
    }, onEdge ? `insert ${type}` : `add ${type}`);
    this.select({ nodes: [id], edges: [] });
    // After the canvas has drawn (and measured) the new node.
    requestAnimationFrame(() => this.view?.keepInView(id));
  }

  /** Why the wire being dragged could not end at layer `to` (undefined: it can, or no wire is being dragged). */
  refusal(to: string): string | undefined {
    const wire = this.wiring;
    return wire && wire.from !== to ? refuseEdge(this.shown.design, { from: wire.from, fromPort: wire.fromPort, to }) : undefined;
  }

  /** Adds an edge, or says why not (a cycle, a full input) and leaves the design as it was. */
  connect(edge: Edge): boolean {
    const result = edits.connect(this.shown, edge);
    if ('refused' in result) {
      this.notices.warn(`Not connected: ${result.refused}.`);
      return false;
    }
    this.#edit(() => result.sketch, 'connect');
    return true;
  }

  deleteSelection(): void {
    const { nodes, edges } = this.selection;
    if (!nodes.length && !edges.length) return;
    this.#edit((shown) => edits.removeElements(shown, nodes, edges), `delete ${nodes.length + edges.length} item${nodes.length + edges.length === 1 ? '' : 's'}`);
    this.select(NOTHING);
  }

  setField(id: string, path: string[], value: FieldValue): void {
    this.#edit((shown) => edits.setField(shown, id, path, value), `edit ${path.join('.')}`, `field:${id}:${path.join('.')}`);
  }

  setNodeProps(id: string, props: edits.NodeProps): void {
    const label = 'name' in props ? 'rename layer' : 'repeat' in props ? 'repeat block' : 'tiedTo' in props ? 'tie weights' : 'freeze / unfreeze';
    this.#edit((shown) => edits.setNodeProps(shown, id, props), label, `props:${id}:${Object.keys(props)}`);
  }

  move(moved: Record<string, Position>): void {
    const changed = Object.entries(moved).some(([id, p]) => p.x !== this.shown.layout[id]?.x || p.y !== this.shown.layout[id]?.y);
    if (changed) this.#edit((shown) => edits.moveNodes(shown, moved), 'move');
  }

  setConvention(convention: Sketch['convention']): void {
    if (convention !== this.sketch.convention) this.apply({ ...this.sketch, convention }, `switch to ${convention === 'keras' ? 'Keras' : 'PyTorch'}`);
  }

  rename(name: string): void {
    this.apply({ ...this.sketch, name }, 'rename design', 'design-name');
  }

  copy(): void {
    if (this.selection.nodes.length) this.#clipboard = edits.copyFragment(this.shown, this.selection.nodes);
  }

  paste(): void {
    if (this.#clipboard) this.#insert(this.#clipboard, 'paste');
  }

  duplicate(): void {
    if (this.selection.nodes.length) this.#insert(edits.copyFragment(this.shown, this.selection.nodes), 'duplicate');
  }

  /** Adds a copy of the fragment beside the original and selects it. */
  #insert(fragment: edits.Fragment, label: string): void {
    let ids: string[] = [];
    const count = fragment.nodes.length;
    this.#edit((shown) => {
      const pasted = edits.pasteFragment(shown, fragment, edits.pasteOffset(shown.layout, fragment.layout));
      ids = pasted.ids;
      return pasted.sketch;
    }, `${label} ${count} layer${count === 1 ? '' : 's'}`);
    this.select({ nodes: ids, edges: [] });
    requestAnimationFrame(() => ids[0] && this.view?.keepInView(ids[0]));
  }

  selectAll(): void {
    this.select({ nodes: this.shown.design.nodes.map((n) => n.id), edges: edits.edgeKeys(this.shown.design.edges) });
  }

  tidy(): void {
    this.#edit((shown) => ({ ...shown, layout: autoLayout(shown.design) }), 'auto-layout');
    // Two frames: the canvas takes the new positions in the first; fitting earlier fits the old places.
    // Fitted whole (as F does): far out the canvas draws named bars, so the whole graph stays readable.
    requestAnimationFrame(() => requestAnimationFrame(() => this.view?.fit()));
  }

  /** Starts a design from scratch: an Input layer, nothing to undo; saved once it is first changed. */
  async newDesign(): Promise<void> {
    await this.autosave.flush();
    this.#open(await withDistinctName(emptySketch()), undefined);
  }

  /** Opens a saved design, after the open one's last change is written. */
  async openDesign(id: string): Promise<void> {
    await this.autosave.flush();
    const result = await api.openDesign({ id });
    if (!result.ok) this.notices.error(`Could not open the design: ${result.error}`);
    else if (!result.value) this.notices.error('That design is no longer in the library.');
    else this.#open(result.value.sketch, result.value.id);
  }

  /** Opens an imported sketch as a new design, saved at once with an 'imported' snapshot. */
  async openImported(imported: Sketch): Promise<void> {
    await this.autosave.flush();
    const sketch = await withDistinctName(imported);
    this.#open(sketch, undefined);
    await this.autosave.flush(sketch, 'imported');
  }

  #open(opened: Sketch, id: string | undefined): void {
    // Files may leave layers unplaced (the format allows it): they get the auto-layout's positions.
    const layout = completeLayout(opened.design, opened.layout);
    const sketch = layout === opened.layout ? opened : { ...opened, layout };
    this.autosave.reset(id);
    this.#history.reset(sketch);
    this.focus = undefined;
    this.baseline = sketch;
    this.select(NOTHING);
    this.#show(sketch);
    requestAnimationFrame(() => this.view?.fit(true));
  }

  /** The block definition a node type names, if it names one. */
  block(type: string): BlockDefinition | undefined {
    return blockNamed(this.sketch.design.blocks, type);
  }

  /** e.g. `3 instances`, for the open block's banner. */
  instancesOf(block: string): string {
    const n = this.sketch.design.nodes.filter((node) => node.type === block).length;
    return `${n} instance${n === 1 ? '' : 's'}`;
  }

  // Block editing lives in block-editing.ts; these are the names components call it by.
  readonly openBlock = (block: string): void => this.#blocks.open(block);
  readonly closeBlock = (): void => this.#blocks.close();
  readonly renameBlock = (from: string, to: string): boolean => this.#blocks.rename(from, to);
  readonly makeBlock = (): void => this.#blocks.make();
  readonly expandBlock = (id: string): void => this.#blocks.expand(id);
  readonly exposeParam = (node: string, field: string): void => this.#blocks.exposeParam(node, field);

  /** Every change is saved anyway; an explicit save also keeps a snapshot in the design's history. */
  async save(reason: SaveReason = 'saved'): Promise<void> {
    const sketch = this.sketch;
    const result = await this.autosave.flush(sketch, reason);
    if (result?.ok) this.notices.info(`Saved “${sketch.name}”, with a snapshot in its history.`);
  }

  /** At start: the design saved last, or a new one. Resolves whether there was one (undefined: could not tell). */
  async openLatest(): Promise<boolean | undefined> {
    const result = await api.latestDesign();
    if (!result.ok) return void this.notices.error(`Could not reopen the last design: ${result.error}`);
    if (result.value) this.#open(result.value.sketch, result.value.id);
    return result.value !== null;
  }
}

const KEY = Symbol('editor');
export const provideEditor = (editor: Editor) => setContext(KEY, editor);
export const useEditor = () => getContext<Editor>(KEY);
