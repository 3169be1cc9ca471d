export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  text: string;
}

const LINGER_MS = { info: 2500, warning: 6000, error: 10000 };

/** Short messages in a corner: refused connections, saves, failures. They fade on their own. */
export class Notices {
  list = $state.raw<Notice[]>([]);
  #next = 1;

  #add(kind: Notice['kind'], text: string): void {
    const notice = { id: this.#next++, kind, text };
    this.list = [...this.list.slice(-3), notice];
    setTimeout(() => this.dismiss(notice.id), LINGER_MS[kind]);
  }

  info = (text: string) => this.#add('info', text);
  warn = (text: string) => this.#add('warning', text);
  error = (text: string) => this.#add('error', text);

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }
}
