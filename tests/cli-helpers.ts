// Runs the built `paramsketch` executable (out/cli, what package.json's bin names) as a process, the way a
// user runs it, rebuilding it first when a source is newer than the build (npm test builds it anyway).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { paramsketch: string } }).bin.paramsketch;
export const CLI = join(root, bin);
const BUNDLE = join(root, 'out', 'cli', 'paramsketch-main.cjs');

/** The newest modification time under `dir` (or of the file). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function ensureBuilt(): void {
  const built = (() => {
    try {
      return Math.min(statSync(CLI).mtimeMs, statSync(BUNDLE).mtimeMs);
    } catch {
      return -1;
    }
  })();
  const sources = Math.max(...['src/cli', 'src/shared', 'package.json', 'scripts/build-cli.mjs'].map((p) => newest(join(root, p))));
  if (built >= sources) return;
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the command line failed:\n${build.stderr}`);
}
ensureBuilt();

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `paramsketch ARGS…`, with `input` on its standard input (none: an empty one). */
export function cli(args: readonly string[], input?: string | Uint8Array): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => {}); // a command that never reads its input may exit before it is written
    child.stdin.end(input ?? '');
  });
}

/** A fresh folder for one test file's inputs and outputs, removed afterwards. */
export function scratchFolder(): { dir: string; write: (name: string, content: unknown) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'paramsketch-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, content instanceof Uint8Array || typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };
  return { dir, write };
}

/** The one line a failure prints: stderr holds exactly one line, `paramsketch: …`. */
export function oneLine(run: Run): string {
  const lines = run.stderr.split('\n').filter(Boolean);
  if (lines.length !== 1 || !lines[0].startsWith('paramsketch: ')) throw new Error(`expected one line on stderr, got:\n${run.stderr}`);
  return lines[0];
}

// ---------------------------------------------------------------------------------------------
// Real model files (tests/fixtures/real-models) and what their own repository's evidence says they hold.

interface Evidence {
  /** For an .h5: saved with save_weights, no architecture. */
  weightsOnly?: boolean;
  totals?: { total: number };
  weights?: { shape: number[] }[];
}

export interface RealModel {
  slug: string;
  path: string;
  format: string;
  weightsOnly: boolean;
  /** The total the evidence gives (a summary's total, or the sum of the weights' shapes); undefined where it gives none. */
  total?: number;
}

const realModelsDir = join(root, 'tests', 'fixtures', 'real-models');

export const REAL_MODELS: RealModel[] = readdirSync(realModelsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => {
    const read = (file: string) => JSON.parse(readFileSync(join(realModelsDir, d.name, file), 'utf8'));
    const source = read('source.json') as { file: string; format: string };
    const evidence = read('expected.json') as Evidence;
    const weights = evidence.weights?.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
    // An archive's weightsOnly describes the weights file inside it; an .h5 saved with save_weights holds no model.
    const weightsOnly = source.format === 'h5' && !!evidence.weightsOnly;
    return { slug: d.name, path: join(realModelsDir, d.name, source.file), format: source.format, weightsOnly, total: evidence.totals?.total ?? weights };
  });

export const realModel = (slug: string): RealModel => REAL_MODELS.find((m) => m.slug === slug)!;
