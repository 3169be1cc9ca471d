// Inputs the hardening tests share, generated rather than committed.
import type { Design } from '../src/shared/design';

/** `{"class_name": "Sequential", … layers: [InputLayer, <the model one level in>]}` nested `depth` deep, as text (no recursion to write it). */
export function nestedSequentialText(depth: number): string {
  const open = (k: number) =>
    `{"class_name": "Sequential", "config": {"name": "m${k}", "layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "in${k}"}}, `;
  const leaf = '{"class_name": "Dense", "config": {"units": 4, "name": "d"}}';
  return `${Array.from({ length: depth }, (_, k) => open(k)).join('')}${leaf}${']}}'.repeat(depth)}`;
}

/**
 * A Keras model holding a functional model whose input is its Bidirectional LSTM(2), on 5 × 8 inputs: that
 * layer counted 0 as a block's input. Keras's LSTM(u) on i features holds 4·(u·(u + i) + u): 2 × 4 × 22 = 176.
 */
export const bidirectionalFirstModel = {
  class_name: 'Sequential',
  keras_version: '2.4.0',
  config: {
    name: 'outer',
    layers: [
      { class_name: 'InputLayer', config: { batch_input_shape: [null, 5, 8], name: 'in' } },
      {
        class_name: 'Functional',
        config: {
          name: 'inner',
          layers: [{ class_name: 'Bidirectional', name: 'bi', config: { name: 'bi', layer: { class_name: 'LSTM', config: { units: 2, name: 'lstm' } } }, inbound_nodes: [] }],
          input_layers: [['bi', 0, 0]],
          output_layers: [['bi', 0, 0]],
        },
      },
    ],
  },
};

export const input = (id: string, width: number) => ({ id, type: 'Input', fields: { shape: [width] } });

/** A block of `layers` Dense(8) in a chain, ×repeat, on 8 inputs. */
export const denseStack = (layers: number, repeat: number): Design => ({
  nodes: [input('in', 8), { id: 'stack', type: 'dense8', repeat }],
  edges: [{ from: 'in', to: 'stack' }],
  blocks: {
    dense8: {
      design: {
        nodes: [input('x', 8), ...Array.from({ length: layers }, (_, i) => ({ id: `d${i}`, type: 'Dense', fields: { units: 8 } }))],
        edges: [{ from: 'x', to: 'd0' }, ...Array.from({ length: layers - 1 }, (_, i) => ({ from: `d${i}`, to: `d${i + 1}` }))],
      },
      inputs: ['x'],
      outputs: [{ node: `d${layers - 1}` }],
    },
  },
});
