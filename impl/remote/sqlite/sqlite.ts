/**
 * The SQLite backend (better-sqlite3): the embedded default.
 *
 * Tables: `grove_store(key, value)` (the format marker), `logs(id, base_log, base_lsn)`,
 * `entries(log, lsn, commit_id)` with primary key `(log, lsn)`, and `refs(name, log, lsn)`.
 * Every primitive is one `BEGIN IMMEDIATE` transaction (better-sqlite3's `transaction(...).immediate`),
 * which takes SQLite's write lock before reading, so a read-compare-write is atomic against every other
 * connection, in this process or another. The primary key makes a second writer of one `(log, lsn)` fail
 * even if a check were wrong. better-sqlite3 is synchronous, so a transaction never spans an `await`.
 *
 * A fresh store is created in WAL mode (readers do not block the writer). Opening an existing file
 * checks the schema *before* changing anything: a file that is not a database, a database with other
 * tables, or a Grove database with a table missing is a `CorruptStoreError` naming the file and table,
 * and the file is left byte for byte as it was.
 *
 * Planted bug (`plant: 'cas-outside-transaction'`): the CAS reads and compares in one statement, awaits
 * (the harness's yield point `cas:compared`) and writes in another, outside any transaction.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { CorruptStoreError, StoreUsageError } from '../errors.ts';
import {
  NAME_RE,
  type AppendOutcome,
  type BranchOutcome,
  type CheckMode,
  type CommitId,
  type LogId,
  type LogRef,
  type RefCompare,
  type RefOutcome,
  type RefRead,
  type Remote,
  type RemoteHooks,
  type StoreSnapshot,
  type StoredLog,
} from '../types.ts';

/** Bugs the SQLite backend can be built with, for tests. */
export type SqlitePlant = 'cas-outside-transaction';

/** Options of a SQLite connection. */
export interface SqliteOptions {
  readonly hooks?: RemoteHooks;
  /** `synchronous = FULL` (default true) or `OFF` (tests that do not cut power). */
  readonly durable?: boolean;
  /** A planted bug (tests only). */
  readonly plant?: SqlitePlant;
}

const FORMAT = 'grove-sqlite';
const VERSION = '1';

/** The tables and columns a Grove database has, for the schema check. */
const SCHEMA: Readonly<Record<string, readonly string[]>> = {
  grove_store: ['key', 'value'],
  logs: ['id', 'base_log', 'base_lsn'],
  entries: ['log', 'lsn', 'commit_id'],
  refs: ['name', 'log', 'lsn'],
};

const DDL = `
CREATE TABLE grove_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE logs (id TEXT PRIMARY KEY, base_log TEXT, base_lsn INTEGER);
CREATE TABLE entries (log TEXT NOT NULL, lsn INTEGER NOT NULL, commit_id TEXT NOT NULL, PRIMARY KEY (log, lsn)) WITHOUT ROWID;
CREATE TABLE refs (name TEXT PRIMARY KEY, log TEXT NOT NULL, lsn INTEGER NOT NULL);
`;

function openDb(file: string): Database.Database {
  try {
    return new Database(file, { timeout: 10_000 });
  } catch (e) {
    throw new CorruptStoreError('not-a-database', file, `cannot open as SQLite (${(e as Error).message})`);
  }
}

/** The user tables of `db`; throws CorruptStoreError when the file is not a database. */
function tablesOf(db: Database.Database, file: string): string[] {
  try {
    return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
  } catch (e) {
    throw new CorruptStoreError('not-a-database', file, `not a SQLite database (${(e as Error).message})`);
  }
}

