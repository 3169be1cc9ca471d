// The SQLite design store: saving, the library's summaries, history, the trash, migrations from an old
// schema, and what happens to a database that cannot be read. Counts asserted come from the seeds.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_EVERY_MS, TRASH_KEEPS_MS } from '../src/main/store/design-store';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/main/store/migrations';
import { unsummarised } from '../src/main/store/summary';
import { appDataFolder, databasePath, nativeBindingFor, openStore } from '../src/main/store/open-store';
import type { Sketch } from '../src/shared/sketch';
import { chain } from './helpers';
import { nestedBlocks } from './store/nested-blocks';

const sketchOf = (name: string, design = chain([3], ['Dense', { units: 5 }], ['Dense', { units: 2 }])): Sketch => ({
  name,
  convention: 'keras',
  design,
  layout: {},
});
/** Seed: LSTM(2) on 3 inputs is 48 in Keras, 56 in PyTorch. */
const lstm = () => sketchOf('lstm', chain([null, 3], ['LSTM', { units: 2 }]));

let dir: string;
let clock: number;
const now = () => clock;
const open = (path = join(dir, 'designs.db')) => openStore({ path, now });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paramsketch-store-'));
  clock = Date.UTC(2026, 10, 23, 12);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('saving and opening', () => {
  it('keeps a design across a reopen of the database, with its summary', () => {
    const store = open();
    const saved = store.save(lstm());
    store.close();
    const again = open();
    expect(again.open(saved.id)?.sketch).toEqual(lstm());
    const [summary] = again.list();
    expect(summary).toMatchObject({ id: saved.id, name: 'lstm', layers: 2, paramsKeras: '48', paramsPytorch: '56', deletedAt: null });
    expect(again.thumbnails([saved.id, 'gone'])).toEqual({ [saved.id]: expect.stringMatching(/^<svg .*<rect/) });
    again.close();
  });

  it('updates in place under the same id and lists the most recently edited first', () => {
    const store = open();
    const a = store.save(sketchOf('a'));
    const b = store.save(sketchOf('b'));
    store.save(sketchOf('a, edited', chain([10], ['Dense', { units: 2 }])), { id: a.id });
    expect(store.list().map((d) => d.name)).toEqual(['a, edited', 'b']);
    // Dense is i·o + o: 10·2 + 2 = 22.
    expect(store.list()[0].paramsKeras).toBe('22');
    expect(store.latest()?.id).toBe(a.id);
    expect(b.savedAt).toBeGreaterThan(a.savedAt);
  });

  it('gives designs with an uncountable layer no total rather than a wrong one', () => {
    const store = open();
    store.save(sketchOf('broken', chain([3], ['Dense', { units: 0 }])));
    expect(store.list()[0]).toMatchObject({ paramsKeras: null, paramsPytorch: null, layers: 2 });
  });

  it('renames (in the library and inside the sketch) and duplicates', () => {
    const store = open();
    const { id } = store.save(sketchOf('first'));
    expect(store.rename(id, 'renamed').name).toBe('renamed');
    expect(store.open(id)?.sketch.name).toBe('renamed');
    const copy = store.duplicate(id);
    expect(copy.id).not.toBe(id);
    expect(copy.sketch.name).toBe('renamed (copy)');
    expect(store.list()).toHaveLength(2);
    expect(() => store.rename('nope', 'x')).toThrow(/no design with id 'nope'/);
  });
});

