/**
 * # The file-system backend
 *
 * A Grove store as a directory, for users who sync through a shared or local file system (and as the
 * shape an object-storage backend would take: one immutable object per entry, created only if absent).
 *
 * ```
 * DIR/grove-store.json       {"format":"grove-fs","version":1}: written last at creation, checked at open
 * DIR/logs/<log>/log.json    {"log":"b","base":{"log":"a","lsn":2}}: the log's branch point (null: a root log)
 * DIR/logs/<log>/<lsn>.json  {"log":"b","lsn":3,"commit":"1.2"}: one file per entry, never rewritten
 * DIR/refs/<ref>.json        {"ref":"main","log":"a","lsn":0,"version":7}: replaced whole by rename
 * DIR/refs/<ref>.lock        the ref's lock (see impl/testkit/lockfile.ts)
 * DIR/tmp/                   files being prepared; never read as data
 * ```
 *
 * **Why each primitive is atomic.**
 * - *Append* checks that the log exists (its `log.json`) and that `lsn - 1` is written (or is the
 *   branch point), then publishes the entry with `link(tmp, logs/<log>/<lsn>.json)`. `link` fails with
 *   EEXIST when the name exists, exactly like `open(O_CREAT|O_EXCL)` (`'wx'`) or object storage's
 *   `If-None-Match: *`: of two writers of one LSN exactly one wins, whatever the interleaving. The
 *   precondition checks stay true once true (entries are never removed), so the append takes effect
 *   at the `link`.
 * - *Branch* prepares a whole log directory (its `log.json` and its first entry) under `tmp/` and
 *   publishes it with one `rename(tmp/x, logs/<to>)`. Renaming a directory onto an existing non-empty
 *   directory fails (EEXIST/ENOTEMPTY), and every published log directory holds its `log.json`, so the
 *   creation is exclusive and the new log appears with its metadata and first entry at once.
 * - *CAS* (and Check in `advance` mode) runs under the ref's lock file: read, compare, then publish the
 *   new ref with `rename(tmp, refs/<ref>.json)`, which replaces the file atomically. Writers of other
 *   refs and appenders are not blocked.
 * - *Pull* (`readRef`) takes no lock: it reads the ref, the tip of its log, and the ref again; each ref
 *   file carries a version that every write increments, so equal versions mean the ref held that value
 *   over the whole read, and the tip read in between is the tip at one instant when it did.
 *
 * **Why a crash never shows half a write.** Every file that becomes visible is written completely
 * under `tmp/` first and fsynced; only then is it linked or renamed into place, and the directory that
 * received it is fsynced so that the name survives a power cut. A crash before the link or rename
 * leaves only a file under `tmp/` (ignored); a crash after it leaves the complete file. So after any
 * crash the store reads back as it was before the interrupted primitive or as it would be after it,
 * never in between, and never corrupt; `fs.test.ts` crashes at every point to show it. A crash inside a
 * locked section leaves the lock behind, which the next writer breaks as stale (impl/testkit/lockfile.ts).
 * With `durable: false` the fsyncs are skipped (tests that do not cut power); atomicity is unchanged.
 *
 * **What is not trusted.** Opening checks the marker file; reading back parses and checks every file.
 * Anything else (a non-JSON entry, an entry of a log with no `log.json`, a ref file that is not a ref,
 * a directory that is not a Grove store) is a `CorruptStoreError` naming the file. Nothing is ever
 * repaired or overwritten.
 *
 * Planted bugs (`plant`), for the harness to find: `no-exclusive-create` publishes entries with a
 * check-then-rename (rename replaces), `cas-without-lock` compares and writes refs without the lock,
 * `torn-append` writes the entry in place in two halves with no temp file.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptStoreError, SimulatedCrash, StoreUsageError } from '../errors.ts';
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
import { FileLock, liveOwners, newOwner, nodeLockIo } from '../../testkit/lockfile.ts';

/** Bugs the file-system backend can be built with, each for a test that the harness must catch. */
export type FsPlant = 'no-exclusive-create' | 'cas-without-lock' | 'torn-append';

