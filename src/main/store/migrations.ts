import type { Database } from 'better-sqlite3';
import type { DesignSummaryColumns } from './summary';

/**
 * The schema, one forward step per version: `PRAGMA user_version` says how many have run. A step is
 * never edited once released (databases out there have run it); a change is a new step at the end.
 */
export interface Migration {
  /** What the step changes, for the error message if it fails. */
  describe: string;
  run(db: Database, summarise: (sketchJson: string) => DesignSummaryColumns): void;
}

export const MIGRATIONS: Migration[] = [
  {
    describe: 'designs as JSON sketches',
    run: (db) =>
      db.exec(`CREATE TABLE designs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        sketch TEXT NOT NULL,
        saved_at INTEGER NOT NULL
      )`),
  },
  {
    describe: 'library columns (layer count, totals, thumbnail), the trash, and snapshot history',
    run: (db, summarise) => {
      db.exec(`
        ALTER TABLE designs RENAME COLUMN saved_at TO updated_at;
        ALTER TABLE designs ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
        UPDATE designs SET created_at = updated_at;
        ALTER TABLE designs ADD COLUMN deleted_at INTEGER;
        ALTER TABLE designs ADD COLUMN layers INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE designs ADD COLUMN params_keras TEXT;
        ALTER TABLE designs ADD COLUMN params_pytorch TEXT;
        ALTER TABLE designs ADD COLUMN thumbnail TEXT NOT NULL DEFAULT '';
        -- Covers the library listing: rows hold the sketch and thumbnail, and reading a column stored after
        -- them means walking their overflow pages; from this index the listing never touches the rows.
        CREATE INDEX designs_library ON designs (deleted_at, updated_at DESC, id, name, layers, params_keras, params_pytorch, created_at);
        CREATE TABLE snapshots (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          design_id TEXT NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
          taken_at INTEGER NOT NULL,
          reason TEXT NOT NULL,
          name TEXT NOT NULL,
          sketch TEXT NOT NULL,
          layers INTEGER NOT NULL,
          params_keras TEXT,
          params_pytorch TEXT
        );
        CREATE INDEX snapshots_by_design ON snapshots (design_id, taken_at DESC);
      `);
      // Designs saved before this step get their library columns worked out from their sketches.
      const rows = db.prepare('SELECT id, sketch FROM designs').all() as { id: string; sketch: string }[];
      const update = db.prepare('UPDATE designs SET layers = @layers, params_keras = @paramsKeras, params_pytorch = @paramsPytorch, thumbnail = @thumbnail WHERE id = @id');
      for (const row of rows) update.run({ id: row.id, ...summarise(row.sketch) });
    },
  },
  {
    describe: 'why a design has no library summary (too large or too slow to work out), and its active parameters',
    run: (db, summarise) => {
      // active_params stays empty for designs saved before: their next save fills it (working it out for a
      // whole library here would hold up the first start).
      db.exec(`
        ALTER TABLE designs ADD COLUMN summary_problem TEXT;
        ALTER TABLE designs ADD COLUMN active_params TEXT;
        DROP INDEX designs_library;
        CREATE INDEX designs_library ON designs (deleted_at, updated_at DESC, id, name, layers, params_keras, params_pytorch, created_at, summary_problem, active_params);
      `);
      // Counts past 2^53 were stored as Infinity: they get a finite count and the reason now.
      const rows = db.prepare("SELECT id, sketch FROM designs WHERE layers > 9007199254740991 OR typeof(layers) <> 'integer'").all() as { id: string; sketch: string }[];
      const update = db.prepare(
        'UPDATE designs SET layers = @layers, params_keras = @paramsKeras, params_pytorch = @paramsPytorch, active_params = @activeParams, thumbnail = @thumbnail, summary_problem = @problem WHERE id = @id',
      );
      for (const row of rows) update.run({ id: row.id, ...summarise(row.sketch) });
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Runs the steps a database has not run yet, each in its own transaction with its version bump. */
export function migrate(db: Database, summarise: (sketchJson: string) => DesignSummaryColumns): void {
  const at = db.pragma('user_version', { simple: true }) as number;
  if (at > SCHEMA_VERSION)
    throw new StoreTooNew(`the design database was written by a newer Paramsketch (schema ${at}; this version knows up to ${SCHEMA_VERSION})`);
  for (let version = at; version < SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version];
    db.transaction(() => {
      step.run(db, summarise);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** A database from a newer version: kept as it is, never migrated down or overwritten. */
export class StoreTooNew extends Error {}
