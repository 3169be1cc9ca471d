// fast-check generators for field values, drawn from the catalog's field declarations, and the
// names and conventions the property tests draw from.
import fc from 'fast-check';
import { acceptedTypes, CATALOG, layerSpec } from '../../src/shared/catalog';
import type { FieldSpec, LayerSpec } from '../../src/shared/catalog/types';
import type { Convention, FieldValue } from '../../src/shared/design';

export const TYPES: readonly string[] = CATALOG.map((spec) => spec.type);
/** Names the catalog does not know, including ones that collide with Object.prototype. */
export const UNKNOWN_TYPES = ['Foo', 'dense', 'Conv4D', '', ' Dense', '__proto__', 'constructor', 'toString', 'hasOwnProperty'];

export const convention: fc.Arbitrary<Convention> = fc.constantFrom('keras', 'pytorch');

export const spec = (type: string): LayerSpec => layerSpec(type)!;

// ---------------------------------------------------------------------------------------------
// Field values

export interface ValueOptions {
  /** Draw ints from the whole safe range now and then (exactness at size), not only small ones. */
  huge?: boolean;
}

const SMALL = [1, 2, 3, 4, 8, 16];
export const DIM: fc.Arbitrary<number> = fc.constantFrom(...SMALL);

function intValue(min: number, max: number | undefined, options: ValueOptions): fc.Arbitrary<number> {
  const hi = max ?? Number.MAX_SAFE_INTEGER;
  const candidates = [-1, ...SMALL].filter((v) => v >= min && v <= hi);
  const near = fc.integer({ min, max: Math.min(hi, Math.max(min, 1) + 12) });
  const arbs: fc.WeightedArbitrary<number>[] = [{ arbitrary: near, weight: 2 }];
  if (candidates.length) arbs.push({ arbitrary: fc.constantFrom(...candidates), weight: 5 });
  if (options.huge) arbs.push({ arbitrary: fc.integer({ min, max: hi }), weight: 4 });
  return fc.oneof(...arbs);
}

/** A value the field declaration accepts (kind, bounds, options, nested layer types). */
export function validValue(field: FieldSpec, options: ValueOptions = {}): fc.Arbitrary<FieldValue> {
  switch (field.kind) {
    case 'int': {
      const value = intValue(field.min, field.max, options);
      return field.nullable ? fc.oneof({ arbitrary: value, weight: 1 }, { arbitrary: fc.constant(null), weight: 2 }) : value;
    }
    case 'float':
      return fc.double({ min: field.min ?? -10, max: field.max ?? 10, noNaN: true, noDefaultInfinity: true });
    case 'bool':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...field.options);
    case 'text':
      // The default too: a text a layer parses (an einsum equation) is rarely one a random string makes.
      return fc.oneof(fc.constantFrom(field.default, 'relu', 'linear', 'tanh', 'softmax'), fc.string({ maxLength: 6 }));
    case 'ints': {
      // Windows and strides stay small so they fit the generated inputs; huge mode may still pick big ones.
      const candidates = [-2, -1, 0, 1, 2, 3].filter((v) => v >= field.min);
      const small = fc.oneof(fc.integer({ min: field.min, max: field.min + 2 }), fc.constantFrom(...candidates));
      const one = options.huge ? fc.oneof(small, fc.integer({ min: field.min, max: Number.MAX_SAFE_INTEGER })) : small;
      // A list field (axes) takes one to `length` values; a per-axis one exactly `length`.
      const forms: fc.Arbitrary<FieldValue>[] = [one, fc.array(one, { minLength: field.list ? 1 : field.length, maxLength: field.length })];
      if (field.nullable) forms.push(fc.constant(null));
      return fc.oneof(...forms);
    }
    case 'dims': {
      const size = options.huge ? fc.oneof(DIM, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })) : DIM;
      const dims = fc.array(fc.oneof({ arbitrary: size, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }), {
        minLength: 1,
        maxLength: 4,
      });
      if (!field.allowInfer) return dims;
      return fc
        .tuple(dims, fc.option(fc.nat(), { nil: undefined }))
        .map(([d, at]) => (at === undefined ? d : d.map((x, i) => (i === at % d.length ? -1 : x))));
    }
    case 'layer':
      return fc
        .constantFrom(...acceptedTypes(field))
        .chain((type) => validFields(spec(type), options).map((fields) => ({ type, fields })));
  }
}

/** Valid values for some of the spec's fields (the others keep their defaults). */
export function validFields(layer: LayerSpec, options: ValueOptions = {}): fc.Arbitrary<Record<string, FieldValue>> {
  // A PyTorch-only field (num_layers, pad…) is a problem in the Keras convention at any other value than its
  // default: mostly drawn at the default, so that Keras-side properties still see most layers counted.
  const draw = (f: FieldSpec) =>
    f.pytorchOnly ? fc.oneof({ arbitrary: fc.constant(f.default as FieldValue), weight: 7 }, { arbitrary: validValue(f, options), weight: 1 }) : validValue(f, options);
  const entries = Object.fromEntries(layer.fields.map((f) => [f.name, draw(f)]));
  return fc.record(entries, { requiredKeys: [] }) as fc.Arbitrary<Record<string, FieldValue>>;
}

/** A value the field rejects, whatever its kind (used where a node must be bad). */
export function invalidValue(field: FieldSpec): FieldValue {
  switch (field.kind) {
    case 'text':
      return 42;
    case 'layer':
      return { type: 'NotALayer' };
    default:
      return 'not valid ☃';
  }
}
