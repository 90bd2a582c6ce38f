/**
 * # The PostgreSQL backend
 *
 * A Grove store as four tables in one PostgreSQL schema, reached through a `pg` Pool. Every store
 * lives in its own schema (`gc_<random>` for tests and stress runs, dropped afterwards), so runs
 * never collide and a dropped schema takes the whole store with it.
 *
 * ```
 * <schema>.grove_store(key text PRIMARY KEY, value text)          format marker: grove-postgres, version 1
 * <schema>.logs(id text PRIMARY KEY, base_log text, base_lsn int)  one row per log; base NULL: a root log
 * <schema>.entries(log text, lsn int, commit_id text, PRIMARY KEY (log, lsn))
 * <schema>.refs(name text PRIMARY KEY, log text, lsn int)
 * ```
 *
 * **Why each primitive is atomic** (all at PostgreSQL's default READ COMMITTED; no SERIALIZABLE
 * retries are needed because every decision is either one statement or guarded by a key):
 * - *Append* is one `INSERT … SELECT … WHERE tip + 1 = lsn ON CONFLICT (log, lsn) DO NOTHING`. The
 *   tip is read in the statement's snapshot; the primary key decides between two writers of one
 *   LSN (the second waits for the first and then does nothing), so of two appends at one `(log, lsn)`
 *   exactly one returns Ok whatever the interleaving. A refused append then reads whether the log
 *   exists: logs are never deleted, so "missing" then means missing before.
 * - *Branch* reads "does `to` exist, and what is the tip of `from`" in one statement (one snapshot),
 *   then inserts the log row and its first entry in one transaction; the log row's primary key makes
 *   the creation exclusive (`ON CONFLICT DO NOTHING` → `exists`). Tips only grow, so the branch point
 *   checked first is still valid at the commit.
 * - *CAS* is `UPDATE refs SET … WHERE name = $1 AND log = $2 [AND lsn = $3] RETURNING …`: PostgreSQL
 *   re-evaluates the condition on the latest row version after waiting for a concurrent writer, so the
 *   compare and the write are one atomic step. A CAS that updated nothing then reads the ref to report
 *   where it points: if that value differs from the expected one, the CAS is linearized at that read
 *   (where it fails); if the ref was moved back to the expected value in between, it tries again.
 * - *Check* in `advance` mode is the same pattern with `lsn < $3` and the new LSN `min(lsn, tip)`
 *   computed in the statement; in `read` mode it is one SELECT.
 * - *Pull* (`readRef`) reads the ref and the tip of its log in one statement (one snapshot).
 *
 * **Crashes.** A killed client's connection drops and the server rolls its open transaction back, so
 * a store never shows half a branch. The `crash` hook is called inside the branch transaction
 * (`branch:log-inserted`, `branch:before-commit`); a `SimulatedCrash` from it rolls back and discards
 * the connection, as a power cut would.
 *
 * **What is not trusted.** Opening checks the schema (the marker, every table and its columns) before
 * anything is written: a schema with other tables or a table of another shape is a
 * `CorruptStoreError` naming `<schema>: table <t>`. Reading back checks every row: an entry of a log
 * with no row in `logs`, a ref to a log that has no row (`<schema>: refs(name='main')`), a malformed
 * branch point. Nothing is repaired.
 *
 * Planted bug (`plant: 'cas-read-then-write'`): the CAS reads the ref in one statement, compares in
 * JavaScript and writes with an unconditional UPDATE in another, with no lock or transaction.
 *
 * `postgres` is a `BackendKind`: `createStore('postgres', …)` (../index.ts) makes a store in a fresh
 * schema with {@link createPostgresStore}, and `contract.test.ts` holds this backend to the contract.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type pg from 'pg';
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

/** The URL the tests and CI use when `GROVE_PG_URL` is unset. */
export const DEFAULT_PG_URL = 'postgres://grove:grove@127.0.0.1:5432/grove';

/** `GROVE_PG_URL`, or {@link DEFAULT_PG_URL}. */
export function pgUrl(): string {
  const u = process.env.GROVE_PG_URL;
  return u !== undefined && u.trim() !== '' ? u.trim() : DEFAULT_PG_URL;
}

