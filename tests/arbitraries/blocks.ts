// fast-check generators for designs of blocks: nested, repeated up to ×10,000, widening (each copy wider than the
// last), tied and wired into cycles at random.
import fc from 'fast-check';
import type { BlockDefinition, Design, LayerNode } from '../../src/shared/design';

const layer = (id: string): fc.Arbitrary<LayerNode> =>
  fc.oneof(
    fc.record({ id: fc.constant(id), type: fc.constant('Dense'), fields: fc.record({ units: fc.integer({ min: 1, max: 6 }) }) }),
    fc.constant({ id, type: 'ReLU' }),
    fc.constant({ id, type: 'Flatten' }),
  );

/** A block: Input x → a few layers or instances of later blocks, in a chain, maybe with a skip Concatenate (each copy wider). */
const block = (index: number, count: number): fc.Arbitrary<BlockDefinition> =>
  fc
    .tuple(
      fc.array(
        fc.oneof(
          layer('l').map((n) => ({ n })),
          index + 1 < count
            ? fc.record({ to: fc.integer({ min: index + 1, max: count - 1 }), repeat: fc.constantFrom(1, 2, 3, 1000, 10_000) }).map(({ to, repeat }) => ({ n: { id: 'i', type: `b${to}`, repeat } as LayerNode }))
            : layer('l').map((n) => ({ n })),
        ),
        { minLength: 1, maxLength: 4 },
      ),
      fc.boolean(),
      fc.option(fc.integer({ min: 0, max: 3 })),
    )
    .map(([steps, widen, tie]) => {
      const nodes: LayerNode[] = [{ id: 'x', type: 'Input', fields: { shape: [4] } }, ...steps.map(({ n }, k) => ({ ...n, id: `s${k}` }))];
      if (tie !== null && nodes[1 + (tie % steps.length)]) nodes[1 + (tie % steps.length)].tiedTo = `s${(tie + 1) % steps.length}`;
      const edges = nodes.slice(1).map((n, k) => ({ from: nodes[k].id, to: n.id }));
      if (widen) {
        nodes.push({ id: 'cat', type: 'Concatenate' });
        edges.push({ from: 'x', to: 'cat' }, { from: nodes[nodes.length - 2].id, to: 'cat' });
      }
      return { design: { nodes, edges }, inputs: ['x'], outputs: [{ node: nodes[nodes.length - 1].id }] };
    });

export const blockDesign: fc.Arbitrary<Design> = fc.integer({ min: 1, max: 6 }).chain((count) =>
  fc
    .tuple(
      fc.tuple(...Array.from({ length: count }, (_, k) => block(k, count))),
      fc.constantFrom(1, 3, 1000, 10_000),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([defs, repeat, cycle, selfNested]) => {
      const blocks = Object.fromEntries(defs.map((def, k) => [`b${k}`, def]));
      // A block inside itself, at random: reported, never followed.
      if (selfNested) {
        const { nodes } = blocks.b0.design;
        blocks.b0 = { ...blocks.b0, design: { ...blocks.b0.design, nodes: [...nodes.slice(0, -1), { id: nodes[nodes.length - 1].id, type: 'b0' }] } };
      }
      const edges = [{ from: 'in', to: 'top' }, { from: 'top', to: 'head' }];
      if (cycle) edges.push({ from: 'head', to: 'top' });
      const nodes: LayerNode[] = [
        { id: 'in', type: 'Input', fields: { shape: [4] } },
        { id: 'top', type: 'b0', repeat },
        { id: 'head', type: 'Dense', fields: { units: 2 }, tiedTo: 'top' },
      ];
      return { nodes, edges, blocks };
    }),
);
