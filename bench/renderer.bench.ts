// Renderer benchmark (part of `npm run bench`): the real editor in headless Chromium, browser mode.
// Prints figures and PASS/MISS against the editor issue's targets; never fails on a timing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/main/store/open-store';
import { autoLayout } from '../src/shared/edit/auto-layout';
import { evaluateDesign } from '../src/shared/evaluate';
import { groupThousands } from '../src/shared/format';
import type { Sketch } from '../src/shared/sketch';
import { inlineBlocks } from '../src/shared/blocks/inline';
import { templateById, TEMPLATES } from '../src/shared/templates';
import { openApp, nodeSelector } from '../tests/e2e/browser';
import { generate, toDesign } from './graphs';
import { heading, mark, ms, summarise, table, type Sample } from './stats';

const JUDGED = 500;
/** A near-empty design first: the floor the page itself sets (frame pacing, paint), whatever the graph. */
const SIZES = [30, JUDGED];
const EDITS = 100;
const TARGET = { editP95Ms: 16, fps: 60 };

interface EditTimes {
  work: number[];
  onScreen: number[];
}

execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });

/** What is measured: a saved sketch, the Dense layer whose `units` the edits type, and the two values typed. */
interface Case {
  sketch: Sketch;
  target: string;
  units: [number, number];
}

function generated(layers: number): Case {
  const graph = generate('branchy', layers);
  const design = toDesign(graph);
  return { sketch: { name: `bench ${layers}`, convention: 'keras', design, layout: autoLayout(design) }, target: graph.layers[graph.midDense].name, units: graph.editUnits };
}

interface Measured {
  work: Sample;
  onScreen: Sample;
  fps: number;
  longest: number;
  /** From navigation start: the total on screen (counted), and the first contentful paint. */
  counted: number;
  firstPaint: number;
}

/** In the page from its start: every text the total shows, with when (ms from navigation start). */
function recordTotals() {
  const seen: [number, string][] = ((window as unknown as { totalsSeen: [number, string][] }).totalsSeen = []);
  new MutationObserver(() => {
    const text = document.querySelector('[data-testid="total"]')?.textContent ?? '';
    if (text && text !== seen.at(-1)?.[1]) seen.push([performance.now(), text]);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

async function measure({ sketch, target, units }: Case): Promise<Measured> {
  const store = openStore({ path: ':memory:' });
  store.save(sketch);
  const session = await openApp({ store, width: 1600, height: 1000, initScript: recordTotals });
  const { page } = session;
  const expected = groupThousands(evaluateDesign(sketch.design, { convention: sketch.convention }).totals.params);
  const totals = (await page.evaluate('window.totalsSeen')) as [number, string][];
  const counted = totals.find(([, text]) => text === expected)?.[0] ?? NaN;
  const firstPaint = (await page.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`)) as number;
  await page.locator(`[data-testid="summary-row"][data-id="${target}"]`).click();
  await page.locator('#field-units').waitFor();

  await page.evaluate(readFileSync(join(import.meta.dirname, 'renderer-probe.js'), 'utf8'));
  const times = (await page.evaluate(`probe.edits(${EDITS}, ${JSON.stringify(units)}, 10)`)) as EditTimes;

  // Dragging: a node moved by the mouse for two seconds; frames counted in the page.
  const box = (await page.locator(nodeSelector(target)).boundingBox())!;
  await page.evaluate('probe.countFrames()');
  const start = { x: box.x + 40, y: box.y + 10 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const t0 = Date.now();
  for (let i = 0; Date.now() - t0 < 2000; i++) await page.mouse.move(start.x + 150 * Math.sin(i / 15), start.y + 80 * Math.cos(i / 15));
  await page.mouse.up();
  const frames: number[] = await page.evaluate('probe.frames');
  await session.close();
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  return { work: summarise(times.work), onScreen: summarise(times.onScreen), fps: (gaps.length * 1000) / (frames.at(-1)! - frames[0]), longest: Math.max(...gaps), counted, firstPaint };
}

heading('Renderer: generated branchy graphs in the editor (headless Chromium, software rendering)');
console.log(`  Edit: a value typed into the inspector (${EDITS} edits, each at a random moment within a frame, as keystrokes come).`);
console.log('    work: the main thread\'s time for it, from the input until the total changed in the DOM, plus the');
console.log('          rendering (style, layout, paint) of the frame showing it; under 16 ms, the new total is in the very next frame.');
console.log('    on screen: from the input until that frame was painted; this adds the wait for the next 60 Hz frame (0–16.7 ms),');
console.log('          so its p95 stays above 16 ms even for a near-empty design (the 30-layer row).');
const rows = [['layers', 'edit: work', 'edit: on screen', 'dragging a node (2 s)', 'targets', 'result']];
// The largest template (by layers, its blocks' counted in), as the gallery opens it: laid out, in its published convention.
const layersOf = (t: (typeof TEMPLATES)[number]) => inlineBlocks(t.design(t.conventions[0])).nodes.length;
const largest = [...TEMPLATES].sort((a, b) => layersOf(b) - layersOf(a))[0];
const template: Case = { sketch: largest.build(largest.conventions[0]), target: 'predictions', units: [999, 1000] };
// The largest language model (issue 16: opening it stays within the editor's targets); its output head's units edited.
const mixtral = templateById('mixtral-8x7b')!;
const llm: Case = { sketch: mixtral.build('pytorch'), target: 'lm_head', units: [31999, 32000] };
const cases: [string, Case, boolean][] = [
  ...SIZES.map((layers): [string, Case, boolean] => [String(layers), generated(layers), layers === JUDGED]),
  [`${largest.id} (${layersOf(largest)} layers, ${template.sketch.design.nodes.length} nodes)`, template, true],
  [`mixtral-8x7b (${layersOf(mixtral)} layers, ${llm.sketch.design.nodes.length} nodes)`, llm, true],
];
const opened: string[] = [];
for (const [label, testCase, judged] of cases) {
  const { work, onScreen, fps, longest, counted, firstPaint } = await measure(testCase);
  opened.push(`  ${label}: first paint ${ms(firstPaint)}, total on screen (counted) ${ms(counted)} after navigation start`);
  const pass = [work.p95 < TARGET.editP95Ms, fps >= TARGET.fps * 0.95];
  rows.push([
    label,
    `median ${ms(work.median)}, p95 ${ms(work.p95)}`,
    `median ${ms(onScreen.median)}, p95 ${ms(onScreen.p95)}`,
    `${fps.toFixed(1)} fps, longest frame ${ms(longest)}`,
    judged ? `work p95 < ${TARGET.editP95Ms} ms; ${TARGET.fps} fps` : '(floor, for reference)',
    judged ? `${mark(pass[0])}; ${mark(pass[1])}` : '',
  ]);
}
console.log(table(rows));
console.log('  "60 fps" allows 5% for timer jitter (≥ 57). The template row edits its classifier\'s units (999 ⇄ 1000).');
console.log('  Opening (a fresh page with the design saved, as at a restart):');
console.log(opened.join('\n'));