/** Bugs the PostgreSQL backend can be built with, for tests. */
export type PostgresPlant = 'cas-read-then-write';

/** Options of a PostgreSQL connection. */
export interface PostgresOptions {
  readonly hooks?: RemoteHooks;
  /** A planted bug (tests only). */
  readonly plant?: PostgresPlant;
  /** Connections in this remote's pool (default 2). */
  readonly poolSize?: number;
}

/** The server at the URL could not be reached or refused the login. Nothing was written. */
export class PostgresUnreachableError extends Error {
  override readonly name = 'PostgresUnreachableError';
  constructor(
    readonly url: string,
    override readonly cause: unknown,
  ) {
    super(
      `cannot reach PostgreSQL at ${redact(url)} (${describeCause(cause)}); ` +
        `set GROVE_PG_URL or start the server (CI: .ci/postgres-up)`,
    );
  }
}

function describeCause(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) return describeCause(e.errors[0]);
  const err = e as { code?: string; message?: string } | undefined;
  return [err?.code, err?.message].filter((x) => x !== undefined && x !== '').join(': ') || String(e);
}

/** The URL with its password replaced by `***`. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

const FORMAT = 'grove-postgres';
const VERSION = '1';
const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/** Tables and their columns with PostgreSQL's `data_type`, for the schema check. */
const SHAPE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  grove_store: { key: 'text', value: 'text' },
  logs: { id: 'text', base_log: 'text', base_lsn: 'integer' },
  entries: { log: 'text', lsn: 'integer', commit_id: 'text' },
  refs: { name: 'text', log: 'text', lsn: 'integer' },
};

/** A fresh schema name `gc_<16 hex digits>`. */
export function randomSchemaName(): string {
  return `gc_${randomBytes(8).toString('hex')}`;
}

function checkSchemaName(schema: string): void {
  if (!SCHEMA_RE.test(schema)) throw new StoreUsageError(`bad schema name '${schema}': expected lower-case letters, digits and '_'`);
}

/** `pg`, loaded on first use: it takes longer to load than the rest of a short command (`grove-check check`). */
const loadPg = (): typeof pg => createRequire(import.meta.url)('pg') as typeof pg;

function newPool(url: string, size: number): pg.Pool {
  const pool = new (loadPg().Pool)({ connectionString: url, max: size, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops (a restart, a terminated backend) must not kill the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `fn` with a pool, turning a failure to connect into {@link PostgresUnreachableError}. */
async function probe(pool: pg.Pool, url: string): Promise<void> {
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new PostgresUnreachableError(url, e);
  }
}

const ddl = (s: string): string => `
CREATE TABLE "${s}".grove_store (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE "${s}".logs (id text PRIMARY KEY, base_log text, base_lsn integer);
CREATE TABLE "${s}".entries (log text NOT NULL, lsn integer NOT NULL, commit_id text NOT NULL, PRIMARY KEY (log, lsn));
CREATE TABLE "${s}".refs (name text PRIMARY KEY, log text NOT NULL, lsn integer NOT NULL);
`;

/**
 * Creates a Grove store in schema `schema` (created if absent; it must hold no tables) holding
 * `snapshot`, then opens it. Throws StoreUsageError when the schema has tables (nothing is
 * overwritten) and {@link PostgresUnreachableError} when the server cannot be reached.
 */
export async function createPostgresRemote(url: string, schema: string, snapshot: StoreSnapshot, options: PostgresOptions = {}): Promise<PostgresRemote> {
  checkSchemaName(schema);
  const pool = newPool(url, 1);
  await probe(pool, url);
  try {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const t = await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema]);
      if (t.rowCount !== 0) {
        throw new StoreUsageError(`schema ${schema}: holds tables (${t.rows.map((r: { table_name: string }) => r.table_name).join(', ')}); refusing to create a Grove store over it`);
      }
      await c.query(ddl(schema));
      await c.query(`INSERT INTO "${schema}".grove_store VALUES ('format', $1), ('version', $2)`, [FORMAT, VERSION]);
      for (const [id, l] of Object.entries(snapshot.logs)) {
        if (!NAME_RE.test(id)) throw new StoreUsageError(`bad log name '${id}'`);
        await c.query(`INSERT INTO "${schema}".logs VALUES ($1, $2, $3)`, [id, l.base?.log ?? null, l.base?.lsn ?? null]);
        const s = l.base === null ? 0 : l.base.lsn;
        for (let i = 0; i < l.entries.length; i++) {
          const e = l.entries[i];
          if (e !== null) await c.query(`INSERT INTO "${schema}".entries VALUES ($1, $2, $3)`, [id, s + 1 + i, e]);
        }
      }
      for (const [name, at] of Object.entries(snapshot.refs)) {
        if (!NAME_RE.test(name)) throw new StoreUsageError(`bad ref name '${name}'`);
        await c.query(`INSERT INTO "${schema}".refs VALUES ($1, $2, $3)`, [name, at.log, at.lsn]);
      }
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  } finally {
    await pool.end();
  }
  return openPostgresRemote(url, schema, options);
}

