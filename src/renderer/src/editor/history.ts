/** One step back or forward: the state, and what the step was (for the undo button's tooltip). */
interface Step<T> {
  state: T;
  label: string;
  /** Consecutive steps with the same key (typing into one field) undo as one. */
  key?: string;
}

/** Undo and redo over immutable states: a step is a whole state, so undo can never half-apply. */
export class History<T> {
  #past: Step<T>[] = [];
  #future: Step<T>[] = [];
  #present: Step<T>;

  constructor(
    initial: T,
    private readonly limit = 500,
  ) {
    this.#present = { state: initial, label: 'start' };
  }

  get present(): T {
    return this.#present.state;
  }

  get undoLabel(): string | undefined {
    return this.#past.length ? this.#present.label : undefined;
  }

  get redoLabel(): string | undefined {
    return this.#future.at(-1)?.label;
  }

  push(state: T, label: string, key?: string): void {
    if (key !== undefined && key === this.#present.key && !this.#future.length) {
      this.#present = { state, label, key };
      return;
    }
    this.#past.push(this.#present);
    if (this.#past.length > this.limit) this.#past.shift();
    this.#present = { state, label, key };
    this.#future = [];
  }

  undo(): T | undefined {
    const previous = this.#past.pop();
    if (!previous) return undefined;
    this.#future.push(this.#present);
    this.#present = { ...previous, key: undefined };
    return previous.state;
  }

  redo(): T | undefined {
    const next = this.#future.pop();
    if (!next) return undefined;
    this.#past.push(this.#present);
    this.#present = { ...next, key: undefined };
    return next.state;
  }

  /** Starts over from `state` (a design opened or created), with nothing to undo. */
  reset(state: T): void {
    this.#past = [];
    this.#future = [];
    this.#present = { state, label: 'start' };
  }
}
