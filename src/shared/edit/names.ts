/** Keras's naming: the class name in snake_case (Conv2D → conv2d, BatchNormalization → batch_normalization). */
export const snakeCase = (type: string): string =>
  type
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();

/** `base`, or `base_1`, `base_2`… as Keras numbers repeated layers: the first free one. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let k = 1; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
}