/**
 * Opens the Grove store in schema `schema`. Throws StoreUsageError when there is no such schema,
 * CorruptStoreError when it is not a Grove store (checked before anything is written) and
 * {@link PostgresUnreachableError} when the server cannot be reached.
 */
export async function openPostgresRemote(url: string, schema: string, options: PostgresOptions = {}): Promise<PostgresRemote> {
  checkSchemaName(schema);
  const pool = newPool(url, options.poolSize ?? 2);
  await probe(pool, url);
  try {
    await checkShape(pool, schema);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  return new PostgresRemote(pool, url, schema, options);
}

/** Checks that `schema` holds a Grove store; throws CorruptStoreError naming the schema and table. Reads only. */
async function checkShape(pool: pg.Pool, schema: string): Promise<void> {
  const exists = await pool.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = $1`, [schema]);
  if (exists.rowCount === 0) throw new StoreUsageError(`schema ${schema}: does not exist`);
  const cols = await pool.query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`, [schema]);
  const tables = new Map<string, Map<string, string>>();
  for (const r of cols.rows as { table_name: string; column_name: string; data_type: string }[]) {
    if (!tables.has(r.table_name)) tables.set(r.table_name, new Map());
    tables.get(r.table_name)!.set(r.column_name, r.data_type);
  }
  if (!tables.has('grove_store')) {
    const have = [...tables.keys()];
    throw new CorruptStoreError('foreign-schema', schema, `not a Grove store: no table grove_store${have.length > 0 ? ` (has ${have.join(', ')})` : ' (empty schema)'}`);
  }
  for (const [table, shape] of Object.entries(SHAPE)) {
    const have = tables.get(table);
    if (have === undefined) throw new CorruptStoreError('missing-table', `${schema}: table ${table}`, 'missing table of a Grove store');
    const wrong = Object.entries(shape)
      .filter(([col, type]) => have.get(col) !== type)
      .map(([col, type]) => `${col} ${type} (found ${have.get(col) ?? 'none'})`);
    if (wrong.length > 0) throw new CorruptStoreError('foreign-schema', `${schema}: table ${table}`, `not a Grove table: expected column(s) ${wrong.join(', ')}`);
  }
  const marker = await pool.query(`SELECT key, value FROM "${schema}".grove_store`);
  const get = (k: string): unknown => (marker.rows as { key: string; value: unknown }[]).find((r) => r.key === k)?.value;
  if (get('format') !== FORMAT || get('version') !== VERSION) {
    throw new CorruptStoreError('foreign-schema', `${schema}: table grove_store`, `expected format ${FORMAT} version ${VERSION}, found ${String(get('format') ?? 'none')} ${String(get('version') ?? '')}`.trim());
  }
}

/** Drops schema `schema` and everything in it (no error if it does not exist). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  checkSchemaName(schema);
  const pool = newPool(url, 1);
  await probe(pool, url);
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}

/** A fresh store in its own schema and the connections made to it (tests, harnesses, benchmarks). */
export interface PostgresStoreHandle {
  readonly kind: 'postgres';
  readonly url: string;
  readonly schema: string;
  /** `<url>#<schema>`, with the password redacted. */
  readonly location: string;
  /** A new connection (its own pool) with its own hooks. */
  connect(options?: PostgresOptions): Promise<PostgresRemote>;
  /** Closes every connection made and drops the schema. Idempotent. */
  dispose(): Promise<void>;
}

