// fast-check generators for valid-ish designs: DAGs built from the catalog, inputs drawn among
// earlier nodes, every field value one its declaration accepts.
import fc from 'fast-check';
import type { Design, Edge, FieldValue, LayerNode } from '../../src/shared/design';
import { evaluateDesign, nodeResult } from '../../src/shared/evaluate';
import { DIM, TYPES, spec, validFields, type ValueOptions } from './fields';

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
    // Steps of volumes: what ConvLSTM3D (and TimeDistributed around a 3-D layer) reads.
    fc.tuple(fc.integer({ min: 1, max: 4 }), side, side, side, d).map((s) => [...s]),
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
  // A random equation is rarely one its input and output_shape fit: a fitted EinsumDense is a Dense on the last axis.
  if (plan.type === 'EinsumDense') return { ...plan.fields, equation: '...a,ab->...b', output_shape: [4], bias_axes: 'b' };
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
        let from = sources.map((pick) => nodes[pick % nodes.length].id);
        let fields = plan.fields;
        if (plan.fit) {
          const sofar = evaluateDesign({ nodes: nodes.slice(), edges: edges.slice() }, { convention: 'keras' });
          const fitted = (candidates: string[]) =>
            fitFields(
              plan,
              candidates.map((source) => {
                const dims = nodeResult(sofar, source)?.outputs?.[0]?.dims;
                return dims?.length ? dims[dims.length - 1] : null;
              }),
            );
          fields = fitted(from);
          // A fitted one-input layer also reads the first earlier node (from its pick on) it can count on: a layer
          // needing an input of rare rank (a volume, steps of volumes) is then counted too, not only refused.
          if (from.length === 1)
            for (let k = 0; k < nodes.length; k++) {
              const candidate = [nodes[(sources[0] + k) % nodes.length].id];
              const tried = { id, type: plan.type, fields: fitted(candidate) };
              const trial = evaluateDesign({ nodes: [...nodes, tried], edges: [...edges, { from: candidate[0], to: id }] }, { convention: 'keras' });
              if (nodeResult(trial, id)?.params == null) continue;
              [from, fields] = [candidate, tried.fields];
              break;
            }
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
