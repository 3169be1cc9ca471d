import type { Sketch } from '../../../shared/sketch';
import { api } from '../api-client';
import { whenText } from './when';

export interface CompareItem {
  label: string;
  sketch: Sketch;
}

/** The saved designs to compare, in the order picked; an error names the one that could not be read. */
export async function savedDesigns(ids: string[]): Promise<CompareItem[] | string> {
  const items: CompareItem[] = [];
  for (const id of ids) {
    const result = await api.openDesign({ id });
    if (!result.ok) return result.error;
    if (!result.value) return 'one of the designs is no longer in the library';
    items.push({ label: result.value.sketch.name, sketch: result.value.sketch });
  }
  return items;
}

/** A snapshot of the open design against the design as it is now. */
export async function snapshotAndNow(snapshot: number, now: Sketch): Promise<CompareItem[] | string> {
  const result = await api.openSnapshot({ snapshot });
  if (!result.ok) return result.error;
  if (!result.value) return 'that snapshot no longer exists';
  return [
    { label: `${result.value.name} (${whenText(result.value.takenAt)})`, sketch: result.value.sketch },
    { label: `${now.name} (now)`, sketch: now },
  ];
}