/** Creates a fresh store holding `snapshot` in a new schema `gc_<random>` (or `o.schema`). */
export async function createPostgresStore(snapshot: StoreSnapshot, o: { url?: string; schema?: string } = {}): Promise<PostgresStoreHandle> {
  const url = o.url ?? pgUrl();
  const schema = o.schema ?? randomSchemaName();
  const opened: PostgresRemote[] = [];
  opened.push(await createPostgresRemote(url, schema, snapshot));
  let disposed = false;
  return {
    kind: 'postgres',
    url,
    schema,
    location: `${redact(url)}#${schema}`,
    connect: async (options) => {
      const r = await openPostgresRemote(url, schema, options);
      opened.push(r);
      return r;
    },
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      for (const r of opened) await r.close();
      await dropPostgresSchema(url, schema);
    },
  };
}

/** The SQL expression for the tip of the log named by `logExpr` (-1 when there is no such log). */
const tipSql = (s: string, logExpr: string): string =>
  `COALESCE((SELECT GREATEST(COALESCE(l.base_lsn, 0), COALESCE((SELECT MAX(e.lsn) FROM "${s}".entries e WHERE e.log = l.id), 0)) FROM "${s}".logs l WHERE l.id = ${logExpr}), -1)`;

const isLsn = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** A connection to a Grove store in PostgreSQL. Make one with `createPostgresRemote` or `openPostgresRemote`. */
export class PostgresRemote implements Remote {
  readonly kind = 'postgres' as const;
  private closed = false;
  private readonly s: string;

  /** Use `openPostgresRemote`: it checks the schema first. */
  constructor(
    private readonly pool: pg.Pool,
    readonly url: string,
    readonly schema: string,
    private readonly options: PostgresOptions = {},
  ) {
    this.s = schema;
  }

  private where(table: string, key: string): string {
    return `${this.schema}: ${table}(${key})`;
  }

  private async pause(label: string): Promise<void> {
    if (this.options.hooks?.pause !== undefined) await this.options.hooks.pause(label);
  }

  private refRow(name: string, row: { log: unknown; lsn: unknown }): LogRef {
    if (typeof row.log !== 'string' || !NAME_RE.test(row.log) || !isLsn(row.lsn)) {
      throw new CorruptStoreError('bad-ref', this.where('refs', `name='${name}'`), `ref is not a log@lsn: log=${JSON.stringify(row.log)}, lsn=${JSON.stringify(row.lsn)}`);
    }
    return { log: row.log, lsn: row.lsn };
  }

  /** {@inheritDoc Remote.append} */
  async append(log: LogId, lsn: number, commit: CommitId): Promise<AppendOutcome> {
    await this.pause('append:start');
    const s = this.s;
    const ins = await this.pool.query(
      `WITH t AS (SELECT GREATEST(COALESCE(l.base_lsn, 0), COALESCE((SELECT MAX(e.lsn) FROM "${s}".entries e WHERE e.log = l.id), 0)) AS tip
                  FROM "${s}".logs l WHERE l.id = $1)
       INSERT INTO "${s}".entries (log, lsn, commit_id)
       SELECT $1, $2::integer, $3 FROM t WHERE t.tip + 1 = $2::integer
       ON CONFLICT (log, lsn) DO NOTHING
       RETURNING lsn`,
      [log, lsn, commit],
    );
    if (ins.rowCount === 1) return { ok: true };
    const has = await this.pool.query(`SELECT 1 FROM "${s}".logs WHERE id = $1`, [log]);
    return { ok: false, reason: has.rowCount === 0 ? 'missing' : 'conflict' };
  }

