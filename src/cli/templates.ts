// The built-in templates on the command line: listed, and counted like a model file.
import type { Convention } from '../shared/design';
import type { ImportResult } from '../shared/keras/import';
import type { SummaryReport } from '../shared/report';
import { TEMPLATES, templateById } from '../shared/templates';

export const templateIds = (): string[] => TEMPLATES.map((t) => t.id);

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
