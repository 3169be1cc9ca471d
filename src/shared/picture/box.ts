/**
 * One layer's box in a picture: what it says (type, name, key fields, output shape and count, or its
 * problem), measured, and drawn as SVG at a centre. Nothing is cut short: long texts wrap, boxes widen.
 */
import { blockNamed } from '../blocks/definition';
import { FAMILY_TABLE, layerSpec } from '../catalog';
import { layerSummary, tensorText } from '../describe';
import type { Convention, Design, LayerNode } from '../design';
import type { NodeEvaluation } from '../evaluate-node';
import { groupThousands } from '../format';
import type { Position } from '../sketch';
import type { Size } from './layout';
import { escapeXml, svgNumber as num, textWidth, wrapText } from './text';
import type { Theme } from './theme';

export const FONT = { title: 13, small: 11.5 };
const LINE = { title: 17, small: 15 };
const PAD = { x: 10, y: 7, stripe: 5 };
const MIN_WIDTH = 150;
/** Texts wrap past this width: a long Keras name becomes two lines, not a box across the page. */
const MAX_TEXT = 300;

interface Line {
  text: string;
  size: number;
  bold?: boolean;
  colour: 'text' | 'muted' | 'error';
  /** Drawn at the right edge, on the line before's baseline (the count beside the shape). */
  right?: boolean;
}

export interface Box extends Size {
  /** The family's colour; undefined for a block instance (no family: drawn in the theme's neutral colour). */
  colour?: string;
  block: boolean;
  lines: Line[];
}

const wrapped = (text: string, size: number, colour: Line['colour'], bold = false): Line[] =>
  wrapText(text, size, MAX_TEXT, bold).map((t) => ({ text: t, size, colour, bold }));

/** The box for a layer, from the design and its evaluation (result undefined: not evaluated). */
export function layerBox(node: LayerNode, design: Design, result: NodeEvaluation | undefined, convention: Convention): Box {
  const block = blockNamed(design.blocks, node.type);
  const repeat = block && (node.repeat ?? 1) !== 1 ? ` ×${node.repeat}` : '';
  const lines: Line[] = [...wrapped(node.type + repeat, FONT.title, 'text', true)];
  if ((node.name ?? node.id) !== node.type) lines.push(...wrapped(node.name ?? node.id, FONT.title, 'text'));
  const summary = layerSummary(node, design.blocks);
  if (summary) lines.push(...wrapped(summary, FONT.small, 'muted'));
  let foot = 0;
  if (result?.problems.length) lines.push(...wrapped(`⚠ ${result.problems[0].message}`, FONT.small, 'error'));
  else if (result?.blockedBy) lines.push(...wrapped(`waits on ${result.blockedBy}`, FONT.small, 'muted'));
  else if (result) {
    const shape = result.outputs?.[0] ? tensorText(result.outputs[0], convention) : '';
    const params = result.params === null ? '' : groupThousands(result.params);
    lines.push({ text: shape, size: FONT.small, colour: 'muted' }, { text: params, size: FONT.small, colour: 'text', right: true });
    foot = textWidth(shape, FONT.small) + textWidth(params, FONT.small) + 16;
  }
  const rows = lines.filter((l) => !l.right);
  const widest = Math.max(foot, ...rows.map((l) => textWidth(l.text, l.size, l.bold)));
  const height = 2 * PAD.y + rows.reduce((sum, l) => sum + (l.size === FONT.title ? LINE.title : LINE.small), 0);
  const family = layerSpec(node.type)?.family;
  return {
    width: Math.ceil(Math.max(MIN_WIDTH, widest + 2 * PAD.x + PAD.stripe)),
    height: Math.ceil(height),
    // Unknown types take the catalog's colour for custom layers, as the canvas's fallback does.
    colour: block ? undefined : family ? FAMILY_TABLE[family].colour : FAMILY_TABLE.custom.colour,
    block: !!block,
    lines,
  };
}

/** Mixes a `#rrggbb` colour into another: box fills are the family colour faded into the background. */
export function mix(colour: string, into: string, amount: number): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const out = [0, 1, 2].map((i) => Math.round(channel(colour, i) * amount + channel(into, i) * (1 - amount)));
  return `#${out.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** The box as SVG, centred at `at`. Every text is escaped: names come from files. */
export function drawBox(box: Box, at: Position, theme: Theme): string {
  const [x, y] = [at.x - box.width / 2, at.y - box.height / 2];
  const colour = box.colour ?? theme.muted;
  const fill = mix(colour, theme.nodeBg, theme.tint);
  // A block is dashed: one box standing for a sub-graph (its ×N says how many copies are stacked).
  const frame = `<rect x="${num(x)}" y="${num(y)}" width="${box.width}" height="${box.height}" rx="6" fill="${fill}" stroke="${colour}" stroke-width="${box.block ? 1.6 : 1.2}"${box.block ? ' stroke-dasharray="6 3"' : ''}/>`;
  const stripe = `<rect x="${num(x)}" y="${num(y)}" width="${PAD.stripe}" height="${box.height}" rx="2" fill="${colour}"/>`;
  const texts: string[] = [];
  let baseline = y + PAD.y;
  for (const line of box.lines) {
    const colour = theme[line.colour];
    const weight = line.bold ? ' font-weight="bold"' : '';
    if (line.right) {
      texts.push(`<text x="${num(x + box.width - PAD.x)}" y="${num(baseline - 4)}" font-size="${line.size}" fill="${colour}" text-anchor="end">${escapeXml(line.text)}</text>`);
      continue;
    }
    baseline += line.size === FONT.title ? LINE.title : LINE.small;
    texts.push(`<text x="${num(x + PAD.stripe + PAD.x)}" y="${num(baseline - 4)}" font-size="${line.size}" fill="${colour}"${weight}>${escapeXml(line.text)}</text>`);
  }
  return `<g>${frame}${stripe}${texts.join('')}</g>`;
}
