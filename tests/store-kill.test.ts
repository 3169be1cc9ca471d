// Kills a process that is autosaving in a loop, 50 times at random moments (SIGKILL: no cleanup, no
// flush), then checks the database: SQLite's integrity check passes, and every design whose save had
// returned before the kill is there, whole, at that version or a later one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../src/main/store/open-store';
import { versionedSketch } from './store/versioned-sketch';

const KILLS = 50;
const dir = mkdtempSync(join(tmpdir(), 'paramsketch-kill-'));
const path = join(dir, 'designs.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the loop, waits until it has saved something, kills it after a random delay; returns what it reported. */
function runAndKill(firstVersion: number, delayMs: number): Promise<{ saved: Map<string, number>; count: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store/autosave-loop.ts'), String(firstVersion)], {
      env: { ...process.env, PARAMSKETCH_DB: path },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const saved = new Map<string, number>();
    let count = 0;
    let buffer = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [word, id, version] = line.split(' ');
        if (word === 'saved') saved.set(id, Number(version)), count++;
        if (word === 'ready') timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ saved, count, signal });
    });
  });
}

it(`keeps the database whole and every returned save through ${KILLS} SIGKILLs`, { timeout: 240_000 }, async () => {
  const returned = new Map<string, number>();
  let saves = 0;
  for (let run = 0; run < KILLS; run++) {
    const { saved, count, signal } = await runAndKill(run * 1_000_000, 5 + Math.random() * 120);
    expect(signal).toBe('SIGKILL');
    for (const [id, version] of saved) returned.set(id, version);
    saves += count;
  }
  expect(saves).toBeGreaterThan(KILLS); // the kills landed while saves were under way

  const db = new Database(path, { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
  const store = openStore({ path });
  expect(store.notice).toBeUndefined();
  for (const [id, version] of returned) {
    const design = store.open(id);
    expect(design, id).not.toBeNull();
    const stored = Number(design!.sketch.name.slice(1));
    // A later save may have committed without having reported back before the kill.
    expect(stored).toBeGreaterThanOrEqual(version);
    expect(design!.sketch).toEqual(versionedSketch(stored));
  }
  for (const snapshot of store.snapshots('design-0')) expect(store.openSnapshot(snapshot.id)!.sketch).toEqual(versionedSketch(Number(snapshot.name.slice(1))));
  store.close();
});
