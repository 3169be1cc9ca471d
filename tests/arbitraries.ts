// fast-check generators for designs: valid-ish ones drawn from the catalog's field declarations,
// hostile ones (bad values, bad wiring), and the helpers the property tests share.
import fc from 'fast-check';
import { CATALOG, layerSpec } from '../src/shared/catalog';
import type { FieldSpec, LayerSpec } from '../src/shared/catalog/types';
import type { Convention, Design, Edge, FieldValue, LayerNode } from '../src/shared/design';
import { evaluateDesign, nodeResult } from '../src/shared/evaluate';

export const TYPES: readonly string[] = CATALOG.map((spec) => spec.type);
/** Names the catalog does not know, including ones that collide with Object.prototype. */
export const UNKNOWN_TYPES = ['Foo', 'dense', 'Conv4D', '', ' Dense', '__proto__', 'constructor', 'toString', 'hasOwnProperty'];
/** Ids for hostile designs: few enough to collide (duplicates, self-loops, cycles), some of them awkward. */
export const ID_POOL = ['in', 'a', 'b', 'c', 'd', 'e', '__proto__', 'constructor', 'toString', ''];
export const MISSING_IDS = ['ghost', 'nowhere'];

export const convention: fc.Arbitrary<Convention> = fc.constantFrom('keras', 'pytorch');

const spec = (type: string): LayerSpec => layerSpec(type)!;

// ---------------------------------------------------------------------------------------------
// Field values

export interface ValueOptions {
  /** Draw ints from the whole safe range now and then (exactness at size), not only small ones. */
  huge?: boolean;
}

const SMALL = [1, 2, 3, 4, 8, 16];
const DIM: fc.Arbitrary<number> = fc.constantFrom(...SMALL);

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
      return fc.oneof(fc.constantFrom('relu', 'linear', 'tanh', 'softmax'), fc.string({ maxLength: 6 }));
    case 'ints': {
      // Windows and strides stay small so they fit the generated inputs; huge mode may still pick big ones.
      const candidates = [-2, -1, 0, 1, 2, 3].filter((v) => v >= field.min);
      const small = fc.oneof(fc.integer({ min: field.min, max: field.min + 2 }), fc.constantFrom(...candidates));
      const one = options.huge ? fc.oneof(small, fc.integer({ min: field.min, max: Number.MAX_SAFE_INTEGER })) : small;
      const forms: fc.Arbitrary<FieldValue>[] = [one, fc.array(one, { minLength: field.length, maxLength: field.length })];
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
        .constantFrom(...field.accepts)
        .chain((type) => validFields(spec(type), options).map((fields) => ({ type, fields })));
  }
}

/** Valid values for some of the spec's fields (the others keep their defaults). */
export function validFields(layer: LayerSpec, options: ValueOptions = {}): fc.Arbitrary<Record<string, FieldValue>> {
  const entries = Object.fromEntries(layer.fields.map((f) => [f.name, validValue(f, options)]));
  return fc.record(entries, { requiredKeys: [] }) as fc.Arbitrary<Record<string, FieldValue>>;
}

/** Not JSON, but an in-memory design (the UI, a script) could hold them. */
const cyclic: Record<string, unknown> = { type: 'LSTM' };
cyclic.fields = { units: cyclic };

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(12n, cyclic),
  fc.constantFrom(
    0, -0, -1, -8, -9, 0.5, 1.5, -2.5, NaN, Infinity, -Infinity, 1e300, -1e300, 1e21,
    2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, Number.EPSILON,
    '', '3', '32', 'same', 'valid', 'None', 'null', '-1', 'relu', true, false, null,
  ),
  fc.integer({ min: -1000, max: -1 }),
  fc.double(),
  fc.string({ maxLength: 6 }),
);

/** A nested layer that a wrapper should refuse, or accept with bad fields. */
const hostileNested: fc.Arbitrary<unknown> = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...TYPES, ...UNKNOWN_TYPES), hostileScalar),
    fields: fc.oneof(
      fc.dictionary(fc.constantFrom('units', 'layer', 'return_sequences', 'reset_after', 'filters', 'kernel_size', 'shape'), hostileScalar, {
        maxKeys: 3,
      }),
      hostileScalar,
    ),
  },
  { requiredKeys: [] },
);

