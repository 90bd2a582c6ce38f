/**
 * # The one lock file of the implementations
 *
 * An exclusive lock held by one owner (a store connection) in any process on the machine: the fs
 * backend's ref locks (`impl/remote/fs`) and Inferno's store locks (`impl/inferno`) are both this.
 *
 * **Taking it.** The taker writes a file naming itself (host, pid, owner token, a fresh nonce, the
 * time) under a unique temp name next to the lock, fsyncs it (when durable), and publishes it with
 * `link(temp, lock)`, which fails with EEXIST when a lock is there. So the lock path is either absent
 * or holds a complete file: there is no moment at which a lock exists but does not yet say whose it
 * is, and a holder killed while taking it leaves at most a temp file, never an empty lock.
 *
 * **Stale locks.** A lock is stale, at once, when
 * - its text does not parse (empty or torn: only a power cut or a foreign program makes one),
 * - its holder is this process but the owner token is not live here (an in-process crash: the harness
 *   "kills" a connection and opens a new one),
 * - its holder is on this host and its pid is not running, or is a zombie (killed, not yet reaped:
 *   `/proc/PID/stat` says `Z`),
 * - its holder is on another host (no pid to probe) and it is older than `staleMs`.
 *
 * **Breaking it, atomically.** Breaking a stale lock `S` takes a second lock, the *guard*
 * `<lock>.break-<digest of S's text>`, with the same link protocol; the guard's holder reads the lock
 * again and unlinks it only when it still holds the very text judged stale, then drops the guard. A
 * lock is only ever removed by its holder or by the holder of its guard, and a text is unique to one
 * taking (its nonce), so a fresh lock is never removed by a breaker that judged an older one: two
 * breakers of `S` are serialised by the guard, and the second finds `S` gone (or a fresh lock, which it
 * leaves alone). A guard left by a breaker that died is itself stale and is broken the same way (one
 * level deeper). No window exists in which two owners hold the lock.
 *
 * **Give-up time.** A waiter gives up (`LockTimeoutError`) after `timeoutMs`. A lock whose holder is
 * dead is broken on the waiter's first look, so only a live holder (or another host's, younger than
 * `staleMs`) can make it wait; choose `timeoutMs` larger than `staleMs` so that an abandoned lock of
 * another host is broken before its waiters give up (the fs backend's defaults: 30 s and 40 s).
 *
 * Not supported: a holder on another host that is alive but stuck for longer than `staleMs` loses its
 * lock; after a reboot a recycled pid makes an old lock look alive (until `staleMs` on other hosts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { LockTimeoutError } from './errors.ts';

/** Owner tokens of this process's live connections; a crashed or closed connection's token is removed. */
export const liveOwners = new Set<string>();

/** A fresh owner token, registered as live (remove it from {@link liveOwners} when the owner dies). */
export function newOwner(): string {
  const t = randomUUID();
  liveOwners.add(t);
  return t;
}

/** Who holds a lock: the text of the lock file. */
export interface Holder {
  readonly host: string;
  readonly pid: number;
  readonly owner: string;
  /** Unique to one taking of the lock (absent in locks of older versions). */
  readonly nonce?: string;
  /** `Date.now()` when it was taken. */
  readonly at: number;
}

/**
 * The file operations of a lock, each with a label (the yield point a harness may schedule or crash
 * at). {@link nodeLockIo} is the plain one; Inferno's `Io` provides the same shape.
 */
export interface LockIo {
  /** Publishes `data` at `path` complete or not at all; rejects with EEXIST when `path` exists. */
  createExclusive(label: string, path: string, data: string): Promise<void>;
  /** Reads `path` as UTF-8; rejects with ENOENT when it is absent. */
  readFile(label: string, path: string): Promise<string>;
  /** Removes `path`; rejects with ENOENT when it is absent. */
  unlink(label: string, path: string): Promise<void>;
  /** Awaited between attempts while another owner holds the lock. */
  backoff(label: string, attempt: number): Promise<void>;
}

