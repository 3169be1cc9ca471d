/**
 * Saves every change of the open design, a moment after the last one: edits in a row cost one write,
 * and the editor never waits for the disk. Writes go one at a time and in order, so a design's first
 * save (which gives it its id) finishes before the next one asks for that id.
 */
import type { ApiResult, SavedDesign } from '../../../shared/api';
import type { Sketch } from '../../../shared/sketch';
import { api } from '../api-client';

/** Closing or crashing loses at most this much editing, plus the time one write takes. */
export const AUTOSAVE_DELAY_MS = 400;

/** After a failed write, the change is tried again this much later (and at the next change). */
const RETRY_MS = 3000;

export type SaveReason = 'saved' | 'imported';

export class Autosave {
  #id = $state<string | undefined>();
  #waiting: Sketch | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writes: Promise<unknown> = Promise.resolve();
  /** Bumped by `reset`: a write that lands after the editor moved to another design changes nothing here. */
  #generation = 0;

  constructor(
    /** Told of each write that landed, with the sketch it wrote. */
    private readonly saved: (sketch: Sketch, design: SavedDesign) => void,
    private readonly failed: (message: string) => void,
  ) {}

  /** The design being saved to; undefined until its first save. */
  get id(): string | undefined {
    return this.#id;
  }

  /** Points at another design (just opened, or new when `id` is undefined); nothing waiting is kept. */
  reset(id: string | undefined): void {
    clearTimeout(this.#timer);
    this.#waiting = undefined;
    this.#id = id;
    this.#generation++;
  }

  /** Saves `sketch` soon; a later change before then replaces it. */
  change(sketch: Sketch): void {
    this.#waiting = sketch;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), AUTOSAVE_DELAY_MS);
  }

  /** Writes what is waiting now (or `sketch`, as an explicit save with a snapshot), after earlier writes. */
  flush(sketch?: Sketch, snapshot?: SaveReason): Promise<ApiResult<SavedDesign> | undefined> {
    clearTimeout(this.#timer);
    const toWrite = sketch ?? this.#waiting;
    this.#waiting = undefined;
    const write = this.#writes.then(() => (toWrite ? this.#write(toWrite, snapshot) : undefined));
    this.#writes = write;
    return write;
  }

  async #write(sketch: Sketch, snapshot: SaveReason | undefined): Promise<ApiResult<SavedDesign>> {
    const generation = this.#generation;
    const result = await api.saveDesign({ id: this.#id, sketch, ...(snapshot ? { snapshot } : {}) });
    if (generation !== this.#generation) return result;
    if (!result.ok) {
      // Kept for the next attempt: a failed write must not drop the change.
      this.#waiting ??= sketch;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.flush(), RETRY_MS);
      this.failed(`Not saved (trying again): ${result.error}`);
    } else {
      this.#id = result.value.id;
      this.saved(sketch, result.value);
    }
    return result;
  }
}
