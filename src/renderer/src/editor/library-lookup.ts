/** What the library already holds, for a design about to be added to it: its name, or its very graph. */
import { distinctName } from '../../../shared/edit/names';
import { designKey } from '../../../shared/edit/same-design';
import type { Sketch } from '../../../shared/sketch';
import { api } from '../api-client';

/** The sketch under a name no design in the library has yet ("Untitled 2"); as it is if the library cannot be read. */
export async function withDistinctName(sketch: Sketch): Promise<Sketch> {
  const listed = await api.listDesigns({});
  const name = listed.ok ? distinctName(sketch.name, listed.value.map((d) => d.name)) : sketch.name;
  return name === sketch.name ? sketch : { ...sketch, name };
}

/**
 * A saved design holding the same graph as `sketch` (an import of a file imported before), if any. Only
 * designs named as an import of it would be ("vgg16", "vgg16 2"…) are opened to compare.
 */
export async function findSameDesign(sketch: Sketch): Promise<{ id: string; name: string } | undefined> {
  const listed = await api.listDesigns({});
  if (!listed.ok) return undefined;
  const base = sketch.name;
  const named = (name: string) => name === base || (name.startsWith(`${base} `) && /^\d+$/.test(name.slice(base.length + 1)));
  const graph = designKey(sketch.design);
  for (const summary of listed.value.filter((d) => named(d.name))) {
    const saved = await api.openDesign({ id: summary.id });
    if (saved.ok && saved.value && designKey(saved.value.sketch.design) === graph) return { id: summary.id, name: summary.name };
  }
  return undefined;
}
