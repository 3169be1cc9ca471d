import type { Family, FamilyInfo } from './types';

/**
 * How each family is shown: the palette's group titles and order (this table's order), and the colours
 * of thumbnails, pictures and the compare view's bars. The one place that says it: the renderer and the
 * pictures read this table and define `--family-<name>` from it.
 */
export const FAMILY_TABLE: Readonly<Record<Family, FamilyInfo>> = {
  input: { title: 'Input', colour: '#8a94a6' },
  core: { title: 'Core', colour: '#4c8bf5' },
  convolution: { title: 'Convolution', colour: '#34a853' },
  pooling: { title: 'Pooling', colour: '#0fb5ae' },
  recurrent: { title: 'Recurrent', colour: '#f29900' },
  attention: { title: 'Attention / transformer', colour: '#a142f4' },
  normalization: { title: 'Normalization', colour: '#e8710a' },
  regularization: { title: 'Regularization', colour: '#b0a000' },
  preprocessing: { title: 'Preprocessing', colour: '#5f8f6f' },
  reshaping: { title: 'Reshaping', colour: '#9aa0a6' },
  merge: { title: 'Merge', colour: '#e52592' },
  wrapper: { title: 'Wrappers', colour: '#7b61ff' },
  custom: { title: 'Custom', colour: '#c62828' },
};

/** Families in palette order. */
export const FAMILIES = Object.keys(FAMILY_TABLE) as Family[];

/** The fill of a family (or of a node whose type the catalog does not know), through its CSS custom property. */
export const familyFill = (family: Family | 'unknown') =>
  `var(--family-${family}, ${family === 'unknown' ? '#c62828' : FAMILY_TABLE[family].colour})`;
