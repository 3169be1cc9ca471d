import type { Design, Edge, FieldValue, LayerNode } from '../design';

export type Fields = Record<string, FieldValue>;
/** A layer's output, as a node id (layers with several outputs are not used by the templates). */
export type Out = string;

/** Keras's default layer names: the class in snake case, `_1`, `_2`… for the next ones. */
const snake = (type: string) => type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * Writes a design the way Keras's functional API reads: each call adds one layer fed by the given outputs,
 * in order, and returns its own. Node ids are the layer names, so a template reads like its source.
 */
export class DesignBuilder {
  private readonly nodes: LayerNode[] = [];
  private readonly edges: Edge[] = [];
  private readonly taken = new Set<string>();
  private readonly counters = new Map<string, number>();

  input(shape: (number | null)[], name?: string): Out {
    return this.add('Input', { shape }, [], name ?? 'input');
  }

  add(type: string, fields: Fields, inputs: Out | Out[], name?: string): Out {
    const id = name ?? this.defaultName(type);
    // A template naming two layers alike is a bug in the template, not something to rename around.
    if (this.taken.has(id)) throw new Error(`template layer name '${id}' used twice`);
    this.taken.add(id);
    this.nodes.push({ id, type, ...(Object.keys(fields).length ? { fields } : {}) });
    // Explicit ports: the same output may feed two slots (a self-attention's query and value).
    (Array.isArray(inputs) ? inputs : [inputs]).forEach((from, toPort) => this.edges.push({ from, to: id, toPort }));
    return id;
  }

  /** A chain of layers, each fed by the one before. */
  chain(from: Out, ...layers: [type: string, fields?: Fields, name?: string][]): Out {
    return layers.reduce((x, [type, fields, name]) => this.add(type, fields ?? {}, x, name), from);
  }

  design(): Design {
    return { nodes: this.nodes.slice(), edges: this.edges.slice() };
  }

  private defaultName(type: string): string {
    const base = snake(type);
    for (let n = this.counters.get(base) ?? 0; ; n++) {
      const id = n === 0 ? base : `${base}_${n}`;
      if (!this.taken.has(id)) {
        this.counters.set(base, n + 1);
        return id;
      }
    }
  }
}