/** Anything at all: wrong kinds, out of range, non-finite, nested arrays and objects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: hostileScalar, weight: 6 },
    { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 2 },
    { arbitrary: fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3 }), weight: 1 },
    { arbitrary: hostileNested, weight: 1 },
  ),
})).value;

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

// ---------------------------------------------------------------------------------------------
// Valid-ish designs: DAGs built from the catalog, inputs drawn among earlier nodes

const inputShape = (options: ValueOptions): fc.Arbitrary<(number | null)[]> => {
  const d = options.huge ? fc.oneof(DIM, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })) : DIM;
  const side = fc.integer({ min: 3, max: 12 });
  return fc.oneof(
    fc.tuple(d).map((s) => [...s]),
    fc.tuple(fc.constant(null), d).map((s) => [...s]),
    fc.tuple(fc.integer({ min: 1, max: 10 }), d).map((s) => [...s]),
    fc.tuple(side, side, d).map((s) => [...s]),
    fc.tuple(fc.constant(null), fc.constant(null), d).map((s) => [...s]),
    fc.tuple(side, side, side, d).map((s) => [...s]),
  );
};

interface LayerPlan {
  type: string;
  fields: Record<string, FieldValue>;
  /** Picks among the earlier nodes, one per input. */
  sources: number[];
  name?: string;
  trainable?: boolean;
  /** Size the fields that must match an input (embed_dim, d_model) to the actual inputs. */
  fit?: boolean;
}

/**
 * Attention layers count only when their sizes equal their inputs' feature sizes, which random values
 * rarely hit: a fitted plan reads the inputs' sizes (by evaluating the design built so far) and uses them.
 */
function fitFields(plan: LayerPlan, lastDims: (number | null)[]): Record<string, FieldValue> {
  const [q, k = q, v = k] = lastDims;
  const divides = (size: number, heads: unknown) => (typeof heads === 'number' && size % heads === 0 ? heads : 1);
  if (plan.type === 'MultiheadAttention' && q !== null && k !== null && v !== null)
    return { ...plan.fields, embed_dim: q, kdim: k, vdim: v, num_heads: divides(q, plan.fields.num_heads) };
  if (plan.type.startsWith('Transformer') && q !== null)
    return { ...plan.fields, d_model: q, nhead: divides(q, plan.fields.nhead) };
  return plan.fields;
}

const LAYER_TYPES = TYPES.filter((t) => t !== 'Input');

const layerPlan = (options: ValueOptions): fc.Arbitrary<LayerPlan> =>
  fc.constantFrom(...LAYER_TYPES).chain((type) => {
    const s = spec(type);
    const max = Math.min(s.inputs.max, s.inputs.min + 1);
    return fc.record(
      {
        type: fc.constant(type),
        fields: validFields(s, options),
        sources: fc.array(fc.nat(), { minLength: s.inputs.min, maxLength: max }),
        name: fc.constantFrom('conv3', 'dense', 'x', 'Layer 1'),
        trainable: fc.boolean(),
        fit: fc.boolean(),
      },
      { requiredKeys: ['type', 'fields', 'sources'] },
    );
  });

export interface DesignOptions extends ValueOptions {
  minLayers?: number;
  maxLayers?: number;
}

/** 1–3 Inputs, then layers each fed by earlier nodes: a DAG (ids n0, n1, …) with valid field values. */
export const validishDesign = (options: DesignOptions = {}): fc.Arbitrary<Design> =>
  fc
    .tuple(
      fc.array(inputShape(options), { minLength: 1, maxLength: 3 }),
      fc.array(layerPlan(options), { minLength: options.minLayers ?? 1, maxLength: options.maxLayers ?? 10 }),
      fc.boolean(),
    )
    .map(([shapes, plans, shuffleEdges]) => {
      const nodes: LayerNode[] = shapes.map((shape, i) => ({ id: `n${i}`, type: 'Input', fields: { shape } }));
      const edges: Edge[] = [];
      for (const plan of plans) {
        const id = `n${nodes.length}`;
        // A decoder fitted to its first input reads its memory from the same node.
        const sources = plan.fit && plan.type === 'TransformerDecoderLayer' ? plan.sources.map(() => plan.sources[0]) : plan.sources;
        const from = sources.map((pick) => nodes[pick % nodes.length].id);
        let fields = plan.fields;
        if (plan.fit) {
          const sofar = evaluateDesign({ nodes: nodes.slice(), edges: edges.slice() }, { convention: 'keras' });
          const lastDims = from.map((source) => {
            const dims = nodeResult(sofar, source)?.outputs?.[0]?.dims;
            return dims?.length ? dims[dims.length - 1] : null;
          });
          fields = fitFields(plan, lastDims);
        }
        from.forEach((source, toPort) => edges.push({ from: source, to: id, ...(shuffleEdges ? { toPort } : {}) }));
        nodes.push({
          id,
          type: plan.type,
          fields,
          ...(plan.name !== undefined ? { name: plan.name } : {}),
          ...(plan.trainable !== undefined ? { trainable: plan.trainable } : {}),
        });
      }
      // With explicit slots, the order of the edges array must not matter.
      return { nodes, edges: shuffleEdges ? edges.reverse() : edges };
    });

