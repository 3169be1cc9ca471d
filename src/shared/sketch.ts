import { SOURCE } from './catalog';
import type { Convention, Design } from './design';

/** Where a node sits on the canvas (flow coordinates, top-left corner). */
export interface Position {
  x: number;
  y: number;
}

/** What the editor edits and the app saves: a named design with its canvas layout and chosen convention. */
export interface Sketch {
  name: string;
  convention: Convention;
  design: Design;
  /** Node id → position; nodes without one are placed by the auto-layout. */
  layout: Record<string, Position>;
}

export const emptySketch = (name = 'Untitled'): Sketch => ({
  name,
  convention: 'keras',
  design: { nodes: [{ id: 'input', type: SOURCE.type }], edges: [] },
  layout: { input: { x: 0, y: 0 } },
});
