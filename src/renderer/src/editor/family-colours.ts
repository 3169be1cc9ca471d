/**
 * The one place the renderer defines `--family-<name>` (from the catalog's FAMILY_TABLE): the canvas's
 * nodes, the palette's accents, the compare bars and the thumbnails all colour by these properties, so no
 * component lists families or colours itself.
 */
import { FAMILIES, FAMILY_TABLE } from '../../../shared/catalog';

export function defineFamilyColours(root: HTMLElement = document.documentElement): void {
  for (const family of FAMILIES) root.style.setProperty(`--family-${family}`, FAMILY_TABLE[family].colour);
}