/** Layers that take exactly one input (so they can sit in a chain). */
const SINGLE_INPUT = LAYER_TYPES.filter((t) => spec(t).inputs.min <= 1 && spec(t).inputs.max >= 1);

/** An Input and a chain of single-input layers, ids `${prefix}0`, `${prefix}1`, …, each fed by the one before. */
export const chainDesign = (prefix: string, options: DesignOptions = {}): fc.Arbitrary<Design> =>
  fc
    .tuple(
      inputShape(options),
      fc.array(
        fc.constantFrom(...SINGLE_INPUT).chain((type) => validFields(spec(type), options).map((fields) => ({ type, fields }))),
        { minLength: options.minLayers ?? 1, maxLength: options.maxLayers ?? 6 },
      ),
    )
    .map(([shape, layers]) => {
      const nodes: LayerNode[] = [
        { id: `${prefix}0`, type: 'Input', fields: { shape } },
        ...layers.map(({ type, fields }, i) => ({ id: `${prefix}${i + 1}`, type, fields })),
      ];
      return { nodes, edges: nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id })) };
    });

// ---------------------------------------------------------------------------------------------
// Hostile designs

const hostileFields = (type: string): fc.Arbitrary<unknown> => {
  const s = layerSpec(type);
  const declared = s
    ? Object.fromEntries(
        s.fields.map((f) => [
          f.name,
          fc.oneof(
            { arbitrary: validValue(f, { huge: true }) as fc.Arbitrary<unknown>, weight: 3 },
            { arbitrary: hostileValue, weight: 2 },
            { arbitrary: f.kind === 'layer' ? hostileNested : hostileValue, weight: 1 },
          ),
        ]),
      )
    : {};
  const record = fc
    .tuple(fc.record(declared, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 5 }), hostileValue, { maxKeys: 2 }))
    .map(([known, extra]) => ({ ...extra, ...known }));
  return fc.oneof({ arbitrary: record, weight: 10 }, { arbitrary: fc.constantFrom(undefined, null, [], 'fields', 7), weight: 1 });
};

const hostileNode: fc.Arbitrary<LayerNode> = fc
  .oneof({ arbitrary: fc.constantFrom(...TYPES), weight: 8 }, { arbitrary: fc.constantFrom(...UNKNOWN_TYPES), weight: 1 })
  .chain((type) =>
    fc.record(
      {
        id: fc.constantFrom(...ID_POOL),
        type: fc.constant(type),
        fields: hostileFields(type),
        name: fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('conv3', '__proto__')),
        trainable: fc.constantFrom(true, false, undefined, 0, 'false', null),
      },
      { requiredKeys: ['id', 'type'] },
    ),
  ) as fc.Arbitrary<LayerNode>;

const port = fc.constantFrom(undefined, undefined, undefined, 0, 1, 2, -1, 0.5, NaN, 99, Infinity);

const hostileEdge = (ids: fc.Arbitrary<string>): fc.Arbitrary<Edge> =>
  fc
    .record({ from: ids, to: ids, fromPort: port, toPort: port })
    .map(({ from, to, fromPort, toPort }) => ({
      from,
      to,
      ...(fromPort !== undefined ? { fromPort } : {}),
      ...(toPort !== undefined ? { toPort } : {}),
    }));

/** Random nodes from a small id pool (duplicates), random edges among them and to missing ids. */
export const hostileDesign: fc.Arbitrary<Design> = fc.record({
  nodes: fc.array(hostileNode, { maxLength: 8 }),
  edges: fc.array(hostileEdge(fc.constantFrom(...ID_POOL, ...MISSING_IDS)), { maxLength: 12 }),
});

