/**
 * The SQLite local store (for the sqlite backend): a database file next to the remote's, with one
 * table per log (`local_log`, `staged_log`, `origin_log`) and a one-row `meta` table. Each method is
 * one statement or one transaction (better-sqlite3 is synchronous), so every write is atomic.
 */
import Database from 'better-sqlite3';
import { EMPTY_META, type LocalData, type LocalEntry, type LocalLogStore, type LocalMeta, type OriginEntry, type StagedEntry } from './types.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS local_log (lsn INTEGER PRIMARY KEY, page TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS staged_log (k INTEGER PRIMARY KEY, lo INTEGER NOT NULL, hi INTEGER NOT NULL, pages TEXT NOT NULL, at INTEGER);
CREATE TABLE IF NOT EXISTS origin_log (lsn INTEGER PRIMARY KEY, commit_id TEXT NOT NULL, pages TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), landed INTEGER NOT NULL, base INTEGER NOT NULL, push INTEGER, behind INTEGER NOT NULL);
`;

/** A local store in the SQLite database `file` (created if needed). */
export class SqliteLocalStore implements LocalLogStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private closed = false;

  constructor(
    readonly location: string,
    durable = false,
  ) {
    this.db = new Database(location);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${durable ? 'FULL' : 'OFF'}`);
    this.db.exec(SCHEMA);
  }

  load(): LocalData {
    const local = (this.db.prepare('SELECT page, value FROM local_log ORDER BY lsn').all() as LocalEntry[]).map((e) => ({ page: e.page, value: e.value }));
    const staged = (this.db.prepare('SELECT lo, hi, pages, at FROM staged_log ORDER BY k').all() as { lo: number; hi: number; pages: string; at: number | null }[]).map(
      (b): StagedEntry => ({ lo: b.lo, hi: b.hi, pages: JSON.parse(b.pages) as Record<string, string>, at: b.at }),
    );
    const origin = (this.db.prepare('SELECT commit_id, pages FROM origin_log ORDER BY lsn').all() as { commit_id: string; pages: string }[]).map(
      (e): OriginEntry => ({ commit: e.commit_id, pages: JSON.parse(e.pages) as Record<string, string> }),
    );
    const m = this.db.prepare('SELECT landed, base, push, behind FROM meta WHERE id = 1').get() as { landed: number; base: number; push: number | null; behind: number } | undefined;
    const meta: LocalMeta = m === undefined ? EMPTY_META : { landed: m.landed, base: m.base, push: m.push, behind: m.behind !== 0 };
    return { local, staged, origin, meta };
  }
  appendLocal(e: LocalEntry): void {
    this.db.prepare('INSERT INTO local_log (lsn, page, value) VALUES ((SELECT COUNT(*) + 1 FROM local_log), ?, ?)').run(e.page, e.value);
  }
  appendStaged(b: StagedEntry): void {
    this.db.prepare('INSERT INTO staged_log (k, lo, hi, pages, at) VALUES ((SELECT COUNT(*) + 1 FROM staged_log), ?, ?, ?, ?)').run(b.lo, b.hi, JSON.stringify(b.pages), b.at);
  }
  setLanding(k: number, at: number): void {
    const r = this.db.prepare('UPDATE staged_log SET at = ? WHERE k = ?').run(at, k);
    if (r.changes !== 1) throw new Error(`no staged commit number ${k}`);
  }
  appendOrigin(entries: readonly OriginEntry[]): void {
    const ins = this.db.prepare('INSERT INTO origin_log (lsn, commit_id, pages) VALUES ((SELECT COUNT(*) + 1 FROM origin_log), ?, ?)');
    this.db.transaction(() => {
      for (const e of entries) ins.run(e.commit, JSON.stringify(e.pages));
    })();
  }
  setMeta(m: LocalMeta): void {
    this.db
      .prepare('INSERT INTO meta (id, landed, base, push, behind) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET landed = excluded.landed, base = excluded.base, push = excluded.push, behind = excluded.behind')
      .run(m.landed, m.base, m.push, m.behind ? 1 : 0);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
