import type { Convention, Design } from '../design';
import { autoLayout } from '../edit/auto-layout';
import type { Sketch } from '../sketch';

/** A ready-made design: built from catalog layers by code, so its count is the catalog's, never a stored number. */
export interface Template {
  id: string;
  name: string;
  description: string;
  /** Where the published figure the template is checked against comes from. */
  source: string;
  /** The conventions the published figure is for (the design counts in either); the first is the default. */
  conventions: Convention[];
  /** The design alone, for counting without the cost of a layout (the CLI). */
  design(convention: Convention): Design;
  /** The design laid out, named and set to the convention: what the editor opens. */
  build(convention: Convention): Sketch;
}

export type TemplateSpec = Omit<Template, 'build'>;

/** Adds `build`: the design, laid out by the same auto-layout as an imported model. */
export const defineTemplate = (spec: TemplateSpec): Template => ({
  ...spec,
  build: (convention) => {
    const design = spec.design(convention);
    return { name: spec.name, convention, design, layout: autoLayout(design) };
  },
});
