/**
 * An exclusive lock file: `open(path, 'wx')` (O_CREAT|O_EXCL) succeeds for exactly one holder, in
 * any process; the holder unlinks the file to release it. Used by option 0 (one lock around every
 * operation) and by option 1 across processes (one lock per history around the CAS).
 *
 * **Stale locks.** A holder that dies keeps its lock. The file says who holds it: `pid` and an
 * `owner` token of the store instance. It is stale when the pid is not running, or when the pid is
 * this process but the owner is not a live instance here (an in-process crash: the harness "kills"
 * an instance and opens a new one). A stale lock is broken by renaming it to a unique name and
 * reading that back: if what was renamed is not the stale holder (someone broke it and took a fresh
 * lock in between), it is put back with `link` (exclusive, so it never clobbers a third lock) and
 * the wait goes on.
 *
 * Not supported: a holder on another host (no pid to probe), a holder that is alive but stuck
 * forever (no timeout breaks a live lock; `timeoutMs` only gives up waiting), pid reuse, a holder
 * killed between its `open` and its write (an empty lock file is judged stale only once it is
 * `EMPTY_LOCK_STALE_MS` old), and a
 * three-way race right after a crash in which a moved-aside fresh lock cannot be put back because a
 * third waiter already took the lock (two would then believe they hold it).
 */
import { randomUUID } from 'node:crypto';
import type { Io } from './io.ts';
import { isErrno } from './types.ts';
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Owner tokens of this process's live store instances; a crashed instance's token is removed. */
export const liveOwners = new Set<string>();

/** A lock's holder, as written in the lock file. */
interface Holder {
  readonly pid: number;
  readonly owner: string;
}

/**
 * Is process `pid` running? A killed process that its parent has not reaped yet (a zombie) still
 * answers `kill(pid, 0)`, but it holds nothing: on Linux its `/proc/PID/stat` state is `Z`, and it
 * counts as dead here.
 */
function pidAlive(pid: number): boolean {
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

/** How old an empty lock file must be before it counts as left by a holder killed mid-create. */
export const EMPTY_LOCK_STALE_MS = 2_000;

function parseHolder(text: string): Holder | null {
  try {
    const j = JSON.parse(text) as Partial<Holder>;
    return typeof j.pid === 'number' && typeof j.owner === 'string' ? { pid: j.pid, owner: j.owner } : null;
  } catch {
    return null; // half-written by a holder that died inside createExclusive: judged stale below
  }
}

function stale(h: Holder | null): boolean {
  if (h === null) return true;
  if (h.pid === process.pid) return !liveOwners.has(h.owner);
  return !pidAlive(h.pid);
}

/** The lock waited longer than its timeout. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

/**
 * One lock file, held on behalf of one store instance (`owner`). Not re-entrant. Labels: `lock`
 * (each attempt), `lock-wait` (between attempts), `lock-break`, `unlock`.
 */
export class FileLock {
  /** Stale locks this instance broke (a crashed holder's). */
  broken = 0;

  constructor(
    private readonly io: Io,
    /** The lock file's path. */
    readonly path: string,
    /** The owner token (see {@link liveOwners}). */
    readonly owner: string,
    /** Give up after this long (ms). */
    private readonly timeoutMs = 30_000,
  ) {}

  /** Waits until the lock is ours. Rejects with {@link LockTimeoutError} after `timeoutMs`. */
  async acquire(): Promise<void> {
    const me = JSON.stringify({ pid: process.pid, owner: this.owner } satisfies Holder);
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.io.createExclusive('lock', this.path, me);
        return;
      } catch (e) {
        if (!isErrno(e, 'EEXIST')) throw e;
      }
      // Checking for a dead holder costs a read: done on the first failed attempt and every 8th.
      if (attempt % 8 === 0 && (await this.breakIfStale())) continue;
      if (performance.now() - started > this.timeoutMs) throw new LockTimeoutError(`${this.path}: still held after ${this.timeoutMs} ms`);
      await this.io.backoff('lock-wait', attempt);
    }
  }

  /** Releases the lock (it must be ours). */
  async release(): Promise<void> {
    await this.io.unlink('unlock', this.path);
  }

  /** True when the lock file is still empty and older than {@link EMPTY_LOCK_STALE_MS}. */
  private async emptyAndOld(): Promise<boolean> {
    try {
      const st = await stat(this.path);
      return st.size === 0 && Date.now() - st.mtimeMs > EMPTY_LOCK_STALE_MS;
    } catch {
      return false;
    }
  }

  /** Breaks the lock if its holder is dead; true when it did (or the lock vanished meanwhile). */
  private async breakIfStale(): Promise<boolean> {
    let text: string;
    try {
      text = await this.io.readFile('lock-read', this.path);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return true;
      throw e;
    }
    // An empty file may be a holder between its open and its write: only age can tell.
    if (text.length === 0 ? !(await this.emptyAndOld()) : !stale(parseHolder(text))) return false;
    const aside = `${this.path}.stale-${randomUUID()}`;
    try {
      await this.io.rename('lock-break', this.path, aside);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return true;
      throw e;
    }
    const got = await this.io.readFile('lock-read', aside);
    if (got !== text) {
      // We moved a fresh lock someone took after breaking the stale one: put it back.
      try {
        await this.io.link('lock-restore', aside, this.path);
      } catch (e) {
        if (!isErrno(e, 'EEXIST')) throw e;
      }
    } else this.broken++;
    await this.io.unlink('lock-cleanup', aside);
    return true;
  }
}

/** A fresh owner token, registered as live. */
export function newOwner(): string {
  const t = randomUUID();
  liveOwners.add(t);
  return t;
}
