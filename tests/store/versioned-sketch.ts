import type { Sketch } from '../../src/shared/sketch';

export const DESIGNS = 8;

/** The sketch a given save writes: its content follows from the version, so a reader can tell it is whole. */
export function versionedSketch(version: number): Sketch {
  const layers = 20 + (version % 40);
  const nodes = [{ id: 'input', type: 'Input', fields: { shape: [version % 50 + 1] } }];
  const edges = [];
  for (let i = 0; i < layers; i++) {
    nodes.push({ id: `dense${i}`, type: 'Dense', fields: { units: ((version + i) % 64) + 1 } } as never);
    edges.push({ from: i ? `dense${i - 1}` : 'input', to: `dense${i}` });
  }
  return { name: `v${version}`, convention: 'keras', design: { nodes, edges }, layout: {} };
}
