/**
 * The library's thumbnails, fetched only for rows scrolled into view, a batch per frame: the listing
 * itself carries none, so a library of thousands of designs opens at once.
 */
import { SvelteMap } from 'svelte/reactivity';
import { api } from '../api-client';

const BATCH = 200;

export class Thumbnails {
  readonly byId = new SvelteMap<string, string>();
  #wanted = new Set<string>();
  #asked = new Set<string>();
  #scheduled = false;
  #observer = new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) this.#want((entry.target as HTMLElement).dataset.id!);
  });

  #want(id: string): void {
    if (this.#asked.has(id)) return;
    this.#wanted.add(id);
    if (!this.#scheduled) (this.#scheduled = true), requestAnimationFrame(() => void this.#fetch());
  }

  async #fetch(): Promise<void> {
    this.#scheduled = false;
    const ids = [...this.#wanted].slice(0, BATCH);
    for (const id of ids) this.#wanted.delete(id), this.#asked.add(id);
    if (this.#wanted.size) (this.#scheduled = true), requestAnimationFrame(() => void this.#fetch());
    const result = await api.designThumbnails({ ids });
    if (result.ok) for (const [id, svg] of Object.entries(result.value)) this.byId.set(id, svg);
  }

  /** A Svelte action for a row element carrying `data-id`: its thumbnail is fetched once it is in view. */
  observe = (element: HTMLElement) => {
    this.#observer.observe(element);
    return { destroy: () => this.#observer.unobserve(element) };
  };

  disconnect(): void {
    this.#observer.disconnect();
  }
}