/** Options of a file-system connection. */
export interface FsOptions {
  readonly hooks?: RemoteHooks;
  /** fsync files and directories (default true). */
  readonly durable?: boolean;
  /** Give up on a ref lock after this long (ms, default `staleLockMs` + 10,000, so that another host's abandoned lock is broken before waiters give up). */
  readonly lockTimeoutMs?: number;
  /** A ref lock of another host older than this is stale (ms, default 30,000); a dead holder on this host is stale at once. */
  readonly staleLockMs?: number;
  /** A planted bug (tests only). */
  readonly plant?: FsPlant;
}

const MARKER = 'grove-store.json';
const FORMAT = { format: 'grove-fs', version: 1 } as const;
const ENTRY_RE = /^(\d+)\.json$/;

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

function checkName(kind: 'log' | 'ref', name: string): void {
  if (!NAME_RE.test(name)) throw new StoreUsageError(`bad ${kind} name '${name}': expected letters, digits, '_' or '-', starting with a letter or '_'`);
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (code(e) === 'ENOENT') return null;
    throw e;
  }
}

function parseJson(path: string, text: string, what: string, bad: 'not-json' | 'bad-ref' = 'not-json'): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CorruptStoreError(bad, path, `${what} is not JSON (${(e as Error).message})`);
  }
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isLsn = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

function parseLogRef(x: unknown): LogRef | null {
  if (!isObj(x) || typeof x.log !== 'string' || !NAME_RE.test(x.log) || !isLsn(x.lsn)) return null;
  return { log: x.log, lsn: x.lsn };
}

/** Parses a `log.json`; throws CorruptStoreError naming the file. */
function parseLogMeta(path: string, id: LogId, text: string): LogRef | null {
  const j = parseJson(path, text, 'log metadata');
  if (!isObj(j) || j.log !== id || !('base' in j)) throw new CorruptStoreError('bad-log', path, `expected {"log":"${id}","base":…}, found ${text.slice(0, 80)}`);
  if (j.base === null) return null;
  const base = parseLogRef(j.base);
  if (base === null) throw new CorruptStoreError('bad-log', path, `base is not a log@lsn: ${JSON.stringify(j.base)}`);
  return base;
}

/** Parses an entry file; throws CorruptStoreError naming the file. */
function parseEntry(path: string, id: LogId, lsn: number, text: string): CommitId {
  const j = parseJson(path, text, 'entry file');
  if (!isObj(j) || j.log !== id || j.lsn !== lsn || typeof j.commit !== 'string' || j.commit === '') {
    throw new CorruptStoreError('bad-entry', path, `expected {"log":"${id}","lsn":${lsn},"commit":…}, found ${text.slice(0, 80)}`);
  }
  return j.commit;
}

interface RefFile {
  readonly at: LogRef;
  readonly version: number;
}

/** Parses a ref file; throws CorruptStoreError naming the file. */
function parseRefFile(path: string, name: string, text: string): RefFile {
  const j = parseJson(path, text, 'ref file', 'bad-ref');
  const at = parseLogRef(j);
  if (!isObj(j) || j.ref !== name || at === null || !isLsn(j.version)) {
    throw new CorruptStoreError('bad-ref', path, `expected {"ref":"${name}","log":…,"lsn":…,"version":…}, found ${text.slice(0, 80)}`);
  }
  return { at, version: j.version };
}

/**
 * Creates a store in `dir` (which must not exist or be empty) holding `snapshot`, then opens it.
 * Throws StoreUsageError for a non-empty directory: nothing is overwritten.
 */
