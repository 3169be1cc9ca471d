import type { BlockDefinition, Design } from '../design';

/**
 * The block a node type names in these blocks, if it names one. Own keys only: a type such as
 * 'constructor' or 'toString' must not find the record's prototype.
 */
export const blockNamed = (blocks: Design['blocks'], type: string): BlockDefinition | undefined =>
  blocks && Object.hasOwn(blocks, type) ? blocks[type] : undefined;