describe('history', () => {
  it('keeps a snapshot on explicit save, and while autosaving at most every few minutes when something changed', () => {
    const store = open();
    const { id } = store.save(sketchOf('v1'));
    expect(store.snapshots(id).map((s) => s.reason)).toEqual(['autosave']); // the first state of a design
    clock += 1000;
    store.save(sketchOf('v2'), { id });
    expect(store.snapshots(id)).toHaveLength(1);
    store.save(sketchOf('v3'), { id, snapshot: 'saved' });
    expect(store.snapshots(id).map((s) => [s.reason, s.name])).toEqual([
      ['saved', 'v3'],
      ['autosave', 'v1'],
    ]);
    clock += SNAPSHOT_EVERY_MS;
    store.save(sketchOf('v3'), { id });
    expect(store.snapshots(id)).toHaveLength(2); // nothing changed since the last snapshot
    store.save(sketchOf('v4'), { id });
    expect(store.snapshots(id)[0]).toMatchObject({ reason: 'autosave', name: 'v4', paramsKeras: '32' });
  });

  it('restores a snapshot, keeping the state it replaces', () => {
    const store = open();
    const { id } = store.save(lstm(), { snapshot: 'saved' });
    const [first] = store.snapshots(id);
    store.save(sketchOf('other'), { id });
    const restored = store.restoreSnapshot(first.id);
    expect(restored.sketch).toEqual(lstm());
    expect(store.open(id)?.sketch).toEqual(lstm());
    const reasons = store.snapshots(id).map((s) => [s.reason, s.name]);
    expect(reasons[0]).toEqual(['before restore', 'other']);
    expect(store.openSnapshot(first.id)?.sketch).toEqual(lstm());
    expect(() => store.restoreSnapshot(9999)).toThrow(/no snapshot 9999/);
  });
});

describe('trash', () => {
  it('moves a design to the trash and back', () => {
    const store = open();
    const { id } = store.save(sketchOf('doomed'));
    store.save(sketchOf('kept'));
    store.setDeleted(id, true);
    expect(store.list().map((d) => d.name)).toEqual(['kept']);
    const [deleted] = store.list({ trash: true });
    expect(deleted).toMatchObject({ id, name: 'doomed' });
    expect(deleted.deletedAt).toBeGreaterThanOrEqual(clock);
    expect(store.latest()?.sketch.name).toBe('kept');
    store.setDeleted(id, false);
    expect(store.list().map((d) => d.name).sort()).toEqual(['doomed', 'kept']);
  });

  it('empties designs deleted more than 30 days ago, with their history', () => {
    const store = open();
    const old = store.save(sketchOf('old')).id;
    store.setDeleted(old, true);
    clock += 1000;
    const recent = store.save(sketchOf('recent')).id;
    store.setDeleted(recent, true);
    store.close();
    clock += TRASH_KEEPS_MS - 500;
    const later = open();
    expect(later.list({ trash: true }).map((d) => d.id)).toEqual([recent]);
    expect(later.snapshots(old)).toEqual([]);
    later.close();
  });
});

describe('migrations', () => {
  it('brings a schema-1 database forward, working out the library columns from the sketches', () => {
    const path = join(dir, 'old.db');
    const db = new Database(path);
    db.exec(readFileSync(new URL('./fixtures/store/schema-v1.sql', import.meta.url), 'utf8'));
    db.close();
    const store = open(path);
    const byId = Object.fromEntries(store.list().map((d) => [d.id, d]));
    expect(byId.ffnn).toMatchObject({ name: 'FFNN 3-5-2', layers: 3, paramsKeras: '32', paramsPytorch: '32', createdAt: 1700000000000, updatedAt: 1700000000000 });
    expect(byId.lstm).toMatchObject({ paramsKeras: '48', paramsPytorch: '56' });
    expect(store.latest()?.id).toBe('lstm');
    store.save(store.open('ffnn')!.sketch, { id: 'ffnn', snapshot: 'saved' });
    expect(store.snapshots('ffnn')).toHaveLength(1);
    store.close();
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });
});

describe('library summaries', () => {
  // 80 nested blocks ×10,000 expand to 10^320 layers: the count was stored as Infinity (sent as null).
  it('lists a design past any layer count with a finite count and the reason, also one saved that way before', () => {
    const huge = sketchOf('huge', nestedBlocks(80, 10_000));
    const store = open();
    store.save(huge, { id: 'now' });
    const path = join(dir, 'v2.db');
    const db = new Database(path);
    for (const step of MIGRATIONS.slice(0, 2)) step.run(db, () => ({ ...unsummarised(huge, ''), layers: Infinity, problem: null }));
    db.prepare('INSERT INTO designs (id, name, sketch, updated_at, layers) VALUES (?, ?, ?, 1, ?)').run('before', 'huge', JSON.stringify(huge), Infinity);
    db.pragma('user_version = 2');
    db.close();
    const migrated = open(path);
    for (const [s, id] of [[store, 'now'], [migrated, 'before']] as const) {
      const [summary] = s.list();
      expect(summary.id).toBe(id);
      expect(summary.layers).toBe(2); // the top level's: the Input and the block instance
      expect(summary.summaryProblem).toMatch(/expands to more layers than can be counted/);
    }
  });
});

