import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { DesignSummary, SavedDesign, SavedSnapshot, SnapshotSummary } from '../../shared/api';
import type { Sketch } from '../../shared/sketch';
import { migrate, SCHEMA_VERSION } from './migrations';
import { summariseSketch, type DesignSummaryColumns } from './summary';

export type SnapshotReason = SnapshotSummary['reason'];

const MINUTE = 60_000;
/** While a design is edited, autosaves keep a snapshot at most this often. */
export const SNAPSHOT_EVERY_MS = 5 * MINUTE;
/** The trash forgets a design this long after it was deleted. */
export const TRASH_KEEPS_MS = 30 * 24 * 60 * MINUTE;

interface DesignRow {
  id: string;
  name: string;
  sketch: string;
  updated_at: number;
}
interface SummaryRow {
  id: string;
  name: string;
  layers: number;
  params_keras: string | null;
  params_pytorch: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  summary_problem: string | null;
  active_params: string | null;
}
interface SnapshotRow {
  id: number;
  design_id: string;
  taken_at: number;
  reason: SnapshotReason;
  name: string;
  layers: number;
  params_keras: string | null;
  params_pytorch: string | null;
  sketch?: string;
}

const SUMMARY_COLUMNS = 'id, name, layers, params_keras, params_pytorch, created_at, updated_at, deleted_at, summary_problem, active_params';
const SNAPSHOT_COLUMNS = 'id, design_id, taken_at, reason, name, layers, params_keras, params_pytorch';

const toSummary = (r: SummaryRow): DesignSummary => ({
  id: r.id,
  name: r.name,
  layers: r.layers,
  paramsKeras: r.params_keras,
  paramsPytorch: r.params_pytorch,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
  ...(r.active_params ? { activeParams: r.active_params } : {}),
  ...(r.summary_problem ? { summaryProblem: r.summary_problem } : {}),
});

const toSnapshot = (r: SnapshotRow): SnapshotSummary => ({
  id: r.id,
  designId: r.design_id,
  takenAt: r.taken_at,
  reason: r.reason,
  name: r.name,
  layers: r.layers,
  paramsKeras: r.params_keras,
  paramsPytorch: r.params_pytorch,
});

const toSaved = (r: DesignRow): SavedDesign => ({ id: r.id, sketch: JSON.parse(r.sketch) as Sketch, savedAt: r.updated_at });

export interface DesignStoreOptions {
  /** Where the database lives, for the about line. */
  location: string;
  /** What the user must hear about the database, if anything (moved aside, locked). */
  notice?: string;
  now?: () => number;
  /** Another program holds the database: designs can be read, every write is refused with `notice`. */
  readOnly?: boolean;
}

/**
 * Saved designs, their history and the trash, in SQLite. Every write is one transaction, so a crash
 * leaves each design as it was before or after a save, never half-written (WAL, see openDatabase).
 */
export class DesignStore {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #sql: Record<string, Statement>;
  readonly #readOnly: boolean;
  #lastStamp = 0;
  readonly location: string;
  readonly notice?: string;