const isErrno = (e: unknown, code: string): boolean => (e as NodeJS.ErrnoException | null)?.code === code;

/** Test hooks of {@link nodeLockIo}: called between the temp file and its link (a holder killed mid-take). */
export interface NodeLockIoHooks {
  readonly afterTemp?: (temp: string) => void | Promise<void>;
}

/**
 * `LockIo` over `node:fs`: `createExclusive` writes (and, when `durable`, fsyncs) a temp file
 * `<path>.tmp-<uuid>` and links it to `path`; the temp file is removed whatever happens. `backoff`
 * awaits `wait` (a harness's yield point) and sleeps 1–20 ms, growing with the attempt; the other
 * calls are not yield points.
 */
export function nodeLockIo(o: { readonly durable?: boolean; readonly wait?: () => Promise<void>; readonly hooks?: NodeLockIoHooks } = {}): LockIo {
  return {
    createExclusive: (_label, path, data) => writeAndLink(path, data, o.durable ?? true, o.hooks),
    readFile: (_label, path) => fsp.readFile(path, 'utf8'),
    unlink: (_label, path) => fsp.unlink(path),
    async backoff(_label, attempt) {
      await o.wait?.();
      await new Promise<void>((r) => setTimeout(r, Math.min(1 + attempt, 20)));
    },
  };
}

/**
 * Writes `data` to a unique temp file beside `path` (fsynced when `durable`), then `link`s it to
 * `path` (EEXIST when `path` exists). The temp file is always removed; on ENOSPC and the like no
 * partial file is left behind.
 */
