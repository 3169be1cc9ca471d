import type { Design } from '../../src/shared/design';
import { chain } from '../helpers';

/** Blocks nested `depth` deep, each repeating the one inside ×`repeat`; the innermost is one Dense(4). */
export function nestedBlocks(depth: number, repeat: number): Design {
  const blocks: NonNullable<Design['blocks']> = {
    b0: { design: chain([4], ['Dense', { units: 4 }, 'd']), inputs: ['input'], outputs: [{ node: 'd' }] },
  };
  for (let k = 1; k < depth; k++)
    blocks[`b${k}`] = {
      design: { nodes: [{ id: 'x', type: 'Input', fields: { shape: [4] } }, { id: 'inner', type: `b${k - 1}`, repeat }], edges: [{ from: 'x', to: 'inner' }] },
      inputs: ['x'],
      outputs: [{ node: 'inner' }],
    };
  return { nodes: [{ id: 'in', type: 'Input', fields: { shape: [4] } }, { id: 'top', type: `b${depth - 1}`, repeat }], edges: [{ from: 'in', to: 'top' }], blocks };
}
