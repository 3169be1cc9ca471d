// Issue 17, item 5: a database another program holds locked is never moved aside as if it were
// broken. The store waits (busy_timeout, shortened here), then opens read-only and says why; where the
// lock keeps even readers out, it says so and leaves the file alone. Damaged files: design-store.test.ts.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore } from '../../src/main/store/open-store';
import type { Sketch } from '../../src/shared/sketch';
import { chain } from '../helpers';

const sketch = (name: string): Sketch => ({ name, convention: 'keras', design: chain([3], ['Dense', { units: 2 }]), layout: {} });

let dir: string;
let path: string;
const open = () => openStore({ path, busyTimeoutMs: 50 });
const asideFiles = () => readdirSync(dir).filter((f) => f.includes('.broken-'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paramsketch-locked-'));
  path = join(dir, 'designs.db');
  const store = openStore({ path });
  store.save(sketch('kept'), { id: 'kept' });
  store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What a read-only library must do: list and open what is there, refuse writes saying why, move nothing. */
function expectReadOnlyLibrary() {
  const store = open();
  expect(store.notice).toMatch(/another program holds a lock on the design database .*designs\.db, so the library is open read-only/);
  expect(store.list().map((d) => d.name)).toEqual(['kept']);
  expect(store.open('kept')?.sketch).toEqual(sketch('kept'));
  expect(() => store.save(sketch('new'))).toThrow(/^not saved: another program holds a lock/);
  expect(() => store.rename('kept', 'x')).toThrow(/^not saved/);
  store.close();
  expect(asideFiles()).toEqual([]);
}

it('opens read-only, never moving the file, while another connection holds BEGIN EXCLUSIVE', () => {
  const holder = new Database(path);
  holder.exec('BEGIN EXCLUSIVE');
  expectReadOnlyLibrary();
  // The holder's writes land in the same file, which the next start opens as usual.
  holder.prepare("UPDATE designs SET name = 'written while locked' WHERE id = 'kept'").run();
  holder.exec('COMMIT');
  holder.close();
  const store = open();
  expect(store.notice).toBeUndefined();
  expect(store.list().map((d) => d.name)).toEqual(['written while locked']);
  store.save(sketch('saved again'), { id: 'kept' });
  store.close();
});

/** Another process that takes the lock, says so on stdout, and holds it until killed. */
function lockingProcess(script: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', script, path], { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(import.meta.dirname, '../..') });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the locking process exited (${code})`)));
  });
}
const HOLD = `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN EXCLUSIVE'); console.log('locked'); setInterval(() => {}, 1000);`;

it('opens read-only while another process holds the lock', async () => {
  const child = await lockingProcess(HOLD);
  try {
    expectReadOnlyLibrary();
  } finally {
    child.kill('SIGKILL');
  }
});

it('says the database is locked, and leaves it alone, when the lock keeps even readers out', async () => {
  // In a rollback-journal database an exclusive lock shuts out readers too (WAL, ours, lets them read).
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  db.close();
  const child = await lockingProcess(`${HOLD.replace("db.exec('BEGIN EXCLUSIVE');", "db.exec('BEGIN EXCLUSIVE'); db.exec(\"UPDATE designs SET name = 'x'\");")}`);
  try {
    expect(() => open()).toThrow(/another program holds a lock on the design database .* cannot even be read; it was left as it is/);
    expect(asideFiles()).toEqual([]);
  } finally {
    child.kill('SIGKILL');
  }
});