export async function writeAndLink(path: string, data: string, durable: boolean, hooks?: NodeLockIoHooks): Promise<void> {
  const temp = `${path}.tmp-${randomUUID()}`;
  try {
    const h = await fsp.open(temp, 'wx');
    try {
      await h.writeFile(data);
      if (durable) await h.sync();
    } finally {
      await h.close();
    }
    await hooks?.afterTemp?.(temp);
    await fsp.link(temp, path);
  } finally {
    await fsp.unlink(temp).catch(() => undefined);
  }
  if (durable) {
    const d = await fsp.open(dirname(path), 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }
}

/**
 * Is process `pid` running? A killed process that its parent has not reaped yet (a zombie) still
 * answers `kill(pid, 0)`, but it holds nothing: on Linux its `/proc/PID/stat` state is `Z`, and it
 * counts as dead here.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return isErrno(e, 'EPERM');
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux), or the process just went: kill(pid, 0) said it was there
  }
}

/** The holder named by a lock file's text, or null when it does not parse. */
export function parseHolder(text: string): Holder | null {
  try {
    const j = JSON.parse(text) as Partial<Holder>;
    if (typeof j.host === 'string' && typeof j.pid === 'number' && typeof j.owner === 'string' && typeof j.at === 'number') return j as Holder;
  } catch {
    // not a lock this module wrote: stale
  }
  return null;
}

/** Is the lock whose file holds `text` stale (see the module comment)? */
export function isStale(text: string, staleMs: number, now = Date.now()): boolean {
  const h = parseHolder(text);
  if (h === null) return true;
  if (h.host !== hostname()) return now - h.at > staleMs;
  if (h.pid === process.pid) return !liveOwners.has(h.owner);
  return !pidAlive(h.pid);
}

/** Labels of a lock's calls (Inferno's schedules and crash plans name these). */
export interface LockLabels {
  readonly take: string;
  readonly wait: string;
  readonly read: string;
  readonly breakLock: string;
  readonly release: string;
}

/** The labels Inferno's stores use. */
export const DEFAULT_LABELS: LockLabels = { take: 'lock', wait: 'lock-wait', read: 'lock-read', breakLock: 'lock-break', release: 'unlock' };

/** Options of a {@link FileLock}. */
export interface FileLockOptions {
  /** Give up after this long (ms). Default 30,000. */
  readonly timeoutMs?: number;
  /** Another host's lock older than this (ms) is stale. Default: never. */
  readonly staleMs?: number;
  /** Look for a stale holder on the first failed attempt and then every `probeEvery`-th. Default 1. */
  readonly probeEvery?: number;
  readonly labels?: LockLabels;
}

/** How deep guards of guards go before a breaker waits instead (each level needs a dead breaker). */
const MAX_GUARD_DEPTH = 4;

/** The guard of a lock whose file holds `text`: `<path>.break-<digest>`. */
export function guardPath(path: string, text: string): string {
  return `${path}.break-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** One lock file, taken on behalf of one owner. Not re-entrant. */
export class FileLock {
  /** Stale locks this lock object broke. */
  broken = 0;
  private held: string | null = null;
  private readonly timeoutMs: number;
  private readonly staleMs: number;
  private readonly probeEvery: number;
  private readonly labels: LockLabels;

  constructor(
    private readonly io: LockIo,
    /** The lock file's path. */
    readonly path: string,
    /** The owner token (see {@link liveOwners}). */
    readonly owner: string,
    o: FileLockOptions = {},
  ) {
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.staleMs = o.staleMs ?? Infinity;
    this.probeEvery = o.probeEvery ?? 1;
    this.labels = o.labels ?? DEFAULT_LABELS;
  }

  /** A fresh holder text for one taking. */
  private text(): string {
    return JSON.stringify({ host: hostname(), pid: process.pid, owner: this.owner, nonce: randomUUID(), at: Date.now() } satisfies Holder);
  }

  /** Waits until the lock is ours, breaking stale locks. Rejects with {@link LockTimeoutError} after `timeoutMs`. */
  async acquire(): Promise<void> {
    const started = performance.now();
    const me = this.text();
    let holder: string | null = null;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.io.createExclusive(this.labels.take, this.path, me);
        this.held = me;
        return;
      } catch (e) {
        if (!isErrno(e, 'EEXIST')) throw e;
      }
      if (attempt % this.probeEvery === 0) {
        const seen = await this.breakIfStale(this.path, 0);
        if (seen === 'gone') continue;
        holder = seen;
      }
      if (performance.now() - started > this.timeoutMs) {
        const h = holder === null ? null : parseHolder(holder);
        throw new LockTimeoutError(this.path, h === null ? 'an unknown holder' : `pid ${h.pid} on ${h.host}`, this.timeoutMs);
      }
      await this.io.backoff(this.labels.wait, attempt);
    }
  }

  /** Releases the lock (it must be ours). */
  async release(): Promise<void> {
    this.held = null;
    await this.io.unlink(this.labels.release, this.path);
  }

  /**
   * Breaks the lock at `path` if it is stale. Returns `'gone'` when the lock is absent now (or was
   * broken), else the text of the live holder's lock (or of a stale one another breaker is breaking).
   */
  private async breakIfStale(path: string, depth: number): Promise<string | 'gone'> {
    let text: string;
    try {
      text = await this.io.readFile(this.labels.read, path);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return 'gone';
      throw e;
    }
    if (!isStale(text, this.staleMs)) return text;
    const guard = guardPath(path, text);
    try {
      await this.io.createExclusive(this.labels.breakLock, guard, this.text());
    } catch (e) {
      if (!isErrno(e, 'EEXIST')) throw e;
      // Another breaker is at it, or died at it: break its guard if it is dead, then look again later.
      if (depth < MAX_GUARD_DEPTH) await this.breakIfStale(guard, depth + 1);
      return text;
    }
    try {
      const again = await this.io.readFile(this.labels.read, path).catch((e: unknown) => (isErrno(e, 'ENOENT') ? null : Promise.reject(e)));
      if (again === text) {
        await this.io.unlink(this.labels.breakLock, path);
        this.broken++;
      }
    } finally {
      await this.io.unlink(this.labels.breakLock, guard).catch((e: unknown) => (isErrno(e, 'ENOENT') ? undefined : Promise.reject(e)));
    }
    return 'gone';
  }
}