/** Checks that `db` is a Grove database; throws CorruptStoreError naming the file and table. Reads only. */
function checkSchema(db: Database.Database, file: string): void {
  const tables = tablesOf(db, file);
  if (!tables.includes('grove_store')) {
    throw new CorruptStoreError('foreign-schema', file, `not a Grove store: no table grove_store${tables.length > 0 ? ` (has ${tables.join(', ')})` : ' (empty database)'}`);
  }
  const marker = db.prepare(`SELECT key, value FROM grove_store`).all() as { key: string; value: string }[];
  const fmt = marker.find((r) => r.key === 'format')?.value;
  const ver = marker.find((r) => r.key === 'version')?.value;
  if (fmt !== FORMAT || ver !== VERSION) throw new CorruptStoreError('foreign-schema', `${file}: grove_store`, `expected format ${FORMAT} version ${VERSION}, found ${fmt ?? 'none'} ${ver ?? ''}`.trim());
  for (const [table, cols] of Object.entries(SCHEMA)) {
    if (!tables.includes(table)) throw new CorruptStoreError('missing-table', `${file}: table ${table}`, 'missing table of a Grove store');
    const have = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((r) => r.name);
    const missing = cols.filter((c) => !have.includes(c));
    if (missing.length > 0) throw new CorruptStoreError('foreign-schema', `${file}: table ${table}`, `missing column(s) ${missing.join(', ')}`);
  }
}

/**
 * Creates a Grove database at `file` (which must not exist or be empty) holding `snapshot`, then opens
 * it. Throws StoreUsageError for an existing non-empty file: nothing is overwritten.
 */
export function createSqliteRemote(file: string, snapshot: StoreSnapshot, options: SqliteOptions = {}): SqliteRemote {
  if (existsSync(file) && statSync(file).size > 0) throw new StoreUsageError(`${file}: exists; refusing to create a Grove store over it`);
  const db = openDb(file);
  try {
    db.pragma('journal_mode = WAL');
    db.transaction(() => {
      db.exec(DDL);
      db.prepare(`INSERT INTO grove_store VALUES ('format', ?), ('version', ?)`).run(FORMAT, VERSION);
      const log = db.prepare(`INSERT INTO logs VALUES (?, ?, ?)`);
      const entry = db.prepare(`INSERT INTO entries VALUES (?, ?, ?)`);
      for (const [id, l] of Object.entries(snapshot.logs)) {
        if (!NAME_RE.test(id)) throw new StoreUsageError(`bad log name '${id}'`);
        log.run(id, l.base?.log ?? null, l.base?.lsn ?? null);
        const s = l.base === null ? 0 : l.base.lsn;
        l.entries.forEach((c, i) => {
          if (c !== null) entry.run(id, s + 1 + i, c);
        });
      }
      const ref = db.prepare(`INSERT INTO refs VALUES (?, ?, ?)`);
      for (const [name, at] of Object.entries(snapshot.refs)) {
        if (!NAME_RE.test(name)) throw new StoreUsageError(`bad ref name '${name}'`);
        ref.run(name, at.log, at.lsn);
      }
    })();
  } finally {
    db.close();
  }
  return openSqliteRemote(file, options);
}

/**
 * Opens the Grove database at `file`. Throws StoreUsageError when there is no such file and
 * CorruptStoreError when it is not a Grove database (checked before anything is written).
 */
export function openSqliteRemote(file: string, options: SqliteOptions = {}): SqliteRemote {
  if (!existsSync(file)) throw new StoreUsageError(`${file}: no such file`);
  const db = openDb(file);
  try {
    checkSchema(db, file);
    db.pragma(`synchronous = ${options.durable === false ? 'OFF' : 'FULL'}`);
  } catch (e) {
    db.close();
    throw e;
  }
  return new SqliteRemote(db, file, options);
}

interface RefRow {
  log: unknown;
  lsn: unknown;
}

/** A connection to a Grove SQLite database. Make one with `createSqliteRemote` or `openSqliteRemote`. */
export class SqliteRemote implements Remote {
  readonly kind = 'sqlite' as const;
  private closed = false;
  private readonly q;

