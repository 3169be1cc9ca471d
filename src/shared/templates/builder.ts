import type { Design, Edge, FieldValue, LayerNode } from '../design';
import { freshId, snakeCase } from '../edit/names';

export type Fields = Record<string, FieldValue>;
/** A layer's output, as a node id (layers with several outputs are not used by the templates). */
export type Out = string;

/**
 * Writes a design the way Keras's functional API reads: each call adds one layer fed by the given outputs,
 * in order, and returns its own. Node ids are the layer names, so a template reads like its source.
 */
export class DesignBuilder {
  private readonly nodes: LayerNode[] = [];
  private readonly edges: Edge[] = [];
  private readonly taken = new Set<string>();

  input(shape: (number | null)[], name?: string): Out {
    return this.add('Input', { shape }, [], name ?? 'input');
  }

  add(type: string, fields: Fields, inputs: Out | Out[], name?: string): Out {
    // Unnamed layers get Keras's default names, as the editor gives them: conv2d, conv2d_1…
    const id = name ?? freshId(snakeCase(type), this.taken);
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
}