  /** {@inheritDoc Remote.branch} */
  async branch(from: LogRef, to: LogId, commit: CommitId): Promise<BranchOutcome> {
    if (!NAME_RE.test(to)) throw new StoreUsageError(`bad log name '${to}'`);
    await this.pause('branch:start');
    const s = this.s;
    const pre = await this.pool.query(`SELECT EXISTS (SELECT 1 FROM "${s}".logs WHERE id = $1) AS taken, ${tipSql(s, '$2')} AS tip`, [to, from.log]);
    const { taken, tip } = pre.rows[0] as { taken: boolean; tip: number };
    if (taken) return { ok: false, reason: 'exists' };
    if (tip < 0 || from.lsn > tip) return { ok: false, reason: 'missing' };
    const c = await this.pool.connect();
    let discard = false;
    try {
      await c.query('BEGIN');
      const made = await c.query(`INSERT INTO "${s}".logs VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`, [to, from.log, from.lsn]);
      if (made.rowCount === 0) {
        await c.query('ROLLBACK');
        return { ok: false, reason: 'exists' };
      }
      this.crash('branch:log-inserted');
      await c.query(`INSERT INTO "${s}".entries VALUES ($1, $2, $3)`, [to, from.lsn + 1, commit]);
      this.crash('branch:before-commit');
      await c.query('COMMIT');
      return { ok: true };
    } catch (e) {
      discard = true;
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release(discard);
    }
  }

  /** Calls the crash hook; a `SimulatedCrash` it throws rolls the transaction back (see `branch`). */
  private crash(point: string): void {
    this.options.hooks?.crash?.(point);
  }

  /** {@inheritDoc Remote.readRef} */
  async readRef(ref: string): Promise<RefRead | null> {
    await this.pause('read:start');
    const s = this.s;
    const r = await this.pool.query(`SELECT r.log, r.lsn, ${tipSql(s, 'r.log')} AS tip FROM "${s}".refs r WHERE r.name = $1`, [ref]);
    if (r.rowCount === 0) return null;
    const row = r.rows[0] as { log: unknown; lsn: unknown; tip: number };
    return { at: this.refRow(ref, row), tip: row.tip };
  }

  private async currentRef(ref: string): Promise<LogRef | null> {
    const r = await this.pool.query(`SELECT log, lsn FROM "${this.s}".refs WHERE name = $1`, [ref]);
    return r.rowCount === 0 ? null : this.refRow(ref, r.rows[0] as { log: unknown; lsn: unknown });
  }

  /** {@inheritDoc Remote.check} */
  async check(ref: string, at: LogRef, mode: CheckMode): Promise<RefOutcome> {
    await this.pause('check:start');
    const s = this.s;
    for (;;) {
      if (mode === 'advance') {
        const up = await this.pool.query(
          `UPDATE "${s}".refs SET lsn = LEAST($3::integer, GREATEST(0, ${tipSql(s, '$2')}))
           WHERE name = $1 AND log = $2 AND lsn < $3::integer RETURNING log, lsn`,
          [ref, at.log, at.lsn],
        );
        if (up.rowCount === 1) return { ok: true, actual: this.refRow(ref, up.rows[0] as { log: unknown; lsn: unknown }) };
      }
      const actual = await this.currentRef(ref);
      if (actual === null) return { ok: false, actual: null };
      if (actual.log !== at.log) return { ok: false, actual };
      if (mode === 'read' || actual.lsn >= at.lsn) return { ok: true, actual };
      // Moved back below `at.lsn` on `at.log` between the UPDATE and the read: decide again.
    }
  }

  /** {@inheritDoc Remote.cas} */
  async cas(ref: string, expected: LogRef, next: LogRef, compare: RefCompare): Promise<RefOutcome> {
    if (!NAME_RE.test(next.log)) throw new StoreUsageError(`bad log name '${next.log}'`);
    await this.pause('cas:start');
    const s = this.s;
    const to = { log: next.log, lsn: next.lsn };
    const same = (a: LogRef): boolean => a.log === expected.log && (compare === 'log' || a.lsn === expected.lsn);
    if (this.options.plant === 'cas-read-then-write') {
      const cur = await this.currentRef(ref);
      if (cur === null) return { ok: false, actual: null };
      if (!same(cur)) return { ok: false, actual: cur };
      await this.pause('cas:compared');
      await this.pool.query(`UPDATE "${s}".refs SET log = $2, lsn = $3 WHERE name = $1`, [ref, to.log, to.lsn]);
      return { ok: true, actual: to };
    }
    for (;;) {
      const up = await this.pool.query(
        `UPDATE "${s}".refs SET log = $4, lsn = $5 WHERE name = $1 AND log = $2 AND ($6 OR lsn = $3::integer) RETURNING log, lsn`,
        [ref, expected.log, expected.lsn, to.log, to.lsn, compare === 'log'],
      );
      if (up.rowCount === 1) return { ok: true, actual: to };
      const cur = await this.currentRef(ref);
      if (cur === null) return { ok: false, actual: null };
      if (!same(cur)) return { ok: false, actual: cur };
      // The ref came back to the expected value between the UPDATE and the read: try again.
    }
  }