  /** Use `openSqliteRemote`: it checks the schema first. */
  constructor(
    private readonly db: Database.Database,
    readonly file: string,
    private readonly options: SqliteOptions = {},
  ) {
    this.q = {
      log: db.prepare(`SELECT base_log, base_lsn FROM logs WHERE id = ?`),
      maxLsn: db.prepare(`SELECT MAX(lsn) AS m, COUNT(*) AS n FROM entries WHERE log = ?`),
      insertEntry: db.prepare(`INSERT INTO entries VALUES (?, ?, ?)`),
      insertLog: db.prepare(`INSERT INTO logs VALUES (?, ?, ?)`),
      ref: db.prepare(`SELECT log, lsn FROM refs WHERE name = ?`),
      setRef: db.prepare(`UPDATE refs SET log = ?, lsn = ? WHERE name = ?`),
      allLogs: db.prepare(`SELECT id, base_log, base_lsn FROM logs ORDER BY id`),
      allEntries: db.prepare(`SELECT log, lsn, commit_id FROM entries ORDER BY log, lsn`),
      allRefs: db.prepare(`SELECT name, log, lsn FROM refs ORDER BY name`),
    };
  }

  private where(table: string, key: string): string {
    return `${this.file}: ${table}(${key})`;
  }

  private refRow(name: string, row: RefRow): LogRef {
    if (typeof row.log !== 'string' || !NAME_RE.test(row.log) || typeof row.lsn !== 'number' || !Number.isInteger(row.lsn) || row.lsn < 0) {
      throw new CorruptStoreError('bad-ref', this.where('refs', `name='${name}'`), `ref is not a log@lsn: log=${JSON.stringify(row.log)}, lsn=${JSON.stringify(row.lsn)}`);
    }
    return { log: row.log, lsn: row.lsn };
  }

  /** Branch point (null: root) of log `id`, undefined when there is no such log. Inside a transaction. */
  private base(id: LogId): LogRef | null | undefined {
    const row = this.q.log.get(id) as { base_log: unknown; base_lsn: unknown } | undefined;
    if (row === undefined) return undefined;
    if (row.base_log === null && row.base_lsn === null) return null;
    if (typeof row.base_log !== 'string' || typeof row.base_lsn !== 'number' || !Number.isInteger(row.base_lsn)) {
      throw new CorruptStoreError('bad-log', this.where('logs', `id='${id}'`), `base is not a log@lsn: ${JSON.stringify(row)}`);
    }
    return { log: row.base_log, lsn: row.base_lsn };
  }

  private tipOf(id: LogId): number {
    const base = this.base(id);
    if (base === undefined) return -1;
    const s = base === null ? 0 : base.lsn;
    const r = this.q.maxLsn.get(id) as { m: number | null; n: number };
    return r.m === null ? s : Math.max(s, r.m);
  }

  /** {@inheritDoc Remote.append} */
  async append(log: LogId, lsn: number, commit: CommitId): Promise<AppendOutcome> {
    return this.db
      .transaction((): AppendOutcome => {
        const t = this.tipOf(log);
        if (t < 0) return { ok: false, reason: 'missing' };
        if (lsn !== t + 1) return { ok: false, reason: 'conflict' };
        this.q.insertEntry.run(log, lsn, commit);
        return { ok: true };
      })
      .immediate();
  }

  /** {@inheritDoc Remote.branch} */
  async branch(from: LogRef, to: LogId, commit: CommitId): Promise<BranchOutcome> {
    if (!NAME_RE.test(to)) throw new StoreUsageError(`bad log name '${to}'`);
    return this.db
      .transaction((): BranchOutcome => {
        if (this.base(to) !== undefined) return { ok: false, reason: 'exists' };
        const t = this.tipOf(from.log);
        if (t < 0 || from.lsn > t) return { ok: false, reason: 'missing' };
        this.q.insertLog.run(to, from.log, from.lsn);
        this.q.insertEntry.run(to, from.lsn + 1, commit);
        return { ok: true };
      })
      .immediate();
  }

  /** {@inheritDoc Remote.readRef} */
  async readRef(ref: string): Promise<RefRead | null> {
    return this.db.transaction((): RefRead | null => {
      const row = this.q.ref.get(ref) as RefRow | undefined;
      if (row === undefined) return null;
      const at = this.refRow(ref, row);
      return { at, tip: this.tipOf(at.log) };
    })();
  }