export async function createFsRemote(dir: string, snapshot: StoreSnapshot, options: FsOptions = {}): Promise<FsRemote> {
  const existing = await readdir(dir).catch((e) => (code(e) === 'ENOENT' ? [] : Promise.reject(e)));
  if (existing.length > 0) throw new StoreUsageError(`${dir}: not empty; refusing to create a Grove store over it`);
  const durable = options.durable ?? true;
  for (const sub of ['logs', 'refs', 'tmp']) await mkdir(join(dir, sub), { recursive: true });
  for (const [id, log] of Object.entries(snapshot.logs)) {
    checkName('log', id);
    const ld = join(dir, 'logs', id);
    await mkdir(ld);
    await writeFileDurable(join(ld, 'log.json'), JSON.stringify({ log: id, base: log.base }), durable);
    const s = log.base === null ? 0 : log.base.lsn;
    for (let i = 0; i < log.entries.length; i++) {
      const c = log.entries[i];
      if (c !== null) await writeFileDurable(join(ld, `${s + 1 + i}.json`), JSON.stringify({ log: id, lsn: s + 1 + i, commit: c }), durable);
    }
    await syncDir(ld, durable);
  }
  for (const [name, at] of Object.entries(snapshot.refs)) {
    checkName('ref', name);
    await writeFileDurable(join(dir, 'refs', `${name}.json`), JSON.stringify({ ref: name, log: at.log, lsn: at.lsn, version: 0 }), durable);
  }
  for (const sub of ['logs', 'refs', 'tmp']) await syncDir(join(dir, sub), durable);
  await writeFileDurable(join(dir, MARKER), JSON.stringify(FORMAT), durable);
  await syncDir(dir, durable);
  return openFsRemote(dir, options);
}

/**
 * Opens the store in `dir`. Throws StoreUsageError when `dir` does not exist, CorruptStoreError
 * (`foreign-store`) when it is not a Grove store.
 */
export async function openFsRemote(dir: string, options: FsOptions = {}): Promise<FsRemote> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if (code(e) === 'ENOENT') throw new StoreUsageError(`${dir}: no such directory`);
    throw e;
  }
  const markerPath = join(dir, MARKER);
  const text = await readText(markerPath);
  if (text === null) {
    throw new CorruptStoreError('foreign-store', dir, `not a Grove store: no ${MARKER}${names.length > 0 ? ` (holds ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})` : ''}`);
  }
  const j = parseJson(markerPath, text, 'store marker');
  if (!isObj(j) || j.format !== FORMAT.format || j.version !== FORMAT.version) {
    throw new CorruptStoreError('foreign-store', markerPath, `expected ${JSON.stringify(FORMAT)}, found ${text.slice(0, 80)}`);
  }
  for (const sub of ['logs', 'refs', 'tmp']) {
    const st = await stat(join(dir, sub)).catch(() => null);
    if (st === null || !st.isDirectory()) throw new CorruptStoreError('foreign-store', join(dir, sub), 'missing directory of a Grove store');
  }
  return new FsRemote(dir, options);
}

