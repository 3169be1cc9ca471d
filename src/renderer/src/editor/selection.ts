/** What is selected in the shown graph: layers by id, edges by key (`edgeKeys`). */
export interface Selection {
  nodes: string[];
  edges: string[];
}

export const NOTHING: Selection = { nodes: [], edges: [] };

/** Whether two selections name the same layers and edges in the same order (then nothing need redraw). */
export const sameSelection = (a: Selection, b: Selection): boolean => {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((id, i) => id === y[i]);
  return same(a.nodes, b.nodes) && same(a.edges, b.edges);
};
