// fast-check generators for hostile input: bad values of any kind, hostile designs (bad values,
// bad wiring) and valid-ish designs damaged after the fact.
import fc from 'fast-check';
import { layerSpec } from '../../src/shared/catalog';
import type { Design, Edge, FieldValue, LayerNode } from '../../src/shared/design';
import { validishDesign } from './designs';
import { TYPES, UNKNOWN_TYPES, validValue } from './fields';

/** Ids for hostile designs: few enough to collide (duplicates, self-loops, cycles), some of them awkward. */
export const ID_POOL = ['in', 'a', 'b', 'c', 'd', 'e', '__proto__', 'constructor', 'toString', ''];
export const MISSING_IDS = ['ghost', 'nowhere'];

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
