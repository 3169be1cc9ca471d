import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DesignStore } from './design-store';
import { StoreTooNew } from './migrations';

const APP_FOLDER = 'Paramsketch';
const DB_FILE = 'designs.db';

/**
 * The per-user app-data folder, as Electron's `app.getPath('userData')` names it (appData + the app's
 * productName), so browser mode and the desktop app share one library.
 */
export function appDataFolder(platform = process.platform, env = process.env, home = homedir()): string {
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(base, APP_FOLDER);
}

/** `PARAMSKETCH_DB` wins (tests use it); otherwise designs.db in the app-data folder. */
export const databasePath = (folder: string, env = process.env): string => env.PARAMSKETCH_DB || join(folder, DB_FILE);

/**
 * better-sqlite3 is a native module, built per ABI: Node's (tests, browser mode, the CLI) is the one npm
 * builds in node_modules; Electron's (a different NODE_MODULE_VERSION) is built beside it by
 * scripts/build-sqlite-electron.mjs into native/, and chosen here by the running ABI.
 */
export function nativeBindingFor(versions: NodeJS.ProcessVersions, appRoot: string): string | undefined {
  if (!versions.electron) return undefined;
  return join(appRoot, 'native', `better-sqlite3-electron-abi${versions.modules}.node`);
}

export interface OpenStoreOptions {
  path: string;
  nativeBinding?: string;
  now?: () => number;
  /** How long SQLite waits for another program's lock on each attempt (busy_timeout); tests shorten it. */
  busyTimeoutMs?: number;
}

/** Per attempt; a locked database gets a second attempt before the store opens read-only. */
const BUSY_TIMEOUT_MS = 5_000;

/** The quick check found damage: the file is SQLite's, but its pages are not whole. */
class FailedIntegrityCheck extends Error {}

const sqliteCode = (error: unknown): string => String((error as { code?: unknown })?.code ?? '');
/** What SQLite says of a file it cannot read as a database at all, or of one with damaged pages. */
const isDamaged = (error: unknown) => error instanceof StoreTooNew || error instanceof FailedIntegrityCheck || /^SQLITE_(NOTADB|CORRUPT)/.test(sqliteCode(error));
/** Another connection (this app's second window, another program) holds a lock longer than we waited. */
const isLocked = (error: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(error));

function connect(path: string, options: OpenStoreOptions, notice?: string, readOnly = false): DesignStore {
  const db = new Database(path, {
    timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS,
    readonly: readOnly,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    if (!readOnly) {
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL survives any crash of the app (the kill test checks it); only a power cut may
      // lose the last saves. FULL would wait for the disk on every autosave.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    // Reads every page: a file that is damaged or not a database at all fails here, not mid-edit.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new FailedIntegrityCheck(`it failed its integrity check: ${String(check)}`);
    return new DesignStore(db, { location: path, notice, now: options.now, readOnly });
  } catch (error) {
    db.close();
    throw error;
  }
}

const stamp = (time: number) => new Date(time).toISOString().replace(/[:.]/g, '-');

/** Moves a broken database (and its WAL files) aside under a timestamped name, never over another file. */
function moveAside(path: string, time: number): string {
  let aside = `${path}.broken-${stamp(time)}`;
  for (let k = 2; existsSync(aside); k++) aside = `${path}.broken-${stamp(time)}-${k}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  return aside;
}

/**
 * Opens the design store at `path`. A file SQLite cannot read as our database (not a database, damaged
 * pages, a newer schema) is moved aside and a fresh one started, and the store's `notice` says so: the
 * app always opens, and nothing is overwritten. A database locked by another program is never moved:
 * after waiting, the library opens read-only and says why; if it cannot even be read, the error says so.
 */
export function openStore(options: OpenStoreOptions): DesignStore {
  const { path, nativeBinding, now = Date.now } = options;
  // Checked first: without the module no file can be read, so moving the database aside would not help.
  if (nativeBinding && !existsSync(nativeBinding))
    throw new Error(`SQLite for Electron is not built (${nativeBinding} is missing); run \`node scripts/build-sqlite-electron.mjs\``);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  try {
    return connectWaiting(path, options);
  } catch (error) {
    if (path === ':memory:' || !existsSync(path)) throw error;
    if (isLocked(error)) return openReadOnly(path, options);
    if (!isDamaged(error)) throw new Error(`the design database ${path} could not be opened (${(error as Error).message}); it was left as it is`);
    const aside = moveAside(path, now());
    const why = error instanceof StoreTooNew ? error.message : `the design database could not be read (${(error as Error).message})`;
    const notice = `${why}. It was moved to ${aside} and a new, empty library started; the old file is untouched.`;
    return connect(path, options, notice);
  }
}

/** Each attempt waits busy_timeout for a lock; a lock still held after that gets one more wait. */
function connectWaiting(path: string, options: OpenStoreOptions): DesignStore {
  try {
    return connect(path, options);
  } catch (error) {
    if (!isLocked(error)) throw error;
    return connect(path, options);
  }
}

/** The database is locked for writing: its designs can still be read, and the notice says why saving is off. */
function openReadOnly(path: string, options: OpenStoreOptions): DesignStore {
  const held = `another program holds a lock on the design database ${path}`;
  const notice = `${held}, so the library is open read-only: designs can be opened, but nothing is saved. Close the other program (or other Paramsketch) and restart.`;
  try {
    return connect(path, options, notice, true);
  } catch (error) {
    if (isLocked(error)) throw new Error(`${held} and it cannot even be read; it was left as it is. Close the other program and start again.`);
    throw error;
  }
}
