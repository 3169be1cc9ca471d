/**
 * Keras's naming rule (its `to_snake_case`), so default names match what Keras would call the layer:
 * Conv2D → conv2d, ReLU → re_lu, MaxPooling2D → max_pooling2d, BatchNormalization → batch_normalization.
 */
export const snakeCase = (type: string): string =>
  type
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();

/** `base`, or `base_1`, `base_2`… as Keras numbers repeated layers: the first free one. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let k = 1; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
}

/**
 * `name`, or `name 2`, `name 3`… when the library already has it: every new design can be told apart
 * in the library (a second blank design is "Untitled 2", a second import of vgg16.json "vgg16 2").
 */
export function distinctName(name: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(name)) return name;
  for (let k = 2; ; k++) if (!names.has(`${name} ${k}`)) return `${name} ${k}`;
}
