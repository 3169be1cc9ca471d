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
}

function connect(path: string, options: OpenStoreOptions, notice?: string): DesignStore {
  const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL survives any crash of the app (the kill test checks it); only a power cut may
    // lose the last saves. FULL would wait for the disk on every autosave.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Reads every page: a file that is damaged or not a database at all fails here, not mid-edit.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`it failed its integrity check: ${String(check)}`);
    return new DesignStore(db, path, notice, options.now);
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
 * Opens the design store at `path`. A file that cannot be read as our database is moved aside and a
 * fresh one started, and the store's `notice` says so: the app always opens, and nothing is overwritten.
 */
export function openStore(options: OpenStoreOptions): DesignStore {
  const { path, nativeBinding, now = Date.now } = options;
  // Checked first: without the module no file can be read, so moving the database aside would not help.
  if (nativeBinding && !existsSync(nativeBinding))
    throw new Error(`SQLite for Electron is not built (${nativeBinding} is missing); run \`node scripts/build-sqlite-electron.mjs\``);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  try {
    return connect(path, options);
  } catch (error) {
    if (path === ':memory:' || !existsSync(path)) throw error;
    const aside = moveAside(path, now());
    const why = error instanceof StoreTooNew ? error.message : `the design database could not be read (${(error as Error).message})`;
    const notice = `${why}. It was moved to ${aside} and a new, empty library started; the old file is untouched.`;
    return connect(path, options, notice);
  }
}