  constructor(db: Database, { location, notice, now = Date.now, readOnly = false }: DesignStoreOptions) {
    this.#db = db;
    this.#now = now;
    this.#readOnly = readOnly;
    this.location = location;
    this.notice = notice;
    if (!readOnly) migrate(db, (json) => summariseSketch(JSON.parse(json) as Sketch));
    else if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION)
      throw new Error(`${notice} Its schema also needs updating, which cannot happen while it is locked`);
    const sql = (text: string) => db.prepare(text);
    this.#sql = {
      design: sql('SELECT id, name, sketch, updated_at FROM designs WHERE id = ?'),
      latest: sql('SELECT id, name, sketch, updated_at FROM designs WHERE deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1'),
      insert: sql(`INSERT INTO designs (id, name, sketch, created_at, updated_at, layers, params_keras, params_pytorch, active_params, thumbnail, summary_problem)
        VALUES (@id, @name, @sketch, @now, @now, @layers, @paramsKeras, @paramsPytorch, @activeParams, @thumbnail, @problem)`),
      update: sql(`UPDATE designs SET name = @name, sketch = @sketch, updated_at = @now, layers = @layers,
        params_keras = @paramsKeras, params_pytorch = @paramsPytorch, active_params = @activeParams, thumbnail = @thumbnail, summary_problem = @problem
        WHERE id = @id`),
      columns: sql(`SELECT layers, params_keras AS paramsKeras, params_pytorch AS paramsPytorch, active_params AS activeParams, thumbnail,
        summary_problem AS problem FROM designs WHERE id = ?`),
      library: sql(`SELECT ${SUMMARY_COLUMNS} FROM designs WHERE deleted_at IS NULL ORDER BY updated_at DESC`),
      trash: sql(`SELECT ${SUMMARY_COLUMNS} FROM designs WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC`),
      summary: sql(`SELECT ${SUMMARY_COLUMNS} FROM designs WHERE id = ?`),
      thumbnails: sql('SELECT id, thumbnail FROM designs WHERE id IN (SELECT value FROM json_each(?))'),
      rename: sql('UPDATE designs SET name = @name, sketch = json_set(sketch, \'$.name\', @name), updated_at = @now WHERE id = @id'),
      setDeleted: sql('UPDATE designs SET deleted_at = @deletedAt WHERE id = @id'),
      purge: sql('DELETE FROM designs WHERE deleted_at IS NOT NULL AND deleted_at < ?'),
      lastSnapshot: sql('SELECT id, taken_at FROM snapshots WHERE design_id = ? ORDER BY taken_at DESC, id DESC LIMIT 1'),
      snapshotSketch: sql('SELECT sketch FROM snapshots WHERE id = ?'),
      snapshot: sql(`INSERT INTO snapshots (design_id, taken_at, reason, name, sketch, layers, params_keras, params_pytorch)
        VALUES (@id, @now, @reason, @name, @sketch, @layers, @paramsKeras, @paramsPytorch)`),
      snapshots: sql(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE design_id = ? ORDER BY taken_at DESC, id DESC`),
      openSnapshot: sql(`SELECT ${SNAPSHOT_COLUMNS}, sketch FROM snapshots WHERE id = ?`),
    };
    if (!readOnly) this.#sql.purge.run(this.#now() - TRASH_KEEPS_MS);
  }

  /** Every write goes through here first: a read-only library says why instead of SQLite's bare error. */
  #writable(): void {
    if (this.#readOnly) throw new Error(`not saved: ${this.notice}`);
  }

  /** Distinct, increasing times, so that "most recent" is well defined even within one millisecond. */
  #stamp(): number {
    this.#lastStamp = Math.max(this.#now(), this.#lastStamp + 1);
    return this.#lastStamp;
  }

  /**
   * Saves the sketch as design `id` (new when absent or unknown) and keeps a snapshot where one is due.
   * `summary` is the library's columns worked out beforehand (off the request path, see
   * background-summaries.ts); without it they are worked out here.
   */
  save(sketch: Sketch, options: { id?: string; snapshot?: SnapshotReason; summary?: DesignSummaryColumns } = {}): SavedDesign {
    this.#writable();
    const json = JSON.stringify(sketch);
    const summary = options.summary ?? summariseSketch(sketch);
    const id = options.id ?? randomUUID();
    return this.#db.transaction((): SavedDesign => {
      const now = this.#stamp();
      const row = { id, name: sketch.name, sketch: json, now, ...summary };
      if (this.#sql.update.run(row).changes === 0) this.#sql.insert.run(row);
      const reason = options.snapshot ?? (this.#snapshotDue(id, json, now) ? 'autosave' : undefined);
      if (reason) this.#sql.snapshot.run({ ...row, reason });
      return { id, sketch, savedAt: now };
    })();
  }

  /** Runs on every autosave: the last snapshot's sketch (megabytes for a large design) is read only once one is due by time. */
  #snapshotDue(id: string, json: string, now: number): boolean {
    const last = this.#sql.lastSnapshot.get(id) as { id: number; taken_at: number } | undefined;
    if (!last) return true;
    if (now - last.taken_at < SNAPSHOT_EVERY_MS) return false;
    return (this.#sql.snapshotSketch.get(last.id) as { sketch: string }).sketch !== json;
  }

  open(id: string): SavedDesign | null {
    const row = this.#sql.design.get(id) as DesignRow | undefined;
    return row ? toSaved(row) : null;
  }

  latest(): SavedDesign | null {
    const row = this.#sql.latest.get() as DesignRow | undefined;
    return row ? toSaved(row) : null;
  }

  list(options: { trash?: boolean } = {}): DesignSummary[] {
    return (this.#sql[options.trash ? 'trash' : 'library'].all() as SummaryRow[]).map(toSummary);
  }

  /** The thumbnails of the designs with these ids (unknown ids are left out). */
  thumbnails(ids: string[]): Record<string, string> {
    const rows = this.#sql.thumbnails.all(JSON.stringify(ids)) as { id: string; thumbnail: string }[];
    return Object.fromEntries(rows.map((r) => [r.id, r.thumbnail]));
  }

  #summary(id: string): DesignSummary {
    const row = this.#sql.summary.get(id) as SummaryRow | undefined;
    if (!row) throw new Error(`there is no design with id '${id}'`);
    return toSummary(row);
  }

  rename(id: string, name: string): DesignSummary {
    this.#writable();
    this.#summary(id);
    this.#sql.rename.run({ id, name, now: this.#stamp() });
    return this.#summary(id);
  }

  duplicate(id: string): SavedDesign {
    const original = this.open(id);
    if (!original) throw new Error(`there is no design with id '${id}'`);
    return this.save({ ...original.sketch, name: `${original.sketch.name} (copy)` }, { summary: this.#columns(id) });
  }

  /** To the trash (or back out with `deleted: false`); the trash empties itself after TRASH_KEEPS_MS. */
  setDeleted(id: string, deleted: boolean): void {
    this.#writable();
    this.#summary(id);
    this.#sql.setDeleted.run({ id, deletedAt: deleted ? this.#stamp() : null });
  }

  snapshots(id: string): SnapshotSummary[] {
    return (this.#sql.snapshots.all(id) as SnapshotRow[]).map(toSnapshot);
  }

  openSnapshot(snapshotId: number): SavedSnapshot | null {
    const row = this.#sql.openSnapshot.get(snapshotId) as SnapshotRow | undefined;
    return row ? { ...toSnapshot(row), sketch: JSON.parse(row.sketch!) as Sketch } : null;
  }

  /** The library columns stored for a design (it exists): reused where the sketch is unchanged. */
  #columns(id: string): DesignSummaryColumns {
    return this.#sql.columns.get(id) as DesignSummaryColumns;
  }

  /**
   * The snapshot becomes the design's state; the state it replaces is kept as a snapshot first.
   * `summary` is the snapshot's sketch's, worked out beforehand (else here).
   */
  restoreSnapshot(snapshotId: number, summary?: DesignSummaryColumns): SavedDesign {
    const snapshot = this.openSnapshot(snapshotId);
    if (!snapshot) throw new Error(`there is no snapshot ${snapshotId}`);
    return this.#db.transaction(() => {
      const current = this.open(snapshot.designId);
      if (current) this.save(current.sketch, { id: snapshot.designId, snapshot: 'before restore', summary: this.#columns(snapshot.designId) });
      return this.save(snapshot.sketch, { id: snapshot.designId, summary });
    })();
  }

  close(): void {
    this.#db.close();
  }
}

