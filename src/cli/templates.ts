// The built-in templates on the command line: listed, and counted like a model file.
import type { Convention } from '../shared/design';
import type { ImportResult } from '../shared/keras/import';
import type { SummaryReport } from '../shared/report';
import type { Sketch } from '../shared/sketch';
import { TEMPLATES, templateById } from '../shared/templates';

/** Why an ID names no template, listing those there are; undefined for a template's ID. */
export const unknownTemplate = (id: string): string | undefined =>
  templateById(id) ? undefined : `unknown template '${id}'; the templates are ${TEMPLATES.map((t) => t.id).join(', ')}`;

/** A template to draw, not laid out (a picture lays it out): in the convention asked for, else its published figure's. */
export function templateSketch(id: string, asked: Convention | undefined): Sketch {
  const template = templateById(id)!;
  const convention = asked ?? template.conventions[0];
  return { name: template.name, convention, design: template.design(convention), layout: {} };
}

/** One line per template: ID, name, the conventions its published figure is for. */
export function templateList(): string {
  const widths = [0, 1].map((c) => Math.max(...TEMPLATES.map((t) => [t.id, t.name][c].length)) + 3);
  return TEMPLATES.map((t) => `${t.id.padEnd(widths[0])}${t.name.padEnd(widths[1])}${t.conventions.join(', ')}`).join('\n');
}

/** How a design is reported: with its costs (reportImport, for JSON) or without (summaryReport, for tables). */
type Reporter = (imported: ImportResult, convention: Convention, flat: boolean) => SummaryReport;

/**
 * A template's report, as a file's: in the convention asked for, or else the one its published figure is
 * for. A convention the figure is not for is still counted (the design is the same), with a note saying so.
 */
export function countTemplate(id: string, asked: Convention | undefined, flat: boolean, report: Reporter): SummaryReport & { template: string } {
  const template = templateById(id)!;
  const convention = asked ?? template.conventions[0];
  const warnings = template.conventions.includes(convention)
    ? []
    : [`${id}'s published figure is for the ${template.conventions.join(' and ')} convention (${template.source})`];
  return { template: id, ...report({ design: template.design(convention), modelName: template.name, problems: [], warnings }, convention, flat) };
}