describe('a database that cannot be read', () => {
  const asideFiles = () => readdirSync(dir).filter((f) => f.includes('.broken-'));

  it('moves a file that is not a database aside, keeps it byte for byte, and starts afresh', () => {
    const path = join(dir, 'designs.db');
    const garbage = Buffer.from('this is not an SQLite file, just some text that happens to be here\n'.repeat(100));
    writeFileSync(path, garbage);
    const store = open(path);
    expect(store.notice).toMatch(/could not be read .*moved to .*designs\.db\.broken-2026-11-23T12-00-00-000Z/);
    expect(store.list()).toEqual([]);
    store.save(sketchOf('fresh'));
    expect(asideFiles()).toHaveLength(1);
    expect(readFileSync(join(dir, asideFiles()[0]))).toEqual(garbage);
    store.close();
  });

  it('moves a database with damaged pages aside', () => {
    const path = join(dir, 'designs.db');
    const store = open(path);
    for (let i = 0; i < 200; i++) store.save(sketchOf(`design ${i}`));
    store.close();
    const bytes = readFileSync(path);
    // Overwrite pages past the header: the tables' b-trees are damaged, the file still says it is SQLite.
    bytes.fill(0x5a, 4096 * 2, 4096 * 6);
    writeFileSync(path, bytes);
    const reopened = open(path);
    expect(reopened.notice).toMatch(/could not be read/);
    expect(reopened.list()).toEqual([]);
    expect(asideFiles()).toHaveLength(1);
    reopened.close();
  });

  it('never moves a second broken file over the first', () => {
    const path = join(dir, 'designs.db');
    writeFileSync(path, 'broken once');
    open(path).close();
    writeFileSync(path, 'broken twice');
    open(path).close();
    expect(asideFiles().map((f) => readFileSync(join(dir, f), 'utf8')).sort()).toEqual(['broken once', 'broken twice']);
  });

  it('keeps a database written by a newer version aside, untouched', () => {
    const path = join(dir, 'designs.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const store = open(path);
    expect(store.notice).toMatch(new RegExp(`newer Paramsketch \\(schema ${SCHEMA_VERSION + 5}; this version knows up to ${SCHEMA_VERSION}\\)`));
    const aside = new Database(join(dir, asideFiles()[0]));
    expect(aside.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    aside.close();
    store.close();
  });
});

describe('where the database lives', () => {
  it('follows the OS per-user app-data folder, as Electron names userData', () => {
    expect(appDataFolder('linux', {}, '/home/ada')).toBe('/home/ada/.config/Paramsketch');
    expect(appDataFolder('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe('/cfg/Paramsketch');
    expect(appDataFolder('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support/Paramsketch');
    expect(appDataFolder('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toMatch(/Roaming.Paramsketch$/);
  });

  it('lets PARAMSKETCH_DB override the path', () => {
    expect(databasePath('/data', {})).toBe(join('/data', 'designs.db'));
    expect(databasePath('/data', { PARAMSKETCH_DB: '/tmp/x.db' })).toBe('/tmp/x.db');
  });

  it('loads the Electron build of SQLite in Electron and npm’s own build in Node', () => {
    expect(nativeBindingFor({ ...process.versions, electron: undefined } as unknown as NodeJS.ProcessVersions, '/app')).toBeUndefined();
    expect(nativeBindingFor({ ...process.versions, electron: '40.10.2', modules: '143' }, '/app')).toBe(join('/app', 'native', 'better-sqlite3-electron-abi143.node'));
  });

  it('says how to build SQLite for Electron when that build is missing, and leaves the database alone', () => {
    const path = join(dir, 'designs.db');
    expect(() => openStore({ path, nativeBinding: join(dir, 'missing.node') })).toThrow(/SQLite for Electron is not built .*build-sqlite-electron/);
    expect(existsSync(path)).toBe(false);
  });
});
