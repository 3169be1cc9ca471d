export * from './design';
export * from './problem';
export * from './tensor';
export * from './format';
export { CATALOG, FAMILIES, layerSpec } from './catalog';
export type { Family, FieldSpec, LayerSpec, WeightSpec } from './catalog';
export { evaluateDesign, listProblems, nodeResult, resultsInDesignOrder } from './evaluate';
export type { Evaluation, EvaluateOptions, Totals } from './evaluate';
export type { CountedWeight, NodeEvaluation } from './evaluate-node';
