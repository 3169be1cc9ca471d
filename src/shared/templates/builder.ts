import { SOURCE } from '../catalog';
import type { BlockDefinition, BlockParam, Design, Edge, FieldValue, LayerNode } from '../design';
import { freshId, snakeCase } from '../edit/names';
import type { Dim } from '../tensor';

/** A block parameter used as a field's value inside a block (× scale): `param('filters', 4)`. */
export class ParamRef {
  constructor(
    readonly name: string,
    readonly scale: number,
  ) {}
}
export const param = (name: string, scale = 1): ParamRef => new ParamRef(name, scale);

export type Fields = Record<string, FieldValue | ParamRef>;
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
  private readonly blocks: Record<string, BlockDefinition> = {};
  /** Inside a block: its parameters' defaults, and the fields each one feeds. */
  private readonly targets = new Map<string, BlockParam['targets']>();

  constructor(private readonly params: Record<string, number> = {}) {}

  input(shape: Dim[], name?: string): Out {
    return this.add(SOURCE.type, { shape }, [], name ?? 'input');
  }

  add(type: string, fields: Fields, inputs: Out | Out[], name?: string): Out {
    // Unnamed layers get Keras's default names, as the editor gives them: conv2d, conv2d_1…
    const id = name ?? freshId(snakeCase(type), this.taken);
    // A template naming two layers alike is a bug in the template, not something to rename around.
    if (this.taken.has(id)) throw new Error(`template layer name '${id}' used twice`);
    this.taken.add(id);
    const values = Object.entries(fields).map(([field, v]) => [field, v instanceof ParamRef ? this.#bind(v, id, field) : v]);
    this.nodes.push({ id, type, ...(values.length ? { fields: Object.fromEntries(values) } : {}) });
    // Explicit ports: the same output may feed two slots (a self-attention's query and value).
    (Array.isArray(inputs) ? inputs : [inputs]).forEach((from, toPort) => this.edges.push({ from, to: id, toPort }));
    return id;
  }

  /** The parameter's default in the layer's field, and the field recorded as one the parameter feeds. */
  #bind(ref: ParamRef, node: string, field: string): number {
    if (!Object.hasOwn(this.params, ref.name)) throw new Error(`template block has no parameter '${ref.name}'`);
    this.targets.set(ref.name, [...(this.targets.get(ref.name) ?? []), { node, field, ...(ref.scale !== 1 ? { scale: ref.scale } : {}) }]);
    return this.params[ref.name] * ref.scale;
  }

  /** Ties a layer's weights to another's: they are counted once, in `to`. */
  tie(layer: Out, to: Out): void {
    const node = this.nodes.find((n) => n.id === layer);
    if (!node || !this.taken.has(to)) throw new Error(`template tie ${layer} → ${to}: no such layer`);
    node.tiedTo = to;
  }

  /** A chain of layers, each fed by the one before. */
  chain(from: Out, ...layers: [type: string, fields?: Fields, name?: string][]): Out {
    return layers.reduce((x, [type, fields, name]) => this.add(type, fields ?? {}, x, name), from);
  }

  /**
   * Defines a block: `body` builds its graph from Input layers of the given shapes (what the first instance
   * is fed; instances may be fed other shapes), using `param(name)` where a parameter sets a field.
   */
  defineBlock(id: string, params: Record<string, number>, inputShapes: Dim[][], body: (b: DesignBuilder, inputs: Out[]) => Out | Out[]): string {
    if (Object.hasOwn(this.blocks, id)) throw new Error(`template block '${id}' defined twice`);
    const b = new DesignBuilder(params);
    const inputs = inputShapes.map((shape, k) => b.input(shape, k ? `input_${k}` : 'input'));
    const outputs = [body(b, inputs)].flat();
    this.blocks[id] = {
      design: { nodes: b.nodes, edges: b.edges },
      inputs,
      outputs: outputs.map((node) => ({ node })),
      params: Object.entries(params).map(([name, value]) => ({ name, default: value, targets: b.targets.get(name) ?? [] })),
    };
    return id;
  }

  /** An instance of a block defined here: one node, its parameters set, stacked `repeat` times. */
  instance(block: string, values: Record<string, number>, inputs: Out | Out[], name: string, repeat = 1): Out {
    if (!Object.hasOwn(this.blocks, block)) throw new Error(`template block '${block}' is not defined`);
    const id = this.add(block, values, inputs, name);
    if (repeat !== 1) this.nodes[this.nodes.length - 1].repeat = repeat;
    return id;
  }

  design(): Design {
    const blocks = Object.keys(this.blocks).length ? { blocks: { ...this.blocks } } : {};
    return { nodes: this.nodes.slice(), edges: this.edges.slice(), ...blocks };
  }
}
