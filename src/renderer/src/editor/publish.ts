import { untrack } from 'svelte';
import type { SvelteMap } from 'svelte/reactivity';

/**
 * Updates a by-id map to `items`, touching only the entries whose object changed: each entry is its own
 * signal, so a view of one layer wakes only when that layer (or its result) changed, not on every edit.
 */
export function publish<T extends { id: string }>(map: SvelteMap<string, T>, items: readonly T[]): void {
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) continue; // a repeated id: the first one is the node (the core reports the rest)
    ids.add(item.id);
    if (untrack(() => map.get(item.id)) !== item) map.set(item.id, item);
  }
  if (map.size !== ids.size) for (const id of untrack(() => [...map.keys()])) if (!ids.has(id)) map.delete(id);
}
