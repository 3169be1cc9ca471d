export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  text: string;
  /** A button on the notice, e.g. Undo after a delete. */
  action?: NoticeAction;
}

export interface NoticeAction {
  label: string;
  run: () => void;
}

const LINGER_MS = { info: 2500, warning: 6000, error: 10000 };
/** Long enough to read the notice and reach its button. */
const ACTION_LINGER_MS = 8000;

/** Short messages in a corner: refused connections, saves, failures. They fade on their own. */
export class Notices {
  list = $state.raw<Notice[]>([]);
  #next = 1;

  #add(kind: Notice['kind'], text: string, action?: NoticeAction): void {
    const notice = { id: this.#next++, kind, text, action };
    this.list = [...this.list.slice(-3), notice];
    setTimeout(() => this.dismiss(notice.id), action ? ACTION_LINGER_MS : LINGER_MS[kind]);
  }

  info = (text: string, action?: NoticeAction) => this.#add('info', text, action);
  warn = (text: string) => this.#add('warning', text);
  error = (text: string) => this.#add('error', text);

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }
}
