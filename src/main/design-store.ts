import { randomUUID } from 'node:crypto';
import type { SavedDesign } from '../shared/api';
import type { Sketch } from '../shared/sketch';

/** Where saved designs live. The SQLite store replaces the memory one behind this same interface. */
export interface DesignStore {
  readonly kind: string;
  save(sketch: Sketch, id?: string): SavedDesign;
  open(id: string): SavedDesign | null;
  latest(): SavedDesign | null;
}

/** Keeps designs for as long as the process runs: a reload of the window loses nothing, a restart does. */
export class MemoryDesignStore implements DesignStore {
  readonly kind = 'memory (designs last until the app quits)';
  #designs = new Map<string, SavedDesign>();
  #latest: string | undefined;

  save(sketch: Sketch, id: string = randomUUID()): SavedDesign {
    // Monotonic even when two saves land in the same millisecond, so "latest" is well defined.
    const previous = this.#latest ? this.#designs.get(this.#latest)!.savedAt : 0;
    const saved = { id, sketch: structuredClone(sketch), savedAt: Math.max(Date.now(), previous + 1) };
    this.#designs.set(id, saved);
    this.#latest = id;
    return structuredClone(saved);
  }

  open(id: string): SavedDesign | null {
    const saved = this.#designs.get(id);
    return saved ? structuredClone(saved) : null;
  }

  latest(): SavedDesign | null {
    return this.#latest ? this.open(this.#latest) : null;
  }
}
