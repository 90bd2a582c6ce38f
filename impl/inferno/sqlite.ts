/**
 * Option 2 of seed 004: a file-backed database (SQLite through better-sqlite3, `<dir>/inferno.db`,
 * WAL mode) with the seed's table
 *
 *     objects(hash TEXT PRIMARY KEY, pred TEXT, isHead INTEGER, object TEXT, histID TEXT)
 *
 * and an index on `histID`. `store(o, p)` is one `BEGIN IMMEDIATE` transaction: unset `p`'s
 * `isHead` only if it is set (`UPDATE … WHERE hash = p AND isHead = 1`, which is the CAS: zero rows
 * changed means `p` is not a head, and the transaction rolls back), then insert `o` with `p`'s
 * `histID`. `fetchHist(h)` reads `h`'s `histID` and all rows of that history in one read
 * transaction (a WAL snapshot) and walks `pred` back from the row with `isHead = 1`.
 *
 * Atomicity, isolation across processes and crash safety are the database's: a store happens
 * whole or not at all, whatever kills the process. better-sqlite3 is synchronous, so in one process
 * a transaction also never spans an `await`; across processes SQLite's write lock serializes stores
 * (`busy_timeout` waits for it, blocking the event loop: acceptable for this store, which has
 * nothing else to do meanwhile). The yield points are before each transaction (`sql-store`,
 * `sql-read`) and after a store commits (`sql-return`, where a crash loses only the reply).
 *
 * Not supported: `del`, a schema migration from the file layout, backups (the seed's "periodically
 * backed up to file": the database file is already the file).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Io } from './io.ts';
import { NotHeadError, hashOf, type Hash, type InfernoStore, type StoreName } from './types.ts';

interface Row {
  hash: Hash;
  pred: Hash | null;
  isHead: number;
}

/** Option 2: the store as one SQLite table (see the module comment). */
export class SqliteStore implements InfernoStore {
  /** The variant name. */
  readonly name: StoreName = 'sqlite';
  private readonly db: Database.Database;
  private readonly storeTx: (h: Hash, pred: Hash | null, content: string) => void;
  private readonly histTx: (h: Hash) => Row[] | null;
  private readonly fetchSt: Database.Statement<[Hash], { object: string }>;

  private constructor(
    /** The store directory (the database is `inferno.db` in it). */
    readonly dir: string,
    private readonly io: Io,
    busyTimeoutMs: number,
  ) {
    this.db = new Database(SqliteStore.dbPath(dir));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS objects (hash TEXT PRIMARY KEY, pred TEXT, isHead INTEGER NOT NULL, object TEXT NOT NULL, histID TEXT NOT NULL);' +
        'CREATE INDEX IF NOT EXISTS objects_hist ON objects(histID);',
    );
    const unset = this.db.prepare<[Hash]>('UPDATE objects SET isHead = 0 WHERE hash = ? AND isHead = 1');
    const histOf = this.db.prepare<[Hash], { histID: Hash }>('SELECT histID FROM objects WHERE hash = ?');
    const insert = this.db.prepare<[Hash, Hash | null, string, Hash]>('INSERT INTO objects (hash, pred, isHead, object, histID) VALUES (?, ?, 1, ?, ?)');
    const rows = this.db.prepare<[Hash], Row>('SELECT hash, pred, isHead FROM objects WHERE histID = ?');
    this.fetchSt = this.db.prepare<[Hash], { object: string }>('SELECT object FROM objects WHERE hash = ?');
    const storeTx = this.db.transaction((h: Hash, pred: Hash | null, content: string) => {
      if (pred === null) {
        insert.run(h, null, content, h);
        return;
      }
      const id = histOf.get(pred)?.histID;
      if (id === undefined) throw new NotHeadError(pred, `${pred} is not stored`);
      if (unset.run(pred).changes !== 1) throw new NotHeadError(pred, `${pred} has isHead = 0`);
      insert.run(h, pred, content, id);
    });
    this.storeTx = (h, pred, content) => storeTx.immediate(h, pred, content);
    this.histTx = this.db.transaction((h: Hash) => {
      const id = histOf.get(h)?.histID;
      return id === undefined ? null : rows.all(id);
    });
  }

  /** The database file of a store directory. */
  static dbPath(dir: string): string {
    return join(dir, 'inferno.db');
  }

  /** Opens (creating if needed) the database in `dir`. */
  static async open(dir: string, io: Io, busyTimeoutMs = 10_000): Promise<SqliteStore> {
    return new SqliteStore(dir, io, busyTimeoutMs);
  }

  /** One immediate transaction: unset p's isHead (the CAS), insert o. */
  async store(content: string, pred: Hash | null): Promise<Hash> {
    const h = hashOf(content);
    await this.io.pause('sql-store');
    this.storeTx(h, pred, content);
    await this.io.pause('sql-return');
    return h;
  }

  /** The object's content, or null. */
  async fetch(h: Hash): Promise<string | null> {
    await this.io.pause('sql-read');
    return this.fetchSt.get(h)?.object ?? null;
  }

  /** All rows of h's history in one read transaction, ordered by walking pred from the head. */
  async fetchHist(h: Hash): Promise<Hash[]> {
    await this.io.pause('sql-read');
    const rows = this.histTx(h);
    if (rows === null) throw new Error(`${h} is not stored`);
    return historyFromRows(rows, h);
  }

  /** Closes the database handle. */
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** The history (oldest first, ending with the head) of one histID's rows; throws unless exactly one head. */
export function historyFromRows(rows: readonly Row[], of: Hash): Hash[] {
  const heads = rows.filter((r) => r.isHead === 1);
  if (heads.length !== 1) throw new Error(`the history of ${of} has ${heads.length} heads`);
  const pred = new Map(rows.map((r) => [r.hash, r.pred]));
  const out: Hash[] = [];
  for (let x: Hash | null | undefined = heads[0].hash; x != null && out.length <= rows.length; x = pred.get(x)) out.unshift(x);
  return out;
}