  /** {@inheritDoc Remote.check} */
  async check(ref: string, at: LogRef, mode: CheckMode): Promise<RefOutcome> {
    return this.db
      .transaction((): RefOutcome => {
        const row = this.q.ref.get(ref) as RefRow | undefined;
        if (row === undefined) return { ok: false, actual: null };
        const actual = this.refRow(ref, row);
        if (actual.log !== at.log) return { ok: false, actual };
        if (mode === 'advance' && at.lsn > actual.lsn) {
          const next = { log: at.log, lsn: Math.min(at.lsn, Math.max(0, this.tipOf(at.log))) };
          this.q.setRef.run(next.log, next.lsn, ref);
          return { ok: true, actual: next };
        }
        return { ok: true, actual };
      })
      .immediate();
  }

  /** {@inheritDoc Remote.cas} */
  async cas(ref: string, expected: LogRef, next: LogRef, compare: RefCompare): Promise<RefOutcome> {
    const compareRow = (): RefOutcome | LogRef => {
      const row = this.q.ref.get(ref) as RefRow | undefined;
      if (row === undefined) return { ok: false, actual: null };
      const actual = this.refRow(ref, row);
      const same = actual.log === expected.log && (compare === 'log' || actual.lsn === expected.lsn);
      return same ? actual : { ok: false, actual };
    };
    const to = { log: next.log, lsn: next.lsn };
    if (this.options.plant === 'cas-outside-transaction') {
      const c = compareRow();
      if ('ok' in c) return c;
      if (this.options.hooks?.pause !== undefined) await this.options.hooks.pause('cas:compared');
      this.q.setRef.run(to.log, to.lsn, ref);
      return { ok: true, actual: to };
    }
    return this.db
      .transaction((): RefOutcome => {
        const c = compareRow();
        if ('ok' in c) return c;
        this.q.setRef.run(to.log, to.lsn, ref);
        return { ok: true, actual: to };
      })
      .immediate();
  }

  /** {@inheritDoc Remote.listLogs} */
  async listLogs(): Promise<Record<LogId, StoredLog>> {
    return this.db.transaction(() => {
      const out: Record<LogId, { base: LogRef | null; entries: (CommitId | null)[] }> = {};
      for (const r of this.q.allLogs.all() as { id: unknown }[]) {
        if (typeof r.id !== 'string' || !NAME_RE.test(r.id)) throw new CorruptStoreError('bad-log', this.where('logs', `id=${JSON.stringify(r.id)}`), 'not a log name');
        out[r.id] = { base: this.base(r.id) ?? null, entries: [] };
      }
      for (const e of this.q.allEntries.all() as { log: unknown; lsn: unknown; commit_id: unknown }[]) {
        const key = `log=${JSON.stringify(e.log)}, lsn=${JSON.stringify(e.lsn)}`;
        const l = typeof e.log === 'string' ? out[e.log] : undefined;
        if (l === undefined) throw new CorruptStoreError('orphan-entry', this.where('entries', key), `entry of log ${JSON.stringify(e.log)}, which has no row in logs`);
        if (typeof e.lsn !== 'number' || !Number.isInteger(e.lsn) || typeof e.commit_id !== 'string' || e.commit_id === '') {
          throw new CorruptStoreError('bad-entry', this.where('entries', key), `not an entry: commit_id=${JSON.stringify(e.commit_id)}`);
        }
        const s = l.base === null ? 0 : l.base.lsn;
        if (e.lsn <= s) throw new CorruptStoreError('bad-entry', this.where('entries', key), `LSN at or below the log's branch point ${s}`);
        while (l.entries.length < e.lsn - s - 1) l.entries.push(null);
        l.entries[e.lsn - s - 1] = e.commit_id;
      }
      return out;
    })();
  }

  /** {@inheritDoc Remote.readRefs} */
  async readRefs(): Promise<Record<string, LogRef>> {
    const out: Record<string, LogRef> = {};
    for (const r of this.q.allRefs.all() as (RefRow & { name: string })[]) out[r.name] = this.refRow(r.name, r);
    return out;
  }

  /** Closes the database connection. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