  /** {@inheritDoc Remote.listLogs} */
  async listLogs(): Promise<Record<LogId, StoredLog>> {
    const s = this.s;
    const c = await this.pool.connect();
    try {
      // One snapshot for both tables: REPEATABLE READ, read only.
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const logs = await c.query(`SELECT id, base_log, base_lsn FROM "${s}".logs ORDER BY id`);
      const entries = await c.query(`SELECT log, lsn, commit_id FROM "${s}".entries ORDER BY log, lsn`);
      await c.query('COMMIT');
      const out: Record<LogId, { base: LogRef | null; entries: (CommitId | null)[] }> = {};
      for (const r of logs.rows as { id: unknown; base_log: unknown; base_lsn: unknown }[]) {
        if (typeof r.id !== 'string' || !NAME_RE.test(r.id)) throw new CorruptStoreError('bad-log', this.where('logs', `id=${JSON.stringify(r.id)}`), 'not a log name');
        let base: LogRef | null;
        if (r.base_log === null && r.base_lsn === null) base = null;
        else if (typeof r.base_log === 'string' && NAME_RE.test(r.base_log) && isLsn(r.base_lsn)) base = { log: r.base_log, lsn: r.base_lsn };
        else throw new CorruptStoreError('bad-log', this.where('logs', `id='${r.id}'`), `base is not a log@lsn: base_log=${JSON.stringify(r.base_log)}, base_lsn=${JSON.stringify(r.base_lsn)}`);
        out[r.id] = { base, entries: [] };
      }
      for (const [id, l] of Object.entries(out)) {
        if (l.base !== null && out[l.base.log] === undefined) {
          throw new CorruptStoreError('bad-log', this.where('logs', `id='${id}'`), `branched from log '${l.base.log}', which has no row in logs`);
        }
      }
      for (const e of entries.rows as { log: unknown; lsn: unknown; commit_id: unknown }[]) {
        const key = `log=${JSON.stringify(e.log)}, lsn=${JSON.stringify(e.lsn)}`;
        const l = typeof e.log === 'string' ? out[e.log] : undefined;
        if (l === undefined) throw new CorruptStoreError('orphan-entry', this.where('entries', key), `entry of log ${JSON.stringify(e.log)}, which has no row in logs`);
        if (!isLsn(e.lsn) || typeof e.commit_id !== 'string' || e.commit_id === '') {
          throw new CorruptStoreError('bad-entry', this.where('entries', key), `not an entry: commit_id=${JSON.stringify(e.commit_id)}`);
        }
        const st = l.base === null ? 0 : l.base.lsn;
        if (e.lsn <= st) throw new CorruptStoreError('bad-entry', this.where('entries', key), `LSN at or below the log's branch point ${st}`);
        while (l.entries.length < e.lsn - st - 1) l.entries.push(null);
        l.entries[e.lsn - st - 1] = e.commit_id;
      }
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  /** {@inheritDoc Remote.readRefs} Also a CorruptStoreError: a ref to a log that has no row in `logs`. */
  async readRefs(): Promise<Record<string, LogRef>> {
    const s = this.s;
    const r = await this.pool.query(
      `SELECT r.name, r.log, r.lsn, EXISTS (SELECT 1 FROM "${s}".logs l WHERE l.id = r.log) AS has_log FROM "${s}".refs r ORDER BY r.name`,
    );
    const out: Record<string, LogRef> = {};
    for (const row of r.rows as { name: string; log: unknown; lsn: unknown; has_log: boolean }[]) {
      const at = this.refRow(row.name, row);
      if (!row.has_log) throw new CorruptStoreError('bad-ref', this.where('refs', `name='${row.name}'`), `points at log '${at.log}', which has no row in logs`);
      out[row.name] = at;
    }
    return out;
  }

  /** Closes the connection pool. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