/** A valid-ish DAG, then damaged: hostile field values, duplicate ids, stray edges, cycles, odd ports. */
export const damagedDesign: fc.Arbitrary<Design> = validishDesign({ maxLayers: 8 }).chain((design) => {
  const ids = design.nodes.map((n) => n.id);
  const idArb = fc.constantFrom(...ids, ...MISSING_IDS);
  const damage = fc.oneof(
    fc.record({ kind: fc.constant('field' as const), at: fc.nat(), field: fc.nat(), value: hostileValue }),
    fc.record({ kind: fc.constant('type' as const), at: fc.nat(), type: fc.constantFrom(...TYPES, ...UNKNOWN_TYPES) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('edge' as const), edge: hostileEdge(idArb) }),
    fc.record({ kind: fc.constant('drop-edge' as const), at: fc.nat() }),
  );
  return fc.array(damage, { minLength: 1, maxLength: 4 }).map((damages) => {
    const nodes = design.nodes.slice();
    const edges = design.edges.slice();
    for (const d of damages) {
      if (d.kind === 'edge') edges.push(d.edge);
      else if (d.kind === 'drop-edge') edges.splice(d.at % Math.max(edges.length, 1), 1);
      else {
        const i = d.at % nodes.length;
        const node = nodes[i];
        if (d.kind === 'duplicate') nodes.push({ ...node, type: node.type === 'Dense' ? 'Flatten' : 'Dense' });
        else if (d.kind === 'type') nodes[i] = { ...node, type: d.type };
        else {
          const fields = layerSpec(node.type)?.fields ?? [];
          const name = fields.length ? fields[d.field % fields.length].name : 'units';
          nodes[i] = { ...node, fields: { ...node.fields, [name]: d.value as FieldValue } };
        }
      }
    }
    return { nodes, edges };
  });
});

// ---------------------------------------------------------------------------------------------
// The worked formula: a tiny exact evaluator

/**
 * Evaluates a worked formula's left-hand side exactly: numbers, `×`, `+`, `( )`, `[ ]`, and implicit
 * multiplication before a bracket (`2(2+3)`, `3 [..]`). Anything else (`1e+21`, `-`, a stray `,`) throws.
 */
export function evaluateFormula(expr: string): bigint {
  const tokens: string[] = [];
  for (let i = 0; i < expr.length; ) {
    const c = expr[i];
    if (c === ' ') i++;
    else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < expr.length && /[0-9]/.test(expr[j])) j++;
      tokens.push(expr.slice(i, j));
      i = j;
    } else if ('×+()[]'.includes(c)) tokens.push(c), i++;
    else throw new Error(`unexpected '${c}' at ${i} in '${expr}'`);
  }
  let at = 0;
  const peek = () => tokens[at];
  const expect = (t: string) => {
    if (tokens[at] !== t) throw new Error(`expected '${t}' at token ${at} in '${expr}'`);
    at++;
  };
  const atom = (): bigint => {
    const t = tokens[at++];
    if (t === undefined) throw new Error(`unexpected end of '${expr}'`);
    if (/^[0-9]+$/.test(t)) return BigInt(t);
    const close = t === '(' ? ')' : t === '[' ? ']' : undefined;
    if (!close) throw new Error(`unexpected '${t}' at token ${at - 1} in '${expr}'`);
    const value = sum();
    expect(close);
    return value;
  };
  const product = (): bigint => {
    let value = atom();
    for (;;) {
      if (peek() === '×') at++, (value *= atom());
      else if (peek() === '(' || peek() === '[') value *= atom();
      else return value;
    }
  };
  const sum = (): bigint => {
    let value = product();
    while (peek() === '+') at++, (value += product());
    return value;
  };
  const value = sum();
  if (at !== tokens.length) throw new Error(`trailing '${tokens.slice(at).join(' ')}' in '${expr}'`);
  return value;
}

/** `1,000,000` → 1000000n, refusing malformed grouping. */
export function parseGrouped(text: string): bigint {
  if (!/^[0-9]{1,3}(,[0-9]{3})*$/.test(text)) throw new Error(`'${text}' is not a number grouped in thousands`);
  return BigInt(text.replaceAll(',', ''));
}