async function syncDir(path: string, durable: boolean): Promise<void> {
  if (!durable) return;
  const h = await open(path, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Writes `text` to a new file `path` (exclusive) and fsyncs it; a failed write (a full disk) removes the file. */
async function writeFileDurable(path: string, text: string, durable: boolean): Promise<void> {
  const h = await open(path, 'wx');
  try {
    await h.writeFile(text);
    if (durable) await h.sync();
  } catch (e) {
    await h.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw e;
  }
  await h.close();
}

/** A connection to a file-system store. Make one with `createFsRemote` or `openFsRemote`. */
export class FsRemote implements Remote {
  readonly kind = 'fs' as const;
  private readonly durable: boolean;
  private readonly owner = newOwner();
  /** Branch points of logs seen (immutable once published). */
  private readonly bases = new Map<LogId, LogRef | null>();
  private closed = false;

  /** Use `openFsRemote`: it checks the store first. */
  constructor(
    readonly dir: string,
    private readonly options: FsOptions = {},
  ) {
    this.durable = options.durable ?? true;
  }

  private logDir(id: LogId): string {
    return join(this.dir, 'logs', id);
  }

  private entryPath(id: LogId, lsn: number): string {
    return join(this.dir, 'logs', id, `${lsn}.json`);
  }

  private refPath(name: string): string {
    return join(this.dir, 'refs', `${name}.json`);
  }

  private tmpPath(): string {
    return join(this.dir, 'tmp', `${randomUUID()}.tmp`);
  }

  private async pause(label: string): Promise<void> {
    if (this.options.hooks?.pause !== undefined) await this.options.hooks.pause(label);
  }

  /** Calls the crash hook; a crash leaves this connection dead (its locks become stale). */
  private crash(point: string): void {
    try {
      this.options.hooks?.crash?.(point);
    } catch (e) {
      if (e instanceof SimulatedCrash) liveOwners.delete(this.owner);
      throw e;
    }
  }

  /** The branch point of log `id` (null: root), or undefined when there is no such log. */
  private async base(id: LogId): Promise<LogRef | null | undefined> {
    if (this.bases.has(id)) return this.bases.get(id);
    const path = join(this.logDir(id), 'log.json');
    const text = await readText(path);
    if (text === null) {
      const st = await stat(this.logDir(id)).catch(() => null);
      if (st !== null) throw new CorruptStoreError('orphan-entry', this.logDir(id), 'log directory without log.json (entries of a log with no metadata)');
      return undefined;
    }
    const base = parseLogMeta(path, id, text);
    this.bases.set(id, base);
    return base;
  }

  /** Highest LSN up to which log `id` is dense, or -1 when there is no such log. */
  private async tipOf(id: LogId): Promise<number> {
    const base = await this.base(id);
    if (base === undefined) return -1;
    const s = base === null ? 0 : base.lsn;
    const have = new Set<number>();
    for (const f of await readdir(this.logDir(id))) {
      const m = ENTRY_RE.exec(f);
      if (m !== null) have.add(Number(m[1]));
    }
    let t = s;
    while (have.has(t + 1)) t++;
    return t;
  }

  private async exists(path: string): Promise<boolean> {
    return (await stat(path).catch(() => null)) !== null;
  }

  /** {@inheritDoc Remote.append} */
  async append(log: LogId, lsn: number, commit: CommitId): Promise<AppendOutcome> {
    checkName('log', log);
    const base = await this.base(log);
    if (base === undefined) return { ok: false, reason: 'missing' };
    const s = base === null ? 0 : base.lsn;
    if (lsn <= s) return { ok: false, reason: 'conflict' };
    if (lsn > s + 1 && !(await this.exists(this.entryPath(log, lsn - 1)))) return { ok: false, reason: 'conflict' };
    const final = this.entryPath(log, lsn);
    const text = JSON.stringify({ log, lsn, commit });
    const plant = this.options.plant;
    if (plant === 'torn-append') {
      let h;
      try {
        h = await open(final, 'wx');
      } catch (e) {
        if (code(e) === 'EEXIST') return { ok: false, reason: 'conflict' };
        throw e;
      }
      try {
        const half = Math.floor(text.length / 2);
        await h.write(text.slice(0, half));
        this.crash('entry:torn');
        await h.write(text.slice(half));
      } finally {
        await h.close();
      }
      return { ok: true };
    }
    if (plant === 'no-exclusive-create' && (await this.exists(final))) return { ok: false, reason: 'conflict' };
    const tmp = this.tmpPath();
    await writeFileDurable(tmp, text, this.durable);
    this.crash('entry:tmp-written');
    await this.pause('append:checked');
    if (plant === 'no-exclusive-create') {
      await rename(tmp, final);
    } else {
      try {
        await link(tmp, final);
      } catch (e) {
        await unlink(tmp);
        if (code(e) === 'EEXIST') return { ok: false, reason: 'conflict' };
        throw e;
      }
      await unlink(tmp);
    }
    this.crash('entry:linked');
    await syncDir(this.logDir(log), this.durable);
    return { ok: true };
  }

  /** {@inheritDoc Remote.branch} */
  async branch(from: LogRef, to: LogId, commit: CommitId): Promise<BranchOutcome> {
    checkName('log', to);
    checkName('log', from.log);
    if (await this.exists(this.logDir(to))) return { ok: false, reason: 'exists' };
    const t = await this.tipOf(from.log);
    if (t < 0 || from.lsn > t) return { ok: false, reason: 'missing' };
    const tmp = join(this.dir, 'tmp', randomUUID());
    await mkdir(tmp);
    const lsn = from.lsn + 1;
    try {
      await writeFileDurable(join(tmp, 'log.json'), JSON.stringify({ log: to, base: { log: from.log, lsn: from.lsn } }), this.durable);
      await writeFileDurable(join(tmp, `${lsn}.json`), JSON.stringify({ log: to, lsn, commit }), this.durable);
      await syncDir(tmp, this.durable);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true }); // a full disk leaves nothing behind in tmp/
      throw e;
    }
    this.crash('branch:tmp-written');
    await this.pause('branch:prepared');
    try {
      await rename(tmp, this.logDir(to));
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      if (code(e) === 'EEXIST' || code(e) === 'ENOTEMPTY') return { ok: false, reason: 'exists' };
      throw e;
    }
    this.crash('branch:renamed');
    await syncDir(join(this.dir, 'logs'), this.durable);
    return { ok: true };
  }

  private async refFile(name: string): Promise<RefFile | null> {
    checkName('ref', name);
    const path = this.refPath(name);
    const text = await readText(path);
    return text === null ? null : parseRefFile(path, name, text);
  }

  /** Replaces ref `name` with `at` (version `version`): temp file, fsync, rename, fsync the directory. */
  private async writeRef(name: string, at: LogRef, version: number): Promise<void> {
    const tmp = this.tmpPath();
    await writeFileDurable(tmp, JSON.stringify({ ref: name, log: at.log, lsn: at.lsn, version }), this.durable);
    this.crash('ref:tmp-written');
    await rename(tmp, this.refPath(name)).catch(async (e: unknown) => {
      await unlink(tmp).catch(() => undefined);
      throw e;
    });
    this.crash('ref:renamed');
    await syncDir(join(this.dir, 'refs'), this.durable);
  }

  /** Runs `fn` holding ref `name`'s lock (not released if `fn` is cut by a simulated crash). */
  private async locked<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const staleMs = this.options.staleLockMs ?? 30_000;
    const io = nodeLockIo({ durable: this.durable, wait: () => this.pause('lock:wait') });
    const lock = new FileLock(io, join(this.dir, 'refs', `${name}.lock`), this.owner, { timeoutMs: this.options.lockTimeoutMs ?? staleMs + 10_000, staleMs });
    await lock.acquire();
    const release = () => lock.release().catch(() => undefined);
    let crashed = false;
    try {
      return await fn();
    } catch (e) {
      crashed = e instanceof SimulatedCrash;
      throw e;
    } finally {
      if (!crashed) await release();
    }
  }

  /** {@inheritDoc Remote.readRef} */
  async readRef(ref: string): Promise<RefRead | null> {
    for (;;) {
      const first = await this.refFile(ref);
      if (first === null) return null;
      const tip = await this.tipOf(first.at.log);
      const again = await this.refFile(ref);
      if (again !== null && again.version === first.version) return { at: first.at, tip };
    }
  }

  /** {@inheritDoc Remote.check} */
  async check(ref: string, at: LogRef, mode: CheckMode): Promise<RefOutcome> {
    if (mode === 'read') {
      const cur = await this.refFile(ref);
      if (cur === null) return { ok: false, actual: null };
      return { ok: cur.at.log === at.log, actual: cur.at };
    }
    return this.locked(ref, async () => {
      const cur = await this.refFile(ref);
      if (cur === null) return { ok: false, actual: null };
      if (cur.at.log !== at.log) return { ok: false, actual: cur.at };
      if (at.lsn <= cur.at.lsn) return { ok: true, actual: cur.at };
      const next = { log: at.log, lsn: Math.min(at.lsn, Math.max(0, await this.tipOf(at.log))) };
      await this.writeRef(ref, next, cur.version + 1);
      return { ok: true, actual: next };
    });
  }

  /** {@inheritDoc Remote.cas} */
  async cas(ref: string, expected: LogRef, next: LogRef, compare: RefCompare): Promise<RefOutcome> {
    checkName('log', next.log);
    const body = async (): Promise<RefOutcome> => {
      const cur = await this.refFile(ref);
      if (cur === null) return { ok: false, actual: null };
      const same = cur.at.log === expected.log && (compare === 'log' || cur.at.lsn === expected.lsn);
      if (!same) return { ok: false, actual: cur.at };
      await this.pause('cas:compared');
      const to = { log: next.log, lsn: next.lsn };
      await this.writeRef(ref, to, cur.version + 1);
      return { ok: true, actual: to };
    };
    return this.options.plant === 'cas-without-lock' ? body() : this.locked(ref, body);
  }

  /** {@inheritDoc Remote.listLogs} */
  async listLogs(): Promise<Record<LogId, StoredLog>> {
    const out: Record<LogId, StoredLog> = {};
    const logsDir = join(this.dir, 'logs');
    for (const id of (await readdir(logsDir)).sort()) {
      const ld = join(logsDir, id);
      if (!NAME_RE.test(id) || !(await stat(ld)).isDirectory()) throw new CorruptStoreError('bad-log', ld, 'not a log directory');
      const files = await readdir(ld);
      const metaPath = join(ld, 'log.json');
      if (!files.includes('log.json')) {
        const entry = files.find((f) => ENTRY_RE.test(f));
        if (entry !== undefined) throw new CorruptStoreError('orphan-entry', join(ld, entry), `entry of log '${id}', which has no log.json`);
        throw new CorruptStoreError('bad-log', ld, 'log directory without log.json');
      }
      const base = parseLogMeta(metaPath, id, (await readText(metaPath)) ?? '');
      const s = base === null ? 0 : base.lsn;
      const entries: (CommitId | null)[] = [];
      for (const f of files.sort()) {
        if (f === 'log.json') continue;
        const m = ENTRY_RE.exec(f);
        const path = join(ld, f);
        if (m === null) throw new CorruptStoreError('bad-entry', path, 'unexpected file in a log directory');
        const lsn = Number(m[1]);
        if (lsn <= s) throw new CorruptStoreError('bad-entry', path, `LSN ${lsn} is at or below the log's branch point ${s}`);
        const c = parseEntry(path, id, lsn, (await readText(path)) ?? '');
        while (entries.length < lsn - s - 1) entries.push(null);
        entries[lsn - s - 1] = c;
      }
      for (let i = 0; i < entries.length; i++) if (entries[i] === undefined) entries[i] = null;
      out[id] = { base, entries };
    }
    return out;
  }

  /** {@inheritDoc Remote.readRefs} */
  async readRefs(): Promise<Record<string, LogRef>> {
    const out: Record<string, LogRef> = {};
    const refsDir = join(this.dir, 'refs');
    for (const f of (await readdir(refsDir)).sort()) {
      if (f.endsWith('.lock') || f.includes('.lock.')) continue; // a lock, its guard or its temp file (testkit/lockfile.ts)
      const path = join(refsDir, f);
      const m = /^(.+)\.json$/.exec(f);
      if (m === null || !NAME_RE.test(m[1])) throw new CorruptStoreError('bad-ref', path, 'unexpected file in refs/');
      out[m[1]] = parseRefFile(path, m[1], (await readText(path)) ?? '').at;
    }
    return out;
  }

  /** Marks the connection closed (its locks, if any were left by a crash, become stale). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    liveOwners.delete(this.owner);
  }
}
